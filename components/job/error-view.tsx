import { hasFailure, stackTraceAttempts } from '@/lib/client/job-reading';
import type { JobDetail } from '@/lib/client/types';
import { RelativeTime } from '@/components/ui/relative-time';
import { TextBlock } from '@/components/ui/text-block';

const reasonTones = {
  alarm:
    'border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200',
  // A job that failed an attempt and then went on keeps its last reason: history, not an alarm.
  muted:
    'border-zinc-200 bg-zinc-50 text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400',
} as const;

/**
 * Why the job failed: the reason, each recorded stack trace under the attempt it ended (newest
 * last, open) and the attempt history.
 */
export function ErrorView({ job }: { job: JobDetail }) {
  if (!hasFailure(job)) {
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="error-empty">
        This job has not failed.
      </p>
    );
  }
  const tone = job.state === 'failed' ? 'alarm' : 'muted';
  const traceAttempts = stackTraceAttempts(job);
  return (
    <div className="space-y-3">
      {tone === 'muted' ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="earlier-failure-note">
          An earlier attempt failed; the job is now {job.state}.
        </p>
      ) : null}
      {job.failedReason ? (
        <p
          className={`rounded-md border px-3 py-2 text-sm break-words whitespace-pre-wrap ${reasonTones[tone]}`}
          data-testid="failed-reason-full"
          data-tone={tone}
        >
          {job.failedReason}
        </p>
      ) : null}
      {job.stacktrace.map((trace, index) => (
        <TextBlock
          key={index}
          label={`Attempt ${traceAttempts[index]} failed · stack trace ${index + 1} of ${job.stacktrace.length}`}
          text={trace}
          testId="stacktrace"
          defaultOpen={index === job.stacktrace.length - 1}
        />
      ))}
      {job.attempts.length > 0 ? (
        // Focusable, so a keyboard can scroll the table sideways on a phone (WCAG 2.1.1).
        <div
          className="overflow-x-auto rounded focus-visible:outline-2 focus-visible:outline-sky-600"
          role="region"
          aria-label="Attempts"
          tabIndex={0}
        >
          <h3 className="mb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400 uppercase">
            Attempts: {job.attemptsMade} made{job.maxAttempts !== null ? ` of ${job.maxAttempts}` : ''}
          </h3>
          <table className="tabular w-full text-sm" data-testid="attempts-table">
            <thead>
              <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:text-zinc-400 uppercase dark:border-zinc-800">
                <th className="py-1.5 pr-3 font-medium">Attempt</th>
                <th className="px-2 py-1.5 font-medium">Started</th>
                <th className="px-2 py-1.5 font-medium">Finished</th>
                <th className="px-2 py-1.5 font-medium">Outcome</th>
                <th className="px-2 py-1.5 font-medium">Error</th>
              </tr>
            </thead>
            <tbody>
              {job.attempts.map((attempt) => (
                <tr key={attempt.number} data-testid="attempt-row" data-outcome={attempt.outcome} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
                  <td className="py-1.5 pr-3">{attempt.number}</td>
                  <td className="px-2 py-1.5">
                    <RelativeTime at={attempt.startedAt} />
                  </td>
                  <td className="px-2 py-1.5">
                    <RelativeTime at={attempt.finishedAt} />
                  </td>
                  <td className="px-2 py-1.5">{attempt.outcome}</td>
                  <td className="max-w-96 truncate px-2 py-1.5" title={attempt.error ?? undefined}>
                    {attempt.error ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
