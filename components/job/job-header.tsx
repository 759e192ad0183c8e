import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatBytes, formatProgress, progressPercent } from '@/lib/client/format';
import { jobHref, queueHref } from '@/lib/client/routes';
import type { JobDetail } from '@/lib/client/types';
import { StateBadge } from '@/components/ui/state-badge';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400 uppercase">{label}</dt>
      <dd className="tabular [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

/** The facts of a job at a glance: state, attempts, progress, place in a flow (times: JobLifecycle). */
export function JobHeader({ source, job }: { source: string; job: JobDetail }) {
  const percent = progressPercent(job.progress);
  return (
    <div className="space-y-3" data-testid="job-header">
      <div className="flex flex-wrap items-center gap-2">
        <StateBadge state={job.state} nativeState={job.nativeState} />
        <span className="min-w-0 text-sm [overflow-wrap:anywhere] text-zinc-600 dark:text-zinc-400" data-testid="job-name">
          {job.name} ·{' '}
          {/* Moves to the next line whole rather than split, unless longer than a line. */}
          <span className="inline-block max-w-full font-mono [overflow-wrap:anywhere]" data-testid="job-id">
            {job.id}
          </span>
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" data-testid="job-facts">
        <Fact label="Queue">
          <Link href={queueHref(source, job.queue)} className="text-sky-700 hover:underline dark:text-sky-400">
            {job.queue}
          </Link>
        </Fact>
        <Fact label="Attempts">
          <span data-testid="job-attempts">
            {job.attemptsMade}
            {job.maxAttempts !== null ? ` / ${job.maxAttempts}` : ''}
          </span>
        </Fact>
        {job.priority ? <Fact label="Priority">{job.priority}</Fact> : null}
        <Fact label="Data">{formatBytes(job.data.bytes)}</Fact>
        {job.parent ? (
          <Fact label="Parent">
            <Link href={jobHref(source, job.parent.queue, job.parent.id)} className="text-sky-700 hover:underline dark:text-sky-400">
              {job.parent.queue} / {job.parent.id}
            </Link>
          </Fact>
        ) : null}
        {job.children.length > 0 ? <Fact label="Children">{job.children.length}</Fact> : null}
      </dl>
      {formatProgress(job.progress) ? (
        <div className="text-sm" data-testid="job-progress">
          <span className="text-xs text-zinc-500 dark:text-zinc-400 uppercase">Progress</span>{' '}
          {percent !== null ? (
            <span className="ml-1 inline-flex items-center gap-2 align-middle">
              <span
                role="progressbar"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={percent}
                className="inline-block h-2 w-40 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
              >
                <span className="block h-full bg-sky-500" style={{ width: `${percent}%` }} />
              </span>
              {Math.round(percent)}%
            </span>
          ) : (
            <span className="font-mono text-xs break-all">{formatProgress(job.progress)}</span>
          )}
        </div>
      ) : null}
    </div>
  );
}
