/**
 * Celery controls through the REST core against real Celery 5.2 workers (Debian's python3-celery)
 * on the test Redis: every fact read back from the real system — the worker's own inspect answers,
 * its processes, the task events it sent, the result backend and the broker's lists.
 */
import { existsSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createApiHandler } from '@/lib/api/handler';
import type { ApiHandler } from '@/lib/api/handler';
import {
  AuditResponse,
  CancelJobResponse,
  ErrorEnvelope,
  JobActionResponse,
  MatchingActionResponse,
  PurgeResponse,
  SearchResponse,
  SourcesResponse,
  TaskTypeLimitResponse,
  WorkerControlResponse,
  WorkerDetailResponse,
} from '@/lib/api/schemas';
import { closeDashboardRedis } from '@/lib/auth/store';
import { YardmasterConfig } from '@/lib/config';
import { eventually as eventuallyWithin } from '../bullmq/testing/fixtures';
import { SourceRegistry } from '../registry';
import type { CeleryAdapter } from './adapter';
import { rawJsonMember } from './task-message';
import { apiCaller } from '@/lib/testing/api-calls';
import type { CeleryEnv, CeleryWorker } from './testing/worker';
import { emptyCeleryEnv, sendTasks, startCeleryWorker } from './testing/worker';

// Real workers on a machine shared with other test files and benches: patient, never timed.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });
const eventually = <T>(check: () => Promise<T> | T) => eventuallyWithin(check, 90_000);

const BROKER_DB = 8;
const BACKEND_DB = 9;
const enc = encodeURIComponent;
const tag = randomBytes(3).toString('hex');
const sourceId = `cel-ctl-${tag}`;
const markers: string[] = [];

let env: CeleryEnv;
let registry: SourceRegistry;
let api: ApiHandler;
let adapter: CeleryAdapter;
let backend: Redis;
let w1: CeleryWorker;
let w2: CeleryWorker;

const call = apiCaller(() => api);

async function refused(method: string, path: string, body?: unknown) {
  const response = await api(
    new Request(`http://127.0.0.1/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  return { status: response.status, error: ErrorEnvelope.parse(await response.json()).error };
}

const detailOf = (worker: CeleryWorker) =>
  call('GET', `/sources/${sourceId}/workers/${enc(worker.hostname)}?timeoutMs=8000`, WorkerDetailResponse).then((answer) => answer.detail);
const task = (id: string) => adapter.index.get(id);
const taskPath = (queue: string, id: string, action: string) => `/sources/${sourceId}/queues/${enc(queue)}/jobs/${enc(id)}/${action}`;
const marker = () => {
  const path = join(tmpdir(), `ym-fail-once-${tag}-${markers.length}`);
  markers.push(path);
  return path;
};
const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  const url = inject('redisUrl');
  env = await emptyCeleryEnv(url, BROKER_DB, BACKEND_DB);
  backend = new Redis(env.backend);
  registry = new SourceRegistry(
    YardmasterConfig.parse({
      sources: [{ id: sourceId, kind: 'celery', broker: env.broker, backend: env.backend, enableEventsEveryMs: 0, controlReplyMs: 8_000 }],
      discoveryIntervalMs: 500,
    }),
  );
  api = createApiHandler({ registry });
  adapter = registry.get(sourceId)!.adapter as CeleryAdapter;
  await eventually(() => expect(adapter.ingest?.status).toBe('up'));
  [w1, w2] = await Promise.all([
    startCeleryWorker({ ...env, hostname: `ctl1-${tag}@test`, queues: ['celery', 'ctl'], concurrency: 2 }),
    startCeleryWorker({ ...env, hostname: `ctl2-${tag}@test`, queues: ['side'], autoscale: { max: 3, min: 1 } }),
  ]);
  await eventually(async () => {
    const online = (await adapter.listWorkers()).workers.filter((worker) => worker.status === 'online').map((worker) => worker.name);
    expect(online.sort()).toEqual([w1.hostname, w2.hostname].sort());
  });
}, 120_000);

afterAll(async () => {
  for (const worker of [w1, w2]) {
    if (!worker) continue;
    try {
      process.kill(worker.pid, 'SIGCONT');
    } catch {
      // already gone
    }
    await worker.stop();
  }
  await registry?.close();
  backend?.disconnect();
  await closeDashboardRedis();
  for (const path of markers) rmSync(path, { force: true });
}, 60_000);

describe('Celery controls against real Celery 5.2 workers', () => {
  it('declares its own verbs: revoke/retry, task-type limits, worker controls, purge — and nothing of BullMQ', async () => {
    const { sources } = await call('GET', '/sources', SourcesResponse);
    const source = sources.find((candidate) => candidate.id === sourceId)!;
    expect(source.capabilities).toEqual(
      expect.arrayContaining([
        'workerDetail',
        'search',
        'job.retry',
        'job.cancel',
        'matching.retry',
        'matching.cancel',
        'taskType.rateLimit',
        'taskType.timeLimit',
        'worker.poolGrow',
        'worker.poolShrink',
        'worker.autoscale',
        'worker.addConsumer',
        'worker.cancelConsumer',
        'worker.shutdown',
        'broker.purge',
      ]),
    );
    for (const missing of ['job.remove', 'job.promote', 'queue.pause', 'queue.clean', 'queueLimit.rateLimit', 'scheduler.upsert'])
      expect(source.capabilities).not.toContain(missing);
    expect(source.jobActionStates).toEqual({ retry: ['failed', 'cancelled'], cancel: ['waiting', 'delayed', 'active'] });
    const promote = await refused('POST', taskPath('celery', 'x', 'promote'), {});
    expect(promote).toMatchObject({ status: 409, error: { code: 'unsupported' } });
    expect((await refused('POST', `/sources/${sourceId}/queues/celery/pause`, {})).error.code).toBe('unsupported');
  });

  it('shows a worker in detail from its own inspect answers: pool, task types, queues, stats, config', async () => {
    const detail = await detailOf(w1);
    expect(detail).toMatchObject({ answered: true, unanswered: [] });
    expect(detail.worker).toMatchObject({ name: w1.hostname, status: 'online' });
    expect(detail.pool?.maxConcurrency).toBe(2);
    expect(detail.pool?.processes).toHaveLength(2);
    for (const pid of detail.pool!.processes) expect(processAlive(pid)).toBe(true);
    expect(detail.registered.map((entry) => entry.name)).toEqual(expect.arrayContaining(['fixture.add', 'fixture.sleep', 'fixture.limited']));
    expect(detail.activeQueues.map((queue) => queue.name).sort()).toEqual(['celery', 'ctl']);
    expect(detail.worker.queues.sort()).toEqual(['celery', 'ctl']);
    expect(detail.stats).toHaveProperty('prefetch_count');
    expect(detail.conf).toHaveProperty('result_extended', true);
    expect((await refused('GET', `/sources/${sourceId}/workers/${enc(`nobody-${tag}@test`)}?timeoutMs=1000`)).status).toBe(404);
  });

  it('grows and shrinks a pool: the worker really runs one more process, then one fewer', async () => {
    const grown = await call('POST', `/sources/${sourceId}/workers/${enc(w1.hostname)}/pool/grow`, WorkerControlResponse, { n: 1 });
    expect(grown.replies[w1.hostname]).toEqual({ ok: 'pool will grow' });
    expect(grown.noReply).toEqual([]);
    const bigger = await eventually(async () => {
      const detail = await detailOf(w1);
      expect(detail.pool?.processes).toHaveLength(3);
      return detail;
    });
    for (const pid of bigger.pool!.processes) expect(processAlive(pid)).toBe(true);
    const shrunk = await call('POST', `/sources/${sourceId}/workers/${enc(w1.hostname)}/pool/shrink`, WorkerControlResponse, { n: 1 });
    expect(shrunk.replies[w1.hostname]).toEqual({ ok: 'pool will shrink' });
    await eventually(async () => expect((await detailOf(w1)).pool?.processes).toHaveLength(2));
  });

  it("changes an autoscaling worker's range, and shows a fixed pool's refusal as that worker's reply", async () => {
    const scaled = await call('PUT', `/sources/${sourceId}/workers/${enc(w2.hostname)}/autoscale`, WorkerControlResponse, { max: 4, min: 2 });
    expect(scaled.replies[w2.hostname]).toEqual({ ok: 'autoscale now max=4 min=2' });
    await eventually(async () => expect((await detailOf(w2)).pool?.autoscaler).toMatchObject({ max: 4, min: 2 }));
    const fixed = await call('PUT', `/sources/${sourceId}/workers/${enc(w1.hostname)}/autoscale`, WorkerControlResponse, { max: 4, min: 2 });
    expect(String((fixed.replies[w1.hostname] as { error?: string }).error)).toContain('Autoscale not enabled');
  });

  it('adds a consumer (tasks sent to that queue really run) and cancels it', async () => {
    const queue = `extra-${tag}`;
    const added = await call('POST', `/sources/${sourceId}/workers/${enc(w1.hostname)}/consumers`, WorkerControlResponse, { queue });
    expect(added.replies[w1.hostname]).toEqual({ ok: `add consumer ${queue}` });
    await eventually(async () => expect((await detailOf(w1)).activeQueues.map((entry) => entry.name)).toContain(queue));
    const { id } = await sendTasks(env, 'task', 'fixture.add', queue, JSON.stringify([20, 22]));
    await eventually(async () => expect((await task(id))?.state).toBe('SUCCESS'));
    expect((await task(id))?.fields.worker).toBe(w1.hostname);
    const cancelled = await call('DELETE', `/sources/${sourceId}/workers/${enc(w1.hostname)}/consumers/${enc(queue)}`, WorkerControlResponse, {});
    expect(cancelled.replies[w1.hostname]).toEqual({ ok: `no longer consuming from ${queue}` });
    await eventually(async () => expect((await detailOf(w1)).activeQueues.map((entry) => entry.name)).not.toContain(queue));
  });

  it('cancels a running task with terminate: the process running it is gone and the task is revoked, never succeeded', async () => {
    const { id } = await sendTasks(env, 'task', 'fixture.sleep', 'celery', JSON.stringify([120]));
    const running = await eventually(async () => {
      const active = (await detailOf(w1)).active.find((entry) => entry.id === id);
      expect(active?.workerPid).toBeTypeOf('number');
      return active!;
    });
    await eventually(async () => expect((await task(id))?.state).toBe('STARTED'));
    expect(processAlive(running.workerPid!)).toBe(true);
    const answer = await call('POST', taskPath('celery', id, 'cancel'), CancelJobResponse, { terminate: true, signal: 'SIGTERM', waitMs: 8000 });
    expect(answer.replies?.replies[w1.hostname]).toEqual({ ok: `terminate: ${id}` });
    expect(answer.replies?.noReply).toEqual([]);
    expect(answer.acknowledged).toBe(true);
    await eventually(async () => expect(processAlive(running.workerPid!)).toBe(false));
    await eventually(async () => {
      const record = await task(id);
      expect(record?.state).toBe('REVOKED');
      expect(record?.fields.revokedHow).toContain('terminated=true');
    });
    expect((await detailOf(w1)).active.map((entry) => entry.id)).not.toContain(id);
    expect(JSON.parse((await backend.get(`celery-task-meta-${id}`))!)).toMatchObject({ status: 'REVOKED' });
    const again = await refused('POST', taskPath('celery', id, 'cancel'), {});
    expect(again).toMatchObject({ status: 409, error: { code: 'conflict', details: { state: 'cancelled' } } });
  });

  it('cancels a task waiting for its countdown: the worker drops it when it comes due, it never starts', async () => {
    // Long enough to outlast a slow producer on a loaded machine: the countdown starts when it publishes.
    const { id } = await sendTasks(env, 'call', 'fixture.add', 'celery', '[1, 1]', '{}', 20);
    await eventually(async () => expect((await task(id))?.normalisedState).toBe('delayed'));
    const answer = await call('POST', taskPath('celery', id, 'cancel'), CancelJobResponse, { waitMs: 8000 });
    expect(answer.replies?.replies[w1.hostname]).toEqual({ ok: `tasks ${id} flagged as revoked` });
    await eventually(async () => expect((await task(id))?.state).toBe('REVOKED'));
    expect((await task(id))?.fields.started).toBeUndefined();
    expect((await task(id))?.fields.succeeded).toBeUndefined();
  });

  it('retries a failed task as a new task with the exact args (floats, big ints, nesting) and parent_id: it really runs again', async () => {
    const path = marker();
    const args = `["${path}", 1.0, 123456789012345678901234567890, {"k": [1, "x"]}, null, true]`;
    const { id } = await sendTasks(env, 'call', 'fixture.fail_once', 'ctl', args, '{"note": "it\'s"}');
    await eventually(async () => expect((await task(id))?.state).toBe('FAILURE'));
    const retried = await call('POST', taskPath('ctl', id, 'retry'), JobActionResponse, {});
    expect(retried.from).toEqual({ queue: 'ctl', id });
    expect(retried.job.id).not.toBe(id);
    const newId = retried.job.id;
    await eventually(async () => expect((await task(newId))?.state).toBe('SUCCESS'));
    const record = (await task(newId))!;
    expect(record.fields).toMatchObject({ parent: id, root: id, name: 'fixture.fail_once', queue: 'ctl', worker: w1.hostname });
    // The result is what the task received, as the backend wrote it: 1.0 a float, every digit kept.
    const meta = (await backend.get(`celery-task-meta-${newId}`))!;
    expect(rawJsonMember(meta, 'result')).toBe(`[${args}, {"note": "it's"}]`);
    expect(await adapter.index.children(id)).toContain(newId);
    const again = await refused('POST', taskPath('ctl', newId, 'retry'), {});
    expect(again).toMatchObject({ status: 409, error: { details: { state: 'completed' } } });
  });

  it("retries from the event's args repr when the backend has no record, and says what to enable when the repr was cut", async () => {
    const path = marker();
    const { id } = await sendTasks(env, 'call', 'fixture.fail_once', 'ctl', `["${path}", [1, 2.5], {"a": null}]`, '{"flag": false}');
    await eventually(async () => expect((await task(id))?.state).toBe('FAILURE'));
    await backend.del(`celery-task-meta-${id}`);
    const retried = await call('POST', taskPath('ctl', id, 'retry'), JobActionResponse, {});
    await eventually(async () => expect((await task(retried.job.id))?.state).toBe('SUCCESS'));
    const meta = (await backend.get(`celery-task-meta-${retried.job.id}`))!;
    expect(rawJsonMember(meta, 'result')).toBe(`[["${path}", [1, 2.5], {"a": null}], {"flag": false}]`);
    expect((await task(retried.job.id))?.fields.parent).toBe(id);

    const long = marker();
    const cut = await sendTasks(env, 'call', 'fixture.fail_once', 'ctl', JSON.stringify([long, 'word '.repeat(400)]), '{}');
    await eventually(async () => expect((await task(cut.id))?.state).toBe('FAILURE'));
    await backend.del(`celery-task-meta-${cut.id}`);
    const refusal = await refused('POST', taskPath('ctl', cut.id, 'retry'), {});
    expect(refusal).toMatchObject({ status: 409, error: { code: 'conflict', details: { enable: 'result_extended' } } });
    expect(refusal.error.message).toContain('result_extended=True');
    expect(existsSync(long)).toBe(true);
  });

  it('retries everything a filter matches, bounded, after a dry run that counts first', async () => {
    const token = `bulk-${tag}`;
    const sent = await sendTasks<{ ids: string[] }>(env, 'many', 'fixture.fail', 'ctl', JSON.stringify([[`${token} a`], [`${token} b`], [`${token} c`]]));
    await eventually(async () => {
      for (const id of sent.ids) expect((await task(id))?.state).toBe('FAILURE');
    });
    const found = await call('GET', `/sources/${sourceId}/queues/ctl/search?state=failed&reason=${enc(token)}`, SearchResponse);
    expect(found).toMatchObject({ matched: 3, complete: true });
    expect(found.jobs.map((row) => row.id).sort()).toEqual([...sent.ids].sort());
    const body = { state: 'failed', filter: { reason: token }, scanLimit: 1000 };
    const dry = await call('POST', `/sources/${sourceId}/queues/ctl/retry-matching`, MatchingActionResponse, { ...body, dryRun: true });
    expect(dry).toMatchObject({ matched: 3, touched: 0, dryRun: true, complete: true });
    for (const id of sent.ids) expect(await adapter.index.children(id)).toEqual([]);
    const done = await call('POST', `/sources/${sourceId}/queues/ctl/retry-matching`, MatchingActionResponse, body);
    expect(done).toMatchObject({ matched: 3, touched: 3, skipped: [] });
    await eventually(async () => {
      for (const id of sent.ids) {
        const [child] = await adapter.index.children(id);
        expect((await task(child!))?.state).toBe('FAILURE');
        expect((await task(child!))?.fields.exception).toContain(token);
      }
    });
  });

  it('revokes every delayed task a filter matches: none of them ever starts', async () => {
    const token = `later-${tag}`;
    const ids: string[] = [];
    for (const label of ['a', 'b']) ids.push((await sendTasks(env, 'call', 'fixture.limited', 'celery', JSON.stringify([`${token} ${label}`]), '{}', 20)).id);
    await eventually(async () => {
      for (const id of ids) expect((await task(id))?.normalisedState).toBe('delayed');
    });
    const body = { state: 'delayed', filter: { name: 'fixture.limited', q: token }, scanLimit: 1000 };
    const dry = await call('POST', `/sources/${sourceId}/queues/celery/cancel-matching`, MatchingActionResponse, { ...body, dryRun: true });
    expect(dry).toMatchObject({ matched: 2, touched: 0 });
    const done = await call('POST', `/sources/${sourceId}/queues/celery/cancel-matching`, MatchingActionResponse, body);
    expect(done).toMatchObject({ matched: 2, touched: 2 });
    await eventually(async () => {
      for (const id of ids) expect((await task(id))?.state).toBe('REVOKED');
    });
    for (const id of ids) expect((await task(id))?.fields.started).toBeUndefined();
  });

  it('purges the messages waiting in a queue, every priority list of it', async () => {
    const queue = `held-${tag}`;
    await sendTasks(env, 'queued', queue, 6, 3);
    await sendTasks(env, 'queued', queue, 0, 2);
    await eventually(async () => expect((await adapter.getQueue(queue))?.meta.brokerWaiting).toBe('5'));
    const purged = await call('POST', `/sources/${sourceId}/queues/${enc(queue)}/purge`, PurgeResponse, {});
    expect(purged).toEqual({ action: 'purge', source: sourceId, queue, purged: 5 });
    expect((await adapter.getQueue(queue))?.meta.brokerWaiting).toBe('0');
    expect(await adapter.broker.peek(queue, 10)).toEqual([]);
  });

  it('sets and removes soft and hard time limits per task type: every worker reports them on the task type', async () => {
    // Celery 5.2 reads a task type's limits into its request class when the consumer starts, so a
    // running worker applies new ones only after its consumer restarts (reconnect, pool restart);
    // what it does at once is keep them on the task type, as `registered` shows.
    const set = await call('PUT', `/sources/${sourceId}/task-types/fixture.sleep/time-limit`, TaskTypeLimitResponse, { soft: 1, hard: 2 });
    expect(set).toMatchObject({ timeLimit: { soft: 1, hard: 2 }, noReply: [] });
    expect(set.replies[w1.hostname]).toEqual({ ok: 'time limits set successfully' });
    expect(set.replies[w2.hostname]).toEqual({ ok: 'time limits set successfully' });
    for (const worker of [w1, w2]) {
      const registered = (await detailOf(worker)).registered.find((entry) => entry.name === 'fixture.sleep');
      expect(registered).toMatchObject({ softTimeLimit: 1, timeLimit: 2 });
    }
    const removed = await call('DELETE', `/sources/${sourceId}/task-types/fixture.sleep/time-limit`, TaskTypeLimitResponse, {});
    expect(removed.replies[w1.hostname]).toEqual({ ok: 'time limits set successfully' });
    expect((await detailOf(w1)).registered.find((entry) => entry.name === 'fixture.sleep')).toMatchObject({ softTimeLimit: null, timeLimit: null });
    const bad = await refused('PUT', `/sources/${sourceId}/task-types/fixture.sleep/time-limit`, { soft: 5, hard: 2 });
    expect(bad).toMatchObject({ status: 400, error: { code: 'bad_request' } });
  });

  it('sets a rate limit per task type that holds (a second task waits while a later one of another type runs), and clears it', async () => {
    const set = await call('PUT', `/sources/${sourceId}/task-types/fixture.limited/rate-limit`, TaskTypeLimitResponse, { rate: '1/h' });
    expect(set).toMatchObject({ rateLimit: '1/h', noReply: [] });
    expect(set.replies[w1.hostname]).toEqual({ ok: 'new rate limit set successfully' });
    expect(set.replies[w2.hostname]).toEqual({ ok: 'new rate limit set successfully' });
    expect((await detailOf(w1)).registered.find((entry) => entry.name === 'fixture.limited')?.rateLimit).toBe('1/h');
    const first = await sendTasks(env, 'task', 'fixture.limited', 'ctl', JSON.stringify(['one']));
    await eventually(async () => expect((await task(first.id))?.state).toBe('SUCCESS'));
    const second = await sendTasks(env, 'task', 'fixture.limited', 'ctl', JSON.stringify(['two']));
    const later = await sendTasks(env, 'task', 'fixture.add', 'ctl', JSON.stringify([2, 2]));
    await eventually(async () => expect((await task(later.id))?.state).toBe('SUCCESS'));
    // The worker took the second task (received) but holds it: one per hour, and one already ran.
    await eventually(async () => expect((await task(second.id))?.state).toBe('RECEIVED'));
    expect((await task(second.id))?.fields.started).toBeUndefined();

    const cleared = await call('DELETE', `/sources/${sourceId}/task-types/fixture.limited/rate-limit`, TaskTypeLimitResponse, {});
    expect(cleared.replies[w1.hostname]).toEqual({ ok: 'rate limit disabled successfully' });
    expect((await detailOf(w1)).registered.find((entry) => entry.name === 'fixture.limited')?.rateLimit).toBeNull();
    const audit = await call('GET', `/audit?source=${sourceId}&limit=50`, AuditResponse);
    const entry = audit.entries.find((candidate) => candidate.action === 'task-type.rate-limit.set');
    expect(entry).toMatchObject({ target: { taskType: 'fixture.limited' }, params: { rate: '1/h' }, result: { ok: true } });
  });

  it('names a worker that does not answer', async () => {
    process.kill(w2.pid, 'SIGSTOP');
    try {
      const grow = await call('POST', `/sources/${sourceId}/workers/${enc(w2.hostname)}/pool/grow`, WorkerControlResponse, { n: 1 });
      expect(grow).toMatchObject({ replies: {}, noReply: [w2.hostname], addressed: [w2.hostname] });
      const detail = (await call('GET', `/sources/${sourceId}/workers/${enc(w2.hostname)}?timeoutMs=1500`, WorkerDetailResponse)).detail;
      expect(detail).toMatchObject({ answered: false, pool: null, active: [] });
      expect(detail.unanswered.sort()).toEqual(['active', 'active_queues', 'conf', 'registered', 'reserved', 'revoked', 'scheduled', 'stats']);
    } finally {
      process.kill(w2.pid, 'SIGCONT');
    }
  });

  it('shuts a worker down (admin): it goes offline and its process exits', async () => {
    const answer = await call('POST', `/sources/${sourceId}/workers/${enc(w2.hostname)}/shutdown`, WorkerControlResponse, {});
    expect(answer).toMatchObject({ replies: { [w2.hostname]: { ok: 'went offline' } }, noReply: [] });
    await eventually(() => expect(processAlive(w2.pid)).toBe(false));
    const workers = (await adapter.listWorkers()).workers;
    expect(workers.find((worker) => worker.name === w2.hostname)?.status).toBe('offline');
  });
});
