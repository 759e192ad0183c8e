import type { Metadata } from 'next';
import { WorkersView } from '@/components/worker/workers-view';
import { ServerData } from '@/lib/client/server-data';
import { parseSourceFilter } from '@/lib/client/worker-routes';
import { workersPageData } from '@/lib/server/worker-page-data';

export const metadata: Metadata = { title: 'Workers' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function WorkersPage({ searchParams }: { searchParams: SearchParams }) {
  const source = parseSourceFilter((await searchParams).source);
  // The workers lists (heartbeats, from the dashboard's own index) come with the HTML.
  const served = await workersPageData(source);
  return (
    <ServerData state={served}>
      <WorkersView source={source} />
    </ServerData>
  );
}
