'use client';
import { useSources } from '@/lib/client/hooks';
import { PageTitle } from '@/components/ui/page-title';
import { QueryView } from '@/components/ui/query-view';
import { SourcePanel } from './source-panel';

/** Every configured source and its queues. One failing source never blanks the page. */
export function OverviewView() {
  const sources = useSources();
  return (
    <>
      <PageTitle>Overview</PageTitle>
      <QueryView query={sources} skeletonRows={6}>
        {(data) =>
          data.sources.length === 0 ? (
            <p className="text-sm text-zinc-500">No sources configured.</p>
          ) : (
            <div className="space-y-4" data-testid="sources">
              {data.sources.map((source) => (
                <SourcePanel key={source.id} source={source} />
              ))}
            </div>
          )
        }
      </QueryView>
    </>
  );
}
