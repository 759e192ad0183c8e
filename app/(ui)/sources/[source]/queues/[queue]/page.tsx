import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Skeleton } from '@/components/ui/skeleton';
import { QueueView } from '@/components/queue/queue-view';
import { QueueGate } from '@/components/shell/exists-gate';
import { decodeRouteParam } from '@/lib/client/routes';
import { ServerData } from '@/lib/client/server-data';
import { queuePageData, toSearchParams } from '@/lib/server/page-data';

type Params = Promise<{ source: string; queue: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { queue } = await params;
  return { title: queue };
}

export default async function QueuePage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const { source: sourceParam, queue: queueParam } = await params;
  const [source, queue] = [decodeRouteParam(sourceParam), decodeRouteParam(queueParam)];
  // The queue's facts and its first page of jobs come with the HTML.
  const served = await queuePageData(source, queue, toSearchParams(await searchParams));
  return (
    <ServerData state={served}>
      <QueueGate source={source} queue={queue}>
        {/* useSearchParams (state and page) needs a Suspense boundary above it. */}
        <Suspense fallback={<Skeleton rows={8} />}>
          <QueueView source={source} queue={queue} />
        </Suspense>
      </QueueGate>
    </ServerData>
  );
}
