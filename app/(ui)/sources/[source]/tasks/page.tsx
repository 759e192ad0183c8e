import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SourceGate } from '@/components/shell/exists-gate';
import { TasksView } from '@/components/task/tasks-view';
import { Skeleton } from '@/components/ui/skeleton';
import { decodeRouteParam } from '@/lib/client/routes';
import { ServerData } from '@/lib/client/server-data';
import { tasksPageData, toSearchParams } from '@/lib/server/page-data';

type Params = Promise<{ source: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { source } = await params;
  return { title: `Tasks · ${decodeRouteParam(source)}` };
}

export default async function TasksPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const source = decodeRouteParam((await params).source);
  // The page of tasks the link names comes with the HTML.
  const served = await tasksPageData(source, toSearchParams(await searchParams));
  return (
    <ServerData state={served}>
      {/* useSearchParams (filters and page) needs a Suspense boundary above it. */}
      <Suspense fallback={<Skeleton rows={8} />}>
        <SourceGate source={source}>
          <TasksView source={source} />
        </SourceGate>
      </Suspense>
    </ServerData>
  );
}
