'use client';
import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { useSources } from '@/lib/client/hooks';
import {
  overviewFilterHref,
  overviewFilterLabels,
  overviewFilters,
  parseOverviewFilter,
} from '@/lib/client/overview-filter';
import { FilterChips } from '@/components/ui/filter-chips';
import { PageTitle } from '@/components/ui/page-title';
import { QueryView } from '@/components/ui/query-view';
import { Skeleton } from '@/components/ui/skeleton';
import { SourcePanel } from './source-panel';

const filterChips = overviewFilters.map((filter) => ({
  key: filter,
  label: overviewFilterLabels[filter],
  href: overviewFilterHref(filter),
}));

/** Every configured source and its queues. One failing source never blanks the page. */
export function OverviewView() {
  return (
    <>
      <PageTitle>Overview</PageTitle>
      {/* The filter lives in the URL; reading it needs a boundary on a statically rendered page. */}
      <Suspense fallback={<Skeleton rows={6} />}>
        <FilteredSources />
      </Suspense>
    </>
  );
}

/** The sources, each showing only its queues that match `?state=` (all when absent). */
function FilteredSources() {
  const filter = parseOverviewFilter(useSearchParams());
  const sources = useSources();
  return (
    <>
      <div className="mb-4">
        <FilterChips
          chips={filterChips}
          current={filter}
          label="Show queues"
          testId="overview-filter"
        />
      </div>
      <QueryView query={sources} skeletonRows={6}>
        {(data) =>
          data.sources.length === 0 ? (
            <p className="text-sm text-zinc-500 dark:text-zinc-400">No sources configured.</p>
          ) : (
            <div className="space-y-4" data-testid="sources">
              {data.sources.map((source) => (
                <SourcePanel key={source.id} source={source} filter={filter} />
              ))}
            </div>
          )
        }
      </QueryView>
    </>
  );
}
