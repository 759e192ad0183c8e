/**
 * The Celery adapter against a real Celery 5.2 worker (Debian's python3-celery) on the test Redis:
 * events ingested from task.multi arrays, states with precedence, canvas, workers online then
 * offline, broker lengths and unacked, the index surviving a restart, two ingesting dashboards
 * counting once, the result backend filling in, a dropped subscription noticed and refilled.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { CelerySourceConfig } from '@/lib/config';
import { runSourceAdapterContract } from '../contract';
import { eventually as eventuallyWithin } from '../bullmq/testing/fixtures';
import type { LiveJobEvent, LiveQueueFacts } from '../types';
import type { CeleryAdapter, CeleryAdapterOptions } from './adapter';
import { createCeleryAdapter } from './adapter';
import { decodeEnvelope } from './map';
import type { CeleryEnv, CeleryWorker } from './testing/worker';
import { emptyCeleryEnv, sendTasks, startCeleryWorker } from './testing/worker';

// A real worker on a machine shared with other test files and benches: patient, never timed.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const eventually = <T>(check: () => Promise<T> | T) => eventuallyWithin(check, 60_000);

const BROKER_DB = 2;
const BACKEND_DB = 3;
let env: CeleryEnv;
let worker: CeleryWorker | null = null;
const adapters: CeleryAdapter[] = [];

function makeAdapter(id = `cel-${randomBytes(4).toString('hex')}`, options: Partial<CeleryAdapterOptions> = {}) {
  const config = CelerySourceConfig.parse({ id, kind: 'celery', broker: env.broker, backend: env.backend, enableEventsEveryMs: 0 });
  const adapter = createCeleryAdapter(config, { discoveryIntervalMs: 200, ...options });
  adapters.push(adapter);
  return adapter;
}

/** One worker for the whole file (it costs seconds of CPU to start). */
let workerStarting: Promise<CeleryWorker> | null = null;
function sharedWorker(): Promise<CeleryWorker> {
  workerStarting ??= startCeleryWorker({ ...env, hostname: `ym-${randomBytes(3).toString('hex')}@test`, queues: ['celery', 'exports', 'contract'] });
  return workerStarting;
}

beforeAll(async () => {
  const url = inject('redisUrl');
  env = await emptyCeleryEnv(url, BROKER_DB, BACKEND_DB);
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(adapters.map((adapter) => adapter.close()));
  await worker?.stop();
}, 60_000);

// First: the last test of the describe below stops the shared worker.
runSourceAdapterContract('celery (real Celery 5.2 worker)', async () => {
  const adapter = makeAdapter();
  await eventually(() => expect(adapter.ingest?.status).toBe('up'));
  await sharedWorker();
  const completed = (await sendTasks<{ ids: string[] }>(env, 'many', 'fixture.add', 'contract', JSON.stringify([[1, 1], [2, 2], [3, 3]]))).ids;
  await sendTasks(env, 'many', 'fixture.fail', 'contract', JSON.stringify([['no 1'], ['no 2']]));
  await eventually(async () => {
    const queue = await adapter.getQueue('contract');
    expect(queue?.counts.completed).toBe(3);
    expect(queue?.counts.failed).toBe(2);
  });
  await adapter.ingest!.drained();
  return {
    adapter,
    fixture: {
      queue: 'contract',
      completed: 3,
      failed: 2,
      jobId: completed[0]!,
      jobData: { args: [1, 1], kwargs: {} },
      missingJobId: 'no-such-task',
      missingQueue: 'no-such-queue',
    },
    teardown: () => adapter.close(),
  };
});

describe('Celery adapter against a real Celery 5.2 worker', () => {
  let adapter: CeleryAdapter;
  let raw: Redis;
  const multiBodies: unknown[] = [];

  beforeAll(async () => {
    adapter = makeAdapter();
    raw = new Redis(env.broker);
    raw.on('pmessage', (_p: string, channel: string, message: string) => {
      if (channel.endsWith('/task.multi')) multiBodies.push(decodeEnvelope(message)?.body);
    });
    await raw.psubscribe(`/${BROKER_DB}.celeryev/*`);
    await eventually(() => expect(adapter.ingest?.status).toBe('up'));
    worker = await sharedWorker();
  }, 60_000);
  afterAll(() => raw.disconnect());

  it('ingests a succeeded task from the task.multi arrays the worker sends', async () => {
    const { id } = await sendTasks(env, 'add', 1, 2);
    const job = await eventually(async () => {
      const found = await adapter.getJob('celery', id);
      expect(found?.state).toBe('completed');
      return found!;
    });
    expect(job).toMatchObject({ name: 'fixture.add', nativeState: 'SUCCESS', queue: 'celery' });
    expect(job.data.json).toEqual({ args: [1, 2], kwargs: {} });
    expect(job.returnValue.json).toBe(3);
    expect(job.raw.worker).toBe(worker!.hostname);
    expect(job.processedAt).not.toBeNull();
    expect(job.finishedAt).toBeGreaterThanOrEqual(job.processedAt!);
    expect(multiBodies.length).toBeGreaterThan(0);
    expect(multiBodies.every(Array.isArray)).toBe(true);
    expect((multiBodies as Array<Array<{ uuid: string }>>).flat().some((event) => event.uuid === id)).toBe(true);
    const timeline = await adapter.getTimeline({ queue: 'celery', id });
    // task-sent is stamped by the client after it published, so on a busy machine it may come after
    // any of the worker's events; the worker's own events are in the order it ran the task.
    const types = timeline!.events.map((event) => event.type);
    expect([...types].sort()).toEqual(['task-received', 'task-sent', 'task-started', 'task-succeeded']);
    expect(types.filter((type) => type !== 'task-sent')).toEqual(['task-received', 'task-started', 'task-succeeded']);
  });

  it('keeps a failure with its exception and traceback', async () => {
    const { id } = await sendTasks(env, 'fail', 'disk full');
    const job = await eventually(async () => {
      const found = await adapter.getJob('celery', id);
      expect(found?.state).toBe('failed');
      return found!;
    });
    expect(job.failedReason).toBe("ValueError('disk full')");
    expect(job.stacktrace[0]).toContain('ValueError: disk full');
    const page = await adapter.listJobs('celery', { state: 'failed', limit: 10 });
    expect(page?.jobs.map((row) => row.id)).toContain(id);
  });

  it('follows a task through its retries to success (precedence keeps the last run)', async () => {
    const { id } = await sendTasks(env, 'retry', 'r1');
    const job = await eventually(async () => {
      const found = await adapter.getJob('celery', id);
      expect(found?.nativeState).toBe('SUCCESS');
      return found!;
    });
    expect(job.raw.retries).toBe('2');
    expect(job.attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'failed', 'completed']);
    const timeline = (await adapter.getTimeline({ queue: 'celery', id }))!;
    expect(timeline.events.filter((event) => event.type === 'task-retried')).toHaveLength(2);
  });

  it('shows the canvas: a chain as parent and child, its flow from the root', async () => {
    const canvas = await sendTasks<{ chain: { first: string; last: string }; chord: { callback: string; header: string[] } }>(env, 'canvas');
    await eventually(async () => {
      expect((await adapter.findJob(canvas.chain.last)) && (await adapter.getJob('celery', canvas.chain.last))?.state).toBe('completed');
      expect((await adapter.getJob('celery', canvas.chord.callback))?.state).toBe('completed');
    });
    const first = (await adapter.getJob('celery', canvas.chain.first))!;
    expect(first.children.map((child) => child.id)).toContain(canvas.chain.last);
    const last = (await adapter.getJob('celery', canvas.chain.last))!;
    expect(last.parent).toEqual({ queue: 'celery', id: canvas.chain.first });
    expect(last.returnValue.json).toBe(6);
    const flow = (await adapter.getFlow({ queue: 'celery', id: canvas.chain.last }))!;
    expect(flow.id).toBe(canvas.chain.first);
    expect(flow.children.map((child) => child.id)).toContain(canvas.chain.last);
    const timeline = (await adapter.getTimeline({ queue: 'celery', id: canvas.chain.first }))!;
    expect(timeline.events.find((event) => event.type === 'canvas-child')?.child).toEqual({ queue: 'celery', id: canvas.chain.last });
    const callback = (await adapter.getJob('celery', canvas.chord.callback))!;
    expect(callback.returnValue.json).toBe(6);
  });

  it('lists the worker online from its heartbeats, with load and processed counts', async () => {
    const list = await eventually(async () => {
      const workers = await adapter.listWorkers();
      expect(workers.workers.find((w) => w.name === worker!.hostname)?.status).toBe('online');
      return workers;
    });
    expect(list.known).toBe(true);
    const [record] = (await adapter.index.workers()).filter((w) => w.hostname === worker!.hostname);
    expect(record!.swVer).toBe('5.2.6');
    expect(record!.loadavg).toHaveLength(3);
  });

  it('reads queue lengths over the priority sub-lists, peeks at them, and counts unacked deliveries', async () => {
    const queue = `held-${randomBytes(3).toString('hex')}`;
    const { ids } = await sendTasks<{ ids: string[] }>(env, 'queued', queue, 6, 3);
    await sendTasks(env, 'queued', queue, 0, 1);
    const held = await eventually(async () => {
      const found = await adapter.getQueue(queue);
      expect(found?.meta.brokerWaiting).toBe('4');
      return found!;
    });
    expect(held.meta.priority6).toBe('3');
    const peek = await adapter.broker.peek(queue, 10);
    expect(peek).toHaveLength(4);
    // Priority 0 is consumed first on Redis; within a list, oldest first.
    expect(peek[0]!.priority).toBe(0);
    expect(peek.slice(1).map((message) => message.id)).toEqual(ids);
    expect(peek[1]).toMatchObject({ task: 'fixture.add', args: [0, 0], kwargs: {}, argsRepr: '[0, 0]' });

    // acks_late: the message stays in `unacked` while the task sleeps (long enough to be seen
    // after the producer, a Python process, has even exited on a loaded machine).
    const { id } = await sendTasks(env, 'sleep', 8);
    const busy = await eventually(async () => {
      const found = await adapter.getQueue('celery');
      expect(Number(found?.meta.brokerInFlight)).toBeGreaterThanOrEqual(1);
      return found!;
    });
    expect(Number(busy.meta.brokerUnacked)).toBeGreaterThanOrEqual(1);
    expect(Number(busy.meta.oldestUnackedAgeMs)).toBeGreaterThanOrEqual(0);
    await eventually(async () => expect((await adapter.getJob('celery', id))?.state).toBe('completed'));
    await eventually(async () => expect((await adapter.getQueue('celery'))?.meta.brokerUnacked).toBe('0'));
  });

  it('keeps the index across a restart: a new adapter on the same source reads it all', async () => {
    const before = (await adapter.getQueue('celery'))!.counts;
    const restarted = makeAdapter(adapter.id, { ingest: false });
    const after = (await restarted.getQueue('celery'))!.counts;
    expect(after).toEqual(before);
    expect(after.completed).toBeGreaterThan(0);
    const page = (await restarted.listJobs('celery', { state: 'completed', limit: 500 }))!;
    expect(page.total).toBe(before.completed);
  });

  it('counts every task once with two dashboards ingesting the same events', async () => {
    const second = makeAdapter(adapter.id);
    await eventually(() => expect(second.ingest?.status).toBe('up'));
    const before = (await adapter.getQueue('exports'))?.counts.completed ?? 0;
    const { ids: sent } = await sendTasks<{ ids: string[] }>(env, 'many', 'fixture.export', 'exports', JSON.stringify([['a'], ['b'], ['c'], ['d'], ['e']]));
    await eventually(async () => {
      for (const id of sent) expect((await adapter.getJob('exports', id))?.state).toBe('completed');
    });
    await Promise.all([adapter.ingest!.drained(), second.ingest!.drained()]);
    const counts = (await second.getQueue('exports'))!.counts;
    expect(counts.completed).toBe(before + 5);
    expect(counts.waiting + counts.active).toBe(0);
    const page = (await adapter.listJobs('exports', { state: 'completed', limit: 100 }))!;
    expect(page.total).toBe(before + 5);
    expect(new Set(page.jobs.map((row) => row.id)).size).toBe(page.jobs.length);
    await second.close();
  });

  it('fills in from the result backend a task no dashboard saw', async () => {
    const blind = makeAdapter(undefined, { ingest: false });
    const { id } = await sendTasks(env, 'fail', 'while nobody watched');
    const meta = new Redis(env.backend);
    await eventually(async () => expect(await meta.exists(`celery-task-meta-${id}`)).toBe(1));
    meta.disconnect();
    expect(await blind.index.get(id)).toBeNull();
    expect(await blind.findJob(id)).toEqual({ queue: 'celery', id });
    const job = (await blind.getJob('celery', id))!;
    expect(job).toMatchObject({ state: 'failed', name: 'fixture.fail', failedReason: "ValueError('while nobody watched')" });
    expect(job.data.json).toEqual({ args: ['while nobody watched'], kwargs: {} });
    expect(job.raw.source).toBe('backend');
    expect(await blind.findJob('no-such-task')).toBeNull();
  });

  it('notices a dropped subscription, says so, and refills the gap from the result backend', async () => {
    const watcher = makeAdapter(undefined, { ingestTuning: { refillLookbackMs: 600_000 } });
    await eventually(() => expect(watcher.ingest?.status).toBe('up'));
    const statuses: string[] = [];
    watcher.ingest!.subscribe({ status: (status) => statuses.push(status) });
    const { id } = await sendTasks(env, 'add', 20, 22);
    await eventually(async () => expect((await adapter.getJob('celery', id))?.state).toBe('completed'));
    // The task finished before this dashboard's index had it: drop the events it got, as if missed.
    await watcher.ingest!.drained();
    const admin = new Redis(env.broker);
    await admin.del(`yardmaster:celery:${watcher.id}:t:${id}`);
    const clients = String(await admin.client('LIST'));
    const line = clients.split('\n').find((entry) => entry.includes(`name=yardmaster:${watcher.id}:celeryev`))!;
    await admin.client('KILL', 'ID', /id=(\d+)/.exec(line)![1]!);
    admin.disconnect();
    await eventually(() => expect(statuses).toEqual(['down', 'up']));
    await eventually(async () => expect((await watcher.index.get(id))?.state).toBe('SUCCESS'));
    expect(watcher.ingest!.stats.refills).toBeGreaterThanOrEqual(1);
  });

  it('feeds the live hub: task state changes and count snapshots', async () => {
    const events: LiveJobEvent[] = [];
    const snapshots: LiveQueueFacts[][] = [];
    const statuses: string[] = [];
    const upstream = adapter.live!.start({
      status: (status) => statuses.push(status),
      snapshot: (queues) => snapshots.push(queues),
      jobs: (jobs) => events.push(...jobs),
      queueChange: () => {},
    });
    const { id } = await sendTasks(env, 'add', 5, 5);
    await eventually(() => expect(events.some((event) => event.id === id && event.state === 'completed')).toBe(true));
    const done = events.find((event) => event.id === id && event.state === 'completed')!;
    expect(done).toMatchObject({ queue: 'celery', event: 'task-succeeded' });
    expect(statuses[0]).toBe('up');
    await eventually(() => expect(snapshots.at(-1)?.find((queue) => queue.name === 'celery')?.counts.completed).toBeGreaterThan(0));
    await upstream.stop();
  });

  it('shows the worker offline after it shuts down', async () => {
    await worker!.stop();
    worker = null;
    await eventually(async () => {
      const workers = await adapter.listWorkers();
      expect(workers.workers.find((w) => w.name.startsWith('ym-'))?.status).toBe('offline');
    });
  });
});

