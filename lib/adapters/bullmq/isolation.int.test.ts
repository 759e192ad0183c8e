/**
 * What a source sees: only its own prefix, odd queue names, queues that appear later, a fixed queue
 * list, and a Redis that forbids CLIENT LIST.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Queue, Worker } from 'bullmq';
import { Closer, connectionOf, eventually, makeAdapter, uniquePrefix } from './testing/fixtures';

const redisUrl = inject('redisUrl');
const connection = connectionOf(redisUrl);
const closer = new Closer();
let redis: Redis;

beforeAll(() => {
  redis = new Redis(redisUrl);
  closer.add({ close: () => redis.quit() });
});
afterAll(() => closer.closeAll());

describe('two sources on one Redis with different prefixes', () => {
  const first = uniquePrefix('iso-a');
  const second = uniquePrefix('iso-b');
  let onlyInSecond: string;

  beforeAll(async () => {
    const a = closer.add(new Queue('shared', { connection, prefix: first }));
    const b = closer.add(new Queue('shared', { connection, prefix: second }));
    const extra = closer.add(new Queue('extra', { connection, prefix: second }));
    await a.addBulk([
      { name: 'x', data: {} },
      { name: 'x', data: {} },
    ]);
    await b.addBulk(Array.from({ length: 5 }, () => ({ name: 'y', data: {} })));
    onlyInSecond = (await extra.add('z', {}, { jobId: 'only-in-second' })).id!;
    closer.add(new Worker('extra', async () => 'done', { connection, prefix: second }));
    await eventually(async () => {
      const clients = String(await redis.client('LIST'));
      expect(clients).toContain(`name=${second}:${Buffer.from('extra').toString('base64')}`);
    });
  });

  it('never shows one prefix the other prefix queues, jobs or workers', async () => {
    const adapterA = closer.add(makeAdapter(redisUrl, first));
    const adapterB = closer.add(makeAdapter(redisUrl, second));
    const queuesA = await adapterA.listQueues();
    const queuesB = await adapterB.listQueues();
    expect(
      queuesA.map((queue) => [queue.name, queue.counts.waiting + queue.counts.active]),
    ).toEqual([['shared', 2]]);
    expect(queuesB.map((queue) => queue.name)).toEqual(['extra', 'shared']);
    expect(queuesA[0]!.workerCount).toBe(0);
    expect(queuesB.map((queue) => queue.workerCount)).toEqual([1, 0]);
    expect(await adapterA.getQueue('extra')).toBeNull();
    expect(await adapterA.findJob(onlyInSecond)).toBeNull();
    expect(await adapterB.findJob(onlyInSecond)).toEqual({ queue: 'extra', id: onlyInSecond });
    expect((await adapterA.listWorkers()).workers).toHaveLength(0);
    expect((await adapterB.listWorkers()).workers.map((worker) => worker.queues)).toEqual([
      ['extra'],
    ]);
  });

  it('keeps to the configured queue list when one is given', async () => {
    const fixed = closer.add(makeAdapter(redisUrl, second, { queues: ['shared', 'ghost'] }));
    const queues = await fixed.listQueues();
    expect(queues.map((queue) => [queue.name, queue.counts.waiting])).toEqual([
      ['ghost', 0],
      ['shared', 5],
    ]);
    expect(await fixed.getQueue('extra')).toBeNull();
    expect(await fixed.listJobs('extra', { state: 'waiting', limit: 5 })).toBeNull();
    expect(await fixed.findJob(onlyInSecond)).toBeNull();
  });
});

describe('queue names and prefixes with separators', () => {
  it('reads a prefix containing ":" and a queue name with "/" and spaces', async () => {
    const prefix = `ym:colon-${randomBytes(4).toString('hex')}`;
    const queue = closer.add(new Queue('a b/c', { connection, prefix }));
    const id = (await queue.add('n', { v: 1 })).id!;
    const adapter = closer.add(makeAdapter(redisUrl, prefix, { id: 'colon-source' }));
    expect((await adapter.listQueues()).map((q) => [q.name, q.counts.waiting])).toEqual([
      ['a b/c', 1],
    ]);
    expect((await adapter.getJob('a b/c', id))!.data.json).toEqual({ v: 1 });
  });

  it('reads a legacy queue whose name contains ":" (BullMQ refuses new ones) and parent keys into it', async () => {
    const prefix = uniquePrefix('legacy');
    const base = `${prefix}:legacy:name`;
    await redis
      .multi()
      .hset(`${base}:meta`, 'version', 'bullmq:3.0.0')
      .zadd(`${base}:completed`, 1_000, 'j1')
      .hset(`${base}:j1`, {
        name: 'old',
        timestamp: '900',
        processedOn: '950',
        finishedOn: '1000',
        data: '{"a":1}',
        returnvalue: '1',
        atm: '1',
      })
      .hset(`${prefix}:other:meta`, 'version', 'bullmq:3.0.0')
      .rpush(`${prefix}:other:wait`, 'k1')
      .hset(`${prefix}:other:k1`, {
        name: 'kid',
        timestamp: '1100',
        data: '{}',
        parentKey: `${base}:j1`,
      })
      .exec();
    const adapter = closer.add(makeAdapter(redisUrl, prefix));
    expect((await adapter.listQueues()).map((q) => q.name)).toEqual(['legacy:name', 'other']);
    const page = (await adapter.listJobs('legacy:name', { state: 'completed', limit: 5 }))!;
    expect(page.jobs.map((row) => [row.id, row.name, row.finishedAt])).toEqual([
      ['j1', 'old', 1_000],
    ]);
    expect(await adapter.findJob('j1')).toEqual({ queue: 'legacy:name', id: 'j1' });
    expect((await adapter.getJob('other', 'k1'))!.parent).toEqual({
      queue: 'legacy:name',
      id: 'j1',
    });
  });
});

describe('discovery', () => {
  it('finds a queue created after the first scan, on the next periodic scan', async () => {
    const prefix = uniquePrefix('late');
    const adapter = closer.add(makeAdapter(redisUrl, prefix, { discoveryIntervalMs: 100 }));
    expect(await adapter.listQueues()).toEqual([]);
    const late = closer.add(new Queue('late', { connection, prefix }));
    await late.add('n', {});
    // A direct lookup does not wait for the scan.
    expect((await adapter.getQueue('late'))?.counts.waiting).toBe(1);
    const later = closer.add(new Queue('later', { connection, prefix }));
    await later.add('n', {});
    await eventually(async () => {
      expect((await adapter.listQueues()).map((queue) => queue.name)).toEqual(['late', 'later']);
    });
  });
});

describe('a Redis user without CLIENT LIST', () => {
  it('reports workers as unknown instead of failing', async () => {
    const user = `ym-limited-${randomBytes(3).toString('hex')}`;
    await redis.call(
      'ACL',
      'SETUSER',
      user,
      'on',
      '>limited-pw',
      '~*',
      '&*',
      '+@all',
      '-client|list',
    );
    closer.add({ close: () => redis.call('ACL', 'DELUSER', user) });
    const prefix = uniquePrefix('noclient');
    const queue = closer.add(new Queue('q', { connection, prefix }));
    await queue.add('n', {});
    const url = new URL(redisUrl);
    url.username = user;
    url.password = 'limited-pw';
    const adapter = closer.add(makeAdapter(url.toString(), prefix));
    const [listed] = await adapter.listQueues();
    expect(listed).toMatchObject({ name: 'q', workerCount: null });
    expect(listed!.counts.waiting).toBe(1);
    expect(await adapter.listWorkers()).toEqual({ known: false, workers: [] });
  });
});
