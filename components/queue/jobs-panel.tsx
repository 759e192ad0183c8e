'use client';
import { useJobs } from '@/lib/client/hooks';
import { currentCursor } from '@/lib/client/routes';
import type { QueueView } from '@/lib/client/routes';
import { QueryView } from '@/components/ui/query-view';
import { JobsTable } from './jobs-table';
import { Pager } from './pager';

export function JobsPanel({ source, queue, view }: { source: string; queue: string; view: QueueView }) {
  const jobs = useJobs(source, queue, { state: view.state, cursor: currentCursor(view), limit: view.limit });
  return (
    <QueryView query={jobs} skeletonRows={8}>
      {(page) => (
        // While the next page loads, the previous one stays, dimmed.
        <div className={jobs.isPlaceholderData ? 'opacity-60' : undefined} aria-busy={jobs.isPlaceholderData}>
          <JobsTable source={source} queue={queue} state={page.state} jobs={page.jobs} />
          <Pager
            source={source}
            queue={queue}
            view={view}
            shown={page.jobs.length}
            total={page.total}
            nextCursor={jobs.isPlaceholderData ? null : page.nextCursor}
          />
        </div>
      )}
    </QueryView>
  );
}
