'use client';
/** The queues a worker consumes from (inspect `active_queues`), with add / cancel consumer beside them. */
import Link from 'next/link';
import { useState } from 'react';
import type { WorkerControlResponse } from '@/lib/api/schemas';
import { queueHref } from '@/lib/client/routes';
import { useWorkerControl } from '@/lib/client/worker-actions';
import type { WorkerControl } from '@/lib/client/worker-actions';
import { ControlButton, inputClass } from '@/components/ui/control-button';
import { ErrorBox } from '@/components/ui/error-box';
import { ListTable, cell } from '@/components/ui/list-table';
import { InspectState } from './inspect-state';
import type { WorkerTabProps } from './inspect-state';
import { WorkerRepliesStatus } from './worker-replies';

export function QueuesTab({
  source,
  worker,
  detail,
  controls,
}: WorkerTabProps) {
  const control = useWorkerControl(source, worker);
  const [queue, setQueue] = useState('');
  const [answer, setAnswer] = useState<WorkerControlResponse | null>(null);
  const send = (request: WorkerControl) => {
    setAnswer(null);
    control.mutate(request, { onSuccess: setAnswer });
  };
  const canCancel = controls.can('worker.cancelConsumer');
  return (
    <InspectState detail={detail} methods={['active_queues']} worker={worker}>
      {(data) => (
        <div className="space-y-3" data-testid="queues-tab">
          {data.activeQueues.length === 0 ? (
            <p className="text-sm text-zinc-500 dark:text-zinc-400">{data.unanswered.includes('active_queues') ? '' : 'It consumes from no queue.'}</p>
          ) : (
            <ListTable
              label="Queues this worker consumes"
              testId="worker-queues"
              columns={[{ label: 'Queue' }, { label: 'Exchange' }, { label: 'Routing key' }, ...(canCancel ? [{ label: 'Consumer' }] : [])]}
            >
              {data.activeQueues.map((entry) => (
                <tr key={entry.name} data-testid="worker-queue-row" className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
                  <td className={`${cell} pl-0`}>
                    <Link href={queueHref(source, entry.name)} className="break-all text-sky-700 hover:underline dark:text-sky-400">
                      {entry.name}
                    </Link>
                  </td>
                  <td className={`${cell} break-all`}>{entry.exchange ?? '—'}</td>
                  <td className={`${cell} break-all`}>{entry.routingKey ?? '—'}</td>
                  {canCancel ? (
                    <td className={cell}>
                      <ControlButton
                        tone="danger"
                        disabled={control.isPending}
                        onClick={() => send({ action: 'cancel-consumer', queue: entry.name })}
                        data-testid="cancel-consumer"
                        aria-label={`Stop consuming ${entry.name}`}
                      >
                        Stop consuming
                      </ControlButton>
                    </td>
                  ) : null}
                </tr>
              ))}
            </ListTable>
          )}
          {controls.can('worker.addConsumer') ? (
            <form
              className="flex flex-wrap items-center gap-2"
              aria-label="Consume from another queue"
              onSubmit={(event) => {
                event.preventDefault();
                if (queue.trim()) send({ action: 'add-consumer', queue: queue.trim() });
              }}
            >
              <label className="flex items-center gap-2 text-sm">
                Consume from
                <input className={`${inputClass} w-48`} value={queue} onChange={(event) => setQueue(event.target.value)} placeholder="queue name" data-testid="add-consumer-queue" />
              </label>
              <ControlButton type="submit" disabled={!queue.trim() || control.isPending} data-testid="add-consumer">
                Add consumer
              </ControlButton>
            </form>
          ) : null}
          {control.isError ? <ErrorBox error={control.error} title="The control failed" /> : null}
          <WorkerRepliesStatus answer={answer} />
        </div>
      )}
    </InspectState>
  );
}
