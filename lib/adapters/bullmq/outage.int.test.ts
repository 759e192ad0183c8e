/**
 * Redis going away: every read fails fast with SourceUnavailableError (no hang, no password in the
 * message) and the adapter recovers by itself when Redis comes back. Uses its own redis-server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
// @ts-expect-error -- plain ESM helper shared with the demo and bench scripts
import { freePort, startRedis } from '../../../scripts/services.mjs';
import { SourceUnavailableError } from '../errors';
import type { SourceAdapter } from '../types';
import { Closer, connectionOf, eventually, makeAdapter, uniquePrefix } from './testing/fixtures';

interface RedisProcess {
  url: string;
  stop(): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

describe('a Redis that stops mid-test', () => {
  const closer = new Closer();
  const prefix = uniquePrefix('outage');
  let redis: RedisProcess;
  let adapter: SourceAdapter;
  let jobId: string;

  beforeAll(async () => {
    redis = (await startRedis()) as RedisProcess;
    closer.add({ close: () => redis.stop() });
    const queue = new Queue('q', { connection: connectionOf(redis.url), prefix });
    jobId = (await queue.add('n', { v: 1 })).id!;
    await queue.close();
    adapter = closer.add(makeAdapter(redis.url, prefix, { id: 'outage' }));
  });
  afterAll(() => closer.closeAll());

  it('answers while Redis is up', async () => {
    expect((await adapter.listQueues()).map((queue) => queue.name)).toEqual(['q']);
  });

  it('throws SourceUnavailableError from every read once Redis is gone, without waiting for it', async () => {
    await redis.kill();
    const reads: Array<[string, () => Promise<unknown>]> = [
      ['ping', () => adapter.ping()],
      ['listQueues', () => adapter.listQueues()],
      ['getQueue', () => adapter.getQueue('q')],
      ['listJobs', () => adapter.listJobs('q', { state: 'waiting', limit: 10 })],
      ['getJob', () => adapter.getJob('q', jobId)],
      ['findJob', () => adapter.findJob(jobId)],
      ['listWorkers', () => adapter.listWorkers()],
      ['listSchedules', () => adapter.listSchedules()],
    ];
    for (const [name, read] of reads) {
      const error = await read().then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error, name).toBeInstanceOf(SourceUnavailableError);
      expect((error as SourceUnavailableError).sourceId).toBe('outage');
    }
  });

  it('recovers on its own when Redis is back', async () => {
    await redis.restart();
    await eventually(() => adapter.ping());
    // The restarted server has no data (no persistence), but the adapter answers again.
    const queue = (await adapter.getQueue('q')) ?? null;
    expect(queue).toBeNull();
    expect(Array.isArray(await adapter.listQueues())).toBe(true);
  });
});

describe('a Redis that is down from the start', () => {
  it('fails fast and never shows the password', async () => {
    const port = (await freePort()) as number;
    const adapter = makeAdapter(
      `redis://admin:hunter2-secret@127.0.0.1:${port}`,
      uniquePrefix('down'),
      { id: 'down' },
    );
    try {
      for (const read of [
        () => adapter.ping(),
        () => adapter.listQueues(),
        () => adapter.listJobs('q', { state: 'failed', limit: 5 }),
      ]) {
        const error = await read().then(
          () => null,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(SourceUnavailableError);
        expect(String((error as Error).message)).not.toContain('hunter2');
        expect(String((error as Error).message)).toContain('ECONNREFUSED');
      }
    } finally {
      await adapter.close();
    }
  });
});
