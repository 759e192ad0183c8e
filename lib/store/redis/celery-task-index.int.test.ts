import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { toTaskUpdate, toWorkerUpdate } from '@/lib/adapters/celery/map';
import type { CeleryEvent } from '@/lib/adapters/celery/map';
import { taskEvents, workerEvent } from '@/lib/adapters/celery/testing/events';
import type { RetentionPolicy, TaskUpdate } from '../celery-task-index';
import { RedisCeleryTaskIndex, celeryIndexPrefix } from './celery-task-index';

const RETENTION: RetentionPolicy = { succeeded: 86_400, failed: 604_800, revoked: 604_800, unfinished: 604_800, offlineWorkers: 86_400 };

const updates = (events: CeleryEvent[]): TaskUpdate[] => events.map((event) => toTaskUpdate(event)!).filter(Boolean);

describe('Redis Celery task index (real Redis)', () => {
  let redis: Redis;
  const opened: RedisCeleryTaskIndex[] = [];
  const makeIndex = (sourceId: string, overrides: Partial<{ retention: RetentionPolicy; maxTasks: number }> = {}) => {
    const index = new RedisCeleryTaskIndex({
      redis: new Redis(inject('redisUrl')),
      ownsConnection: true,
      sourceId,
      retention: overrides.retention ?? RETENTION,
      maxTasks: overrides.maxTasks ?? 1_000_000,
    });
    opened.push(index);
    return index;
  };
  const source = () => `store-${randomBytes(4).toString('hex')}`;

  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await Promise.all(opened.map((index) => index.close()));
    redis.disconnect();
  });

  it('applies Celery precedence: a late task-received never overwrites task-succeeded, but fills what was missing', async () => {
    const index = makeIndex(source());
    const id = randomUUID();
    const [sent, received, started, succeeded] = updates(taskEvents(id, { name: 'fixture.add' }));
    await index.apply([succeeded!], []);
    let record = await index.get(id);
    expect(record?.state).toBe('SUCCESS');
    expect(record?.fields.name).toBeUndefined();
    // The worker's received and started, and the client's sent, arrive late.
    await index.apply([started!, received!, sent!], []);
    record = await index.get(id);
    expect(record?.state).toBe('SUCCESS');
    expect(record?.normalisedState).toBe('completed');
    expect(record?.fields).toMatchObject({ name: 'fixture.add', args: '[1, 2]', queue: 'celery', result: '3', worker: 'w1@test' });
    expect(record?.log.map((entry) => entry.type)).toEqual(['task-sent', 'task-received', 'task-started', 'task-succeeded']);
  });

  it('lets a retry move a task back, and a replayed older event not undo a newer one', async () => {
    const index = makeIndex(source());
    const id = randomUUID();
    const t = Date.now() / 1000;
    const ev = (type: string, dt: number, extra: Record<string, unknown> = {}) =>
      toTaskUpdate({ type, uuid: id, hostname: 'w1@test', timestamp: t + dt, ...extra } as CeleryEvent)!;
    const firstRun = [ev('task-received', 0, { name: 'fixture.retry', retries: 0 }), ev('task-started', 0.01), ev('task-retried', 0.02, { exception: "Flaky('try 1')" })];
    const secondRun = [ev('task-received', 0.3, { retries: 1 }), ev('task-started', 0.31), ev('task-succeeded', 0.32, { result: "'ok'" })];
    await index.apply(firstRun, []);
    expect((await index.get(id))?.state).toBe('RETRY');
    expect((await index.get(id))?.normalisedState).toBe('delayed');
    await index.apply(secondRun, []);
    expect((await index.get(id))?.state).toBe('SUCCESS');
    // Another dashboard replays the first run after the fact.
    await index.apply(firstRun, []);
    const record = (await index.get(id))!;
    expect(record.state).toBe('SUCCESS');
    expect(record.fields.retries).toBe('1');
    expect(record.log.filter((entry) => entry.type === 'task-started')).toHaveLength(2);
  });

  it('stores each task once when two dashboards apply the same events at the same time', async () => {
    const sourceId = source();
    const [a, b] = [makeIndex(sourceId), makeIndex(sourceId)];
    const ids = Array.from({ length: 200 }, () => randomUUID());
    const batch = ids.flatMap((id, n) => updates(taskEvents(id, { outcome: n % 4 === 0 ? 'failed' : 'succeeded' })));
    await Promise.all([a.apply(batch.slice(0, 400), []), b.apply(batch, []), a.apply(batch.slice(400), [])]);
    const counts = (await a.counts(['celery'])).get('celery')!;
    expect(counts.completed).toBe(150);
    expect(counts.failed).toBe(50);
    expect(counts.waiting + counts.active).toBe(0);
    const all = await a.list({ limit: 500 });
    expect(all.total).toBe(200);
    expect(new Set(all.tasks.map((task) => task.id)).size).toBe(200);
    const record = (await b.get(ids[1]!))!;
    expect(record.log).toHaveLength(4);
  });

  it('pages newest first by cursor with every task exactly once, and answers name + state from the index', async () => {
    const index = makeIndex(source());
    const t = Date.now() / 1000 - 100;
    const ids: string[] = [];
    const batch: TaskUpdate[] = [];
    for (let n = 0; n < 25; n++) {
      const id = `task-${String(n).padStart(2, '0')}`;
      ids.push(id);
      // Pairs share a timestamp: ties must page correctly too.
      batch.push(...updates(taskEvents(id, { name: n % 2 ? 'fixture.odd' : 'fixture.even', start: t + Math.floor(n / 2) })));
    }
    await index.apply(batch, []);
    const seen: string[] = [];
    let cursor: string | null = null;
    let previous = Infinity;
    do {
      const page: Awaited<ReturnType<typeof index.list>> = await index.list({ state: 'completed', queue: 'celery', limit: 4, cursor });
      expect(page.total).toBe(25);
      for (const task of page.tasks) {
        expect(task.at).toBeLessThanOrEqual(previous);
        previous = task.at;
        seen.push(task.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(ids);
    const odd = await index.list({ state: 'completed', name: 'fixture.odd', limit: 100 });
    expect(odd.total).toBe(12);
    expect(odd.scanned).toBe(0);
    expect(odd.tasks.every((task) => task.fields.name === 'fixture.odd')).toBe(true);
    const byName = await index.list({ name: 'fixture.even', limit: 5 });
    expect(byName.total).toBe(13);
    expect(byName.tasks).toHaveLength(5);
    // Name picks the index sets; the worker is checked on those 12 only.
    const byWorker = await index.list({ worker: 'w1@test', name: 'fixture.odd', limit: 100 });
    expect(byWorker.tasks).toHaveLength(12);
    expect(byWorker.scanned).toBe(12);
    const window = await index.list({ state: 'completed', from: Math.round((t + 3) * 1000), to: Math.round((t + 5) * 1000) + 10, limit: 100 });
    expect(window.total).toBe(6);
  });

  it('answers worker + state from its own index, several states merged, and a bounded text scan that says how far it looked', async () => {
    const index = makeIndex(source());
    const t = Date.now() / 1000 - 100;
    const batch: TaskUpdate[] = [];
    for (let n = 0; n < 30; n++) {
      batch.push(
        ...updates(
          taskEvents(`t-${String(n).padStart(2, '0')}`, {
            hostname: n % 3 ? 'w1@test' : 'w2@test',
            outcome: n % 5 === 0 ? 'failed' : 'succeeded',
            args: n === 7 ? "['Invoice-77', 3]" : `[${n}]`,
            start: t + n,
          }),
        ),
      );
    }
    await index.apply(batch, []);
    const w2Failed = await index.list({ worker: 'w2@test', state: 'failed', limit: 100 });
    // n in {0, 15} are failed on w2 (n % 3 === 0 and n % 5 === 0).
    expect(w2Failed.tasks.map((task) => task.id)).toEqual(['t-15', 't-00']);
    expect(w2Failed).toMatchObject({ scanned: 0, complete: true, total: 2 });
    const finished = await index.list({ states: ['failed', 'completed'], limit: 3 });
    expect(finished.total).toBe(30);
    expect(finished.tasks.map((task) => task.id)).toEqual(['t-29', 't-28', 't-27']);
    const text = await index.list({ text: 'invoice-77', limit: 10, previewChars: 6 });
    expect(text.tasks.map((task) => task.id)).toEqual(['t-07']);
    expect(text.tasks[0]!.preview).toEqual({ args: "['Invo", kwargs: '{}' });
    expect(text).toMatchObject({ scanned: 30, complete: true });
    const byException = await index.list({ text: 'VALUEERROR', state: 'failed', limit: 10 });
    expect(byException.tasks).toHaveLength(6);
    const bounded = await index.list({ text: 'no such text', limit: 10, scanLimit: 100 });
    expect(bounded).toMatchObject({ scanned: 30, complete: true, tasks: [] });
    // A scan cut short says so, and its cursor resumes where it stopped.
    const short = await index.list({ text: 'invoice-77', limit: 10, scanLimit: 1 });
    expect(short.complete).toBe(false);
    expect(short.scanned).toBeLessThan(30);
    expect(short.nextCursor).not.toBeNull();
    const found: string[] = [];
    let looked = 0;
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof index.list>> = await index.list({ text: 'invoice-77', limit: 10, scanLimit: 4, cursor });
      expect(page.scanned).toBeLessThanOrEqual(4);
      looked += page.scanned;
      found.push(...page.tasks.map((task) => task.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(found).toEqual(['t-07']);
    expect(looked).toBe(30);
  });

  it('enforces retention per state and the size cap, and keeps workers', async () => {
    const sourceId = source();
    const index = makeIndex(sourceId, { retention: { ...RETENTION, succeeded: 60, failed: 3_600 }, maxTasks: 100 });
    const old = Date.now() / 1000 - 120;
    const oldSuccess = updates(taskEvents('old-success', { start: old }));
    const oldFailure = updates(taskEvents('old-failure', { start: old, outcome: 'failed' }));
    await index.apply([...oldSuccess, ...oldFailure], []);
    await index.trim();
    expect(await index.get('old-success')).toBeNull();
    expect((await index.get('old-failure'))?.state).toBe('FAILURE');
    expect(await redis.exists(`${celeryIndexPrefix(sourceId)}t:old-success`)).toBe(0);
    expect(await redis.zscore(`${celeryIndexPrefix(sourceId)}i:all`, 'old-success')).toBeNull();
    const many = Array.from({ length: 130 }, (_, n) => updates(taskEvents(`cap-${n}`, { start: Date.now() / 1000 - 50 + n * 0.01 }))).flat();
    await index.apply(many, []);
    await index.trim();
    expect(await redis.zcard(`${celeryIndexPrefix(sourceId)}i:all`)).toBe(100);
    expect(await index.get('cap-129')).not.toBeNull();
    expect(await index.get('cap-0')).toBeNull();

    const online = toWorkerUpdate(workerEvent('worker-online', 'w9@test', Date.now() / 1000 - 1) as CeleryEvent)!;
    const offline = toWorkerUpdate(workerEvent('worker-offline', 'w9@test') as CeleryEvent)!;
    await index.apply([], [offline]);
    await index.apply([], [online]);
    const [worker] = await index.workers();
    expect(worker).toMatchObject({ hostname: 'w9@test', type: 'worker-offline', processed: 7 });
  });
});
