/**
 * The task search language end to end: tasks run by a real Celery 5.2 worker, ingested from its
 * events into the index, then found by queries a person would type.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { CelerySourceConfig } from '@/lib/config';
import { eventually as eventuallyWithin } from '../bullmq/testing/fixtures';
import type { CeleryAdapter } from './adapter';
import { createCeleryAdapter } from './adapter';
import { TaskQueryError } from './task-query';
import { searchCeleryTasks } from './task-search';
import type { CeleryEnv, CeleryWorker } from './testing/worker';
import { emptyCeleryEnv, sendTasks, startCeleryWorker } from './testing/worker';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const eventually = <T>(check: () => Promise<T> | T) => eventuallyWithin(check, 60_000);

const BROKER_DB = 12;
const BACKEND_DB = 13;

describe('task search over tasks a real Celery 5.2 worker ran', () => {
  let env: CeleryEnv;
  let worker: CeleryWorker | null = null;
  let adapter: CeleryAdapter;
  let added: string[];
  let failed: string[];
  let withKwargs: string;

  beforeAll(async () => {
    const url = inject('redisUrl');
    env = await emptyCeleryEnv(url, BROKER_DB, BACKEND_DB);
    adapter = createCeleryAdapter(
      CelerySourceConfig.parse({ id: `search-${randomBytes(3).toString('hex')}`, kind: 'celery', broker: env.broker, backend: env.backend, enableEventsEveryMs: 0 }),
      { discoveryIntervalMs: 1_000 },
    );
    await eventually(() => expect(adapter.ingest?.status).toBe('up'));
    worker = await startCeleryWorker({ ...env, hostname: `search-${randomBytes(3).toString('hex')}@test`, queues: ['celery', 'exports'] });
    added = (await sendTasks<{ ids: string[] }>(env, 'many', 'fixture.add', 'celery', JSON.stringify([[1, 2], [7, 8], [20, 22]]))).ids;
    failed = (await sendTasks<{ ids: string[] }>(env, 'many', 'fixture.fail', 'exports', JSON.stringify([['Invoice 77 rejected'], ['card declined']]))).ids;
    withKwargs = (await sendTasks(env, 'call', 'fixture.add', 'celery', '[4]', '{"y": 5}')).id;
    await eventually(async () => {
      const finished = await adapter.index.list({ limit: 10 });
      expect(finished.tasks.filter((task) => task.state === 'SUCCESS' || task.state === 'FAILURE')).toHaveLength(6);
    });
    await adapter.ingest!.drained();
  }, 180_000);

  afterAll(async () => {
    await adapter?.close();
    await worker?.stop();
  }, 60_000);

  const ids = async (q: string) => (await searchCeleryTasks(adapter.index, { q, limit: 50, scanLimit: 1_000 })).tasks.map((task) => task.id).sort();

  it('finds them by name and state, prefix and NOT, worker, queue, text in args, kwargs, result and exception', async () => {
    expect(await ids('name:fixture.fail state:FAILURE')).toEqual([...failed].sort());
    expect(await ids('name:fixture.* -state:SUCCESS')).toEqual([...failed].sort());
    expect(await ids(`worker:${worker!.hostname} queue:exports`)).toEqual([...failed].sort());
    expect(await ids('exception:"invoice 77"')).toEqual([failed[0]!]);
    expect(await ids('kwargs:y=5')).toEqual([withKwargs]);
    expect(await ids('result:15 OR args:"20, 22"')).toEqual([added[1]!, added[2]!].sort());
    expect(await ids('since:10m state:completed')).toEqual([...added, withKwargs].sort());
    const page = await searchCeleryTasks(adapter.index, { q: 'state:FAILURE', limit: 1, scanLimit: 1_000 });
    expect(page.tasks).toHaveLength(1);
    expect(page.tasks[0]!.fields).toMatchObject({ name: 'fixture.fail', queue: 'exports', worker: worker!.hostname });
    const next = await searchCeleryTasks(adapter.index, { q: 'state:FAILURE', limit: 1, scanLimit: 1_000, cursor: page.nextCursor });
    expect([page.tasks[0]!.id, next.tasks[0]!.id].sort()).toEqual([...failed].sort());
    expect(next.nextCursor).toBeNull();
  });

  it('ANDs the list filters with the typed query, and says what is wrong with a bad one', async () => {
    const filtered = await searchCeleryTasks(adapter.index, { q: 'fixture', filters: { states: ['failed'], queue: 'exports' }, limit: 50, scanLimit: 1_000 });
    expect(filtered.tasks.map((task) => task.id).sort()).toEqual([...failed].sort());
    await expect(searchCeleryTasks(adapter.index, { q: 'name:fixture.add AND', limit: 50, scanLimit: 1_000 })).rejects.toThrow(TaskQueryError);
    await expect(searchCeleryTasks(adapter.index, { q: 'stat:FAILURE', limit: 50, scanLimit: 1_000 })).rejects.toThrow(/did you mean "state"/);
  });
});
