'use client';
import { useQueues } from '@/lib/client/hooks';
import { QueryView } from '@/components/ui/query-view';
import { QueueList } from '@/components/overview/queue-table';

/** The queues table of one source, loading and failing on its own. */
export function SourceQueues({ source }: { source: string }) {
  const queues = useQueues(source);
  return <QueryView query={queues}>{(data) => <QueueList source={source} queues={data.queues} />}</QueryView>;
}
