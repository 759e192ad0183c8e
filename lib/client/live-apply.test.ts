import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Queue } from '@/lib/adapters/types';
import { jobStates } from '@/lib/adapters/types';
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

  it('derives the narrowest topics from the queries on screen', () => {
    const on = (queryKey: readonly unknown[], data?: unknown) => ({
      queryKey,
      state: { data } as never,
      getObserversCount: () => 1,
    });
    expect(
      topicsFor([
        on(queryKeys.sources(), { sources: [{ id: 'main' }, { id: 'b/c' }] }),
        on(queryKeys.jobs('main', 'q/1', 'failed', null, 50)),
        on(queryKeys.timeline('main', 'q', '42')),
        { ...on(queryKeys.queue('main', 'hidden')), getObserversCount: () => 0 },
      ]),
    ).toEqual(['b%2Fc', 'main', 'main/job/q/42', 'main/q%2F1']);
  });
});
