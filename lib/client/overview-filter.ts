/**
 * The overview's "show only queues that …" filter (pure), kept in the URL as `?state=` so a
 * filtered overview is a link: queues holding jobs in a state, or paused, or rate-limited now.
 */
import { overviewHref } from './routes';
import type { JobState, Queue } from './types';

export const overviewFilters = [
  'all',
  'failed',
  'active',
  'waiting',
  'delayed',
  'paused',
  'rate-limited',
] as const;
export type OverviewFilter = (typeof overviewFilters)[number];

export const overviewFilterLabels: Record<OverviewFilter, string> = {
  all: 'All',
  failed: 'Failed',
  active: 'Active',
  waiting: 'Waiting',
  delayed: 'Delayed',
  paused: 'Paused',
  'rate-limited': 'Rate-limited',
};

export function parseOverviewFilter(params: { get(name: string): string | null }): OverviewFilter {
  const value = params.get('state');
  return (overviewFilters as readonly string[]).includes(value ?? '')
    ? (value as OverviewFilter)
    : 'all';
}

export function overviewFilterHref(filter: OverviewFilter): string {
  return filter === 'all' ? overviewHref() : `${overviewHref()}?state=${filter}`;
}

export function queueMatches(queue: Queue, filter: OverviewFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'paused':
      return queue.paused || (queue.counts.paused ?? 0) > 0;
    case 'rate-limited':
      return queue.rateLimitedForMs > 0;
    default:
      return (queue.counts[filter] ?? 0) > 0;
  }
}

/** The job state a queue link should open while filtering, so "failed" leads to the failed jobs. */
export function filterJobState(filter: OverviewFilter): JobState | undefined {
  return filter === 'failed' || filter === 'active' || filter === 'waiting' || filter === 'delayed'
    ? filter
    : undefined;
}

/** What a source says when none of its queues matches. */
export function noMatchText(filter: OverviewFilter): string {
  switch (filter) {
    case 'all':
      return 'No queues found on this source yet.';
    case 'paused':
      return 'No paused queue here.';
    case 'rate-limited':
      return 'No rate-limited queue here.';
    default:
      return `No queue here has ${filter} jobs.`;
  }
}
