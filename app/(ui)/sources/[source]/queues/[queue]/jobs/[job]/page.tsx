import type { Metadata } from 'next';
import { Suspense } from 'react';
import { JobView } from '@/components/job/job-view';
import { Skeleton } from '@/components/ui/skeleton';
import { decodeRouteParam } from '@/lib/client/routes';

type Params = Promise<{ source: string; queue: string; job: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { queue, job } = await params;
  return { title: `Job ${job} · ${queue}` };
}

export default async function JobPage({ params }: { params: Params }) {
  const { source, queue, job } = await params;
  return (
    // useSearchParams (the open tab) needs a Suspense boundary above it.
    <Suspense fallback={<Skeleton rows={8} />}>
      <JobView source={decodeRouteParam(source)} queue={decodeRouteParam(queue)} job={decodeRouteParam(job)} />
    </Suspense>
  );
}
