/**
 * Queues the queue-page specs seed for themselves with real BullMQ (names prefixed `qp-`): a queue
 * with failures (data, stack traces, long names), a paused one, a flow parent waiting for its
 * children and a rate-limited one. Each spec seeds what it reads and closes what it opened.
 */
import { expect } from '@playwright/test';
import type { APIRequestContext } from '@playwright/test';
import { FlowProducer, Queue, Worker } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import { SOURCE } from './seeded';

export function connection(): ConnectionOptions {
  const url = process.env.E2E_REDIS_URL;
  if (!url) throw new Error('E2E_REDIS_URL is not set: run the browser tests with `npm run test:e2e`.');
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), maxRetriesPerRequest: null };
}

export const queuePath = (queue: string, search = '') => `/sources/${SOURCE}/queues/${encodeURIComponent(queue)}${search}`;

/** Discovery runs every second; wait until the API knows the queue before opening its page. */
export async function waitForQueue(request: APIRequestContext, queue: string) {
  const path = `/api/v1/sources/${SOURCE}/queues/${encodeURIComponent(queue)}`;
  await expect.poll(async () => (await request.get(path)).status()).toBe(200);
}

const closers: (() => Promise<unknown>)[] = [];
export async function closeSeeded() {
  await Promise.allSettled(closers.splice(0).map((close) => close()));
}

/** The queue, emptied first: a spec's worker restarts after a failure and seeds again. */
async function open(name: string) {
  const queue = new Queue(name, { connection: connection() });
  closers.push(() => queue.close());
  await queue.obliterate({ force: true });
  return queue;
}

/** A named function, so the stack trace the row shows points at it. */
async function chargeCard(job: { data: { invoice: number; customer: string; decline: boolean } }): Promise<{ charged: number }> {
  if (job.data.decline) {
    throw new Error(`card declined for invoice ${job.data.invoice}: insufficient funds on the customer's account`);
  }
  return { charged: job.data.invoice };
}

/** `failed` failed jobs (long name, long reason) after `completed` completed ones; no worker left. */
export async function seedFailing(name: string, { completed = 2, failed = 3, jobName = 'charge' } = {}) {
  const queue = await open(name);
  await queue.addBulk(
    Array.from({ length: completed + failed }, (_, index) => ({
      name: jobName,
      data: { invoice: index + 1, customer: `customer-${index + 1}@example.com`, decline: index >= completed },
    })),
  );
  const worker = new Worker(name, chargeCard, { connection: connection() });
  await expect
    .poll(async () => queue.getJobCounts('completed', 'failed'), { timeout: 20_000 })
    .toEqual({ completed, failed });
  await worker.close();
  return queue;
}

/** A paused queue holding `jobs` jobs, and nothing else. */
export async function seedPaused(name: string, jobs = 8) {
  const queue = await open(name);
  await queue.pause();
  await queue.addBulk(Array.from({ length: jobs }, (_, index) => ({ name: 'export', data: { part: index + 1 } })));
  return queue;
}

/** A flow whose parent (in `parentQueue`) waits for two children no worker runs. */
export async function seedFlow(parentQueue: string, childQueue: string) {
  const flows = new FlowProducer({ connection: connection() });
  closers.push(() => flows.close());
  await open(parentQueue);
  await open(childQueue);
  await flows.add({
    name: 'assemble',
    queueName: parentQueue,
    data: { report: 'q3' },
    children: [
      { name: 'fetch-sales', queueName: childQueue, data: { part: 'sales' } },
      { name: 'fetch-costs', queueName: childQueue, data: { part: 'costs' } },
    ],
  });
}

/** A queue with a global rate limit and one waiting job. */
export async function seedRateLimited(name: string, max: number, durationMs: number) {
  const queue = await open(name);
  await queue.setGlobalRateLimit(max, durationMs);
  await queue.add('ping', { n: 1 });
  return queue;
}
