'use client';
import { overviewHref, sourceHref } from '@/lib/client/routes';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { QueueControls } from '@/components/queue/queue-controls';
import { PageTitle } from '@/components/ui/page-title';
import { Panel } from '@/components/ui/panel';
import { JobsSection } from './jobs-section';
import { QueueSummary } from './queue-summary';

/**
 * A queue: its facts, its controls, and its jobs — a tab per state (the link's, or the first that
 * has jobs) over one page of them, or a search's results; state, page and search live in the URL.
 */
export function QueueView({ source, queue }: { source: string; queue: string }) {
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
        <JobsSection source={source} queue={queue} />
      </div>
    </>
  );
}
