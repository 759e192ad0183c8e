import Link from 'next/link';
import { queueHref } from '@/lib/client/routes';
import type { Queue } from '@/lib/client/types';
import { QueueBadges } from '@/components/queue/queue-badges';
import { countColumns } from '@/components/overview/queue-table';

/** The queue list on a phone: one card per queue, showing only the states that hold jobs. */
export function QueueCards({ source, queues }: { source: string; queues: Queue[] }) {
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="queue-cards">
      {queues.map((queue) => {
        const busy = countColumns.filter((column) => (queue.counts[column.state] ?? 0) > 0);
        return (
          <li key={queue.name} className="py-2" data-testid="queue-card" data-queue={queue.name}>
            <div className="flex flex-wrap items-center gap-1.5">
              <Link
                href={queueHref(source, queue.name)}
                className="font-medium break-words text-sky-700 hover:underline dark:text-sky-400"
                data-testid="queue-link"
              >
                {queue.name}
              </Link>
              <QueueBadges queue={queue} />
            </div>
            <div className="tabular mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
              {busy.length === 0 ? <span className="text-zinc-400">empty</span> : null}
              {busy.map((column) => (
                <Link
                  key={column.state}
                  href={queueHref(source, queue.name, { state: column.state })}
                  className="hover:underline"
                >
                  {column.label.toLowerCase()}{' '}
                  <span className="font-medium text-zinc-900 dark:text-zinc-100" data-testid={`count-${column.state}`}>
                    {(queue.counts[column.state] ?? 0).toLocaleString('en-US')}
                  </span>
                </Link>
              ))}
              <span>
                workers{' '}
                <span className="font-medium text-zinc-900 dark:text-zinc-100" data-testid="count-workers">
                  {queue.workerCount ?? '?'}
                </span>
              </span>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
