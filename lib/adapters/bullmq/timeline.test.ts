import { describe, expect, it } from 'vitest';
import type { JobDetail, TimelineEvent } from '../types';
import { orderByTime, toAttempts, toTimelineEvents } from './timeline';

describe('toAttempts', () => {
  it('gives a completed retry its earlier failure', () => {
    const attempts = toAttempts({
      state: 'completed',
      fields: { atm: '2', ats: '2', processedOn: '200', finishedOn: '250' },
      stacktrace: ['Error: first\n at x'],
    });
    expect(attempts).toEqual([
      { number: 1, startedAt: null, finishedAt: null, outcome: 'failed', error: 'Error: first' },
      { number: 2, startedAt: 200, finishedAt: 250, outcome: 'completed', error: null },
    ]);
  });

  it('marks the running attempt of an active job', () => {
    const attempts = toAttempts({
      state: 'active',
      fields: { atm: '1', ats: '2', processedOn: '300' },
      stacktrace: ['Error: a'],
    });
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'running']);
    expect(attempts[1]!.startedAt).toBe(300);
  });

  it('lines up a capped stacktrace with the newest failures', () => {
    const attempts = toAttempts({
      state: 'failed',
      fields: { atm: '3', ats: '3', failedReason: 'third' },
      stacktrace: ['Error: second', 'Error: third'],
    });
    expect(attempts.map((attempt) => attempt.error)).toEqual([
      null,
      'Error: second',
      'Error: third',
    ]);
  });

  it('shows a failed attempt waiting for its retry', () => {
    const attempts = toAttempts({
      state: 'delayed',
      fields: { atm: '1', ats: '1', processedOn: '10', failedReason: 'nope' },
      stacktrace: [],
    });
    expect(attempts).toEqual([
      { number: 1, startedAt: 10, finishedAt: null, outcome: 'failed', error: 'nope' },
    ]);
  });

  it('has no attempts before the first start', () => {
    expect(toAttempts({ state: 'waiting', fields: {}, stacktrace: [] })).toEqual([]);
  });
});

describe('orderByTime', () => {
  const event = (type: string, at: number | null): TimelineEvent => ({
    at,
    type,
    title: type,
    detail: null,
    status: 'info',
    child: null,
  });

  it('sorts by time and keeps untimed events after their predecessor', () => {
    const ordered = orderByTime([
      event('added', 10),
      event('child', 30),
      event('attempt-1', null),
      event('attempt-2', 20),
      event('done', 40),
    ]);
    expect(ordered.map((e) => e.type)).toEqual([
      'added',
      'attempt-2',
      'child',
      'attempt-1',
      'done',
    ]);
  });
});

describe('toTimelineEvents', () => {
  const job = {
    id: '1',
    queue: 'q',
    name: 'parent',
    state: 'completed',
    nativeState: 'completed',
    createdAt: 100,
    processedAt: 300,
    finishedAt: 400,
    runAt: null,
    attemptsMade: 1,
    maxAttempts: 1,
    priority: 0,
    progress: 100,
    failedReason: null,
    dataBytes: 2,
    data: { json: {}, text: '{}', bytes: 2, truncated: false },
    opts: {},
    returnValue: { json: 'ok', text: '"ok"', bytes: 4, truncated: false },
    stacktrace: [],
    logCount: 0,
    parent: null,
    children: [],
    attempts: [{ number: 1, startedAt: 300, finishedAt: 400, outcome: 'completed', error: null }],
    processedBy: null,
    blockedBy: [],
    raw: { delay: '0' },
  } satisfies JobDetail;

  it('tells added → children → attempt → completed in time order', () => {
    const events = toTimelineEvents(job, [
      {
        ref: { queue: 'parts', id: 'c1' },
        name: 'child',
        state: 'completed',
        createdAt: 101,
        finishedAt: 200,
      },
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'added',
      'waiting-children',
      'child',
      'attempt-started',
      'progress',
      'completed',
    ]);
    expect(events.find((e) => e.type === 'child')).toMatchObject({
      at: 200,
      status: 'success',
      child: { queue: 'parts', id: 'c1' },
    });
    expect(events.at(-1)).toMatchObject({ at: 400, status: 'success', detail: '"ok"' });
  });

  it('shows a delay and when it ends', () => {
    const delayed = {
      ...job,
      state: 'delayed',
      runAt: 5_000,
      attempts: [],
      attemptsMade: 0,
      finishedAt: null,
      raw: { delay: '4900' },
    } satisfies JobDetail;
    const events = toTimelineEvents(delayed, []);
    expect(events.map((e) => e.type)).toEqual(['added', 'delayed', 'progress']);
    expect(events[1]!.detail).toBe(`until ${new Date(5_000).toISOString()}`);
  });
});
