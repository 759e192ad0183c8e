'use client';
import { useSearchParams } from 'next/navigation';
import { prettyJson } from '@/lib/client/format';
import { useJob } from '@/lib/client/hooks';
import { jobHref, overviewHref, parseJobTab, queueHref, sourceHref } from '@/lib/client/routes';
import type { JobTab } from '@/lib/client/routes';
import type { JobDetail } from '@/lib/client/types';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { JobActions } from '@/components/job/job-actions';
import { PageTitle } from '@/components/ui/page-title';
import { QueryView } from '@/components/ui/query-view';
import { TabLinks } from '@/components/ui/tab-links';
import { WidgetBoundary } from '@/components/ui/widget-boundary';
import { ErrorView } from './error-view';
import { FlowView } from './flow-view';
import { JobHeader } from './job-header';
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

/** Failed jobs open on their error; the rest on their data. */
const defaultTab = (job: JobDetail): JobTab => (job.state === 'failed' ? 'error' : 'data');

function JobTabContent({ source, queue, job, tab }: { source: string; queue: string; job: JobDetail; tab: JobTab }) {
  switch (tab) {
    case 'data':
      return <PayloadView source={source} queue={queue} job={job.id} field="data" payload={job.data} label="Data" />;
    case 'options':
      return (
        <div className="space-y-3">
          <TextBlock label="Options" text={prettyJson(job.opts)} testId="job-options" />
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

function JobDetails({ source, queue, job, tab }: { source: string; queue: string; job: JobDetail; tab: JobTab | null }) {
  const current = tab ?? defaultTab(job);
  const counts: Partial<Record<JobTab, number>> = { logs: job.logCount };
  if (job.children.length > 0) counts.flow = job.children.length;
  return (
    <div className="space-y-4">
      <JobHeader source={source} job={job} />
      <JobActions source={source} job={job} />
      <TabLinks
        label="Job details"
        testId="job-tabs"
        current={current}
        tabs={(Object.keys(tabLabels) as JobTab[]).map((key) => ({
          key,
          label: tabLabels[key],
          href: jobHref(source, queue, job.id, key),
          count: counts[key],
        }))}
      />
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
