'use client';
/**
 * The sidebar's list of every source and its queues, with live counts and paused / rate-limited
 * marks, narrowed by a filter box. Grouped by source whatever its kind, so Celery and Temporal
 * sources slot in as groups of their own. Each group reads its own source: a source that is down
 * says so in its group and the others stay.
 */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useId, useState } from 'react';
import { useQueues, useSources } from '@/lib/client/hooks';
import { brokerHref, queueHref, sourceHref, sourceWorkersHref, tasksHref } from '@/lib/client/routes';
import { isAtOrUnder, keepsQueue, queueGlance } from '@/lib/client/sidebar';
import type { Queue, SourceSummary } from '@/lib/client/types';
import { LimitIcon, PauseIcon } from '@/components/shell/icons';
import { Skeleton } from '@/components/ui/skeleton';
import { inputClass } from '@/components/ui/control-button';

/** One number of a queue's glance: shown only when not zero, read out with its state. */
function GlanceCount({ value, state, tone }: { value: number; state: string; tone: string }) {
  if (value === 0) return null;
  return (
    <span className={tone} title={`${value} ${state}`} data-testid={`sidebar-count-${state}`}>
      {value.toLocaleString('en')}
      <span className="sr-only"> {state}</span>
    </span>
  );
}

function SidebarQueue({ source, queue, current }: { source: string; queue: Queue; current: boolean }) {
  const glance = queueGlance(queue);
  return (
    <li>
      <Link
        href={queueHref(source, queue.name)}
        // A sidebar may list hundreds of queues: prefetching each page would cost a server render
        // apiece on every page load. The page's data comes from the API anyway.
        prefetch={false}
        aria-current={current ? 'page' : undefined}
        data-testid="sidebar-queue"
        data-queue={queue.name}
        className={`flex items-center gap-2 rounded px-2 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800 ${
          current ? 'bg-zinc-100 font-medium dark:bg-zinc-800' : ''
        }`}
      >
        <span className="min-w-0 flex-1 truncate" title={queue.name}>
          {queue.name}
        </span>
        <span className="tabular flex shrink-0 items-center gap-1.5 text-xs">
          {glance.paused ? (
            <span className="inline-flex text-amber-700 dark:text-amber-400" title="paused" data-testid="sidebar-paused">
              <PauseIcon />
              <span className="sr-only">paused</span>
            </span>
          ) : null}
          {glance.limited ? (
            <span className="inline-flex text-red-700 dark:text-red-400" title="rate-limited now" data-testid="sidebar-limited">
              <LimitIcon />
              <span className="sr-only">rate-limited</span>
            </span>
          ) : null}
          <GlanceCount value={glance.waiting} state="waiting" tone="text-zinc-500 dark:text-zinc-400" />
          <GlanceCount value={glance.active} state="active" tone="text-sky-700 dark:text-sky-400" />
          <GlanceCount value={glance.failed} state="failed" tone="text-red-700 dark:text-red-400" />
        </span>
      </Link>
    </li>
  );
}

function SourceQueueList({ source, filter }: { source: SourceSummary; filter: string }) {
  const queues = useQueues(source.id);
  const pathname = usePathname();
  if (queues.isPending) return <Skeleton rows={2} label={`Loading the queues of ${source.label}`} />;
  if (queues.data === undefined)
    return (
      <p className="px-2 text-xs text-amber-700 dark:text-amber-400" data-testid="sidebar-source-error">
        Cannot list queues: {queues.error?.message}
      </p>
    );
  const kept = queues.data.queues.filter((queue) => keepsQueue(filter, queue.name, source));
  if (kept.length === 0)
    return <p className="px-2 text-xs text-zinc-500 dark:text-zinc-400">{filter ? 'No queue matches.' : 'No queues yet.'}</p>;
  return (
    <ul className="space-y-px">
      {kept.map((queue) => (
        <SidebarQueue
          key={queue.name}
          source={source.id}
          queue={queue}
          current={isAtOrUnder(pathname, queueHref(source.id, queue.name))}
        />
      ))}
    </ul>
  );
}

/** A source with a task index (Celery): its own pages before its queues. */
function SourceTaskPages({ source }: { source: SourceSummary }) {
  const pathname = usePathname();
  const pages = [
    { key: 'tasks', label: 'Tasks', href: tasksHref(source.id) },
    { key: 'workers', label: 'Workers', href: sourceWorkersHref(source.id) },
    { key: 'broker', label: 'Broker', href: brokerHref(source.id) },
  ];
  return (
    <ul className="flex flex-wrap gap-x-1 px-1" aria-label={`Pages of ${source.label}`} data-testid="sidebar-source-pages">
      {pages.map((page) => {
        const current = isAtOrUnder(pathname, page.href);
        return (
          <li key={page.key}>
            <Link
              href={page.href}
              prefetch={false}
              aria-current={current ? 'page' : undefined}
              data-testid={`sidebar-${page.key}`}
              className={`inline-flex rounded px-1.5 py-0.5 text-sm text-sky-700 hover:bg-zinc-100 dark:text-sky-400 dark:hover:bg-zinc-800 ${
                current ? 'bg-zinc-100 font-medium dark:bg-zinc-800' : ''
              }`}
            >
              {page.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function SidebarSource({ source, filter }: { source: SourceSummary; filter: string }) {
  const down = source.status === 'down';
  return (
    <li data-testid={`sidebar-source-${source.id}`} data-status={source.status} className="space-y-1">
      <div className="flex items-center gap-2 px-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        <Link href={sourceHref(source.id)} prefetch={false} className="min-w-0 truncate hover:underline" title={source.label}>
          {source.label}
        </Link>
        <span className="font-normal normal-case">{source.kind}</span>
        {down ? (
          <span className="ml-auto font-normal normal-case text-red-700 dark:text-red-400" data-testid="sidebar-source-down">
            down
          </span>
        ) : null}
      </div>
      {source.capabilities.includes('tasks') ? <SourceTaskPages source={source} /> : null}
      {down ? (
        <p className="truncate px-2 text-xs text-zinc-500 dark:text-zinc-400" title={source.error}>
          Not reachable{source.error ? ` — ${source.error}` : ''}
        </p>
      ) : (
        <SourceQueueList source={source} filter={filter} />
      )}
    </li>
  );
}

export function SidebarQueues() {
  const sources = useSources();
  const [filter, setFilter] = useState('');
  const filterId = useId();
  return (
    <div className="space-y-3">
      <div className="px-2">
        <label htmlFor={filterId} className="sr-only">
          Filter queues
        </label>
        <input
          id={filterId}
          type="search"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          placeholder="Filter queues"
          autoComplete="off"
          data-testid="sidebar-filter"
          className={`${inputClass} w-full`}
        />
      </div>
      {sources.isPending ? (
        <Skeleton rows={4} label="Loading sources" />
      ) : sources.data === undefined ? (
        <p className="px-2 text-xs text-amber-700 dark:text-amber-400">Cannot list sources: {sources.error?.message}</p>
      ) : (
        <ul className="space-y-4" aria-label="Sources and queues" data-testid="sidebar-sources">
          {sources.data.sources.map((source) => (
            <SidebarSource key={source.id} source={source} filter={filter} />
          ))}
        </ul>
      )}
    </div>
  );
}
