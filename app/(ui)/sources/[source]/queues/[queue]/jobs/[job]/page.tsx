import type { Metadata } from 'next';
import { Suspense } from 'react';
import { JobView } from '@/components/job/job-view';
import { JobGate } from '@/components/shell/exists-gate';
import { Skeleton } from '@/components/ui/skeleton';
import { decodeRouteParam } from '@/lib/client/routes';

type Params = Promise<{ source: string; queue: string; job: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { queue, job } = await params;
  return { title: `Job ${job} · ${queue}` };
}

export default async function JobPage({ params }: { params: Params }) {
  const raw = await params;
  const [source, queue, job] = [decodeRouteParam(raw.source), decodeRouteParam(raw.queue), decodeRouteParam(raw.job)];
  return (
    <JobGate source={source} queue={queue} job={job}>
      {/* useSearchParams (the open tab) needs a Suspense boundary above it. */}
      <Suspense fallback={<Skeleton rows={8} />}>
        <JobView source={source} queue={queue} job={job} />
      </Suspense>
    </JobGate>
  );
}
