'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatDuration } from '@/lib/client/format';
import { useJob, useTaskLookup } from '@/lib/client/hooks';
import { overviewHref, sourceHref, sourceWorkerHref, taskHref, tasksHref } from '@/lib/client/routes';
import { emptyTaskFilter, taskSearch } from '@/lib/client/task-filter';
import type { JobDetail } from '@/lib/client/types';
import { FlowView } from '@/components/job/flow-view';
import { TimelineView } from '@/components/job/timeline-view';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { CopyButton } from '@/components/ui/copy-button';
import { PageTitle } from '@/components/ui/page-title';
import { Panel } from '@/components/ui/panel';
import { QueryView } from '@/components/ui/query-view';
import { RelativeTime } from '@/components/ui/relative-time';
import { StateBadge } from '@/components/ui/state-badge';
import { TextBlock } from '@/components/ui/text-block';
import { TaskActions } from './task-actions';
import { TaskSourceLinks } from './task-source-links';

const link = 'text-sky-700 hover:underline dark:text-sky-400';

const ms = (value: string | undefined): number | null => {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : null;
};

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0" data-testid={testId}>
      <dt className="text-xs text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
      <dd className="text-sm break-all">{children}</dd>
    </div>
  );
}

/** When it was sent, taken, started and ended; how long it waited and ran. */
function Timing({ task }: { task: JobDetail }) {
  const raw = task.raw;
  const received = ms(raw.received);
  const started = ms(raw.started);
  const runtime = raw.runtime ? Number(raw.runtime) * 1000 : task.finishedAt !== null && started !== null ? task.finishedAt - started : null;
  const waited = started !== null ? started - (ms(raw.sent) ?? received ?? started) : null;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="task-timing">
      <Fact label="Sent">
        <RelativeTime at={ms(raw.sent)} />
      </Fact>
      <Fact label="Received">
        <RelativeTime at={received} />
      </Fact>
      <Fact label="Started">
        <RelativeTime at={started} />
      </Fact>
      <Fact label="Finished">
        <RelativeTime at={task.finishedAt} empty={task.runAt !== null ? 'due later' : '—'} />
      </Fact>
      <Fact label="Waited">{waited !== null && waited >= 0 ? formatDuration(waited) : '—'}</Fact>
      <Fact label="Runtime" testId="task-runtime">
        {runtime !== null && runtime >= 0 ? (runtime < 1000 ? `${Math.round(runtime)} ms` : formatDuration(runtime)) : '—'}
      </Fact>
      {task.runAt !== null ? (
        <Fact label="Runs at (ETA)">
          <RelativeTime at={task.runAt} />
        </Fact>
      ) : null}
      {raw.expires ? <Fact label="Expires">{raw.expires}</Fact> : null}
    </dl>
  );
}

/** Root, parent and children: where the task sits in a chain, group or chord. */
function Lineage({ source, task }: { source: string; task: JobDetail }) {
  const root = task.raw.root && task.raw.root !== task.id ? task.raw.root : null;
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3" data-testid="task-lineage">
      <Fact label="Root" testId="task-root">
        {root ? (
          <Link href={taskHref(source, root)} className={`${link} font-mono`}>
            {root}
          </Link>
        ) : (
          'this task'
        )}
      </Fact>
      <Fact label="Parent" testId="task-parent">
        {task.parent ? (
          <Link href={taskHref(source, task.parent.id)} className={`${link} font-mono`} data-testid="task-parent-link">
            {task.parent.id}
          </Link>
        ) : (
          'none'
        )}
      </Fact>
      <Fact label={`Children (${task.children.length})`} testId="task-children">
        {task.children.length === 0 ? (
          'none'
        ) : (
          <ul className="space-y-0.5">
            {task.children.slice(0, 50).map((child) => (
              <li key={child.id} className="flex flex-wrap items-center gap-1">
                <Link href={taskHref(source, child.id)} className={`${link} font-mono text-xs`} data-testid="task-child-link">
                  {child.id}
                </Link>
                {child.state ? <StateBadge state={child.state} /> : null}
              </li>
            ))}
            {task.children.length > 50 ? <li className="text-xs text-zinc-500">and {task.children.length - 50} more</li> : null}
          </ul>
        )}
      </Fact>
    </dl>
  );
}

function TaskDetailView({ source, queue, id }: { source: string; queue: string; id: string }) {
  const detail = useJob(source, queue, id);
  return (
    <QueryView query={detail} skeletonRows={10}>
      {({ job: task }) => {
        const raw = task.raw;
        const inCanvas = Boolean((raw.root && raw.root !== task.id) || task.parent || task.children.length > 0);
        return (
          <div className="space-y-4">
            <PageTitle aside={<TaskSourceLinks source={source} />}>
              <span className="mr-2 align-middle">
                <StateBadge state={task.state} nativeState={task.nativeState} />
              </span>
              <span data-testid="task-name">{task.name}</span>
            </PageTitle>
            <section
              className="space-y-3 rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
              data-testid="task-summary"
              data-state={task.state}
              data-native-state={task.nativeState}
            >
              <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5">
                <Fact label="Task id">
                  <span className="font-mono" data-testid="task-id">
                    {task.id}
                  </span>{' '}
                  <CopyButton text={task.id} label="Copy id" />
                </Fact>
                <Fact label="State">
                  <span data-testid="task-state">{task.nativeState}</span>
                  {raw.revokedHow ? <span className="text-zinc-500 dark:text-zinc-400"> ({raw.revokedHow})</span> : null}
                </Fact>
                <Fact label="Queue">
                  <Link href={tasksHref(source, taskSearch({ ...emptyTaskFilter, queue: task.queue }))} className={link}>
                    {task.queue}
                  </Link>
                </Fact>
                <Fact label="Worker" testId="task-worker">
                  {task.processedBy ? (
                    <Link href={sourceWorkerHref(source, task.processedBy)} prefetch={false} className={link}>
                      {task.processedBy}
                    </Link>
                  ) : (
                    '—'
                  )}
                </Fact>
                <Fact label="Retries" testId="task-retries">
                  {raw.retries ?? '0'}
                </Fact>
              </dl>
              <TaskActions source={source} task={task} />
            </section>
            <Panel title="Timing" testId="task-timing-panel">
              <Timing task={task} />
            </Panel>
            <Panel title="Arguments" testId="task-arguments">
              <div className="space-y-2">
                <TextBlock label="args" text={raw.args ?? '(not reported)'} testId="task-args" />
                <TextBlock label="kwargs" text={raw.kwargs ?? '(not reported)'} testId="task-kwargs" />
                <p className="text-xs text-zinc-500 dark:text-zinc-400">
                  As the worker printed them (Python reprs; Celery cuts long ones at 1024 characters).
                </p>
              </div>
            </Panel>
            {raw.result !== undefined ? (
              <Panel title="Result" testId="task-result">
                <TextBlock label="result" text={task.returnValue.text ?? raw.result} />
              </Panel>
            ) : null}
            {raw.exception || raw.traceback ? (
              <Panel title={task.state === 'failed' ? 'Exception' : 'Last exception'} testId="task-exception">
                <div className="space-y-2">
                  {raw.exception ? <TextBlock label="exception" text={raw.exception} testId="task-exception-text" /> : null}
                  {raw.traceback ? <TextBlock label="traceback" text={raw.traceback} testId="task-traceback" /> : null}
                </div>
              </Panel>
            ) : null}
            <Panel title="Canvas" testId="task-canvas">
              <div className="space-y-4">
                <Lineage source={source} task={task} />
                <FlowView
                  source={source}
                  queue={queue}
                  job={id}
                  inFlow={inCanvas}
                  linkTo={(ref) => taskHref(source, ref.id)}
                  none="Not part of a chain, group or chord."
                />
              </div>
            </Panel>
            <Panel title="Timeline" testId="task-timeline">
              <TimelineView source={source} queue={queue} job={id} linkTo={(ref) => taskHref(source, ref.id)} />
            </Panel>
          </div>
        );
      }}
    </QueryView>
  );
}

/**
 * One Celery task, read top to bottom: state and where it ran with the controls beside them, its
 * timing, arguments, result or exception and traceback (text, never HTML), then the canvas around
 * it and its events. The URL names no queue: the task is looked up first (served with the HTML),
 * then read by its queue so the live feed's events for it refresh it.
 */
export function TaskView({ source, task }: { source: string; task: string }) {
  const lookup = useTaskLookup(source, task);
  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Overview', href: overviewHref() },
          { label: source, href: sourceHref(source) },
          { label: 'Tasks', href: tasksHref(source) },
          { label: task },
        ]}
      />
      <QueryView query={lookup} skeletonRows={10}>
        {({ ref }) => <TaskDetailView source={source} queue={ref.queue} id={task} />}
      </QueryView>
    </>
  );
}
