import Link from 'next/link';
import { formatBytes, formatProgress } from '@/lib/client/format';
import { jobHref } from '@/lib/client/routes';
import type { JobRow, JobState } from '@/lib/client/types';
import { cell } from '@/components/ui/list-table';
import { RelativeTime } from '@/components/ui/relative-time';
import { StateBadge } from '@/components/ui/state-badge';

/** One page of jobs. Rows hold small fields only; payloads are opened on the job page. */
export function JobsTable({
  source,
  queue,
  state,
  jobs,
}: {
  source: string;
  queue: string;
  state: JobState;
  jobs: JobRow[];
}) {
  if (jobs.length === 0) {
    return (
      <p className="py-4 text-sm text-zinc-500" data-testid="jobs-empty">
        No {state} jobs.
      </p>
    );
  }
  const showRunAt = state === 'delayed';
  return (
    <div className="overflow-x-auto">
      <table className="tabular w-full text-sm" data-testid="jobs-table">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 uppercase dark:border-zinc-800">
            <th className={`${cell} pl-0 font-medium`}>Id</th>
            <th className={`${cell} font-medium`}>Name</th>
            <th className={`${cell} font-medium`}>State</th>
            <th className={`${cell} font-medium`}>Created</th>
            {showRunAt ? <th className={`${cell} font-medium`}>Runs</th> : null}
            <th className={`${cell} font-medium`}>Processed</th>
            <th className={`${cell} font-medium`}>Finished</th>
            <th className={`${cell} text-right font-medium`}>Attempts</th>
            <th className={`${cell} font-medium`}>Progress</th>
            <th className={`${cell} font-medium`}>Failed reason</th>
            <th className={`${cell} text-right font-medium`}>Data</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr
              key={job.id}
              data-testid="job-row"
              data-job-id={job.id}
              className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60"
            >
              <td className={`${cell} pl-0`}>
                <Link
                  href={jobHref(source, queue, job.id)}
                  className="font-mono text-sky-700 hover:underline dark:text-sky-400"
                  data-testid="job-link"
                >
                  {job.id}
                </Link>
              </td>
              <td className={`${cell} max-w-48 break-all`}>{job.name}</td>
              <td className={cell}>
                <StateBadge state={job.state} nativeState={job.nativeState} />
              </td>
              <td className={cell}>
                <RelativeTime at={job.createdAt} />
              </td>
              {showRunAt ? (
                <td className={cell}>
                  <RelativeTime at={job.runAt} />
                </td>
              ) : null}
              <td className={cell}>
                <RelativeTime at={job.processedAt} />
              </td>
              <td className={cell}>
                <RelativeTime at={job.finishedAt} />
              </td>
              <td className={`${cell} text-right whitespace-nowrap`}>
                {job.attemptsMade}
                {job.maxAttempts !== null ? ` / ${job.maxAttempts}` : ''}
              </td>
              <td className={`${cell} max-w-32 truncate`} title={formatProgress(job.progress)}>
                {formatProgress(job.progress)}
              </td>
              <td
                className={`${cell} max-w-80 truncate ${
                  // A job that failed an attempt and then completed keeps its last reason: not an alarm.
                  job.state === 'failed' ? 'text-red-700 dark:text-red-400' : 'text-zinc-500'
                }`}
                title={job.failedReason ?? undefined}
                data-testid="failed-reason"
              >
                {job.failedReason ?? ''}
              </td>
              <td className={`${cell} text-right whitespace-nowrap`}>
                {formatBytes(job.dataBytes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
