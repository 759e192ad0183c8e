'use client';
/**
 * `/sources/[source]/broker`: every queue as the broker holds it — messages waiting per priority
 * step, deliveries not yet acknowledged and the oldest one's age — with Peek (the next messages,
 * decoded, on request) and Purge (admin, confirmed with the queue's name and how many go).
 */
import { Fragment, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { usePurgeQueue } from '@/lib/client/actions';
import { formatDuration } from '@/lib/client/format';
import { useSources } from '@/lib/client/hooks';
import { queryKeys } from '@/lib/client/query-keys';
import { queueHref, sourceHref } from '@/lib/client/routes';
import { useBroker } from '@/lib/client/worker-hooks';
import type { BrokerQueue } from '@/lib/adapters/types';
import { useControls } from '@/components/access/use-controls';
import { ActionStatus, plural } from '@/components/ui/action-status';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ControlButton } from '@/components/ui/control-button';
import { ListTable, cell } from '@/components/ui/list-table';
import { NotFoundState } from '@/components/ui/not-found-state';
import { PageTitle } from '@/components/ui/page-title';
import { Panel } from '@/components/ui/panel';
import { QueryView } from '@/components/ui/query-view';
import Link from 'next/link';
import { QueuePeek } from './queue-peek';

const PEEK_LIMIT = 10;

function PurgeButton({ source, queue, onDone }: { source: string; queue: BrokerQueue; onDone: (text: string) => void }) {
  const purge = usePurgeQueue(source, queue.name);
  const [asking, setAsking] = useState(false);
  return (
    <>
      <ControlButton
        tone="danger"
        disabled={queue.waiting === 0}
        title={queue.waiting === 0 ? 'Nothing is waiting' : undefined}
        onClick={() => {
          purge.reset();
          purge.newIntent();
          setAsking(true);
        }}
        data-testid="broker-purge"
        aria-label={`Purge ${queue.name}`}
      >
        Purge…
      </ControlButton>
      <ConfirmDialog
        open={asking}
        title={`Purge ${plural(queue.waiting, 'waiting message')} from ${queue.name}?`}
        confirmLabel={`Purge ${queue.name}`}
        pending={purge.isPending}
        error={purge.error}
        onCancel={() => setAsking(false)}
        onConfirm={() =>
          purge.mutate(null, {
            onSuccess: (answer) => {
              setAsking(false);
              onDone(`Purged ${plural(answer.purged, 'message')} from ${queue.name}.`);
            },
          })
        }
      >
        <p>
          Every message waiting in the broker for queue <span className="font-mono break-all">{queue.name}</span> is deleted, at
          every priority — {plural(queue.waiting, 'message')} as last counted. Tasks workers already hold (running, reserved,
          waiting for an ETA, unacknowledged) are not touched. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

const age = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));

export function BrokerView({ source }: { source: string }) {
  const sources = useSources();
  const broker = useBroker(source);
  const controls = useControls(source);
  const client = useQueryClient();
  const [peeking, setPeeking] = useState<{ queue: string; nonce: number } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const summary = sources.data?.sources.find((candidate) => candidate.id === source);
  if (sources.data && !summary)
    return (
      <NotFoundState
        title={`Source “${source}” not found`}
        explanation={`No source with the id “${source}” is configured.`}
        back={{ href: '/', label: 'Overview' }}
      />
    );
  const canPurge = controls.can('broker.purge', 'admin');

  const peek = (queue: string) => {
    const nonce = (peeking?.nonce ?? 0) + 1;
    // Peek reads the broker again each time it is pressed.
    void client.invalidateQueries({ queryKey: queryKeys.brokerMessages(source, queue, PEEK_LIMIT) });
    setPeeking({ queue, nonce });
  };

  return (
    <>
      <Breadcrumbs items={[{ label: summary?.label ?? source, href: sourceHref(source) }, { label: 'Broker' }]} />
      <PageTitle>Broker</PageTitle>
      <Panel title="Queues in the broker" testId="broker-panel">
        {summary && !summary.capabilities.includes('broker') ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">This source has no broker view.</p>
        ) : (
          <QueryView query={broker} skeletonRows={5}>
            {({ broker: data }) => {
              const steps = [...new Set(data.queues.flatMap((queue) => queue.byPriority.map((entry) => entry.priority)))].sort((a, b) => a - b);
              return (
                <div className="space-y-3">
                  <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="broker-summary">
                    {plural(data.unacked, 'delivery', 'deliveries')} not yet acknowledged
                    {data.oldestUnackedAgeMs !== null ? `, the oldest ${age(data.oldestUnackedAgeMs)} old` : ''}
                    {data.unackedExact ? '' : ' (too many to split by queue)'}. An unacknowledged delivery goes back to its queue after
                    kombu&apos;s visibility timeout (1 h unless configured).
                  </p>
                  <ActionStatus message={status} testId="broker-status" />
                  {data.queues.length === 0 ? (
                    <p className="text-sm text-zinc-500 dark:text-zinc-400">No queue is bound in the broker.</p>
                  ) : (
                    <ListTable
                      label="Queues in the broker"
                      testId="broker-queues"
                      columns={[
                        { label: 'Queue' },
                        { label: 'Waiting', align: 'right' },
                        ...steps.map((step) => ({ label: `Priority ${step}`, align: 'right' as const })),
                        { label: 'Unacked', align: 'right' },
                        { label: 'Oldest unacked', align: 'right' },
                        { label: 'Messages' },
                      ]}
                    >
                      {data.queues.map((queue) => (
                        <Fragment key={queue.name}>
                          <tr data-testid="broker-queue-row" data-queue={queue.name} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
                            <td className={`${cell} min-w-32 pl-0`}>
                              <Link href={queueHref(source, queue.name)} className="font-medium break-words text-sky-700 hover:underline dark:text-sky-400">
                                {queue.name}
                              </Link>
                            </td>
                            <td className={`${cell} text-right font-medium`} data-testid="broker-waiting">
                              {queue.waiting.toLocaleString('en-US')}
                            </td>
                            {steps.map((step) => (
                              <td key={step} className={`${cell} text-right text-zinc-600 dark:text-zinc-300`}>
                                {(queue.byPriority.find((entry) => entry.priority === step)?.waiting ?? 0).toLocaleString('en-US')}
                              </td>
                            ))}
                            <td className={`${cell} text-right`} data-testid="broker-unacked">
                              {queue.unacked === null ? '?' : queue.unacked.toLocaleString('en-US')}
                            </td>
                            <td className={`${cell} text-right whitespace-nowrap`}>{age(queue.oldestUnackedAgeMs)}</td>
                            <td className={cell}>
                              <div className="flex gap-2">
                                <ControlButton
                                  onClick={() => peek(queue.name)}
                                  aria-expanded={peeking?.queue === queue.name}
                                  aria-label={`Peek at ${queue.name}`}
                                  data-testid="broker-peek"
                                >
                                  Peek
                                </ControlButton>
                                {canPurge ? (
                                  <PurgeButton
                                    source={source}
                                    queue={queue}
                                    onDone={(text) => {
                                      setStatus(text);
                                      if (peeking?.queue === queue.name) peek(queue.name);
                                    }}
                                  />
                                ) : null}
                              </div>
                            </td>
                          </tr>
                          {peeking?.queue === queue.name ? (
                            <tr>
                              <td colSpan={5 + steps.length} className="py-2">
                                <div className="mb-2 flex items-center justify-between gap-2">
                                  <h3 className="text-sm font-semibold break-all">Next messages in {queue.name}</h3>
                                  <ControlButton onClick={() => setPeeking(null)} data-testid="peek-close">
                                    Close
                                  </ControlButton>
                                </div>
                                <QueuePeek source={source} queue={queue.name} limit={PEEK_LIMIT} nonce={peeking.nonce} />
                              </td>
                            </tr>
                          ) : null}
                        </Fragment>
                      ))}
                    </ListTable>
                  )}
                </div>
              );
            }}
          </QueryView>
        )}
      </Panel>
    </>
  );
}
