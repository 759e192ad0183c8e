'use client';
import Link from 'next/link';
import { useSources } from '@/lib/client/hooks';
import { workersHref } from '@/lib/client/worker-routes';
import { PerSourcePanels } from '@/components/shell/per-source-panels';
import { PageTitle } from '@/components/ui/page-title';
import { WorkersTable } from '@/components/worker/workers-table';

/**
 * `/workers`: the workers of every source, a panel each; `?source=` narrows it to one source (a
 * link the sidebar, a source page or a worker page can give), with chips to switch.
 */
export function WorkersView({ source }: { source: string | null }) {
  const sources = useSources().data?.sources ?? [];
  const listing = sources.filter((candidate) => candidate.capabilities.includes('workers'));
  return (
    <>
      <PageTitle>Workers</PageTitle>
      {listing.length > 1 ? (
        <nav aria-label="Workers of" className="mb-3 flex flex-wrap gap-1.5 text-sm" data-testid="workers-source-filter">
          {[null, ...listing.map((candidate) => candidate.id)].map((id) => {
            const current = id === source;
            const label = id === null ? 'All sources' : (listing.find((candidate) => candidate.id === id)?.label ?? id);
            return (
              <Link
                key={id ?? ''}
                href={workersHref(id)}
                aria-current={current ? 'page' : undefined}
                className={`rounded-full border px-2.5 py-0.5 ${
                  current
                    ? 'border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900'
                    : 'border-zinc-300 text-zinc-700 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800'
                }`}
              >
                {label}
              </Link>
            );
          })}
        </nav>
      ) : null}
      <PerSourcePanels
        capability="workers"
        unsupported="This source does not list its workers."
        only={source}
      >
        {(summary) => <WorkersTable source={summary.id} />}
      </PerSourcePanels>
    </>
  );
}
