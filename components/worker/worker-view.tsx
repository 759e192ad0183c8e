'use client';
/**
 * `/sources/[source]/workers/[worker]?tab=`: one Celery worker, as Flower's worker page — its
 * heartbeats on top (live), then tabs over its inspect answers: pool, queues, tasks, limits, config,
 * stats, each with its controls. The answers are asked when the page opens, after each control and
 * on Refresh; the heartbeat facts come with the HTML.
 */
import { useId } from 'react';
import { isApiError } from '@/lib/client/api';
import { useSources, useWorkers } from '@/lib/client/hooks';
import { sourceHref } from '@/lib/client/routes';
import { useWorkerDetail } from '@/lib/client/worker-hooks';
import type { WorkerTab } from '@/lib/client/worker-routes';
import { workerHref, workerTabs, workersHref } from '@/lib/client/worker-routes';
import { useControls } from '@/components/access/use-controls';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { ControlButton } from '@/components/ui/control-button';
import { NotFoundState } from '@/components/ui/not-found-state';
import { PageTitle } from '@/components/ui/page-title';
import { Panel } from '@/components/ui/panel';
import { TabLinks } from '@/components/ui/tab-links';
import { ConfigTab } from './config-tab';
import { LimitsTab } from './limits-tab';
import { PoolTab } from './pool-tab';
import { QueuesTab } from './queues-tab';
import { ShutdownControl } from './shutdown-control';
import { StatsTab } from './stats-tab';
import { TasksTab } from './tasks-tab';
import { WorkerHeader } from './worker-header';

const tabLabels: Record<WorkerTab, string> = {
  pool: 'Pool',
  queues: 'Queues',
  tasks: 'Tasks',
  limits: 'Limits',
  config: 'Config',
  stats: 'Stats',
};

export function WorkerView({ source, worker, tab }: { source: string; worker: string; tab: WorkerTab }) {
  const panelId = useId();
  const sources = useSources();
  const workers = useWorkers(source);
  const detail = useWorkerDetail(source, worker);
  const controls = useControls(source);
  const summary = sources.data?.sources.find((candidate) => candidate.id === source);
  const known = workers.data?.workers.find((candidate) => candidate.name === worker);

  if (sources.data && !summary)
    return (
      <NotFoundState
        title={`Source “${source}” not found`}
        explanation={`No source with the id “${source}” is configured.`}
        back={{ href: workersHref(), label: 'All workers' }}
      />
    );
  if (isApiError(detail.error, 'not_found') && !known)
    return (
      <NotFoundState
        title={`Worker “${worker}” not found`}
        explanation={`Source “${source}” has no heartbeat on record from “${worker}”, and no worker of that name answered.`}
        back={{ href: workersHref(source), label: `Workers of ${summary?.label ?? source}` }}
      />
    );

  const counts: Partial<Record<WorkerTab, number>> = detail.data
    ? {
        queues: detail.data.detail.activeQueues.length,
        tasks: detail.data.detail.active.length + detail.data.detail.reserved.length + detail.data.detail.scheduled.length,
        limits: detail.data.detail.registered.length,
      }
    : {};

  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Workers', href: workersHref(source) },
          { label: summary?.label ?? source, href: sourceHref(source) },
          { label: worker },
        ]}
      />
      <PageTitle
        aside={
          <div className="ml-auto flex flex-wrap items-center gap-2">
            <ControlButton
              onClick={() => void detail.refetch()}
              disabled={detail.isFetching}
              aria-busy={detail.isFetching}
              data-testid="worker-refresh"
            >
              {detail.isFetching ? 'Asking…' : 'Ask again'}
            </ControlButton>
            {controls.can('worker.shutdown', 'admin') && known?.status !== 'offline' ? (
              <ShutdownControl source={source} worker={worker} disabled={detail.isFetching && !detail.data} />
            ) : null}
          </div>
        }
      >
        {worker}
      </PageTitle>
      <div className="space-y-4">
        <Panel title="Heartbeats" testId="worker-heartbeats">
          <WorkerHeader worker={known} />
        </Panel>
        <section className="space-y-3" aria-label="What the worker answers">
          <TabLinks
            label="Worker"
            testId="worker-tabs"
            panelId={panelId}
            current={tab}
            tabs={workerTabs.map((key) => ({
              key,
              label: tabLabels[key],
              href: workerHref(source, worker, key),
              ...(counts[key] !== undefined ? { count: counts[key] } : {}),
            }))}
          />
          <div id={panelId} role="tabpanel" aria-label={tabLabels[tab]} className="rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
            {tab === 'pool' ? <PoolTab source={source} worker={worker} known={known} detail={detail} controls={controls} /> : null}
            {tab === 'queues' ? <QueuesTab source={source} worker={worker} detail={detail} controls={controls} /> : null}
            {tab === 'tasks' ? <TasksTab source={source} worker={worker} detail={detail} /> : null}
            {tab === 'limits' ? <LimitsTab source={source} worker={worker} detail={detail} controls={controls} /> : null}
            {tab === 'config' ? <ConfigTab worker={worker} detail={detail} /> : null}
            {tab === 'stats' ? <StatsTab worker={worker} detail={detail} /> : null}
          </div>
        </section>
      </div>
    </>
  );
}
