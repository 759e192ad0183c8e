import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Skeleton } from '@/components/ui/skeleton';
import { QueueView } from '@/components/queue/queue-view';
import { QueueGate } from '@/components/shell/exists-gate';
import { decodeRouteParam } from '@/lib/client/routes';

type Params = Promise<{ source: string; queue: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { queue } = await params;
  return { title: queue };
}

export default async function QueuePage({ params }: { params: Params }) {
  const { source: sourceParam, queue: queueParam } = await params;
  const [source, queue] = [decodeRouteParam(sourceParam), decodeRouteParam(queueParam)];
  return (
    <QueueGate source={source} queue={queue}>
      {/* useSearchParams (state and page) needs a Suspense boundary above it. */}
      <Suspense fallback={<Skeleton rows={8} />}>
        <QueueView source={source} queue={queue} />
      </Suspense>
    </QueueGate>
  );
}
