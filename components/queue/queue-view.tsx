'use client';
import { useSearchParams } from 'next/navigation';
import { overviewHref, parseQueueView, sourceHref } from '@/lib/client/routes';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { JobSearch } from '@/components/queue/job-search';
import { QueueControls } from '@/components/queue/queue-controls';
import { PageTitle } from '@/components/ui/page-title';
import { Panel } from '@/components/ui/panel';
import { JobsPanel } from './jobs-panel';
import { QueueSummary } from './queue-summary';
import { StateTabs } from './state-tabs';

/** A queue: its facts, a tab per state and one page of jobs; state and page live in the URL. */
export function QueueView({ source, queue }: { source: string; queue: string }) {
  const view = parseQueueView(useSearchParams());
  return (
    <>
      <Breadcrumbs
        items={[{ label: 'Overview', href: overviewHref() }, { label: source, href: sourceHref(source) }, { label: queue }]}
      />
      <PageTitle>{queue}</PageTitle>
      <div className="space-y-4">
        <Panel title="Queue" testId="queue-summary" skeletonRows={2}>
          <QueueSummary source={source} queue={queue} />
        </Panel>
        <Panel title="Controls" testId="queue-controls" skeletonRows={2}>
          <QueueControls source={source} queue={queue} />
        </Panel>
        <section className="min-w-0 space-y-3 rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <StateTabs source={source} queue={queue} view={view} />
          <JobsPanel key={`${view.state}`} source={source} queue={queue} view={view} />
        </section>
        <Panel title="Search" testId="search-panel">
          <JobSearch source={source} queue={queue} />
        </Panel>
      </div>
    </>
  );
}
