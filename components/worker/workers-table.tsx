'use client';
import Link from 'next/link';
import { formatDuration } from '@/lib/client/format';
import { useWorkers } from '@/lib/client/hooks';
import { queueHref } from '@/lib/client/routes';
import { Badge } from '@/components/ui/badge';
import { QueryView } from '@/components/ui/query-view';
import { useControls } from '@/components/access/use-controls';
import { HeartbeatWorkersTable } from './heartbeat-workers-table';

export function WorkersTable({ source }: { source: string }) {
  const workers = useWorkers(source);
  // Names link to the worker page where the source can show one worker in detail.
  const linked = useControls(source).has('workerDetail');
  return (
    <QueryView query={workers}>
      {(data) =>
        !data.known ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="workers-unknown">
            This source does not allow listing its workers (CLIENT LIST is disabled).
          </p>
        ) : data.workers.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="workers-empty">
            No workers connected.
          </p>
        ) : data.workers.some((worker) => worker.heartbeat) ? (
          <HeartbeatWorkersTable source={source} workers={data.workers} linked={linked} />
        ) : (
          // Focusable, so a keyboard can scroll it sideways when no cell holds a link (a Celery
          // worker's row has none): WCAG 2.1.1, axe's scrollable-region-focusable.
          <div
            className="overflow-x-auto rounded focus-visible:outline-2 focus-visible:outline-sky-600"
            role="region"
            aria-label="Workers"
            tabIndex={0}
          >
            <table className="tabular w-full text-sm" data-testid="workers-table">
              <thead>
                <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:text-zinc-400 uppercase dark:border-zinc-800">
                  <th className="py-1.5 pr-3 font-medium">Worker</th>
                  <th className="px-2 py-1.5 font-medium">Queues</th>
                  <th className="px-2 py-1.5 font-medium">Address</th>
                  <th className="px-2 py-1.5 text-right font-medium">Age</th>
                  <th className="px-2 py-1.5 text-right font-medium">Idle</th>
                  <th className="px-2 py-1.5 font-medium">Status</th>
                </tr>
              </thead>
              <tbody>
                {data.workers.map((worker) => (
                  <tr key={worker.id} data-testid="worker-row" className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
                    <td className="py-1.5 pr-3 break-all">{worker.name}</td>
                    <td className="px-2 py-1.5">
                      {worker.queues.map((queue) => (
                        <Link key={queue} href={queueHref(source, queue)} className="mr-2 break-all text-sky-700 hover:underline dark:text-sky-400">
                          {queue}
                        </Link>
                      ))}
                    </td>
                    <td className="px-2 py-1.5 whitespace-nowrap">{worker.address ?? '—'}</td>
                    <td className="px-2 py-1.5 text-right whitespace-nowrap">
                      {worker.ageSeconds === null ? '—' : formatDuration(worker.ageSeconds * 1000)}
                    </td>
                    <td className="px-2 py-1.5 text-right whitespace-nowrap">
                      {worker.idleSeconds === null ? '—' : formatDuration(worker.idleSeconds * 1000)}
                    </td>
                    <td className="px-2 py-1.5">
                      <Badge tone={worker.status === 'online' ? 'green' : worker.status === 'offline' ? 'red' : 'neutral'}>
                        {worker.status}
                      </Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </QueryView>
  );
}
