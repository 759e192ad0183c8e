'use client';
import type { ReactNode } from 'react';
import { formatDuration } from '@/lib/client/format';
import { span } from '@/lib/client/job-reading';
import type { JobDetail } from '@/lib/client/types';
import { RelativeTime } from '@/components/ui/relative-time';
import { TimeFormatToggle } from '@/components/ui/time-format-toggle';
import { useNow } from '@/components/ui/use-now';

const dots = {
  done: 'bg-zinc-400 dark:bg-zinc-500',
  running: 'bg-sky-500',
  success: 'bg-emerald-500',
  failure: 'bg-red-500',
  pending: 'border-2 border-zinc-300 bg-white dark:border-zinc-600 dark:bg-zinc-900',
} as const;

function Step({ dot, title, at, children, testId }: { dot: keyof typeof dots; title: ReactNode; at?: number | null; children?: ReactNode; testId: string }) {
  return (
    <li className="relative pb-1" data-testid={testId}>
      <span aria-hidden className={`absolute top-1.5 -left-[1.3rem] h-2.5 w-2.5 rounded-full ${dots[dot]}`} />
      <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
        <span className="font-medium">{title}</span>
        {at !== undefined ? (
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            <RelativeTime at={at} />
          </span>
        ) : null}
      </div>
      {children ? <div className="text-xs text-zinc-600 dark:text-zinc-400">{children}</div> : null}
    </li>
  );
}

/** The time between two steps, on the line that joins them. */
function Gap({ label, ms, testId }: { label: string; ms: number | null; testId: string }) {
  if (ms === null) return null;
  return (
    <li className="py-0.5 text-xs text-zinc-500 dark:text-zinc-400" data-testid={testId}>
      {label} <span className="tabular font-medium text-zinc-700 dark:text-zinc-300">{formatDuration(ms)}</span>
    </li>
  );
}

const waitingTitle: Partial<Record<JobDetail['state'], string>> = {
  waiting: 'Waiting for a worker',
  prioritized: 'Waiting for a worker (prioritized)',
  paused: 'Waiting: the queue is paused',
  'waiting-children': 'Waiting for its children',
};

/**
 * A job's life at a glance, as bull-board's job card reads: added → started by <worker> → finished,
 * with the wait and the run between, and where it stands when it has not finished.
 */
export function JobLifecycle({ job }: { job: JobDetail }) {
  const now = useNow();
  const started = job.processedAt !== null;
  const finished = job.finishedAt !== null && (job.state === 'completed' || job.state === 'failed');
  const retried = job.attemptsMade > 1 || (job.state === 'active' && job.attemptsMade > 0);
  const attempt = job.state === 'active' ? job.attemptsMade + 1 : Math.max(1, job.attemptsMade);
  const delayed =
    job.state === 'delayed' ? (
      <Step dot="pending" title={started ? 'Retrying at' : 'Delayed until'} at={job.runAt} testId="lifecycle-delayed" />
    ) : null;
  const attemptText = `attempt ${attempt}${job.maxAttempts !== null ? ` of ${job.maxAttempts}` : ''}`;

  return (
    <section
      className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
      aria-labelledby="job-lifecycle-title"
      data-testid="job-lifecycle-card"
    >
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="job-lifecycle-title" className="text-sm font-semibold">
          Lifecycle
        </h2>
        <TimeFormatToggle />
      </div>
      <ol className="ml-2 space-y-1 border-l border-zinc-200 pl-4 dark:border-zinc-800" data-testid="job-lifecycle">
        <Step dot="done" title="Added" at={job.createdAt} testId="lifecycle-added" />
        {delayed && !started ? delayed : null}
        {started ? (
          <>
            <Gap label={retried ? 'until the latest attempt, after retries' : 'waited'} ms={span(job.createdAt, job.processedAt)} testId="lifecycle-wait" />
            <Step
              dot={job.state === 'active' ? 'running' : 'done'}
              title={
                <>
                  Started by{' '}
                  <span className="font-mono" data-testid="lifecycle-worker">
                    {job.processedBy ?? 'an unnamed worker'}
                  </span>
                </>
              }
              at={job.processedAt}
              testId="lifecycle-started"
            >
              {attemptText}
            </Step>
          </>
        ) : null}
        {finished ? (
          <>
            <Gap label="ran" ms={span(job.processedAt, job.finishedAt)} testId="lifecycle-run" />
            <Step
              dot={job.state === 'completed' ? 'success' : 'failure'}
              title={job.state === 'completed' ? 'Completed' : 'Failed'}
              at={job.finishedAt}
              testId="lifecycle-finished"
            />
          </>
        ) : delayed && started ? (
          // Backing off before its next attempt.
          delayed
        ) : job.state === 'active' ? (
          <Gap label="running for" ms={span(job.processedAt, now)} testId="lifecycle-run" />
        ) : job.blockedBy.length > 0 ? (
          <Step dot="failure" title="Blocked: a child failed" testId="lifecycle-pending" />
        ) : waitingTitle[job.state] ? (
          <Step dot="pending" title={waitingTitle[job.state]} testId="lifecycle-pending" />
        ) : null}
      </ol>
    </section>
  );
}
