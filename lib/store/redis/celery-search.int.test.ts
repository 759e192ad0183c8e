/**
 * The task search on real Redis: tasks written by the ingest's own script (APPLY_SCRIPT), random
 * queries in the task language paged at random limits and scan limits, held to the naive
 * evaluation of each query on every stored task; plus what a page says of how it was answered.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TaskQueryError, matchesTaskQuery, parseTaskQuery, toTaskSearch } from '@/lib/adapters/celery/task-query';
import { random, randomQuery, randomTasks } from '@/lib/adapters/celery/testing/search-fuzz';
import type { RetentionPolicy, TaskRecord, TaskUpdate } from '../celery-task-index';
import { compareNewestFirst } from '../celery-task-search';
import type { TaskSearchPage } from '../celery-task-search';
import { RedisCeleryTaskIndex, celeryIndexPrefix } from './celery-task-index';

const RETENTION: RetentionPolicy = { succeeded: 86_400 * 3650, failed: 86_400 * 3650, revoked: 86_400 * 3650, unfinished: 86_400 * 3650, offlineWorkers: 86_400 };

describe('task search on the Redis index (real Redis)', () => {
  let redis: Redis;
  const opened: RedisCeleryTaskIndex[] = [];
  const makeIndex = (sourceId = `search-${randomBytes(4).toString('hex')}`) => {
    const index = new RedisCeleryTaskIndex({ redis: new Redis(inject('redisUrl')), ownsConnection: true, sourceId, retention: RETENTION, maxTasks: 1_000_000 });
    opened.push(index);
    return { index, sourceId };
  };
  const search = (index: RedisCeleryTaskIndex, text: string, options: { limit?: number; scanLimit?: number; cursor?: string | null; now?: number; previewChars?: number } = {}) =>
    index.search(toTaskSearch(parseTaskQuery(text)), { limit: options.limit ?? 50, scanLimit: options.scanLimit ?? 10_000, cursor: options.cursor, now: options.now, previewChars: options.previewChars });
  async function all(index: RedisCeleryTaskIndex, text: string, options: { limit: number; scanLimit: number; now: number }) {
    const ids: string[] = [];
    const pages: TaskSearchPage[] = [];
    let cursor: string | null = null;
    do {
      const page: TaskSearchPage = await search(index, text, { ...options, cursor });
      pages.push(page);
      ids.push(...page.tasks.map((task) => task.id));
      cursor = page.nextCursor;
      if (pages.length > 2_000) throw new Error('no end of pages');
    } while (cursor);
    return { ids, pages };
  }

  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await Promise.all(opened.map((index) => index.close()));
    redis.disconnect();
  });

  it('pages through exactly what the naive evaluation matches, for random queries at random limits (property)', async () => {
    let nonEmpty = 0;
    let cut = 0;
    let indexed = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const rand = random(1_000 + seed);
      const { index } = makeIndex();
      const base = Date.now() - 60_000;
      const updates: TaskUpdate[] = randomTasks(rand, 150, base, 500);
      await index.apply(updates, []);
      const records = (await Promise.all(updates.map((update) => index.get(update.id)))).filter((record): record is TaskRecord => record !== null);
      expect(records).toHaveLength(updates.length);
      for (let q = 0; q < 8; q++) {
        let text = randomQuery(rand, base);
        for (;;) {
          try {
            toTaskSearch(parseTaskQuery(text));
            break;
          } catch (error) {
            if (!(error instanceof TaskQueryError)) throw error;
            text = randomQuery(rand, base);
          }
        }
        const node = parseTaskQuery(text);
        const expected = records
          .filter((record) => matchesTaskQuery(node, record, base))
          .sort((a, b) => compareNewestFirst({ score: b.at, id: b.id }, { score: a.at, id: a.id }))
          .map((record) => record.id);
        const limit = 1 + Math.floor(rand() * 15);
        const scanLimit = 4 + Math.floor(rand() * 60);
        const { ids, pages } = await all(index, text, { limit, scanLimit, now: base });
        expect(ids, `seed ${seed}: ${text} (limit ${limit}, scan ${scanLimit})`).toEqual(expected);
        for (const page of pages) {
          expect(page.tasks.length).toBeLessThanOrEqual(limit);
          for (const branch of page.branches) expect(branch.scanned).toBeLessThanOrEqual(scanLimit);
        }
        if (expected.length > 0) nonEmpty++;
        if (pages.some((page) => !page.complete)) cut++;
        if (pages.some((page) => page.branches.some((branch) => branch.index !== 'all tasks'))) indexed++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(20);
    expect(cut).toBeGreaterThan(5);
    expect(indexed).toBeGreaterThan(20);
  }, 120_000);

  it('answers selective clauses from the index sets (nothing scanned, an exact total) and checks the rest on the smallest', async () => {
    const { index } = makeIndex();
    const t = Date.now() - 100_000;
    const updates: TaskUpdate[] = [];
    for (let n = 0; n < 200; n++) {
      updates.push({
        id: `t-${String(n).padStart(3, '0')}`,
        state: n % 10 === 0 ? 'FAILURE' : 'SUCCESS',
        at: t + n,
        type: 'test',
        host: `w${n % 4}@test`,
        fields: { name: `tasks.t${n % 5}`, worker: `w${n % 4}@test`, queue: n % 2 ? 'celery' : 'mail', args: `[${n}]`, ...(n === 77 ? { kwargs: "{'invoice': 'INV-77'}" } : {}) },
      });
    }
    await index.apply(updates, []);
    const exact = await search(index, 'name:tasks.t0 state:failed', { limit: 3 });
    expect(exact.tasks.map((task) => task.id)).toEqual(['t-190', 't-180', 't-170']);
    expect(exact).toMatchObject({ scanned: 0, complete: true, total: 20 });
    expect(exact.branches).toEqual([{ index: 'name tasks.t0 · state failed', candidates: 20, scanned: 0, stoppedEarly: false }]);
    // worker + name: the name's 40 entries are the smaller set, the worker is checked on them.
    const mixed = await search(index, 'worker:w1@test name:tasks.t1', { limit: 100 });
    expect(mixed.tasks.map((task) => task.id)).toEqual(updates.filter((_, n) => n % 4 === 1 && n % 5 === 1).map((u) => u.id).reverse());
    expect(mixed.branches[0]).toMatchObject({ index: 'name tasks.t1', candidates: 40, scanned: 40 });
    expect(mixed.total).toBeNull();
    // A Celery state name: the failed sets, then the native name checked.
    expect((await search(index, 'state:FAILURE', { limit: 100 })).tasks).toHaveLength(20);
    // OR of two branches, newest first, each task once.
    const either = await search(index, 'name:tasks.t0 OR state:failed', { limit: 100 });
    expect(either.tasks).toHaveLength(40);
    expect(either.branches).toHaveLength(2);
    // Text is a bounded scan that says how far it looked, and resumes from there.
    const text = await search(index, 'kwargs:invoice=INV-77', { limit: 10, scanLimit: 50 });
    expect(text).toMatchObject({ tasks: [], complete: false, scanned: 50 });
    expect(text.branches[0]).toMatchObject({ index: 'all tasks', candidates: 200, stoppedEarly: true });
    const rest = await search(index, 'kwargs:invoice=INV-77', { limit: 10, scanLimit: 500, cursor: text.nextCursor });
    expect(rest.tasks.map((task) => task.id)).toEqual(['t-077']);
    expect(rest).toMatchObject({ complete: true, scanned: 150, nextCursor: null });
    // Row previews, as the task list shows them.
    expect((await search(index, 'args:"[199]"', { limit: 1, previewChars: 3 })).tasks[0]!.preview).toEqual({ args: '[19', kwargs: null });
    // A time window is the index score range.
    const windowed = await search(index, `since:${t + 150} until:${t + 160} state:completed`, { limit: 100 });
    expect(windowed.tasks).toHaveLength(9);
    expect(windowed.total).toBe(9);
  });

  it('expands a name or worker prefix through the lex sets, rebuilt for tasks indexed before they existed', async () => {
    const { index, sourceId } = makeIndex();
    const t = Date.now() - 10_000;
    const task = (id: string, name: string, worker: string, dt: number): TaskUpdate => ({ id, state: 'SUCCESS', at: t + dt, type: 'test', host: worker, fields: { name, worker } });
    await index.apply([task('a', 'mail.send', 'w1@x', 1), task('b', 'mail.bounce', 'w2@x', 2), task('c', 'report.build', 'w1@y', 3)], []);
    expect((await search(index, 'name:mail.*')).tasks.map((r) => r.id)).toEqual(['b', 'a']);
    const prefix = celeryIndexPrefix(sourceId);
    // As if indexed by a version without the lex sets: the first prefix search rebuilds them.
    await redis.del(`${prefix}names`, `${prefix}tworkers`, `${prefix}lex:ready`);
    const fresh = makeIndex(sourceId).index;
    const byWorker = await search(fresh, 'worker:w1@* state:completed');
    expect(byWorker.tasks.map((r) => r.id)).toEqual(['c', 'a']);
    expect(byWorker.branches[0]).toMatchObject({ index: 'worker w1@*', scanned: 2 });
    expect(await redis.zrange(`${prefix}names`, 0, -1)).toEqual(['mail.bounce', 'mail.send', 'report.build']);
    expect(await redis.exists(`${prefix}lex:ready`)).toBe(1);
  });

  it('keeps relative times where the first page put them, and refuses a cursor it did not issue', async () => {
    const { index } = makeIndex();
    const now = Date.now();
    await index.apply(
      Array.from({ length: 5 }, (_, n) => ({ id: `r${n}`, state: 'SUCCESS', at: now - n * 60_000, type: 'test', host: 'w', fields: { name: 'x' } })),
      [],
    );
    const first = await search(index, 'since:150s', { limit: 1, now });
    expect(first.tasks.map((r) => r.id)).toEqual(['r0']);
    // An hour later by the clock the window would be empty; the cursor keeps the first page's now.
    const second = await search(index, 'since:150s', { limit: 5, cursor: first.nextCursor, now: now + 3_600_000 });
    expect(second.tasks.map((r) => r.id)).toEqual(['r1', 'r2']);
    await expect(search(index, 'name:x', { cursor: 'bogus' })).rejects.toThrow('invalid cursor');
  });
});
