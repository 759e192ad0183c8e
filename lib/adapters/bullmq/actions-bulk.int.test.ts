/**
 * Bulk actions at size and the global rate limit under a real worker, through the adapter's actions.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SourceActions, SourceAdapter } from '../types';
import { BULK_CHUNK } from './actions-bulk';
import { Closer, connectionOf, makeAdapter, uniquePrefix } from './testing/fixtures';

const prefix = uniquePrefix('bulk');
const closer = new Closer();
let redis: Redis;
let redisUrl: string;
let adapter: SourceAdapter;
let actions: SourceActions;

/** `count` failed jobs in BullMQ 6's layout, written with pipelines (a worker would take minutes). */
async function seedFailed(queue: string, count: number, finishedAt: number) {
  const base = `${prefix}:${queue}`;
  await redis.hset(`${base}:meta`, 'version', 'bullmq:6.7.0', 'opts.maxLenEvents', 10_000);
  for (let start = 1; start <= count; start += 5_000) {
    const pipeline = redis.pipeline();
    const members: (string | number)[] = [];
    for (let id = start; id < start + 5_000 && id <= count; id++) {
      pipeline.hset(`${base}:${id}`, {
        name: 'seeded',
        data: JSON.stringify({ id }),
        opts: '{"attempts":1}',
        timestamp: finishedAt - 1_000,
        processedOn: finishedAt - 500,
        finishedOn: finishedAt,
        failedReason: 'seeded failure',
        atm: 1,
        ats: 1,
      });
      members.push(finishedAt, String(id));
    }
    pipeline.zadd(`${base}:failed`, ...members);
    await pipeline.exec();
  }
  await redis.set(`${base}:id`, count);
}

beforeAll(() => {
  redisUrl = inject('redisUrl');
  redis = new Redis(redisUrl);
  adapter = closer.add(makeAdapter(redisUrl, prefix));
  actions = adapter.actions!;
});

afterAll(async () => {
  await closer.closeAll();
  redis.disconnect();
});

describe('bulk actions at size', () => {
  it('retries 25,000 failed jobs in chunks and reports every one it touched', async () => {
    const queue = 'many-failed';
    const total = 25_000;
    await seedFailed(queue, total, Date.now() - 60_000);
    // A job that fails after the retry started is not retried by it (finished after `before`).
    const before = Date.now() - 30_000;
    await redis.zadd(`${prefix}:${queue}:failed`, Date.now(), 'late');
    await redis.hset(`${prefix}:${queue}:late`, {
      name: 'late',
      opts: '{}',
      finishedOn: Date.now(),
      failedReason: 'x',
    });

    const result = await actions.queue!.retryAll!(queue, { state: 'failed', before });
    expect(result).toEqual({
      state: 'failed',
      touched: total,
      chunks: Math.ceil(total / BULK_CHUNK) + 1,
    });
    expect(await redis.zcard(`${prefix}:${queue}:failed`)).toBe(1);
    expect(await redis.llen(`${prefix}:${queue}:wait`)).toBe(total);
    expect(await redis.hget(`${prefix}:${queue}:1`, 'failedReason')).toBeNull();
  });

  it('cleans in chunks of at most 10,000 and stops at the limit', async () => {
    const queue = 'many-to-clean';
    await seedFailed(queue, 12_000, Date.now() - 60_000);
    const limited = await actions.queue!.clean!(queue, { state: 'failed', graceMs: 0, limit: 11_000 });
    expect(limited).toEqual({ state: 'failed', touched: 11_000, chunks: 2 });
    expect(await redis.zcard(`${prefix}:${queue}:failed`)).toBe(1_000);
    expect(await redis.exists(`${prefix}:${queue}:5`)).toBe(0);
  });
});

describe('global rate limit', () => {
  it('holds a real worker to about N jobs per second', async () => {
    const queue = 'limited';
    const perSecond = 5;
    const connection = { ...connectionOf(redisUrl), maxRetriesPerRequest: null };
    const producer = closer.add(new Queue(queue, { connection, prefix }));
    await producer.addBulk(Array.from({ length: 100 }, (_, i) => ({ name: 'tick', data: { i } })));
    const set = await actions.queueLimit!.rateLimit!(queue, { max: perSecond, durationMs: 1_000 });
    expect(set?.rateLimit).toEqual({ max: perSecond, durationMs: 1_000 });

    let completed = 0;
    const started = Date.now();
    const worker = closer.add(
      new Worker(queue, async () => undefined, { connection, prefix, concurrency: 20 }),
    );
    worker.on('completed', () => (completed += 1));
    // Count-based: let the worker run for a while, then compare the count with what the limit allows
    // over the time that actually elapsed (measured, not asserted).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await worker.pause(true);
    const elapsedSeconds = (Date.now() - started) / 1_000;
    const allowed = perSecond * (Math.ceil(elapsedSeconds) + 1);
    expect(completed).toBeGreaterThanOrEqual(perSecond);
    expect(completed).toBeLessThanOrEqual(allowed);
    // Without the limit, 20-way concurrency would have finished all 100 long ago.
    expect(completed).toBeLessThan(100);
    await worker.close();
  });
});
