'use client';
import { useSearchParams } from 'next/navigation';
import { prettyJson } from '@/lib/client/format';
import { useJob } from '@/lib/client/hooks';
import { jobTabsFor, openJobTab } from '@/lib/client/job-reading';
import { jobHref, overviewHref, parseJobTab, queueHref, sourceHref } from '@/lib/client/routes';
import type { JobTab } from '@/lib/client/routes';
import type { JobDetail } from '@/lib/client/types';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { JobActions } from '@/components/job/job-actions';
import { PageTitle } from '@/components/ui/page-title';
import { QueryView } from '@/components/ui/query-view';
import { TabLinks } from '@/components/ui/tab-links';
import { WidgetBoundary } from '@/components/ui/widget-boundary';
import { JsonView } from '@/components/ui/json-view';
import { BlockedNotice } from './blocked-notice';
import { ErrorView } from './error-view';
import { FlowView } from './flow-view';
import { JobHeader } from './job-header';
import { JobLifecycle } from './job-lifecycle';
import { LogsView } from './logs-view';
import { PayloadView } from './payload-view';
import { TextBlock } from '@/components/ui/text-block';
import { TimelineView } from './timeline-view';

const tabLabels: Record<JobTab, string> = {
  data: 'Data',
  options: 'Options',
  logs: 'Logs',
  error: 'Error',
  return: 'Return value',
  timeline: 'Timeline',
  flow: 'Flow',
};

function JobTabContent({ source, queue, job, tab }: { source: string; queue: string; job: JobDetail; tab: JobTab }) {
  switch (tab) {
    case 'data':
      return <PayloadView source={source} queue={queue} job={job.id} field="data" payload={job.data} label="Data" />;
    case 'options':
      return (
        <div className="space-y-3">
          <JsonView label="Options" value={job.opts} rootName="opts" testId="job-options" />
          <TextBlock label="Raw fields" text={prettyJson(job.raw)} testId="job-raw" defaultOpen={false} />
        </div>
      );
    case 'logs':
      return <LogsView source={source} queue={queue} job={job.id} />;
    case 'error':
      return <ErrorView job={job} />;
    case 'return':
      return (
        <PayloadView source={source} queue={queue} job={job.id} field="returnValue" payload={job.returnValue} label="Return value" />
      );
    case 'timeline':
      return <TimelineView source={source} queue={queue} job={job.id} />;
    case 'flow':
      return <FlowView source={source} queue={queue} job={job.id} inFlow={job.parent !== null || job.children.length > 0} />;
  }
}

/**
 * Read top to bottom, as bull-board's job card: the facts, a blocked flow's alarm, the actions, the
 * lifecycle (added → started by → finished), then only the tabs that have something to show.
 */
function JobDetails({ source, queue, job, tab }: { source: string; queue: string; job: JobDetail; tab: JobTab | null }) {
  const current = openJobTab(job, tab);
  const counts: Partial<Record<JobTab, number>> = { logs: job.logCount };
  if (job.children.length > 0) counts.flow = job.children.length;
  return (
    <div className="space-y-4">
      {/* Wide screens: the lifecycle beside the facts, so a failure's cause stays above the fold. */}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(20rem,28rem)]">
        <div className="min-w-0 space-y-4">
          <JobHeader source={source} job={job} />
          <BlockedNotice source={source} job={job} />
          <JobActions source={source} job={job} />
        </div>
        <JobLifecycle job={job} />
      </div>
      {/* The job's tabs wrap rather than scroll: a phone sees every one without hunting sideways. */}
      <div className="[&_[role=tablist]]:min-w-0 [&_[role=tablist]]:flex-wrap">
        <TabLinks
          label="Job details"
          testId="job-tabs"
          current={current}
          tabs={jobTabsFor(job).map((key) => ({
            key,
            label: tabLabels[key],
            href: jobHref(source, queue, job.id, key),
            count: counts[key],
          }))}
        />
      </div>
      <div role="tabpanel" data-testid={`tabpanel-${current}`}>
        <WidgetBoundary>
          <JobTabContent source={source} queue={queue} job={job} tab={current} />
        </WidgetBoundary>
      </div>
    </div>
  );
}

export function JobView({ source, queue, job }: { source: string; queue: string; job: string }) {
  const tab = parseJobTab(useSearchParams().get('tab'));
  const detail = useJob(source, queue, job);
  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Overview', href: overviewHref() },
          { label: source, href: sourceHref(source) },
          { label: queue, href: queueHref(source, queue) },
          { label: job },
        ]}
      />
      <PageTitle>
        Job <span className="font-mono">{job}</span>
      </PageTitle>
      <section className="min-w-0 rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <QueryView query={detail} skeletonRows={8}>
          {(data) => <JobDetails source={source} queue={queue} job={data.job} tab={tab} />}
        </QueryView>
      </section>
    </>
  );
}
