'use client';
import { useSources } from '@/lib/client/hooks';
import { overviewHref } from '@/lib/client/routes';
import { TaskSourceLinks } from '@/components/task/task-source-links';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { SchedulerActions } from '@/components/schedule/scheduler-actions';
import { SourceControls } from '@/components/source/source-controls';
import { PageTitle } from '@/components/ui/page-title';
import { Panel } from '@/components/ui/panel';
import { SourceQueues } from '../overview/source-queues';
import { SchedulesTable } from '@/components/schedule/schedules-table';
import { WorkersTable } from '@/components/worker/workers-table';

/** One source: its queues, workers and schedules, each in its own panel. */
export function SourceView({ source }: { source: string }) {
  const summary = useSources().data?.sources.find((candidate) => candidate.id === source);
  // A source with a task index (Celery) has pages of its own: Tasks, Workers, Broker.
  const taskPages = summary?.capabilities.includes('tasks') ? <TaskSourceLinks source={source} /> : null;
  return (
    <>
      <Breadcrumbs items={[{ label: 'Overview', href: overviewHref() }, { label: source }]} />
      <PageTitle aside={taskPages}>{source}</PageTitle>
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
