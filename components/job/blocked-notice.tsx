import Link from 'next/link';
import { jobHref } from '@/lib/client/routes';
import type { JobDetail } from '@/lib/client/types';

/**
 * A flow parent that will never run as things stand: a child failed for good and no failure option
 * (failParentOnFailure, ignoreDependencyOnFailure, …) lets the parent go on. Retrying or removing
 * the child is the way out, so the notice links straight to it.
 */
export function BlockedNotice({ source, job }: { source: string; job: JobDetail }) {
  if (job.blockedBy.length === 0) return null;
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-200"
      data-testid="job-blocked"
    >
      <ul className="space-y-1">
        {job.blockedBy.map((child) => (
          <li key={`${child.queue}\u0000${child.id}`} className="[overflow-wrap:anywhere]">
            <span className="font-semibold">Blocked: child </span>
            <Link
              href={jobHref(source, child.queue, child.id)}
              className="font-mono font-semibold underline hover:no-underline"
              data-testid="job-blocked-child"
            >
              {child.queue} / {child.id}
            </Link>
            <span className="font-semibold"> failed</span>
            {child.failedReason ? <span>: {child.failedReason}</span> : null}
          </li>
        ))}
      </ul>
      <p className="mt-1 text-xs">
        This job waits for its children and will not run until the failed{' '}
        {job.blockedBy.length === 1 ? 'child is' : 'children are'} retried or removed.
      </p>
    </div>
  );
}
