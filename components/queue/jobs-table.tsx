'use client';
import Link from 'next/link';
import { Fragment, useState } from 'react';
import type { ReactNode } from 'react';
import { formatBytes, formatProgress } from '@/lib/client/format';
import { jobHref } from '@/lib/client/routes';
import type { JobRow, JobState } from '@/lib/client/types';
import { cell } from '@/components/ui/list-table';
import { RelativeTime } from '@/components/ui/relative-time';
import { StateBadge } from '@/components/ui/state-badge';
import { JobRowDetails } from './job-row-details';

/** Cells phones leave out; the job cell carries the time and attempts there instead. */
const wideOnly = 'hidden sm:table-cell';

/** The one time a phone row shows: the moment that matters for a job in this state. */
function rowMoment(job: JobRow, state: JobState): { label: string; at: number | null } {
  if (state === 'delayed' && job.runAt !== null) return { label: 'runs', at: job.runAt };
  if (job.finishedAt !== null) return { label: 'finished', at: job.finishedAt };
  if (job.processedAt !== null) return { label: 'started', at: job.processedAt };
  return { label: 'created', at: job.createdAt };
}

const attemptsText = (job: JobRow) => `${job.attemptsMade}${job.maxAttempts !== null ? ` / ${job.maxAttempts}` : ''}`;

/** The name, one line cut with an ellipsis, and the failure under it: readable at any width. */
function JobCell({ job, state }: { job: JobRow; state: JobState }) {
  const moment = rowMoment(job, state);
  return (
    <>
      <div className="truncate font-medium" title={job.name} data-testid="job-name">
        {job.name}
      </div>
      {job.failedReason ? (
        <div
          className={`line-clamp-2 text-xs break-words ${
            // A job that failed an attempt and then completed keeps its last reason: not an alarm.
            job.state === 'failed' ? 'text-red-700 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400'
          }`}
          title={job.failedReason}
          data-testid="failed-reason"
        >
          {job.failedReason}
        </div>
      ) : null}
      <div className="text-xs text-zinc-500 dark:text-zinc-400 sm:hidden">
        {moment.label} <RelativeTime at={moment.at} />
        {job.attemptsMade > 0 ? ` · attempts ${attemptsText(job)}` : ''}
      </div>
    </>
  );
}

/**
 * One page of jobs. Rows hold small fields only; a row's disclosure button opens the failure with
 * its stack trace and the data in place (fetched then), and its id links to the job page. On a
 * phone the table keeps the id and the job (name, failure, one time); the rest is on wide screens.
 */
export function JobsTable({
  source,
  queue,
  state,
  jobs,
  empty,
}: {
  source: string;
  queue: string;
  state: JobState;
  jobs: JobRow[];
  /** What an empty list says; "No <state> jobs." unless given. */
  empty?: ReactNode;
}) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  if (jobs.length === 0) {
    return (
      <div className="py-6 text-center text-sm text-zinc-500 dark:text-zinc-400" data-testid="jobs-empty">
        {empty ?? <p>No {state} jobs.</p>}
      </div>
    );
  }
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const showRunAt = state === 'delayed';
  const columns = showRunAt ? 11 : 10;
  return (
    <div className="overflow-x-auto">
      <table className="tabular w-full text-sm" data-testid="jobs-table">
        <thead>
          <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:text-zinc-400 uppercase dark:border-zinc-800">
            <th className="w-7 pb-1.5">
              <span className="sr-only">Details</span>
            </th>
            <th className={`${cell} font-medium`}>Id</th>
            <th className={`${cell} font-medium`}>Job</th>
            <th className={`${cell} ${wideOnly} font-medium`}>State</th>
            <th className={`${cell} ${wideOnly} font-medium`}>Created</th>
            {showRunAt ? <th className={`${cell} ${wideOnly} font-medium`}>Runs</th> : null}
            <th className={`${cell} ${wideOnly} font-medium`}>Processed</th>
            <th className={`${cell} ${wideOnly} font-medium`}>Finished</th>
            <th className={`${cell} ${wideOnly} text-right font-medium`}>Attempts</th>
            <th className={`${cell} ${wideOnly} font-medium`}>Progress</th>
            <th className={`${cell} ${wideOnly} text-right font-medium`}>Data</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const open = expanded.has(job.id);
            const detailsId = `job-details-${job.id}`;
            return (
              <Fragment key={job.id}>
                <tr
                  data-testid="job-row"
                  data-job-id={job.id}
                  className={`border-zinc-100 dark:border-zinc-800/60 ${open ? 'bg-zinc-50 dark:bg-zinc-800/40' : 'border-b last:border-0'}`}
                >
                  <td className="py-1 align-top">
                    <button
                      type="button"
                      aria-expanded={open}
                      aria-controls={open ? detailsId : undefined}
                      aria-label={`Details of job ${job.id}`}
                      onClick={() => toggle(job.id)}
                      data-testid="job-expand"
                      className="flex h-6 w-6 items-center justify-center rounded text-zinc-500 dark:text-zinc-400 hover:bg-zinc-200 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-600 dark:hover:bg-zinc-700 dark:hover:text-zinc-100"
                    >
                      <span aria-hidden className={`inline-block transition-transform ${open ? 'rotate-90' : ''}`}>
                        ▸
                      </span>
                    </button>
                  </td>
                  <td className={`${cell} max-w-[6rem] truncate sm:max-w-[14rem]`}>
                    <Link
                      href={jobHref(source, queue, job.id)}
                      className="font-mono text-sky-700 hover:underline dark:text-sky-400"
                      title={job.id}
                      data-testid="job-link"
                    >
                      {job.id}
                    </Link>
                  </td>
                  {/* w-full + max-w-0: this column takes the room left and never widens the table. */}
                  <td className={`${cell} w-full max-w-0`}>
                    <JobCell job={job} state={state} />
                  </td>
                  <td className={`${cell} ${wideOnly}`}>
                    <StateBadge state={job.state} nativeState={job.nativeState} />
                  </td>
                  <td className={`${cell} ${wideOnly}`}>
                    <RelativeTime at={job.createdAt} />
                  </td>
                  {showRunAt ? (
                    <td className={`${cell} ${wideOnly}`}>
                      <RelativeTime at={job.runAt} />
                    </td>
                  ) : null}
                  <td className={`${cell} ${wideOnly}`}>
                    <RelativeTime at={job.processedAt} />
                  </td>
                  <td className={`${cell} ${wideOnly}`}>
                    <RelativeTime at={job.finishedAt} />
                  </td>
                  <td className={`${cell} ${wideOnly} text-right whitespace-nowrap`}>{attemptsText(job)}</td>
                  <td className={`${cell} ${wideOnly} max-w-32 truncate`} title={formatProgress(job.progress)}>
                    {formatProgress(job.progress)}
                  </td>
                  <td className={`${cell} ${wideOnly} text-right whitespace-nowrap`}>{formatBytes(job.dataBytes)}</td>
                </tr>
                {open ? (
                  <tr className="border-b border-zinc-100 bg-zinc-50 last:border-0 dark:border-zinc-800/60 dark:bg-zinc-800/40">
                    <td colSpan={columns} className="px-2 pt-1 pb-3">
                      {/* Width 0, stretched to the cell: long stack lines scroll in their box, not the table. */}
                      <div id={detailsId} className="w-0 min-w-full" data-testid="job-details">
                        <JobRowDetails source={source} queue={queue} jobId={job.id} />
                      </div>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
