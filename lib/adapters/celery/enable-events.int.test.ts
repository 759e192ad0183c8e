/**
 * A worker started WITHOUT -E still reports once the dashboard's periodic `enable_events`
 * broadcast (pidbox) reaches it; and a Celery source is served by the REST core through the seam.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createApiHandler } from '@/lib/api/handler';
import { YardmasterConfig } from '@/lib/config';
import { eventually as eventuallyWithin } from '../bullmq/testing/fixtures';
import { SourceRegistry } from '../registry';
import type { CeleryAdapter } from './adapter';
import type { CeleryEnv, CeleryWorker } from './testing/worker';
import { sendTasks, startCeleryWorker, withDb } from './testing/worker';

// A real worker on a machine shared with other test files and benches: patient, never timed.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const eventually = <T>(check: () => Promise<T> | T) => eventuallyWithin(check, 60_000);

const BROKER_DB = 6;
const BACKEND_DB = 7;

describe('Celery: a worker started without -E, through the REST core', () => {
  let env: CeleryEnv;
  let worker: CeleryWorker;
  let registry: SourceRegistry;
  const sourceId = `cel-e-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    const url = inject('redisUrl');
    env = { broker: withDb(url, BROKER_DB), backend: withDb(url, BACKEND_DB) };
    const flush = new Redis(env.broker);
    await flush.flushdb();
    flush.disconnect();
    registry = new SourceRegistry(
      YardmasterConfig.parse({
        sources: [{ id: sourceId, kind: 'celery', broker: env.broker, backend: env.backend, enableEventsEveryMs: 500 }],
      }),
    );
    worker = await startCeleryWorker({ ...env, hostname: `noe-${randomBytes(3).toString('hex')}@test`, queues: ['celery'], events: false, pool: 'solo' });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await registry?.close();
  }, 60_000);

  it('turns task events on in the worker, so its tasks reach the index', async () => {
    const adapter = registry.get(sourceId)!.adapter as CeleryAdapter;
    expect(worker.output()).not.toContain('task events: ON');
    // A task the worker runs before the broadcast reaches it sends no events, ever: wait for the
    // worker to log that the dashboard turned them on (celery/worker/control.py enable_events).
    await eventually(() => expect(worker.output()).toContain('enabled by remote'));
    const { id } = await sendTasks(env, 'add', 2, 3);
    const job = await eventually(async () => {
      const found = await adapter.getJob('celery', id);
      // task-sent comes from the client; only the worker's own events bring it to SUCCESS.
      expect(found?.nativeState).toBe('SUCCESS');
      return found!;
    });
    expect(job.raw.worker).toBe(worker.hostname);
  });

  it('serves the Celery source through the existing read routes', async () => {
    const handler = createApiHandler({ registry });
    const get = async (path: string) => {
      const response = await handler(new Request(`http://localhost/api/v1${path}`));
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const sources = await get('/sources');
    expect(sources.status).toBe(200);
    expect(JSON.stringify(sources.body)).toContain(sourceId);
    const queues = await get(`/sources/${sourceId}/queues`);
    expect(queues.status).toBe(200);
    expect(JSON.stringify(queues.body)).toContain('"name":"celery"');
    const jobs = await get(`/sources/${sourceId}/queues/celery/jobs?state=completed`);
    expect(jobs.status).toBe(200);
    expect((jobs.body.jobs as unknown[]).length).toBeGreaterThan(0);
    const workers = await get(`/sources/${sourceId}/workers`);
    expect(JSON.stringify(workers.body)).toContain(worker.hostname);
  });
});
