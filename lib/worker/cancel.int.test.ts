/**
 * The cancel protocol end to end: the REST API publishes, a real BullMQ Worker running
 * `attachCancelListener` aborts the job through its processor's AbortSignal and acknowledges; without
 * the helper the API answers `acknowledged: false`.
 */
import { Queue, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SourceRegistry } from '@/lib/adapters/registry';
import {
  Closer,
  connectionOf,
  eventually,
  uniquePrefix,
} from '@/lib/adapters/bullmq/testing/fixtures';
import { createApiHandler } from '@/lib/api/handler';
import type { ApiHandler } from '@/lib/api/handler';
import { CancelJobResponse, ErrorEnvelope } from '@/lib/api/schemas';
import { closeDashboardRedis } from '@/lib/auth/store';
import { YardmasterConfig } from '@/lib/config';
import { attachCancelListener } from './index';

const prefix = uniquePrefix('cancel');
const closer = new Closer();
let redisUrl: string;
let redis: Redis;
let registry: SourceRegistry;
let api: ApiHandler;

function cancel(queue: string, id: string, body: unknown) {
  return api(
    new Request(`http://127.0.0.1/api/v1/sources/main/queues/${queue}/jobs/${id}/cancel`, {
      method: 'POST',
      body: JSON.stringify(body),
    }),
  );
}

/** A processor that runs until its AbortSignal fires, then fails with the signal's reason. */
async function honoursSignal(_job: Job, _token?: string, signal?: AbortSignal) {
  await new Promise<void>((_, reject) => {
    signal?.addEventListener('abort', () => reject(new Error(`aborted: ${String(signal.reason)}`)));
  });
}

/** A processor that never looks at its signal; released by the test. */
function ignoresSignal() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { processor: () => done, release };
}

beforeAll(() => {
  redisUrl = inject('redisUrl');
  redis = new Redis(redisUrl);
  registry = new SourceRegistry(
    YardmasterConfig.parse({ sources: [{ id: 'main', kind: 'bullmq', redis: redisUrl, prefix }] }),
  );
  api = createApiHandler({ registry });
});

afterAll(async () => {
  await closer.closeAll();
  await registry.close();
  await closeDashboardRedis();
  redis.disconnect();
});

describe('cancel protocol', () => {
  it('aborts a running job in a worker with the helper and answers acknowledged', async () => {
    const queue = 'with-helper';
    const connection = { ...connectionOf(redisUrl), maxRetriesPerRequest: null };
    const producer = closer.add(new Queue(queue, { connection, prefix }));
    const worker = closer.add(new Worker(queue, honoursSignal, { connection, prefix }));
    const listener = closer.add(attachCancelListener(worker));
    await listener.ready;
    const job = await producer.add('long', {});
    await eventually(async () => expect(await job.getState()).toBe('active'));

    const response = await cancel(queue, job.id!, { reason: 'operator said stop', waitMs: 5_000 });
    expect(response.status).toBe(200);
    const body = CancelJobResponse.parse(await response.json());
    expect(body).toMatchObject({ acknowledged: true, listeners: 1, requested: true });

    await eventually(async () => expect(await job.getState()).toBe('failed'));
    const reason = await redis.hget(`${prefix}:${queue}:${job.id}`, 'failedReason');
    expect(reason).toContain('operator said stop');
    // The acknowledgement list is consumed and deleted.
    expect(await redis.exists(`yardmaster:cancel-ack:${body.requestId}`)).toBe(0);
  });

  it('says requested but not acknowledged when the worker runs without the helper', async () => {
    const queue = 'without-helper';
    const connection = { ...connectionOf(redisUrl), maxRetriesPerRequest: null };
    const producer = closer.add(new Queue(queue, { connection, prefix }));
    const { processor, release } = ignoresSignal();
    const worker = closer.add(new Worker(queue, processor, { connection, prefix }));
    const job = await producer.add('long', {});
    await eventually(async () => expect(await job.getState()).toBe('active'));

    const body = CancelJobResponse.parse(
      await (await cancel(queue, job.id!, { waitMs: 300 })).json(),
    );
    expect(body).toMatchObject({
      acknowledged: false,
      listeners: 0,
      requested: true,
      state: 'active',
    });
    expect(body.message).toMatch(/attachCancelListener/);

    // A listener on the queue that does not hold the job: delivered, still not acknowledged.
    const bystander = closer.add(
      new Worker(queue, honoursSignal, { connection, prefix, autorun: false }),
    );
    const listener = closer.add(attachCancelListener(bystander));
    await listener.ready;
    const second = CancelJobResponse.parse(
      await (await cancel(queue, job.id!, { waitMs: 300 })).json(),
    );
    expect(second).toMatchObject({ acknowledged: false, listeners: 1 });
    expect(await job.getState()).toBe('active');
    release();
    await eventually(async () => expect(await job.getState()).toBe('completed'));
    await worker.close();
  });

  it('refuses to cancel a job that is not running (409 naming its state)', async () => {
    const queue = 'not-running';
    const producer = closer.add(new Queue(queue, { connection: connectionOf(redisUrl), prefix }));
    const job = await producer.add('later', {}, { delay: 60_000 });
    const response = await cancel(queue, job.id!, {});
    expect(response.status).toBe(409);
    expect(ErrorEnvelope.parse(await response.json()).error.details).toMatchObject({
      state: 'delayed',
    });
  });
});
