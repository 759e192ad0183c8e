import { describe, expect, it } from 'vitest';
import { exampleJobDetail } from '@/lib/api/examples';
import { hasPayload, jobTabsFor, openJobTab, span, stackTraceAttempts } from './job-reading';
import type { JobDetail } from './types';

const none = { json: null, text: null, bytes: 0, truncated: false };
const job = (overrides: Partial<JobDetail>): JobDetail => ({
  ...exampleJobDetail,
  failedReason: null,
  stacktrace: [],
  logCount: 0,
  parent: null,
  children: [],
  returnValue: none,
  ...overrides,
});

describe('jobTabsFor', () => {
  it('shows only the tabs that have content', () => {
    const completed = job({ state: 'completed', returnValue: { json: { ok: 1 }, text: '{"ok":1}', bytes: 8, truncated: false } });
    expect(jobTabsFor(completed)).toEqual(['data', 'options', 'return', 'timeline']);

    const delayed = job({ state: 'delayed' });
    expect(jobTabsFor(delayed)).toEqual(['data', 'options', 'timeline']);

    const failedInFlow = job({
      state: 'failed',
      failedReason: 'boom',
      stacktrace: ['Error: boom'],
      logCount: 3,
      parent: { queue: 'q', id: 'p' },
    });
    expect(jobTabsFor(failedInFlow)).toEqual(['data', 'options', 'logs', 'error', 'timeline', 'flow']);
  });

  it('keeps the error of a completed job that failed an attempt before', () => {
    const retried = job({ state: 'completed', failedReason: 'flaky', stacktrace: ['Error: flaky'] });
    expect(jobTabsFor(retried)).toContain('error');
  });

  it('counts a bare null return value as none', () => {
    expect(hasPayload({ json: null, text: 'null', bytes: 4, truncated: false })).toBe(false);
    expect(hasPayload({ json: 0, text: '0', bytes: 1, truncated: false })).toBe(true);
  });
});

describe('openJobTab', () => {
  it('opens failed jobs on their error, others on data, and ignores an asked-for empty tab', () => {
    const failed = job({ state: 'failed', failedReason: 'boom' });
    expect(openJobTab(failed, null)).toBe('error');
    expect(openJobTab(failed, 'logs')).toBe('error');
    expect(openJobTab(failed, 'options')).toBe('options');
    const waiting = job({ state: 'waiting' });
    expect(openJobTab(waiting, 'return')).toBe('data');
    expect(openJobTab(job({ state: 'waiting', data: none }), null)).toBe('options');
  });
});

describe('span and stackTraceAttempts', () => {
  it('measures forwards only', () => {
    expect(span(100, 350)).toBe(250);
    expect(span(null, 350)).toBeNull();
    expect(span(400, 350)).toBeNull();
  });

  it('numbers each kept stack trace by the attempt that failed', () => {
    const traces = (count: number) => Array.from({ length: count }, (_, index) => `Error ${index}`);
    expect(stackTraceAttempts(job({ state: 'failed', attemptsMade: 3, stacktrace: traces(3) }))).toEqual([1, 2, 3]);
    // Completed on the 3rd attempt: the two traces are attempts 1 and 2.
    expect(stackTraceAttempts(job({ state: 'completed', attemptsMade: 3, stacktrace: traces(2) }))).toEqual([1, 2]);
    // stackTraceLimit 2 after 5 failed attempts: only the newest two are kept.
    expect(stackTraceAttempts(job({ state: 'failed', attemptsMade: 5, stacktrace: traces(2) }))).toEqual([4, 5]);
  });
});
