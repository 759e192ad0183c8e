/**
 * Pausing reads the same whichever BullMQ wrote the queue: v5 RENAMEs `wait` → `paused`, v6 sets
 * `meta.paused` and leaves the jobs in `wait`. Also: deep pages of a long list walk every job once.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SourceAdapter } from '../types';
import type { BullmqVersion } from './testing/fixtures';
import { Closer, bullmqLibrary, connectionOf, makeAdapter, uniquePrefix } from './testing/fixtures';

describe.each([5, 6] as BullmqVersion[])('pause and deep paging on BullMQ %i queues', (version) => {
  const redisUrl = inject('redisUrl');
  const lib = bullmqLibrary(version);
  const connection = connectionOf(redisUrl);
  const prefix = uniquePrefix(`pause-v${version}`);
  const closer = new Closer();
  let adapter: SourceAdapter;

  beforeAll(() => {
    adapter = closer.add(makeAdapter(redisUrl, prefix));
  });
  afterAll(() => closer.closeAll());

  it('reports a paused queue and its jobs as paused, and waiting again after resume', async () => {
    const queue = closer.add(new lib.Queue('held', { connection, prefix }));
    const before = [(await queue.add('a', {})).id!, (await queue.add('b', {})).id!];
    await queue.pause();
    const after = (await queue.add('c', {})).id!;

    const paused = (await adapter.getQueue('held'))!;
    expect(paused.paused).toBe(true);
    expect(paused.counts).toMatchObject({ paused: 3, waiting: 0 });

    const page = (await adapter.listJobs('held', { state: 'paused', limit: 10 }))!;
    expect(page.total).toBe(3);
    expect(page.jobs.map((row) => row.id)).toEqual([after, ...before.reverse()]);
    for (const row of page.jobs) {
      expect(row.state).toBe('paused');
      // The native name says where BullMQ keeps it: v5's `paused` list, v6's `wait` list.
      expect(row.nativeState).toBe(version === 5 ? 'paused' : 'waiting');
    }
    expect((await adapter.listJobs('held', { state: 'waiting', limit: 10 }))!.total).toBe(0);
    expect((await adapter.getJob('held', after))!.state).toBe('paused');

    await queue.resume();
    const resumed = (await adapter.getQueue('held'))!;
    expect(resumed.paused).toBe(false);
    expect(resumed.counts).toMatchObject({ paused: 0, waiting: 3 });
    const waiting = (await adapter.listJobs('held', { state: 'waiting', limit: 10 }))!;
    expect(waiting.jobs.map((row) => [row.state, row.nativeState])).toEqual(
      Array(3).fill(['waiting', 'waiting']),
    );
    expect((await adapter.getJob('held', after))!.state).toBe('waiting');
  });

  it('walks a long wait list exactly once, newest first, when later pages index from the tail', async () => {
    const queue = closer.add(new lib.Queue('deep', { connection, prefix }));
    const added = await queue.addBulk(
      Array.from({ length: 31 }, (_, i) => ({ name: 'n', data: { i } })),
    );
    const expected = added.map((job) => job.id!).reverse();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<SourceAdapter['listJobs']>> = await adapter.listJobs('deep', {
        state: 'waiting',
        limit: 4,
        cursor,
      });
      expect(page!.total).toBe(31);
      expect(page!.jobs.length).toBeLessThanOrEqual(4);
      seen.push(...page!.jobs.map((row) => row.id));
      cursor = page!.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });
});
