/**
 * Integration-test helpers: real BullMQ 5 / 6 queues and workers on the shared test Redis, each file
 * under its own key prefix so files can run in parallel.
 */
import { randomBytes } from 'node:crypto';
import * as bullmq6 from 'bullmq';
import * as bullmq5 from 'bullmq5';
import { vi } from 'vitest';
import { BullmqSourceConfig } from '@/lib/config';
import type { SourceAdapter } from '../../types';
import type { BullmqAdapterOptions } from '../adapter';
import { createBullmqAdapter } from '../adapter';

export type BullmqVersion = 5 | 6;

/** The slice of BullMQ the tests drive; identical in v5 and v6. */
export interface BullmqLibrary {
  Queue: typeof bullmq6.Queue;
  Worker: typeof bullmq6.Worker;
  FlowProducer: typeof bullmq6.FlowProducer;
}

export function bullmqLibrary(version: BullmqVersion): BullmqLibrary {
  // The two majors' class types differ in private members only; the tests use the shared surface.
  return version === 6 ? bullmq6 : (bullmq5 as unknown as BullmqLibrary);
}

export function uniquePrefix(label: string): string {
  return `ym-${label}-${randomBytes(4).toString('hex')}`;
}

export function connectionOf(redisUrl: string): { host: string; port: number } {
  const url = new URL(redisUrl);
  return { host: url.hostname, port: Number(url.port || 6379) };
}

export function makeAdapter(
  redisUrl: string,
  prefix: string,
  options: Partial<BullmqAdapterOptions> & { id?: string; queues?: string[] } = {},
): SourceAdapter {
  const { id = prefix, queues, ...adapterOptions } = options;
  const config = BullmqSourceConfig.parse({
    id: id.slice(0, 64),
    kind: 'bullmq',
    redis: redisUrl,
    prefix,
    queues,
  });
  return createBullmqAdapter(config, { discoveryIntervalMs: 60_000, ...adapterOptions });
}

/** Poll until `check` passes (bounded by `timeout`); no timing is asserted. */
export function eventually<T>(check: () => Promise<T> | T, timeout = 20_000): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 25 });
}

/** Closes everything a test file opened, in reverse order, even when some close fails. */
export class Closer {
  private readonly items: Array<{ close(): Promise<unknown> }> = [];

  add<T extends { close(): Promise<unknown> }>(item: T): T {
    this.items.push(item);
    return item;
  }

  async closeAll(): Promise<void> {
    const items = this.items.splice(0).reverse();
    await Promise.allSettled(items.map((item) => item.close()));
  }
}

export interface FinishedQueue {
  queue: string;
  completed: number;
  failed: number;
  jobId: string;
  jobData: unknown;
}

/**
 * A queue whose jobs a real Worker has finished: `completed` successes (one of them `jobId` with
 * `jobData`, carrying a log line and progress) and `failed` failures. The worker is closed before
 * returning, so the counts stay still.
 */
export async function finishedQueue(
  lib: BullmqLibrary,
  redisUrl: string,
  prefix: string,
  queue: string,
  closer: Closer,
  { completed = 5, failed = 3 } = {},
): Promise<FinishedQueue> {
  const connection = connectionOf(redisUrl);
  const producer = closer.add(new lib.Queue(queue, { connection, prefix }));
  const jobId = 'known-job';
  const jobData = { hello: 'world', items: [1, 2, 3] };
  await producer.add('greet', jobData, { jobId });
  for (let i = 1; i < completed; i++) await producer.add('work', { i });
  for (let i = 0; i < failed; i++) await producer.add('doomed', { i, fail: true });
  const worker = new lib.Worker(
    queue,
    async (job) => {
      await job.log(`processing ${job.id}`);
      await job.updateProgress(100);
      if ((job.data as { fail?: boolean }).fail) throw new Error(`job ${job.id} failed on purpose`);
      return { done: job.id };
    },
    { connection, prefix },
  );
  try {
    await eventually(async () => {
      const counts = await producer.getJobCounts('completed', 'failed');
      if (counts.completed !== completed || counts.failed !== failed)
        throw new Error(`not yet: ${JSON.stringify(counts)}`);
    });
  } finally {
    await worker.close();
  }
  return { queue, completed, failed, jobId, jobData };
}
