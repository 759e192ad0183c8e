import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Queue } from '@/lib/adapters/types';
import { jobStates } from '@/lib/adapters/types';
import { ApiError } from './api';
import { applyLiveEvent, topicsFor } from './live-apply';
import { queryKeys } from './query-keys';

const counts = (completed: number) =>
  ({ ...Object.fromEntries(jobStates.map((state) => [state, 0])), completed }) as Queue['counts'];
const queue = (name: string, completed: number, workerCount: number | null = 2): Queue => ({
  source: 'main',
  name,
  counts: counts(completed),
  paused: false,
  globalConcurrency: null,
  rateLimit: null,
  rateLimitedForMs: 0,
  schedulerCount: 0,
  workerCount,
  meta: {},
});

describe('applying live events to the query cache', () => {
  it('sets a workers list in place where one is held, and creates none', () => {
    const client = new QueryClient();
    const worker = { id: 'w', name: 'w', queues: [], address: null, ageSeconds: 1, idleSeconds: null, status: 'offline' as const };
    applyLiveEvent(client, { type: 'workers', source: 'other', workers: [worker] });
    expect(client.getQueryData(queryKeys.workers('other'))).toBeUndefined();
    client.setQueryData(queryKeys.workers('cel'), { known: true, workers: [{ ...worker, status: 'online' }] });
    applyLiveEvent(client, { type: 'workers', source: 'cel', workers: [worker] });
    expect(client.getQueryData(queryKeys.workers('cel'))).toEqual({ known: true, workers: [worker] });
  });

  it("refetches a Celery source's broker view only when a queue's broker facts moved", () => {
    const client = new QueryClient();
    const celery = (waiting: string, completed: number): Queue => ({ ...queue('q', completed), meta: { kind: 'celery', brokerWaiting: waiting } });
    client.setQueryData(queryKeys.queues('cel'), { source: 'cel', queues: [celery('3', 0)] });
    client.setQueryData(queryKeys.broker('cel'), { source: 'cel', broker: {} });
    const stale = () => client.getQueryState(queryKeys.broker('cel'))!.isInvalidated;
    const { workerCount: _a, ...sameBroker } = celery('3', 5);
    applyLiveEvent(client, { type: 'counts', source: 'cel', queue: sameBroker });
    expect(stale()).toBe(false);
    const { workerCount: _b, ...moved } = celery('4', 5);
    applyLiveEvent(client, { type: 'counts', source: 'cel', queue: moved });
    expect(stale()).toBe(true);
  });

  it('sets counts in place on the queues and queue queries, keeping the worker count it did not get', () => {
    const client = new QueryClient();
    client.setQueryData(queryKeys.queues('main'), { source: 'main', queues: [queue('a', 1), queue('b', 5)] });
    client.setQueryData(queryKeys.queue('main', 'a'), { queue: queue('a', 1), metrics: null });
    const { workerCount: _omitted, ...facts } = queue('a', 9);
    applyLiveEvent(client, { type: 'counts', source: 'main', queue: facts });
    const list = client.getQueryData<{ queues: Queue[] }>(queryKeys.queues('main'))!;
    expect(list.queues.map((entry) => [entry.name, entry.counts.completed, entry.workerCount])).toEqual([
      ['a', 9, 2],
      ['b', 5, 2],
    ]);
    expect(client.getQueryData<{ queue: Queue }>(queryKeys.queue('main', 'a'))!.queue.counts.completed).toBe(9);
    // Nothing was invalidated: no refetch for a counts change.
    expect(client.getQueryState(queryKeys.queues('main'))!.isInvalidated).toBe(false);
  });

  it("refreshes a source's task lists when a queue's counts moved, not when only its other facts did", () => {
    const client = new QueryClient();
    client.setQueryData(queryKeys.queues('main'), { source: 'main', queues: [queue('a', 1)] });
    const tasks = queryKeys.tasks('main', { state: 'failed', limit: '50' });
    const otherSource = queryKeys.tasks('other', { limit: '50' });
    client.setQueryData(tasks, { tasks: [] });
    client.setQueryData(otherSource, { tasks: [] });
    const { workerCount: _omitted, ...same } = queue('a', 1);
    applyLiveEvent(client, { type: 'counts', source: 'main', queue: { ...same, meta: { oldestUnackedAgeMs: '900' } } });
    expect(client.getQueryState(tasks)!.isInvalidated).toBe(false);
    const { workerCount: _none, ...moved } = queue('a', 2);
    applyLiveEvent(client, { type: 'counts', source: 'main', queue: moved });
    expect(client.getQueryState(tasks)!.isInvalidated).toBe(true);
    expect(client.getQueryState(otherSource)!.isInvalidated).toBe(false);
  });

  it('invalidates only the job lists of the states that changed, and sets progress in place', () => {
    const client = new QueryClient();
    const completed = queryKeys.jobs('main', 'a', 'completed', null, 50);
    const delayed = queryKeys.jobs('main', 'a', 'delayed', null, 50);
    client.setQueryData(completed, { jobs: [] });
    client.setQueryData(delayed, { jobs: [] });
    applyLiveEvent(client, { type: 'jobs', source: 'main', queue: 'a', states: ['active', 'completed'] });
    expect(client.getQueryState(completed)!.isInvalidated).toBe(true);
    expect(client.getQueryState(delayed)!.isInvalidated).toBe(false);

    const job = queryKeys.job('main', 'a', '7');
    client.setQueryData(job, { job: { id: '7', progress: 0 } });
    applyLiveEvent(client, { type: 'job', source: 'main', queue: 'a', id: '7', event: 'progress', state: null, progress: 40, at: 1 });
    expect(client.getQueryData<{ job: { progress: unknown } }>(job)!.job.progress).toBe(40);
    expect(client.getQueryState(job)!.isInvalidated).toBe(false);
    applyLiveEvent(client, { type: 'job', source: 'main', queue: 'a', id: '7', event: 'completed', state: 'completed', at: 2 });
    expect(client.getQueryState(job)!.isInvalidated).toBe(true);
  });

  /** A query on screen with an answer (`data`), and the error of its last fetch if any. */
  const on = (queryKey: readonly unknown[], data: unknown = {}, error: unknown = null) => ({
    queryKey,
    state: { data, error } as never,
    getObserversCount: () => 1,
  });
  /** A query on screen that has no data: still loading, or failed with `error`. */
  const without = (queryKey: readonly unknown[], error: unknown = null) => ({
    ...on(queryKey),
    state: { data: undefined, error } as never,
  });

  it('derives the narrowest topics from the queries on screen', () => {
    expect(
      topicsFor([
        on(queryKeys.sources(), { sources: [{ id: 'main' }, { id: 'b/c' }] }),
        on(queryKeys.jobs('main', 'q/1', 'failed', null, 50)),
        on(queryKeys.timeline('main', 'q', '42')),
        { ...on(queryKeys.queue('main', 'hidden')), getObserversCount: () => 0 },
      ]),
    ).toEqual(['b%2Fc', 'main', 'main/job/q/42', 'main/q%2F1']);
  });

  it('follows the workers of a source for its workers list and its worker pages', () => {
    expect(topicsFor([on(queryKeys.workers('cel')), on(queryKeys.workerDetail('cel', 'w@h'))])).toEqual(['cel', 'cel/workers/*']);
  });

  it('names nothing that answered 404 or has not answered yet, but keeps a source that is down', () => {
    const notFound = new ApiError('not_found', 'queue "typo" not found', 404);
    const down = new ApiError('source_unavailable', 'connection refused', 503);
    expect(
      topicsFor([
        // A mistyped source, queue and job: each query got its 404 and no data.
        without(queryKeys.queues('nope'), notFound),
        without(queryKeys.queue('main', 'typo'), notFound),
        without(queryKeys.job('main', 'emails', '999'), notFound),
        // Still loading: it may turn out not to exist.
        without(queryKeys.queue('main', 'pending')),
        // A job removed while on screen: old data, then a 404.
        on(queryKeys.job('main', 'emails', 'gone'), { job: {} }, notFound),
        // A source that went down keeps its last data and its topic.
        on(queryKeys.queues('flaky'), { queues: [] }, down),
        on(queryKeys.queue('main', 'emails'), { queue: {} }),
      ]),
    ).toEqual(['flaky', 'main/emails']);
  });
});
