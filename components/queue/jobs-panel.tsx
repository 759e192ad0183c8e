'use client';
import { useJobs, useQueue } from '@/lib/client/hooks';
import { currentCursor, pageNumber } from '@/lib/client/routes';
import type { QueueView } from '@/lib/client/routes';
import { QueryView } from '@/components/ui/query-view';
import { JobsEmpty } from './jobs-empty';
import { JobsTable } from './jobs-table';
import { Pager } from './pager';

export function JobsPanel({ source, queue, view }: { source: string; queue: string; view: QueueView }) {
  const jobs = useJobs(source, queue, { state: view.state, cursor: currentCursor(view), limit: view.limit });
  const counts = useQueue(source, queue).data?.queue.counts;
  return (
    <QueryView query={jobs} skeletonRows={8}>
      {(page) => (
        // While the next page loads, the previous one stays, dimmed.
        <div className={jobs.isPlaceholderData ? 'opacity-60' : undefined} aria-busy={jobs.isPlaceholderData}>
          <JobsTable
            source={source}
            queue={queue}
            state={page.state}
            jobs={page.jobs}
            empty={<JobsEmpty source={source} queue={queue} view={view} counts={counts} />}
          />
          {/* An empty first page has nothing to page through: no "Page 1 of 0". */}
          {page.jobs.length > 0 || pageNumber(view) > 1 ? (
            <Pager
              source={source}
              queue={queue}
              view={view}
              shown={page.jobs.length}
              total={page.total}
              nextCursor={jobs.isPlaceholderData ? null : page.nextCursor}
            />
          ) : null}
        </div>
      )}
    </QueryView>
  );
}
