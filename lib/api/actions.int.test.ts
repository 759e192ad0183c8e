/**
 * REST API v1 mutations against real Redis and real BullMQ workers, through the real registry, adapter
 * and handler: each action's effect read back from Redis, the wrong-state and locked-job 409s,
 * idempotency replay, read-only 403, audit entries, search and dead letters.
 */
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SourceRegistry } from '@/lib/adapters/registry';
import {
  Closer,
  connectionOf,
  eventually,
  uniquePrefix,
} from '@/lib/adapters/bullmq/testing/fixtures';
import { AUDIT_STREAM } from '@/lib/auth/audit';
import { closeDashboardRedis } from '@/lib/auth/store';
import { YardmasterConfig } from '@/lib/config';
import { createApiHandler } from './handler';
import type { ApiHandler } from './handler';
import {
  AuditResponse,
  BulkActionResponse,
  DeadLettersResponse,
  ErrorEnvelope,
  JobActionResponse,
  MatchingActionResponse,
  QueueStateResponse,
  RateLimitResponse,
  SearchResponse,
  SourcesResponse,
} from './schemas';

const prefix = uniquePrefix('actions');
const enc = encodeURIComponent;
const closer = new Closer();
let redisUrl: string;
let redis: Redis;
let registry: SourceRegistry;
let api: ApiHandler;

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return api(
    new Request(`http://127.0.0.1/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

async function json(response: Response) {
  return (await response.json()) as unknown;
}

const jobPath = (queue: string, id: string, action: string) =>
  `/sources/main/queues/${enc(queue)}/jobs/${enc(id)}/${action}`;

/** A queue with `failed` failed jobs (by a real worker) and `completed` completed ones. */
async function finished(queue: string, { failed = 0, completed = 0 } = {}) {
  const connection = connectionOf(redisUrl);
  const producer = closer.add(new Queue(queue, { connection, prefix }));
  for (let i = 0; i < failed; i++)
    await producer.add('doomed', { i, fail: true, reason: `boom-${i}` });
  for (let i = 0; i < completed; i++) await producer.add('fine', { i });
  const worker = new Worker(
    queue,
    async (job) => {
      const data = job.data as { fail?: boolean; reason?: string };
      if (data.fail) throw new Error(data.reason ?? 'boom');
      return 'ok';
    },
    { connection, prefix },
  );
  await eventually(async () => {
    const counts = await producer.getJobCounts('failed', 'completed');
    expect(counts).toEqual({ failed, completed });
  });
  await worker.close();
  return producer;
}

/** A queue BullMQ has created (its meta hash written), holding one waiting job. */
async function queueWithOneJob(queue: string) {
  await closer
    .add(new Queue(queue, { connection: connectionOf(redisUrl), prefix }))
    .add('seed', {});
  await eventually(async () => expect(await redis.exists(`${prefix}:${queue}:meta`)).toBe(1));
}

async function auditEntries() {
  const raw = (await redis.xrevrange(AUDIT_STREAM, '+', '-', 'COUNT', 200)) as Array<
    [string, string[]]
  >;
  return raw.map(([, fields]) => JSON.parse(fields[1]!) as Record<string, unknown>);
}

beforeAll(async () => {
  redisUrl = inject('redisUrl');
  redis = new Redis(redisUrl);
  registry = new SourceRegistry(
    YardmasterConfig.parse({
      sources: [
        { id: 'main', kind: 'bullmq', redis: redisUrl, prefix },
        { id: 'frozen', kind: 'bullmq', redis: redisUrl, prefix, readOnly: true },
      ],
      discoveryIntervalMs: 500,
    }),
  );
  api = createApiHandler({ registry, validateResponses: 'all' });
});

afterAll(async () => {
  await closer.closeAll();
  await registry.close();
  await closeDashboardRedis();
  redis.disconnect();
});

describe('job actions', () => {
  it('retries a failed job: it moves to waiting in Redis; a second retry answers 409 naming the state', async () => {
    const queue = 'retry-one';
    await finished(queue, { failed: 2 });
    const [first] = await redis.zrange(`${prefix}:${queue}:failed`, 0, 0);
    const response = await call('POST', jobPath(queue, first!, 'retry'), {});
    expect(response.status).toBe(200);
    const body = JobActionResponse.parse(await json(response));
    expect(body).toMatchObject({ action: 'retry', state: 'waiting', job: { queue, id: first } });
    expect(await redis.zscore(`${prefix}:${queue}:failed`, first!)).toBeNull();
    expect(await redis.lpos(`${prefix}:${queue}:wait`, first!)).not.toBeNull();

    const again = await call('POST', jobPath(queue, first!, 'retry'), {});
    expect(again.status).toBe(409);
    const error = ErrorEnvelope.parse(await json(again));
    expect(error.error.code).toBe('conflict');
    expect(error.error.details).toMatchObject({ state: 'waiting' });
    expect(error.error.message).toContain('waiting');
  });

  it('answers 404 for a missing job and 400 for a body that does not parse', async () => {
    await finished('retry-404', { failed: 1 });
    expect((await call('POST', jobPath('retry-404', 'nope', 'retry'), {})).status).toBe(404);
    const bad = await call('POST', jobPath('retry-404', '1', 'retry'), { state: 'waiting' });
    expect(bad.status).toBe(400);
    expect(ErrorEnvelope.parse(await json(bad)).error.code).toBe('bad_request');
  });

  it('promotes a delayed job and refuses a waiting one with 409', async () => {
    const queue = 'promote-one';
    const producer = closer.add(new Queue(queue, { connection: connectionOf(redisUrl), prefix }));
    const delayed = await producer.add('later', {}, { delay: 3_600_000 });
    const waiting = await producer.add('now', {});
    const response = await call('POST', jobPath(queue, delayed.id!, 'promote'), {});
    expect(JobActionResponse.parse(await json(response)).state).toBe('waiting');
    expect(await redis.zscore(`${prefix}:${queue}:delayed`, delayed.id!)).toBeNull();
    expect(await redis.lpos(`${prefix}:${queue}:wait`, delayed.id!)).not.toBeNull();

    const wrong = await call('POST', jobPath(queue, waiting.id!, 'promote'), {});
    expect(wrong.status).toBe(409);
    expect(ErrorEnvelope.parse(await json(wrong)).error.details).toMatchObject({
      state: 'waiting',
    });
  });

  it('removes a job, but not one a worker holds the lock of (409, saying why)', async () => {
    const queue = 'remove-one';
    const connection = connectionOf(redisUrl);
    const producer = closer.add(new Queue(queue, { connection, prefix }));
    const idle = await producer.add('idle', {}, { delay: 3_600_000 });
    const removed = await call('POST', jobPath(queue, idle.id!, 'remove'), {});
    expect(JobActionResponse.parse(await json(removed)).state).toBeNull();
    expect(await redis.exists(`${prefix}:${queue}:${idle.id}`)).toBe(0);

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const worker = closer.add(new Worker(queue, () => held, { connection, prefix }));
    const busy = await producer.add('busy', {});
    await eventually(async () =>
      expect(await redis.exists(`${prefix}:${queue}:${busy.id}:lock`)).toBe(1),
    );
    const refused = await call('POST', jobPath(queue, busy.id!, 'remove'), {});
    expect(refused.status).toBe(409);
    const error = ErrorEnvelope.parse(await json(refused)).error;
    expect(error.message).toMatch(/lock/);
    expect(error.details).toMatchObject({ state: 'active', locked: true });
    expect(await redis.exists(`${prefix}:${queue}:${busy.id}`)).toBe(1);
    release();
    await worker.close();
  });

  it('duplicates a job with the same name, data and options under a new id, and updates data', async () => {
    const queue = 'dup-one';
    const producer = closer.add(new Queue(queue, { connection: connectionOf(redisUrl), prefix }));
    const original = await producer.add(
      'send',
      { to: 'a@b.c' },
      { jobId: 'orig', attempts: 4, priority: 3 },
    );
    const response = await call('POST', jobPath(queue, original.id!, 'duplicate'), {});
    const body = JobActionResponse.parse(await json(response));
    expect(body.from).toEqual({ queue, id: 'orig' });
    expect(body.job.id).not.toBe('orig');
    const [name, data, opts] = await redis.hmget(
      `${prefix}:${queue}:${body.job.id}`,
      'name',
      'data',
      'opts',
    );
    expect(name).toBe('send');
    expect(JSON.parse(data!)).toEqual({ to: 'a@b.c' });
    expect(JSON.parse(opts!)).toMatchObject({ attempts: 4 });
    expect(body.state).toBe('prioritized');

    const updated = await call('POST', jobPath(queue, 'orig', 'update-data'), {
      data: { to: 'x@y.z' },
    });
    expect(updated.status).toBe(200);
    expect(JSON.parse((await redis.hget(`${prefix}:${queue}:orig`, 'data'))!)).toEqual({
      to: 'x@y.z',
    });
  });
});

describe('queue actions', () => {
  it('pauses and resumes a queue (meta.paused in Redis)', async () => {
    const queue = 'pause-one';
    await queueWithOneJob(queue);
    const paused = QueueStateResponse.parse(
      await json(await call('POST', `/sources/main/queues/${queue}/pause`, {})),
    );
    expect(paused.paused).toBe(true);
    expect(await redis.hget(`${prefix}:${queue}:meta`, 'paused')).toBe('1');
    const resumed = QueueStateResponse.parse(
      await json(await call('POST', `/sources/main/queues/${queue}/resume`, {})),
    );
    expect(resumed.paused).toBe(false);
    expect(await redis.hget(`${prefix}:${queue}:meta`, 'paused')).toBeNull();
  });

  it('retry-all reports how many it touched; promote-all and clean too', async () => {
    const queue = 'bulk-small';
    const producer = await finished(queue, { failed: 7, completed: 3 });
    const retried = BulkActionResponse.parse(
      await json(
        await call('POST', `/sources/main/queues/${queue}/retry-all`, { state: 'failed' }),
      ),
    );
    expect(retried).toMatchObject({ touched: 7, state: 'failed' });
    expect(await redis.zcard(`${prefix}:${queue}:failed`)).toBe(0);
    expect(await redis.llen(`${prefix}:${queue}:wait`)).toBe(7);

    for (let i = 0; i < 4; i++) await producer.add('later', {}, { delay: 3_600_000 });
    const promoted = BulkActionResponse.parse(
      await json(await call('POST', `/sources/main/queues/${queue}/promote-all`, {})),
    );
    expect(promoted.touched).toBe(4);
    expect(await redis.zcard(`${prefix}:${queue}:delayed`)).toBe(0);

    const cleaned = BulkActionResponse.parse(
      await json(
        await call('POST', `/sources/main/queues/${queue}/clean`, {
          state: 'completed',
          graceMs: 0,
        }),
      ),
    );
    expect(cleaned.touched).toBe(3);
    expect(await redis.zcard(`${prefix}:${queue}:completed`)).toBe(0);

    const drained = BulkActionResponse.parse(
      await json(await call('POST', `/sources/main/queues/${queue}/drain`, {})),
    );
    expect(drained.touched).toBe(11);
    expect(await redis.llen(`${prefix}:${queue}:wait`)).toBe(0);
  });

  it('obliterate needs the queue paused (409), then removes every key of it', async () => {
    const queue = 'doomed-queue';
    const producer = closer.add(new Queue(queue, { connection: connectionOf(redisUrl), prefix }));
    await producer.add('x', {});
    const refused = await call('POST', `/sources/main/queues/${queue}/obliterate`, {});
    expect(refused.status).toBe(409);
    expect(ErrorEnvelope.parse(await json(refused)).error.message).toMatch(/pause/);
    await call('POST', `/sources/main/queues/${queue}/pause`, {});
    const done = BulkActionResponse.parse(
      await json(await call('POST', `/sources/main/queues/${queue}/obliterate`, {})),
    );
    expect(done.touched).toBe(1);
    expect(await redis.keys(`${prefix}:${queue}:*`)).toEqual([]);
  });

  it('adds a job with validated options, and refuses unknown options with 400', async () => {
    const queue = 'add-one';
    await queueWithOneJob(queue);
    const added = JobActionResponse.parse(
      await json(
        await call('POST', `/sources/main/queues/${queue}/add`, {
          name: 'hello',
          data: { n: 1 },
          opts: { delay: 60_000, attempts: 2 },
        }),
      ),
    );
    expect(added.state).toBe('delayed');
    expect(await redis.hget(`${prefix}:${queue}:${added.job.id}`, 'name')).toBe('hello');
    const bad = await call('POST', `/sources/main/queues/${queue}/add`, {
      name: 'x',
      opts: { evil: true },
    });
    expect(bad.status).toBe(400);
  });

  it('sets and removes the global rate limit and concurrency (meta fields in Redis)', async () => {
    const queue = 'limits-one';
    await queueWithOneJob(queue);
    const set = RateLimitResponse.parse(
      await json(
        await call('PUT', `/sources/main/queues/${queue}/rate-limit`, { max: 5, durationMs: 1000 }),
      ),
    );
    expect(set.rateLimit).toEqual({ max: 5, durationMs: 1000 });
    expect(await redis.hmget(`${prefix}:${queue}:meta`, 'max', 'duration')).toEqual(['5', '1000']);
    const removed = RateLimitResponse.parse(
      await json(await call('DELETE', `/sources/main/queues/${queue}/rate-limit`)),
    );
    expect(removed.rateLimit).toBeNull();
    expect(await redis.hget(`${prefix}:${queue}:meta`, 'max')).toBeNull();

    expect(
      (await call('PUT', `/sources/main/queues/${queue}/concurrency`, { concurrency: 3 })).status,
    ).toBe(200);
    expect(await redis.hget(`${prefix}:${queue}:meta`, 'concurrency')).toBe('3');
    expect((await call('DELETE', `/sources/main/queues/${queue}/concurrency`)).status).toBe(200);
    expect(await redis.hget(`${prefix}:${queue}:meta`, 'concurrency')).toBeNull();
    expect(
      (await call('PUT', `/sources/main/queues/${queue}/concurrency`, { concurrency: 0 })).status,
    ).toBe(400);
  });

  it('upserts, runs and removes a job scheduler', async () => {
    const queue = 'sched-one';
    await queueWithOneJob(queue);
    const put = await call('PUT', `/sources/main/queues/${queue}/schedulers/nightly`, {
      pattern: '0 3 * * *',
      tz: 'Europe/Paris',
      template: { name: 'digest', data: { k: 1 } },
    });
    expect(put.status).toBe(200);
    expect(((await json(put)) as { schedule: { pattern: string } }).schedule.pattern).toBe(
      '0 3 * * *',
    );
    expect(await redis.zscore(`${prefix}:${queue}:repeat`, 'nightly')).not.toBeNull();
    const run = JobActionResponse.parse(
      await json(await call('POST', `/sources/main/queues/${queue}/schedulers/nightly/run`, {})),
    );
    expect(await redis.hget(`${prefix}:${queue}:${run.job.id}`, 'name')).toBe('digest');
    expect((await call('DELETE', `/sources/main/queues/${queue}/schedulers/nightly`)).status).toBe(
      200,
    );
    expect(await redis.zscore(`${prefix}:${queue}:repeat`, 'nightly')).toBeNull();
    expect(
      (await call('PUT', `/sources/main/queues/${queue}/schedulers/x`, { template: { name: 'a' } }))
        .status,
    ).toBe(400);
  });
});

describe('filters, search and dead letters', () => {
  it('searches failed jobs by reason and data substring, reporting what it scanned', async () => {
    const queue = 'search-one';
    await finished(queue, { failed: 12 });
    const response = await call(
      'GET',
      `/sources/main/queues/${queue}/search?state=failed&reason=boom-1&scanLimit=5`,
    );
    const body = SearchResponse.parse(await json(response));
    expect(body.scanned).toBe(5);
    expect(body.complete).toBe(false);
    const full = SearchResponse.parse(
      await json(
        await call('GET', `/sources/main/queues/${queue}/search?state=failed&reason=boom-1`),
      ),
    );
    // boom-1, boom-10, boom-11
    expect(full.matched).toBe(3);
    expect(full.scanned).toBe(12);
    expect(full.complete).toBe(true);
    const byData = SearchResponse.parse(
      await json(
        await call('GET', `/sources/main/queues/${queue}/search?state=failed&q=${enc('"i":7')}`),
      ),
    );
    expect(byData.jobs.map((job) => job.failedReason)).toEqual(['boom-7']);
  });

  it('retries only the matching failed jobs, and a dry run touches none', async () => {
    const queue = 'match-one';
    await finished(queue, { failed: 6 });
    const dry = MatchingActionResponse.parse(
      await json(
        await call('POST', `/sources/main/queues/${queue}/retry-matching`, {
          state: 'failed',
          filter: { reason: 'boom-2' },
          dryRun: true,
        }),
      ),
    );
    expect(dry).toMatchObject({ matched: 1, touched: 0, scanned: 6 });
    expect(await redis.zcard(`${prefix}:${queue}:failed`)).toBe(6);
    const done = MatchingActionResponse.parse(
      await json(
        await call('POST', `/sources/main/queues/${queue}/retry-matching`, {
          state: 'failed',
          filter: { name: 'doomed', reason: 'boom-' },
          scanLimit: 4,
        }),
      ),
    );
    expect(done).toMatchObject({ scanned: 4, matched: 4, touched: 4, complete: false });
    expect(await redis.zcard(`${prefix}:${queue}:failed`)).toBe(2);
  });

  it('lists failed jobs across queues newest first and pages with a cursor', async () => {
    const body = DeadLettersResponse.parse(
      await json(await call('GET', '/dead-letters?source=main&limit=3')),
    );
    expect(body.jobs).toHaveLength(3);
    const times = body.jobs.map((job) => job.finishedAt ?? 0);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(body.nextCursor).not.toBeNull();
    const next = DeadLettersResponse.parse(
      await json(await call('GET', `/dead-letters?source=main&limit=3&cursor=${body.nextCursor}`)),
    );
    const seen = new Set(body.jobs.map((job) => `${job.queue}/${job.id}`));
    for (const job of next.jobs) expect(seen.has(`${job.queue}/${job.id}`)).toBe(false);
    expect((next.jobs[0]?.finishedAt ?? 0) <= times.at(-1)!).toBe(true);
    expect((await call('GET', '/dead-letters?cursor=garbage')).status).toBe(400);
  });
});

describe('safety', () => {
  it('replays a mutation with the same Idempotency-Key instead of acting twice', async () => {
    const queue = 'idem-one';
    const producer = closer.add(new Queue(queue, { connection: connectionOf(redisUrl), prefix }));
    await producer.add('seed', {});
    const key = `k-${randomUUID()}`;
    const body = { name: 'once', data: {} };
    const first = await call('POST', `/sources/main/queues/${queue}/add`, body, {
      'idempotency-key': key,
    });
    const second = await call('POST', `/sources/main/queues/${queue}/add`, body, {
      'idempotency-key': key,
    });
    expect(second.headers.get('idempotency-replayed')).toBe('true');
    expect(await json(second)).toEqual(await json(first));
    expect(await producer.count()).toBe(2);
    const other = await call(
      'POST',
      `/sources/main/queues/${queue}/add`,
      { name: 'other' },
      { 'idempotency-key': key },
    );
    expect(other.status).toBe(409);
    expect(await redis.ttl(`yardmaster:idem:${key}`)).toBeGreaterThan(0);
  });

  it('answers 403 on a read-only source and shows readOnly in /sources', async () => {
    await finished('ro-one', { failed: 1 });
    const response = await call('POST', `/sources/frozen/queues/ro-one/retry-all`, {});
    expect(response.status).toBe(403);
    expect(ErrorEnvelope.parse(await json(response)).error.code).toBe('forbidden');
    expect(await redis.zcard(`${prefix}:ro-one:failed`)).toBe(1);
    const sources = SourcesResponse.parse(await json(await call('GET', '/sources')));
    expect(sources.sources.find((source) => source.id === 'frozen')?.readOnly).toBe(true);
  });

  it('writes an audit entry per mutation, success and refusal, readable at /audit', async () => {
    const queue = 'audit-one';
    await finished(queue, { failed: 1 });
    const [id] = await redis.zrange(`${prefix}:${queue}:failed`, 0, 0);
    await call('POST', jobPath(queue, id!, 'retry'), {});
    await call('POST', jobPath(queue, id!, 'retry'), {});
    const entries = (await auditEntries()).filter(
      (entry) => (entry.target as { queue: string }).queue === queue,
    );
    expect(
      entries.map((entry) => [entry.action, (entry.result as { status: number }).status]),
    ).toEqual([
      ['job.retry', 409],
      ['job.retry', 200],
    ]);
    expect(entries[1]).toMatchObject({ principal: { id: 'local', role: 'admin' }, source: 'main' });
    const page = AuditResponse.parse(await json(await call('GET', '/audit?limit=500&source=main')));
    expect(
      page.entries.some((entry) => entry.action === 'job.retry' && entry.target.queue === queue),
    ).toBe(true);
  });
});
