import Link from 'next/link';
import { openingStateOrder, queueHref, stateView } from '@/lib/client/routes';
import type { QueueView } from '@/lib/client/routes';
import type { JobState } from '@/lib/client/types';

/** An empty state's list: says so, and links the states that do hold jobs. */
export function JobsEmpty({
  source,
  queue,
  view,
  counts,
}: {
  source: string;
  queue: string;
  view: QueueView;
  counts: Partial<Record<JobState, number>> | undefined;
}) {
  const elsewhere = openingStateOrder.filter((state) => state !== view.state && (counts?.[state] ?? 0) > 0);
  return (
    <div className="space-y-1">
      <p className="font-medium text-zinc-700 dark:text-zinc-300">No {view.state} jobs.</p>
      {elsewhere.length > 0 ? (
        <p data-testid="jobs-elsewhere">
          Jobs are in{' '}
          {elsewhere.map((state, index) => (
            <span key={state}>
              {index > 0 ? ', ' : ''}
              <Link
                href={queueHref(source, queue, stateView(view, state))}
                scroll={false}
                className="text-sky-700 hover:underline dark:text-sky-400"
              >
                {state} ({(counts?.[state] ?? 0).toLocaleString('en-US')})
              </Link>
            </span>
          ))}
          .
        </p>
      ) : (
        <p>This queue has no jobs right now; new ones show up here as they arrive.</p>
      )}
    </div>
  );
}
