'use client';
import Link from 'next/link';
import type { OverviewFilter } from '@/lib/client/overview-filter';
import { filterJobState } from '@/lib/client/overview-filter';
import { queueHref } from '@/lib/client/routes';
import type { Throughput } from '@/lib/client/sparkline';
import type { Queue } from '@/lib/client/types';
import { QueueBadges } from '@/components/queue/queue-badges';
import type { QueueListProps } from '@/components/overview/queue-table';
import { SPARKLINE_MINUTES, countClass, countColumns } from '@/components/overview/queue-table';
import { Sparkline } from '@/components/ui/sparkline';
import { StateBar } from '@/components/ui/state-bar';
import { useRowNavigation } from './row-navigation';

/** The queue list on a phone: one card per queue, showing only the states that hold jobs. */
export function QueueCards({ source, queues, filter, throughputOf }: QueueListProps) {
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="queue-cards">
      {queues.map((queue) => (
        <QueueCard
          key={queue.name}
          source={source}
          queue={queue}
          filter={filter}
          throughput={throughputOf(queue.name)}
        />
      ))}
    </ul>
  );
}

function QueueCard({
  source,
  queue,
  filter,
  throughput,
}: {
  source: string;
  queue: Queue;
  filter: OverviewFilter;
  throughput: Throughput | 'loading' | 'unavailable';
}) {
  const linkState = filterJobState(filter);
  const open = useRowNavigation((state) =>
    queueHref(source, queue.name, { state: state ?? linkState }),
  );
  const busy = countColumns.filter((column) => (queue.counts[column.state] ?? 0) > 0);
  return (
    <li
      className="min-w-0 cursor-pointer py-2.5"
      data-testid="queue-card"
      data-queue={queue.name}
      onClick={open}
    >
      <div className="flex items-center justify-between gap-3">
        <div className="flex min-w-0 flex-wrap items-center gap-1.5">
          <Link
            href={queueHref(source, queue.name, linkState ? { state: linkState } : undefined)}
            className="min-w-0 font-medium break-words text-sky-700 hover:underline dark:text-sky-400"
            data-testid="queue-link"
          >
            {queue.name}
          </Link>
          <QueueBadges queue={queue} />
        </div>
        <span className="shrink-0">
          <Sparkline throughput={throughput} minutes={SPARKLINE_MINUTES} />
        </span>
      </div>
      <StateBar counts={queue.counts} className="mt-1.5 w-full" />
      <div className="mt-1.5">
        <div className="tabular flex min-w-0 flex-wrap gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
          {busy.length === 0 ? (
            <span className="text-zinc-500 dark:text-zinc-400">empty</span>
          ) : null}
          {busy.map((column) => {
            const count = queue.counts[column.state] ?? 0;
            return (
              <span key={column.state} data-state={column.state}>
                {column.label.toLowerCase()}{' '}
                <span
                  className={`font-medium ${countClass(column.state, count) || 'text-zinc-900 dark:text-zinc-100'}`}
                  data-testid={`count-${column.state}`}
                >
                  {count.toLocaleString('en-US')}
                </span>
              </span>
            );
          })}
          <span>
            workers{' '}
            <span
              className="font-medium text-zinc-900 dark:text-zinc-100"
              data-testid="count-workers"
            >
              {queue.workerCount ?? '?'}
            </span>
          </span>
        </div>
      </div>
    </li>
  );
}
