/**
 * The broker reads (GET /sources/{s}/broker, …/broker/queues/{q}/messages) and the workers list's
 * heartbeat and pool facts, through the REST core against a real Celery 5.2 worker on the test
 * Redis: lengths per priority step, a running acks_late task as the queue's unacked delivery, the
 * peeked messages' headers and args as the producer sent them, and 409 on a source without a broker.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createApiHandler } from '@/lib/api/handler';
import type { ApiHandler } from '@/lib/api/handler';
import { BrokerMessagesResponse, BrokerResponse, ErrorEnvelope, PurgeResponse, WorkersResponse } from '@/lib/api/schemas';
import { closeDashboardRedis } from '@/lib/auth/store';
import { YardmasterConfig } from '@/lib/config';
import { eventually as eventuallyWithin } from '../bullmq/testing/fixtures';
import { SourceRegistry } from '../registry';
import type { CeleryAdapter } from './adapter';
import { apiCaller } from '@/lib/testing/api-calls';
import type { CeleryEnv, CeleryWorker } from './testing/worker';
import { emptyCeleryEnv, sendTasks, startCeleryWorker, withDb } from './testing/worker';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });
const eventually = <T>(check: () => Promise<T> | T) => eventuallyWithin(check, 90_000);

const BROKER_DB = 12;
const BACKEND_DB = 13;
const tag = randomBytes(3).toString('hex');
const sourceId = `cel-brk-${tag}`;
const parked = `parked-${tag}`;

let env: CeleryEnv;
let registry: SourceRegistry;
let api: ApiHandler;
let adapter: CeleryAdapter;
let worker: CeleryWorker;

async function get(path: string) {
  const response = await api(new Request(`http://127.0.0.1/api/v1${path}`));
  return { status: response.status, body: (await response.json()) as unknown };
}

const call = apiCaller(() => api);

const brokerQueue = async (name: string) =>
  (await call('GET', `/sources/${sourceId}/broker`, BrokerResponse)).broker.queues.find((queue) => queue.name === name);

beforeAll(async () => {
  const url = inject('redisUrl');
  env = await emptyCeleryEnv(url, BROKER_DB, BACKEND_DB);
  registry = new SourceRegistry(
    YardmasterConfig.parse({
      sources: [
        { id: sourceId, kind: 'celery', broker: env.broker, backend: env.backend, queues: [parked], enableEventsEveryMs: 0, controlReplyMs: 8_000 },
        { id: `bq-${tag}`, kind: 'bullmq', redis: withDb(url, BROKER_DB) },
      ],
      discoveryIntervalMs: 500,
    }),
  );
  api = createApiHandler({ registry });
  adapter = registry.get(sourceId)!.adapter as CeleryAdapter;
  await eventually(() => expect(adapter.ingest?.status).toBe('up'));
  worker = await startCeleryWorker({ ...env, hostname: `brk-${tag}@test`, queues: ['celery'], concurrency: 1 });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await registry?.close();
  await closeDashboardRedis();
});

describe('Celery broker reads against a real worker', () => {
  it('counts waiting messages per priority step and peeks at them as sent, lowest step first', async () => {
    const delayed = await sendTasks<{ id: string }>(env, 'call', 'fixture.add', parked, JSON.stringify([40, 2]), JSON.stringify({ note: 'x' }), 3600);
    const { ids: urgent } = await sendTasks<{ ids: string[] }>(env, 'queued', parked, 6, 2);
    const facts = await eventually(async () => {
      const queue = await brokerQueue(parked);
      expect(queue?.waiting).toBe(3);
      return queue!;
    });
    expect(facts.byPriority).toEqual([
      { priority: 0, waiting: 1 },
      { priority: 3, waiting: 0 },
      { priority: 6, waiting: 2 },
      { priority: 9, waiting: 0 },
    ]);
    expect(facts).toMatchObject({ unacked: 0, oldestUnackedAgeMs: null });

    const peek = await call('GET', `/sources/${sourceId}/broker/queues/${parked}/messages?limit=10`, BrokerMessagesResponse);
    expect(peek.waiting).toBe(3);
    // A worker on Redis takes priority step 0 first: the countdown task, then the two at step 6 oldest first.
    expect(peek.messages.map((message) => message.id)).toEqual([delayed.id, ...urgent]);
    const first = peek.messages[0]!;
    expect(first).toMatchObject({ task: 'fixture.add', retries: 0, rootId: delayed.id, parentId: null, kwargsRepr: "{'note': 'x'}" });
    expect(first.args.json).toEqual([40, 2]);
    expect(first.kwargs.json).toEqual({ note: 'x' });
    expect(Date.parse(first.eta!)).toBeGreaterThan(Date.now() + 3_000_000);
    expect(peek.messages[1]).toMatchObject({ priority: 6, args: { json: [0, 0] } });
    const one = await call('GET', `/sources/${sourceId}/broker/queues/${parked}/messages?limit=1`, BrokerMessagesResponse);
    expect(one.messages.map((message) => message.id)).toEqual([delayed.id]);

    const purged = await call('POST', `/sources/${sourceId}/queues/${parked}/purge`, PurgeResponse, {});
    expect(purged.purged).toBe(3);
    expect((await brokerQueue(parked))?.waiting).toBe(0);
  });

  it("shows a running acks_late task as its queue's unacked delivery, with its age", async () => {
    const { id } = await sendTasks<{ id: string }>(env, 'sleep', 20);
    const queue = await eventually(async () => {
      const facts = await brokerQueue('celery');
      expect(facts?.unacked).toBe(1);
      return facts!;
    });
    expect(queue.oldestUnackedAgeMs).not.toBeNull();
    const overview = (await call('GET', `/sources/${sourceId}/broker`, BrokerResponse)).broker;
    expect(overview).toMatchObject({ unacked: 1, unackedExact: true });
    await eventually(async () => expect((await adapter.index.get(id))?.state).toBe('STARTED'));
  });

  it('lists the worker with its heartbeat facts, and its pool size once the list has asked it', async () => {
    const listed = await eventually(async () => {
      const { workers } = await call('GET', `/sources/${sourceId}/workers`, WorkersResponse);
      const found = workers.find((candidate) => candidate.name === worker.hostname);
      expect(found?.pool?.size).toBe(1);
      return found!;
    });
    expect(listed.status).toBe('online');
    expect(listed.heartbeat).toMatchObject({ freq: 2, saidOffline: false, pid: worker.pid });
    expect(listed.heartbeat?.software).toMatch(/^py-celery 5\.2/);
    expect(listed.heartbeat?.loadAverage).toHaveLength(3);
    expect(listed.heartbeat?.forgetAt).toBe(listed.heartbeat!.at + 86_400_000);
  });

  it('answers 409 unsupported for a source without a broker view, and 404 for an unknown queue', async () => {
    const bull = await get(`/sources/bq-${tag}/broker`);
    expect(bull.status).toBe(409);
    expect(ErrorEnvelope.parse(bull.body).error.code).toBe('unsupported');
    const missing = await get(`/sources/${sourceId}/broker/queues/nope-${tag}/messages`);
    expect(missing.status).toBe(404);
    const bad = await get(`/sources/${sourceId}/broker/queues/${parked}/messages?limit=0`);
    expect(bad.status).toBe(400);
  });
});
