import Link from 'next/link';
import { queueHref } from '@/lib/client/routes';
import type { JobState, Queue } from '@/lib/client/types';
import { QueueBadges } from '@/components/queue/queue-badges';
import { QueueCards } from '@/components/overview/queue-cards';

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

/** Every queue of a source with its state counts: a table on wide screens, cards on a phone. */
export function QueueList({ source, queues }: { source: string; queues: Queue[] }) {
  if (queues.length === 0) {
    return <p className="text-sm text-zinc-500">No queues found on this source yet.</p>;
  }
  return (
    <>
      <div className="hidden md:block">
        <QueueTable source={source} queues={queues} />
      </div>
      <div className="md:hidden">
        <QueueCards source={source} queues={queues} />
      </div>
    </>
  );
}

/** Each count links to that state's list. */
function QueueTable({ source, queues }: { source: string; queues: Queue[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="tabular w-full text-sm" data-testid="queue-table">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 uppercase dark:border-zinc-800">
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
          </tr>
        </thead>
        <tbody>
          {queues.map((queue) => (
            <tr
              key={queue.name}
              data-testid="queue-row"
              data-queue={queue.name}
              className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60"
            >
              <th scope="row" className="max-w-72 py-1.5 pr-3 text-left font-normal">
                <Link
                  href={queueHref(source, queue.name)}
                  className="font-medium break-all text-sky-700 hover:underline dark:text-sky-400"
                  data-testid="queue-link"
                >
                  {queue.name}
                </Link>{' '}
                <QueueBadges queue={queue} />
              </th>
              {countColumns.map((column) => {
                const count = queue.counts[column.state] ?? 0;
                return (
                  <td key={column.state} className="px-2 py-1.5 text-right" data-testid={`count-${column.state}`}>
                    <Link
                      href={queueHref(source, queue.name, { state: column.state })}
                      className={`hover:underline ${count === 0 ? 'text-zinc-400 dark:text-zinc-600' : (countTone[column.state] ?? '')}`}
                    >
                      {count.toLocaleString('en-US')}
                    </Link>
                  </td>
                );
              })}
              <td className="px-2 py-1.5 text-right" data-testid="count-workers">
                {queue.workerCount === null ? <span title="the server does not list clients">?</span> : queue.workerCount}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
