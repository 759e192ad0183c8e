/**
 * The dead-letter walk against BullMQ's own view: hundreds of jobs failed by real workers in two
 * sources and several queues (one with a long name), most of them at the very same millisecond,
 * walked through the real API at page sizes 1, 2, 3, 7 and 50. Every failure BullMQ's
 * `queue.getFailed()` lists must come exactly once, each queue's in BullMQ's own order.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SourceRegistry } from '@/lib/adapters/registry';
import {
  Closer,
  connectionOf,
  eventually,
  uniquePrefix,
} from '@/lib/adapters/bullmq/testing/fixtures';
import { closeDashboardRedis } from '@/lib/auth/store';
import { YardmasterConfig } from '@/lib/config';
import { createApiHandler } from './handler';
import type { ApiHandler } from './handler';
import { DeadLettersResponse, MAX_DEAD_LETTER_CURSOR_CHARS } from './schemas';

const closer = new Closer();
const prefixes = { main: uniquePrefix('dl-main'), alt: uniquePrefix('dl-alt') };
const LONG_QUEUE = `dl-long-${'q'.repeat(300)}`;
const QUEUES: Array<{ source: keyof typeof prefixes; queue: string; jobs: number }> = [
  { source: 'main', queue: 'dl-emails', jobs: 150 },
  { source: 'main', queue: 'dl-e', jobs: 90 },
  { source: 'main', queue: LONG_QUEUE, jobs: 60 },
  { source: 'alt', queue: 'dl-emails', jobs: 134 },
];
/** Three times; most failures share the first (a burst within one millisecond). */
const BURST_AT = 1_736_942_400_000;

let redis: Redis;
let registry: SourceRegistry;
let api: ApiHandler;

interface Failure {
  source: string;
  queue: string;
  id: string;
  finishedOn: number;
}

/** `jobs` real failures in `queue`, half with custom ids, then their finish times pinned. */
async function failInBurst(redisUrl: string, prefix: string, queue: string, jobs: number) {
  const connection = connectionOf(redisUrl);
  const producer = closer.add(new Queue(queue, { connection, prefix }));
  await producer.addBulk(
    Array.from({ length: jobs }, (_, i) => ({
      name: 'doomed',
      data: { i },
      opts: i % 2 === 0 ? { jobId: `order-${i}` } : {},
    })),
  );
  const worker = new Worker(
    queue,
    async (job) => {
      throw new Error(`boom-${(job.data as { i: number }).i % 2 === 0 ? 'even' : 'odd'}`);
    },
    { connection, prefix, concurrency: 50 },
  );
  await eventually(async () => expect(await producer.getFailedCount()).toBe(jobs));
  await worker.close();
  // A burst of real failures shares milliseconds only by luck; pin most to one instant, as a burst
  // of 100+ failures does (score and finishedOn together, as BullMQ writes them).
  const key = `${prefix}:${queue}:failed`;
  const ids = await redis.zrange(key, 0, -1);
  const pipeline = redis.pipeline();
  ids.forEach((id, index) => {
    const at = index % 5 === 0 ? BURST_AT - 1 - (index % 2) : BURST_AT;
    pipeline.zadd(key, 'XX', at, id);
    pipeline.hset(`${prefix}:${queue}:${id}`, 'finishedOn', at);
  });
  await pipeline.exec();
  return producer;
}

/** BullMQ's own list of failed jobs, per queue, in its order. */
async function bullmqFailures(): Promise<Failure[][]> {
  return Promise.all(
    QUEUES.map(async ({ source, queue }) => {
      const bull = closer.add(
        new Queue(queue, {
          connection: connectionOf(inject('redisUrl')),
          prefix: prefixes[source],
        }),
      );
      const jobs = await bull.getFailed(0, -1);
      return jobs.map((job) => ({ source, queue, id: job.id!, finishedOn: job.finishedOn! }));
    }),
  );
}

async function walk(query: string, limit: number) {
  const shown: Failure[] = [];
  const cursors: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1_000; page++) {
    const path = `/dead-letters?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await api(new Request(`http://127.0.0.1/api/v1${path}`));
    expect(response.status, path).toBe(200);
    const body = DeadLettersResponse.parse(await response.json());
    shown.push(
      ...body.jobs.map((job) => ({
        source: job.source,
        queue: job.queue,
        id: job.id,
        finishedOn: job.finishedAt!,
      })),
    );
    if (body.nextCursor === null) return { shown, cursors };
    cursors.push(body.nextCursor);
    cursor = encodeURIComponent(body.nextCursor);
  }
  throw new Error('the walk did not end in 1,000 pages');
}

const keyOf = (failure: Failure) => `${failure.source}/${failure.queue}/${failure.id}`;

beforeAll(async () => {
  const redisUrl = inject('redisUrl');
  redis = new Redis(redisUrl);
  for (const { source, queue, jobs } of QUEUES) {
    await failInBurst(redisUrl, prefixes[source], queue, jobs);
  }
  registry = new SourceRegistry(
    YardmasterConfig.parse({
      sources: [
        { id: 'main', kind: 'bullmq', redis: redisUrl, prefix: prefixes.main },
        { id: 'alt', kind: 'bullmq', redis: redisUrl, prefix: prefixes.alt },
      ],
      discoveryIntervalMs: 500,
    }),
  );
  api = createApiHandler({ registry, validateResponses: 'all' });
}, 120_000);

afterAll(async () => {
  await closer.closeAll();
  await registry.close();
  await closeDashboardRedis();
  redis.disconnect();
});

describe('dead letters, many failed in the same millisecond', () => {
  it.each([1, 2, 3, 7, 50])(
    'at limit %i show every failure BullMQ lists exactly once, in its order',
    { timeout: 120_000 },
    async (limit) => {
      const perQueue = await bullmqFailures();
      const all = perQueue.flat();
      expect(all).toHaveLength(434);
      // Not vacuous: a tie run longer than two default pages.
      expect(all.filter((failure) => failure.finishedOn === BURST_AT).length).toBeGreaterThan(300);

      const { shown, cursors } = await walk('', limit);
      expect(new Set(shown.map(keyOf)).size).toBe(shown.length);
      expect(shown.map(keyOf).sort()).toEqual(all.map(keyOf).sort());
      // Newest first overall, and inside each queue exactly BullMQ's order.
      for (let i = 1; i < shown.length; i++) {
        expect(shown[i]!.finishedOn).toBeLessThanOrEqual(shown[i - 1]!.finishedOn);
      }
      perQueue.forEach((failures, index) => {
        const { source, queue } = QUEUES[index]!;
        const walked = shown.filter((row) => row.source === source && row.queue === queue);
        expect(walked.map(keyOf)).toEqual(failures.map(keyOf));
      });
      for (const cursor of cursors) {
        expect(cursor.length).toBeLessThanOrEqual(MAX_DEAD_LETTER_CURSOR_CHARS);
      }
    },
  );

  it(
    'with a reason filter, shows exactly the matching failures once',
    { timeout: 60_000 },
    async () => {
      // Even jobs were added with custom ids `order-<i>` and fail with "boom-even".
      const expected = (await bullmqFailures())
        .flat()
        .filter((failure) => failure.id.startsWith('order-'));
      expect(expected.length).toBeGreaterThan(100);
      for (const limit of [1, 50]) {
        const { shown } = await walk('&reason=boom-even', limit);
        expect(shown.map(keyOf).sort()).toEqual(expected.map(keyOf).sort());
      }
    },
  );

  it('one source and one queue walk alone the same way', { timeout: 60_000 }, async () => {
    const [, , long] = await bullmqFailures();
    const { shown } = await walk(`&source=main&queue=${encodeURIComponent(LONG_QUEUE)}`, 3);
    expect(shown.map(keyOf)).toEqual(long!.map(keyOf));
  });
});
