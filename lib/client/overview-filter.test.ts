import { describe, expect, it } from 'vitest';
import type { JobState, Queue } from './types';
import { jobStates } from './routes';
import {
  filterJobState,
  noMatchText,
  overviewFilterHref,
  parseOverviewFilter,
  queueMatches,
} from './overview-filter';

const counts = (some: Partial<Record<JobState, number>>) =>
  Object.fromEntries(jobStates.map((state) => [state, some[state] ?? 0])) as Record<
    JobState,
    number
  >;

function queue(overrides: Partial<Queue> = {}): Queue {
  return {
    source: 'main',
    name: 'q',
    counts: counts({ completed: 9 }),
    paused: false,
    globalConcurrency: null,
    rateLimit: null,
    rateLimitedForMs: 0,
    schedulerCount: 0,
    workerCount: 0,
    meta: {},
    ...overrides,
  };
}

describe('overview filter', () => {
  it('reads ?state= and falls back to all for anything else', () => {
    expect(parseOverviewFilter(new URLSearchParams('state=failed'))).toBe('failed');
    expect(parseOverviewFilter(new URLSearchParams('state=rate-limited'))).toBe('rate-limited');
    expect(parseOverviewFilter(new URLSearchParams('state=bogus'))).toBe('all');
    expect(parseOverviewFilter(new URLSearchParams(''))).toBe('all');
  });

  it('writes the filter into the overview link, and nothing for all', () => {
    expect(overviewFilterHref('failed')).toBe('/?state=failed');
    expect(overviewFilterHref('all')).toBe('/');
  });

  it('matches queues holding jobs in the state', () => {
    expect(queueMatches(queue(), 'failed')).toBe(false);
    expect(queueMatches(queue({ counts: counts({ failed: 2 }) }), 'failed')).toBe(true);
    expect(queueMatches(queue({ counts: counts({ delayed: 1 }) }), 'delayed')).toBe(true);
    expect(queueMatches(queue(), 'all')).toBe(true);
  });

  it('matches a paused queue by its flag or its paused jobs, and a limited one while limited', () => {
    expect(queueMatches(queue({ paused: true }), 'paused')).toBe(true);
    expect(queueMatches(queue({ counts: counts({ paused: 3 }) }), 'paused')).toBe(true);
    expect(queueMatches(queue(), 'paused')).toBe(false);
    expect(queueMatches(queue({ rateLimit: { max: 5, durationMs: 1000 } }), 'rate-limited')).toBe(
      false,
    );
    expect(queueMatches(queue({ rateLimitedForMs: 800 }), 'rate-limited')).toBe(true);
  });

  it('opens the filtered state on the queue page when it is a job state', () => {
    expect(filterJobState('failed')).toBe('failed');
    expect(filterJobState('paused')).toBeUndefined();
    expect(filterJobState('all')).toBeUndefined();
  });

  it('says briefly that a source has no match', () => {
    expect(noMatchText('failed')).toBe('No queue here has failed jobs.');
    expect(noMatchText('paused')).toBe('No paused queue here.');
  });
});
