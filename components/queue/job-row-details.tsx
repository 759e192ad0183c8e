'use client';
import Link from 'next/link';
import { useJob } from '@/lib/client/hooks';
import { jobHref } from '@/lib/client/routes';
import type { JobDetail } from '@/lib/client/types';
import { ErrorView } from '@/components/job/error-view';
import { PayloadView } from '@/components/job/payload-view';
import { QueryView } from '@/components/ui/query-view';

const hasPayload = (payload: JobDetail['data']) => payload.text !== null || payload.json !== undefined;

/**
 * What an operator opens a job for, read in its list row: why it failed (reason, stack traces,
 * attempts), its data and, once completed, what it returned. Fetched when the row is opened.
 */
export function JobRowDetails({ source, queue, jobId }: { source: string; queue: string; jobId: string }) {
  const query = useJob(source, queue, jobId);
  return (
    <QueryView query={query} skeletonRows={4}>
      {({ job }) => (
        <div className="space-y-3 pt-1">
          {job.failedReason || job.stacktrace.length > 0 ? <ErrorView job={job} /> : null}
          <PayloadView source={source} queue={queue} job={job.id} field="data" payload={job.data} label="Data" />
          {job.state === 'completed' && hasPayload(job.returnValue) ? (
            <PayloadView
              source={source}
              queue={queue}
              job={job.id}
              field="returnValue"
              payload={job.returnValue}
              label="Return value"
            />
          ) : null}
          <Link
            href={jobHref(source, queue, job.id)}
            className="inline-block text-sm text-sky-700 hover:underline dark:text-sky-400"
            data-testid="job-details-open"
          >
            Open job {job.id} →
          </Link>
        </div>
      )}
    </QueryView>
  );
}
