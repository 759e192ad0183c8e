'use client';
import Link from 'next/link';
import type { OverviewFilter } from '@/lib/client/overview-filter';
import { filterJobState, noMatchText } from '@/lib/client/overview-filter';
import { queueHref } from '@/lib/client/routes';
import type { Throughput } from '@/lib/client/sparkline';
import type { JobState, Queue } from '@/lib/client/types';
import { QueueBadges } from '@/components/queue/queue-badges';
import { QueueCards } from '@/components/overview/queue-cards';
import { Sparkline } from '@/components/ui/sparkline';
import { StateBar } from '@/components/ui/state-bar';
import { useRowNavigation } from './row-navigation';

/** The states shown as columns, in the order work flows through a queue. */
export const countColumns: { state: JobState; label: string }[] = [
  { state: 'waiting', label: 'Waiting' },
  { state: 'prioritized', label: 'Prioritized' },
  { state: 'delayed', label: 'Delayed' },
  { state: 'active', label: 'Active' },
  { state: 'waiting-children', label: 'Children' },
  { state: 'paused', label: 'Paused' },
  { state: 'completed', label: 'Completed' },
  { state: 'failed', label: 'Failed' },
];

const countTone: Partial<Record<JobState, string>> = {
  failed: 'text-red-700 dark:text-red-400',
  active: 'text-sky-700 dark:text-sky-400',
  completed: 'text-emerald-700 dark:text-emerald-400',
};

export const countClass = (state: JobState, count: number) =>
  count === 0 ? 'text-zinc-500 dark:text-zinc-400' : (countTone[state] ?? '');

/** Minutes of throughput each sparkline shows. */
export const SPARKLINE_MINUTES = 60;

export interface QueueListProps {
  source: string;
  /** The queues to show (already filtered). */
  queues: Queue[];
  /** How many queues the source has before filtering. */
  total: number;
  filter: OverviewFilter;
  throughputOf: (queue: string) => Throughput | 'loading' | 'unavailable';
}

/** Every queue of a source with its state counts: a table on wide screens, cards on a phone. */
export function QueueList(props: QueueListProps) {
  if (props.queues.length === 0) {
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="no-queues">
        {noMatchText(props.total === 0 ? 'all' : props.filter)}
      </p>
    );
  }
  return (
    <>
      <div className="hidden md:block">
        <QueueTable {...props} />
      </div>
      <div className="md:hidden">
        <QueueCards {...props} />
      </div>
    </>
  );
}

/** One tab stop per queue (its name); the counts are text, and the row opens by mouse. */
function QueueTable({ source, queues, filter, throughputOf }: QueueListProps) {
  return (
    <div className="overflow-x-auto">
      <table className="tabular w-full text-sm" data-testid="queue-table">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 uppercase dark:border-zinc-800 dark:text-zinc-400">
            <th scope="col" className="py-1.5 pr-3 font-medium">
              Queue
            </th>
            {countColumns.map((column) => (
              <th key={column.state} scope="col" className="px-2 py-1.5 text-right font-medium">
                {column.label}
              </th>
            ))}
            <th scope="col" className="px-2 py-1.5 text-right font-medium">
              Workers
            </th>
            <th scope="col" className="py-1.5 pl-2 text-left font-medium whitespace-nowrap">
              Last hour
            </th>
          </tr>
        </thead>
        <tbody>
          {queues.map((queue) => (
            <QueueRow
              key={queue.name}
              source={source}
              queue={queue}
              filter={filter}
              throughput={throughputOf(queue.name)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function QueueRow({
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
  return (
    <tr
      data-testid="queue-row"
      data-queue={queue.name}
      onClick={open}
      className="cursor-pointer border-b border-zinc-100 last:border-0 hover:bg-zinc-50 dark:border-zinc-800/60 dark:hover:bg-zinc-800/40"
    >
      <th scope="row" className="max-w-72 min-w-44 py-1.5 pr-3 text-left font-normal">
        <Link
          href={queueHref(source, queue.name, linkState ? { state: linkState } : undefined)}
          className="font-medium break-all text-sky-700 hover:underline dark:text-sky-400"
          data-testid="queue-link"
        >
          {queue.name}
        </Link>{' '}
        <QueueBadges queue={queue} />
        <StateBar counts={queue.counts} className="mt-1 w-full" />
      </th>
      {countColumns.map((column) => {
        const count = queue.counts[column.state] ?? 0;
        return (
          <td
            key={column.state}
            className={`px-2 py-1.5 text-right ${countClass(column.state, count)}`}
            data-testid={`count-${column.state}`}
            data-state={column.state}
          >
            {count.toLocaleString('en-US')}
          </td>
        );
      })}
      <td className="px-2 py-1.5 text-right" data-testid="count-workers">
        {queue.workerCount === null ? (
          <span title="the server does not list clients">?</span>
        ) : (
          queue.workerCount
        )}
      </td>
      <td className="py-1.5 pl-2">
        <Sparkline throughput={throughput} minutes={SPARKLINE_MINUTES} />
      </td>
    </tr>
  );
}
