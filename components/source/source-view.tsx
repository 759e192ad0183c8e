'use client';
import { overviewHref } from '@/lib/client/routes';
import { Breadcrumbs } from '../breadcrumbs';
import { SchedulerActions } from '../controls/scheduler-actions';
import { SourceControls } from '../controls/source-controls';
import { PageTitle } from '../page-title';
import { Panel } from '../panel';
import { SourceQueues } from '../overview/source-queues';
import { SchedulesTable } from './schedules-table';
import { WorkersTable } from './workers-table';

/** One source: its queues, workers and schedules, each in its own panel. */
export function SourceView({ source }: { source: string }) {
  return (
    <>
      <Breadcrumbs items={[{ label: 'Overview', href: overviewHref() }, { label: source }]} />
      <PageTitle>{source}</PageTitle>
      <div className="space-y-4">
        <Panel title="Queues" testId="queues-panel" actions={<SourceControls source={source} />}>
          <SourceQueues source={source} />
        </Panel>
        <Panel title="Workers" testId="workers-panel">
          <WorkersTable source={source} />
        </Panel>
        <Panel title="Schedules" testId="schedules-panel">
          <SchedulesTable source={source} rowActions={(schedule) => <SchedulerActions source={source} schedule={schedule} />} />
        </Panel>
      </div>
    </>
  );
}
