import type { Metadata } from 'next';
import { Suspense } from 'react';
import { JobView } from '@/components/job/job-view';
import { JobGate } from '@/components/shell/exists-gate';
import { Skeleton } from '@/components/ui/skeleton';
import { decodeRouteParam } from '@/lib/client/routes';
import { ServerData } from '@/lib/client/server-data';
import { jobPageData } from '@/lib/server/page-data';

type Params = Promise<{ source: string; queue: string; job: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { queue, job } = await params;
  return { title: `Job ${job} · ${queue}` };
}

export default async function JobPage({ params }: { params: Params }) {
  const raw = await params;
  const [source, queue, job] = [
    decodeRouteParam(raw.source),
    decodeRouteParam(raw.queue),
    decodeRouteParam(raw.job),
  ];
  // The job comes with the HTML.
  const served = await jobPageData(source, queue, job);
  return (
    <ServerData state={served}>
      <JobGate source={source} queue={queue} job={job}>
        {/* useSearchParams (the open tab) needs a Suspense boundary above it. */}
        <Suspense fallback={<Skeleton rows={8} />}>
          <JobView source={source} queue={queue} job={job} />
        </Suspense>
      </JobGate>
    </ServerData>
  );
}
