'use client';
import { useQueues, useSourceMetrics } from '@/lib/client/hooks';
import type { OverviewFilter } from '@/lib/client/overview-filter';
import { queueMatches } from '@/lib/client/overview-filter';
import type { Throughput } from '@/lib/client/sparkline';
import { QueryView } from '@/components/ui/query-view';
import { QueueList, SPARKLINE_MINUTES } from '@/components/overview/queue-table';

/**
 * The queues of one source, loading and failing on its own. Counts come with the overview read;
 * the sparklines' per-minute metrics are a separate, slower read that never holds the table up.
 */
export function SourceQueues({
  source,
  filter = 'all',
}: {
  source: string;
  filter?: OverviewFilter;
}) {
  const queues = useQueues(source);
  const metrics = useSourceMetrics(source, SPARKLINE_MINUTES);
  const byQueue = new Map(metrics.data?.queues.map((entry) => [entry.queue, entry]));
  const throughputOf = (queue: string): Throughput | 'loading' | 'unavailable' => {
    if (metrics.data === undefined) return metrics.isPending ? 'loading' : 'unavailable';
    const entry = byQueue.get(queue);
    // A queue discovered after the last metrics read has none yet: say nothing rather than "no metrics".
    if (!entry) return 'loading';
    return { completed: entry.completed?.points ?? null, failed: entry.failed?.points ?? null };
  };
  return (
    <QueryView query={queues}>
      {(data) => (
        <QueueList
          source={source}
          queues={data.queues.filter((queue) => queueMatches(queue, filter))}
          total={data.queues.length}
          filter={filter}
          throughputOf={throughputOf}
        />
      )}
    </QueryView>
  );
}
