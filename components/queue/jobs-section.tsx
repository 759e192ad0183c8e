'use client';
import { useSearchParams } from 'next/navigation';
import { useId, useState } from 'react';
import { parseJobSearch } from '@/lib/client/job-filter';
import { ControlButton } from '@/components/ui/control-button';
import { Skeleton } from '@/components/ui/skeleton';
import { JobSearchForm, SearchResults, SearchResultsHeader } from './job-search';
import { JobsPanel } from './jobs-panel';
import { StateTabs } from './state-tabs';
import { useQueueView } from './use-queue-view';

/**
 * The jobs of a queue: a tab per state over one page of them, and the search beside the tabs.
 * While a search is active (it is in the URL) its results take the list's place, under a header
 * that clears them — the results are where the operator is looking, not below an unrelated list.
 */
export function JobsSection({ source, queue }: { source: string; queue: string }) {
  const view = useQueueView(source, queue);
  const searched = parseJobSearch(useSearchParams());
  const [formOpen, setFormOpen] = useState(searched !== null);
  const panelId = useId();
  const formId = useId();

  return (
    <section
      aria-label="Jobs"
      data-testid="jobs-section"
      className="min-w-0 space-y-3 rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          {searched ? (
            <SearchResultsHeader source={source} queue={queue} />
          ) : (
            <StateTabs source={source} queue={queue} view={view} panelId={panelId} />
          )}
        </div>
        <ControlButton
          aria-expanded={formOpen}
          aria-controls={formId}
          onClick={() => setFormOpen((open) => !open)}
          data-testid="search-toggle"
          className="shrink-0"
        >
          <span aria-hidden className="mr-1 inline-block">
            {formOpen ? '▾' : '▸'}
          </span>
          {searched ? 'Edit search' : 'Search'}
        </ControlButton>
      </div>
      <div id={formId} hidden={!formOpen} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <JobSearchForm source={source} queue={queue} />
      </div>
      {searched ? (
        <SearchResults key={JSON.stringify(searched)} source={source} queue={queue} />
      ) : (
        <div id={panelId} role="tabpanel" aria-label={view ? `${view.state} jobs` : 'Jobs'}>
          {view ? (
            <JobsPanel key={view.state} source={source} queue={queue} view={view} />
          ) : (
            <Skeleton rows={8} />
          )}
        </div>
      )}
    </section>
  );
}
