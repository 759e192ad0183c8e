/**
 * Queues the "overview at a glance" specs read, seeded with real BullMQ: a busy queue whose worker
 * records metrics, one whose worker does not, a paused one and a delayed one. The busy worker's clock
 * is set back three minutes while it works (only `Date.now`, in this test process), so its jobs land
 * in a finished minute and the sparkline has something to draw without waiting for a minute to pass.
 */
import { expect } from '@playwright/test';
import type { APIRequestContext } from '@playwright/test';
import { MetricsTime, Queue, Worker } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import { SOURCE } from './seeded';

export interface GlanceQueues {
  busy: string;
  noMetrics: string;
  paused: string;
  delayed: string;
}

/** What the busy queue holds once seeded. */
export const BUSY = { waiting: 3, completed: 4, failed: 2 } as const;

function connection(): ConnectionOptions {
  const url = process.env.E2E_REDIS_URL;
  if (!url)
    throw new Error('E2E_REDIS_URL is not set: run the browser tests with `npm run test:e2e`.');
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), maxRetriesPerRequest: null };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll without reading the (shifted) clock: at most `tries` × 50 ms. */
async function until(what: string, check: () => Promise<boolean>, tries = 400) {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    if (await check()) return;
    await pause(50);
  }
  throw new Error(`seed: ${what} did not happen`);
}

async function withClockSetBack<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const realNow = Date.now;
  Date.now = () => realNow() - ms;
  try {
    return await work();
  } finally {
    Date.now = realNow;
  }
}

const processor = async (job: { name: string }) => {
  if (job.name === 'fail') throw new Error('card declined');
  return 'ok';
};

export async function seedGlanceQueues(
  prefix: string,
): Promise<{ names: GlanceQueues; close(): Promise<void> }> {
  const names: GlanceQueues = {
    busy: `${prefix}-busy`,
    noMetrics: `${prefix}-no-metrics`,
    paused: `${prefix}-paused`,
    delayed: `${prefix}-delayed`,
  };
  const queues = Object.values(names).map((name) => new Queue(name, { connection: connection() }));
  const [busy, noMetrics, paused, delayed] = queues as [Queue, Queue, Queue, Queue];

  await withClockSetBack(3 * 60_000, async () => {
    const worker = new Worker(busy.name, processor, {
      connection: connection(),
      metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
    });
    await busy.addBulk([
      ...Array.from({ length: BUSY.completed }, (_, n) => ({ name: 'ok', data: { n } })),
      ...Array.from({ length: BUSY.failed }, (_, n) => ({ name: 'fail', data: { n } })),
    ]);
    await until('the busy queue to finish', async () => {
      const counts = await busy.getJobCounts('completed', 'failed');
      return counts.completed === BUSY.completed && counts.failed === BUSY.failed;
    });
    await worker.close();
  });
  // No worker from here on: these stay waiting.
  await busy.addBulk(
    Array.from({ length: BUSY.waiting }, (_, n) => ({ name: 'later', data: { n } })),
  );

  const plain = new Worker(noMetrics.name, processor, { connection: connection() });
  await noMetrics.addBulk([
    { name: 'ok', data: {} },
    { name: 'ok', data: {} },
  ]);
  await until(
    'the no-metrics queue to finish',
    async () => (await noMetrics.getJobCounts('completed')).completed === 2,
  );
  await plain.close();

  await paused.pause();
  await paused.addBulk([
    { name: 'held', data: {} },
    { name: 'held', data: {} },
  ]);
  await delayed.add('later', {}, { delay: 3_600_000 });

  return {
    names,
    async close() {
      for (const queue of queues) await queue.obliterate({ force: true }).catch(() => undefined);
      await Promise.allSettled(queues.map((queue) => queue.close()));
    },
  };
}

/** Discovery runs every second; wait until the overview read lists every seeded queue. */
export async function waitForQueues(request: APIRequestContext, names: GlanceQueues) {
  await expect
    .poll(async () => {
      const response = await request.get(`/api/v1/sources/${SOURCE}/queues`);
      const body = (await response.json()) as { queues?: { name: string }[] };
      const listed = new Set((body.queues ?? []).map((queue) => queue.name));
      return Object.values(names).every((name) => listed.has(name));
    })
    .toBe(true);
}
