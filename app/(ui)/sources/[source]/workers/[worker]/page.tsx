import type { Metadata } from 'next';
import { WorkerView } from '@/components/worker/worker-view';
import { decodeRouteParam } from '@/lib/client/routes';
import { ServerData } from '@/lib/client/server-data';
import { parseWorkerTab } from '@/lib/client/worker-routes';
import { workerPageData } from '@/lib/server/worker-page-data';

type Params = Promise<{ source: string; worker: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { worker } = await params;
  return { title: decodeRouteParam(worker) };
}

export default async function WorkerPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { source: sourceParam, worker: workerParam } = await params;
  const [source, worker] = [decodeRouteParam(sourceParam), decodeRouteParam(workerParam)];
  const tab = parseWorkerTab((await searchParams).tab);
  // The heartbeats come with the HTML; the worker's inspect answers are asked by the browser.
  const served = await workerPageData(source);
  return (
    <ServerData state={served}>
      <WorkerView source={source} worker={worker} tab={tab} />
    </ServerData>
  );
}
