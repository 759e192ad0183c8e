import type { JobDetail } from '@/lib/client/types';
import { RelativeTime } from '@/components/ui/relative-time';
import { TextBlock } from '@/components/ui/text-block';

/** Why the job failed: the reason, each recorded stack trace (newest last) and the attempts. */
export function ErrorView({ job }: { job: JobDetail }) {
  if (!job.failedReason && job.stacktrace.length === 0) {
    return (
      <p className="text-sm text-zinc-500" data-testid="error-empty">
        This job has not failed.
      </p>
    );
  }
  return (
    <div className="space-y-3">
      {job.failedReason ? (
        <p
          className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm break-words whitespace-pre-wrap text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
          data-testid="failed-reason-full"
        >
          {job.failedReason}
        </p>
      ) : null}
      {job.stacktrace.map((trace, index) => (
        <TextBlock
          key={index}
          label={`Stack trace ${index + 1} of ${job.stacktrace.length}`}
          text={trace}
          testId="stacktrace"
          defaultOpen={index === job.stacktrace.length - 1}
        />
      ))}
      {job.attempts.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="tabular w-full text-sm" data-testid="attempts-table">
            <thead>
              <tr className="border-b border-zinc-200 text-left text-xs text-zinc-500 uppercase dark:border-zinc-800">
                <th className="py-1.5 pr-3 font-medium">Attempt</th>
                <th className="px-2 py-1.5 font-medium">Started</th>
                <th className="px-2 py-1.5 font-medium">Finished</th>
                <th className="px-2 py-1.5 font-medium">Outcome</th>
                <th className="px-2 py-1.5 font-medium">Error</th>
              </tr>
            </thead>
            <tbody>
              {job.attempts.map((attempt) => (
                <tr key={attempt.number} className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
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
