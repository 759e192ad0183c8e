/**
 * The source-wide task list and Celery's dead letters through the REST core, against a real Celery
 * 5.2 worker (Debian's python3-celery) on the test Redis: every answer checked against the tasks the
 * producer sent and the worker ran.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { eventually as eventuallyWithin } from '@/lib/adapters/bullmq/testing/fixtures';
import type { CeleryAdapter } from '@/lib/adapters/celery/adapter';
import type { CeleryEnv, CeleryWorker } from '@/lib/adapters/celery/testing/worker';
import { emptyCeleryEnv, sendTasks, startCeleryWorker } from '@/lib/adapters/celery/testing/worker';
import { SourceRegistry } from '@/lib/adapters/registry';
import { closeDashboardRedis } from '@/lib/auth/store';
import { YardmasterConfig } from '@/lib/config';
import { createApiHandler } from './handler';
import type { ApiHandler } from './handler';
import { OpenApiDocument } from './openapi';
import { DeadLetterRetryResponse, DeadLettersResponse, ErrorEnvelope, TasksResponse } from './schemas';

// A real worker on a machine shared with other test files: patient, never timed.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const eventually = <T>(check: () => Promise<T> | T) => eventuallyWithin(check, 60_000);

const BROKER_DB = 10;
const BACKEND_DB = 11;
const tag = randomBytes(3).toString('hex');
const sourceId = `cel-tasks-${tag}`;

let env: CeleryEnv;
let registry: SourceRegistry;
let api: ApiHandler;
let adapter: CeleryAdapter;
let worker: CeleryWorker;
const sent = { added: [] as string[], failed: [] as string[], exported: '' };

async function get(path: string): Promise<{ status: number; json: unknown }> {
  const response = await api(new Request(`http://127.0.0.1/api/v1${path}`));
  return { status: response.status, json: await response.json() };
}
const tasks = async (query: string) => {
  const { status, json } = await get(`/sources/${sourceId}/tasks${query}`);
  if (status !== 200) throw new Error(`tasks${query} answered ${status}: ${JSON.stringify(json)}`);
  return TasksResponse.parse(json);
};

beforeAll(async () => {
  const url = inject('redisUrl');
  env = await emptyCeleryEnv(url, BROKER_DB, BACKEND_DB);
  registry = new SourceRegistry(
    YardmasterConfig.parse({
      sources: [
        { id: sourceId, kind: 'celery', broker: env.broker, backend: env.backend, enableEventsEveryMs: 0 },
        { id: `bull-${tag}`, kind: 'bullmq', redis: url, prefix: `ym-none-${tag}`, queues: ['none'] },
      ],
      discoveryIntervalMs: 500,
    }),
  );
  api = createApiHandler({ registry });
  adapter = registry.get(sourceId)!.adapter as CeleryAdapter;
  await eventually(() => expect(adapter.ingest?.status).toBe('up'));
  worker = await startCeleryWorker({ ...env, hostname: `tasks-${tag}@test`, queues: ['celery', 'exports'] });
  sent.added = (await sendTasks<{ ids: string[] }>(env, 'many', 'fixture.add', 'celery', JSON.stringify([[1, 1], [2, 2], [3, 3]]))).ids;
  sent.failed = (await sendTasks<{ ids: string[] }>(env, 'many', 'fixture.fail', 'celery', JSON.stringify([['Invoice-77 declined'], ['card expired']]))).ids;
  sent.exported = (await sendTasks<{ id: string }>(env, 'export', 'ledger')).id;
  await eventually(async () => {
    const page = await tasks('?state=completed,failed');
    expect(page.total).toBe(6);
  });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await registry?.close();
  await closeDashboardRedis();
}, 60_000);

describe('GET /sources/{s}/tasks against a real Celery worker', () => {
  it('lists every task newest first with its worker, queue, times and an args preview', async () => {
    const page = await tasks('');
    expect(page.complete).toBe(true);
    expect(page.scanned).toBe(0);
    expect(page.tasks.map((task) => task.id).sort()).toEqual([...sent.added, ...sent.failed, sent.exported].sort());
    const times = page.tasks.map((task) => task.stateAt);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const failed = page.tasks.find((task) => task.id === sent.failed[0])!;
    expect(failed).toMatchObject({
      name: 'fixture.fail',
      state: 'failed',
      nativeState: 'FAILURE',
      queue: 'celery',
      worker: worker.hostname,
      argsPreview: "['Invoice-77 declined']",
    });
    expect(failed.exception).toContain('ValueError');
    expect(failed.receivedAt).not.toBeNull();
    expect(failed.finishedAt! >= failed.startedAt!).toBe(true);
    expect(page.tasks.find((task) => task.id === sent.exported)?.queue).toBe('exports');
  });

  it('answers state, name, worker and queue from the index, and pages by cursor', async () => {
    const failedOnWorker = await tasks(`?state=failed&worker=${encodeURIComponent(worker.hostname)}`);
    expect(failedOnWorker).toMatchObject({ total: 2, scanned: 0, complete: true });
    const added = await tasks('?state=completed&name=fixture.add');
    expect(added.tasks.map((task) => task.id).sort()).toEqual([...sent.added].sort());
    expect(added.scanned).toBe(0);
    const exports = await tasks('?queue=exports');
    expect(exports.tasks.map((task) => task.id)).toEqual([sent.exported]);
    // queue + name: the queue's sets, the name checked on each.
    const both = await tasks('?queue=celery&name=fixture.fail');
    expect(both.tasks).toHaveLength(2);
    expect(both.scanned).toBe(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: TasksResponse = await tasks(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.tasks.length).toBeLessThanOrEqual(2);
      seen.push(...page.tasks.map((task) => task.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...sent.added, ...sent.failed, sent.exported].sort());
  });

  it('bounds a time window given as epoch ms or ISO 8601', async () => {
    const all = await tasks('');
    const newest = all.tasks[0]!;
    const window = await tasks(`?since=${newest.stateAt}&until=${new Date(newest.stateAt).toISOString()}`);
    expect(window.tasks.map((task) => task.id)).toContain(newest.id);
    expect(window.tasks.every((task) => task.stateAt === newest.stateAt)).toBe(true);
    expect((await tasks(`?until=${all.tasks.at(-1)!.stateAt - 1}`)).tasks).toEqual([]);
  });

  it('finds text in args and exceptions by a bounded scan that says how much it looked at', async () => {
    const invoice = await tasks('?text=invoice-77');
    expect(invoice.tasks.map((task) => task.id)).toEqual([sent.failed[0]]);
    expect(invoice).toMatchObject({ scanned: 6, complete: true });
    const byException = await tasks('?state=failed&text=VALUEERROR');
    expect(byException.tasks).toHaveLength(2);
    const short = await tasks('?text=invoice-77&scan=2');
    expect(short).toMatchObject({ scanned: 2, complete: false });
    expect(short.nextCursor).not.toBeNull();
  });

  it('refuses bad filters with 400, and sources without a task index with 409', async () => {
    for (const query of ['?state=sleeping', '?since=yesterday', '?since=2000&until=1000', '?limit=0', '?cursor=garbage']) {
      const { status, json } = await get(`/sources/${sourceId}/tasks${query}`);
      expect(status, query).toBe(400);
      expect(ErrorEnvelope.parse(json).error.code).toBe('bad_request');
    }
    const bull = await get(`/sources/bull-${tag}/tasks`);
    expect(bull.status).toBe(409);
    expect(ErrorEnvelope.parse(bull.json).error.code).toBe('unsupported');
    const document = OpenApiDocument.parse((await get('/openapi.json')).json) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const operation = document.paths['/sources/{source}/tasks']!.get!;
    expect(operation['x-yardmaster-capability']).toBe('tasks');
    expect(operation['x-yardmaster-sources']).toEqual([{ id: sourceId, kind: 'celery' }]);
  });
});

describe('Celery failures in the dead letters', () => {
  it('lists them beside BullMQ failures in the walk order, one page at a time', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const { json }: { json: unknown } = await get(`/dead-letters?source=${sourceId}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      const page = DeadLettersResponse.parse(json);
      expect(page.total).toBe(2);
      for (const job of page.jobs) {
        expect(job).toMatchObject({ source: sourceId, queue: 'celery', name: 'fixture.fail', state: 'failed' });
        seen.push(job.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...sent.failed].sort());
    const reason = DeadLettersResponse.parse((await get(`/dead-letters?source=${sourceId}&reason=Invoice-77`)).json);
    expect(reason.jobs.map((job) => job.id)).toEqual([sent.failed[0]]);
  });

  it('retries them from there: a dry run counts, the retry sends new tasks with the failed one as parent', async () => {
    const retry = async (dryRun: boolean) => {
      const response = await api(
        new Request('http://127.0.0.1/api/v1/dead-letters/retry', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': randomBytes(8).toString('hex') },
          body: JSON.stringify({ source: sourceId, filter: { reason: 'card expired' }, dryRun }),
        }),
      );
      expect(response.status).toBe(200);
      return DeadLetterRetryResponse.parse(await response.json());
    };
    expect(await retry(true)).toMatchObject({ matched: 1, touched: 0 });
    expect(await retry(false)).toMatchObject({ matched: 1, touched: 1 });
    // The new task runs (and fails again: the fixture always does), its parent the old one.
    await eventually(async () => {
      const children = await adapter.index.children(sent.failed[1]!);
      expect(children).toHaveLength(1);
      expect((await adapter.index.get(children[0]!))?.state).toBe('FAILURE');
    });
  });
});
