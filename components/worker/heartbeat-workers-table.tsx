'use client';
/**
 * Workers that report themselves with heartbeats (Celery): status from the heartbeats, load,
 * processed and running counts, pool size as last inspected, the last heartbeat. An offline worker
 * fades and says when the list drops it (the source's offline-worker retention).
 */
import Link from 'next/link';
import type { Worker } from '@/lib/client/types';
import { workerHref } from '@/lib/client/worker-routes';
import { ListTable, cell } from '@/components/ui/list-table';
import { RelativeTime } from '@/components/ui/relative-time';
import { WorkerStatusBadge, formatLoadAverage, formatPoolSize } from './worker-status';

const columns = [
  { label: 'Worker' },
  { label: 'Status' },
  { label: 'Last heartbeat' },
  { label: 'Active', align: 'right' },
  { label: 'Processed', align: 'right' },
  { label: 'Pool', align: 'right' },
  { label: 'Load average' },
] as const;

const count = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toLocaleString('en-US'));

export function HeartbeatWorkersTable({
  source,
  workers,
  linked,
}: {
  source: string;
  workers: readonly Worker[];
  /** The source can show one worker in detail: names link to the worker page. */
  linked: boolean;
}) {
  return (
    <ListTable columns={columns} label="Workers" testId="workers-table">
      {workers.map((worker) => {
        const offline = worker.status !== 'online';
        const beat = worker.heartbeat;
        return (
          <tr
            key={worker.id}
            data-testid="worker-row"
            data-status={worker.status}
            className={`border-b border-zinc-100 last:border-0 dark:border-zinc-800/60 ${offline ? 'opacity-60' : ''}`}
          >
            <td className={`${cell} pl-0`}>
              {linked ? (
                <Link
                  href={workerHref(source, worker.name)}
                  className="font-medium break-all text-sky-700 hover:underline dark:text-sky-400"
                  data-testid="worker-link"
                >
                  {worker.name}
                </Link>
              ) : (
                <span className="font-medium break-all">{worker.name}</span>
              )}
              {beat?.software ? <div className="text-xs text-zinc-500 dark:text-zinc-400">{beat.software}</div> : null}
              {offline && beat?.forgetAt ? (
                <div className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="worker-forget-at">
                  leaves this list <RelativeTime at={beat.forgetAt} /> unless it reports again
                </div>
              ) : null}
            </td>
            <td className={cell}>
              <WorkerStatusBadge worker={worker} />
            </td>
            <td className={cell}>
              <RelativeTime at={beat?.at ?? null} />
            </td>
            <td className={`${cell} text-right`}>{count(beat?.active)}</td>
            <td className={`${cell} text-right`} data-testid="worker-processed">
              {count(beat?.processed)}
            </td>
            <td className={`${cell} text-right whitespace-nowrap`} data-testid="worker-pool-size">
              <span title={worker.pool ? 'as the worker last answered `stats`' : 'not inspected yet'}>{formatPoolSize(worker.pool)}</span>
            </td>
            <td className={`${cell} whitespace-nowrap`}>{formatLoadAverage(beat?.loadAverage)}</td>
          </tr>
        );
      })}
    </ListTable>
  );
}
