/**
 * REST API v1 read side against real Redis and real BullMQ workers, through the real registry and the
 * real BullMQ adapter. Two sources: `main` on the suite's Redis, `flaky` on a Redis this file starts and
 * kills mid-test to show that only that source answers 503.
 */
import { randomUUID } from 'node:crypto';
import { FlowProducer, MetricsTime, Queue, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SourceRegistry } from '@/lib/adapters/registry';
import { INLINE_PAYLOAD_LIMIT_BYTES } from '@/lib/adapters/types';
import { YardmasterConfig } from '@/lib/config';
// @ts-expect-error -- plain ESM helper shared with the demo and bench scripts
import { startRedis } from '../../scripts/services.mjs';
import { createApiHandler } from './handler';
import type { ApiHandler } from './handler';
import {
  ErrorEnvelope,
  FlowResponse,
  HealthResponse,
  JobLookupResponse,
  JobResponse,
  JobsResponse,
  LogsResponse,
  PayloadResponse,
  QueueResponse,
  QueuesResponse,
  SchedulesResponse,
  SourceResponse,
  SourcesResponse,
  TimelineResponse,
  WorkersResponse,
} from './schemas';

interface RedisProcess {
  url: string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const prefix = `apiint${randomUUID().slice(0, 8)}`;
// A name with "/" and a space so every path below goes through URL encoding (BullMQ 6 forbids ":";
// Celery names with ":" are covered by the router's unit tests).
const EMAILS = 'emails/high priority';
const IDLE = 'idle';
const DIGESTS = 'digests';
const REPORTS = 'reports';
const RENDER = 'render';
const FLAKY_QUEUE = 'ticks';

const COMPLETED = 4;
const FAILED = 3;
const LOOKUP_ID = `lookup-${randomUUID()}`;
const SCHEDULER_ID = 'nightly-digest';

const enc = encodeURIComponent;

let flakyRedis: RedisProcess;
let registry: SourceRegistry;
let api: ApiHandler;
const queues: Queue[] = [];
const workers: Worker[] = [];
let flowProducer: FlowProducer;
let flowParentId: string;
let flowChildId: string;
let bigJobId: string;
let failedIds: string[] = [];

function connection(url: string) {
  const { hostname, port } = new URL(url);
  return { host: hostname, port: Number(port), maxRetriesPerRequest: null };
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  explain: () => Promise<unknown> = async () => '',
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what} ${JSON.stringify(await explain())}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function get(path: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await api(new Request(`http://127.0.0.1/api/v1${path}`));
  return { status: response.status, body: await response.json(), headers: response.headers };
}

async function getOk<T>(path: string, schema: { parse(value: unknown): T }): Promise<T> {
  const { status, body } = await get(path);
  expect(status, `${path}: ${JSON.stringify(body)}`).toBe(200);
  return schema.parse(body);
}

async function getError(path: string, status: number) {
  const response = await get(path);
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(status);
  return ErrorEnvelope.parse(response.body).error;
}

beforeAll(async () => {
  const redisUrl = inject('redisUrl');
  flakyRedis = (await startRedis()) as RedisProcess;

  const main = connection(redisUrl);
  const emails = new Queue(EMAILS, { connection: main, prefix });
  const idle = new Queue(IDLE, { connection: main, prefix });
  const reports = new Queue(REPORTS, { connection: main, prefix });
  // Schedulers live on a queue without workers so their runs do not change the counts asserted below.
  const digests = new Queue(DIGESTS, { connection: main, prefix });
  const flaky = new Queue(FLAKY_QUEUE, { connection: connection(flakyRedis.url) });
  queues.push(emails, idle, reports, digests, flaky);

  workers.push(
    new Worker(
      EMAILS,
      async (job: Job<{ outcome: 'ok' | 'fail'; n: number }>) => {
        await job.log(`sending #${job.data.n}`);
        await job.updateProgress(50);
        if (job.data.outcome === 'fail') throw new Error(`SMTP 451 for #${job.data.n}`);
        return { delivered: job.data.n };
      },
      {
        connection: main,
        prefix,
        name: 'mailer',
        metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
      },
    ),
    new Worker(RENDER, async (job: Job) => ({ page: job.name }), { connection: main, prefix }),
    new Worker(REPORTS, async () => 'report ready', { connection: main, prefix }),
  );

  for (let n = 0; n < COMPLETED; n += 1) {
    await emails.add('send', { outcome: 'ok', n }, n === 0 ? { jobId: LOOKUP_ID } : {});
  }
  const failing = await Promise.all(
    Array.from({ length: FAILED }, (_, n) =>
      emails.add(
        'send',
        { outcome: 'fail', n: 100 + n },
        { attempts: 2, backoff: { type: 'fixed', delay: 10 } },
      ),
    ),
  );
  failedIds = failing.map((job) => job.id!);
  await emails.add('send', { outcome: 'ok', n: 999 }, { delay: 3_600_000 });
  await digests.upsertJobScheduler(
    SCHEDULER_ID,
    { every: 86_400_000 },
    { name: 'digest', data: { kind: 'daily' } },
  );

  // No worker on `idle`: its jobs stay waiting; one carries a payload over the inline limit.
  const big = await idle.add('import', { blob: 'x'.repeat(INLINE_PAYLOAD_LIMIT_BYTES + 10_000) });
  bigJobId = big.id!;
  await idle.add('import', { small: true });

  flowProducer = new FlowProducer({ connection: main, prefix });
  const flow = await flowProducer.add({
    name: 'monthly-report',
    queueName: REPORTS,
    children: [
      { name: 'render-page', queueName: RENDER, data: { page: 1 } },
      { name: 'render-page', queueName: RENDER, data: { page: 2 } },
    ],
  });
  flowParentId = flow.job.id!;
  flowChildId = flow.children![0]!.job.id!;

  await flaky.add('tick', { n: 1 });

  await waitFor(
    'emails to finish',
    async () => {
      const counts = await emails.getJobCounts('completed', 'failed');
      return counts.completed === COMPLETED && counts.failed === FAILED;
    },
    () => emails.getJobCounts(),
  );
  await waitFor(
    'the flow to finish',
    async () => (await reports.getJobCounts('completed')).completed === 1,
  );

  const config = YardmasterConfig.parse({
    sources: [
      { id: 'main', kind: 'bullmq', redis: redisUrl, prefix, label: 'Main Redis' },
      { id: 'flaky', kind: 'bullmq', redis: flakyRedis.url },
    ],
    discoveryIntervalMs: 500,
  });
  registry = new SourceRegistry(config);
  api = createApiHandler({ registry, pingTimeoutMs: 1_000, sourceTimeoutMs: 5_000 });
});

afterAll(async () => {
  await Promise.allSettled(workers.map((worker) => worker.close()));
  await Promise.allSettled([...queues.map((queue) => queue.close()), flowProducer?.close()]);
  await registry?.close();
  await flakyRedis?.stop();
});

describe('REST API v1 over real BullMQ', () => {
  it('GET /health: ok with both sources up', async () => {
    const health = await getOk('/health', HealthResponse);
    expect(health.status).toBe('ok');
    expect(health.sources.map((source) => [source.id, source.status])).toEqual([
      ['main', 'up'],
      ['flaky', 'up'],
    ]);
  });

  it('GET /sources and /sources/{source}: status, capabilities, read-only', async () => {
    const { sources } = await getOk('/sources', SourcesResponse);
    expect(sources.map((source) => source.id)).toEqual(['main', 'flaky']);
    const main = sources[0]!;
    expect(main).toMatchObject({
      kind: 'bullmq',
      label: 'Main Redis',
      status: 'up',
      readOnly: false,
    });
    expect(main.capabilities).toEqual(
      expect.arrayContaining(['queues', 'jobs', 'jobLookup', 'timeline', 'workers', 'schedules']),
    );
    const one = await getOk('/sources/main', SourceResponse);
    expect(one.source.id).toBe('main');
  });

  it('GET /sources/{source}/queues: every queue with its counts', async () => {
    const { source, queues: listed } = await getOk('/sources/main/queues', QueuesResponse);
    expect(source).toBe('main');
    expect(listed.map((queue) => queue.name).sort()).toEqual(
      [EMAILS, IDLE, REPORTS, RENDER, DIGESTS].sort(),
    );
    const emails = listed.find((queue) => queue.name === EMAILS)!;
    expect(emails.counts.completed).toBe(COMPLETED);
    expect(emails.counts.failed).toBe(FAILED);
    expect(emails.counts.delayed).toBeGreaterThanOrEqual(1);
    expect(listed.find((queue) => queue.name === DIGESTS)!.schedulerCount).toBe(1);
    expect(listed.find((queue) => queue.name === IDLE)!.counts.waiting).toBe(2);
  });

  it('GET /sources/{source}/queues/{queue}: a queue whose name needs encoding, with metrics', async () => {
    const { queue, metrics } = await getOk(`/sources/main/queues/${enc(EMAILS)}`, QueueResponse);
    expect(queue.name).toBe(EMAILS);
    expect(queue.counts.completed).toBe(COMPLETED);
    expect(metrics?.completed?.total).toBe(COMPLETED);
  });

  it('GET .../jobs: pages through failed jobs with the cursor, newest first, without repeats', async () => {
    const first = await getOk(
      `/sources/main/queues/${enc(EMAILS)}/jobs?state=failed&limit=2`,
      JobsResponse,
    );
    expect(first.total).toBe(FAILED);
    expect(first.jobs).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await getOk(
      `/sources/main/queues/${enc(EMAILS)}/jobs?state=failed&limit=2&cursor=${enc(first.nextCursor!)}`,
      JobsResponse,
    );
    expect(second.jobs).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.jobs, ...second.jobs].map((job) => job.id);
    expect(ids.sort()).toEqual([...failedIds].sort());
    const row = first.jobs[0]!;
    expect(row).toMatchObject({ queue: EMAILS, state: 'failed', attemptsMade: 2 });
    expect(row.failedReason).toMatch(/SMTP 451/);
    expect(row.dataBytes).toBeGreaterThan(0);
    expect(row).not.toHaveProperty('data');
  });

  it('GET .../jobs: waiting and delayed states, defaults applied', async () => {
    const waiting = await getOk(`/sources/main/queues/${IDLE}/jobs`, JobsResponse);
    expect(waiting.state).toBe('waiting');
    expect(waiting.total).toBe(2);
    const big = waiting.jobs.find((job) => job.id === bigJobId)!;
    expect(big.dataBytes).toBeGreaterThan(INLINE_PAYLOAD_LIMIT_BYTES);
    const delayed = await getOk(
      `/sources/main/queues/${enc(EMAILS)}/jobs?state=delayed`,
      JobsResponse,
    );
    expect(delayed.jobs.some((job) => job.runAt !== null && job.runAt > Date.now())).toBe(true);
  });

  it('GET .../jobs/{job}: detail of a failed job with stacktrace and attempts', async () => {
    const { job } = await getOk(
      `/sources/main/queues/${enc(EMAILS)}/jobs/${enc(failedIds[0]!)}`,
      JobResponse,
    );
    expect(job).toMatchObject({
      id: failedIds[0],
      state: 'failed',
      attemptsMade: 2,
      maxAttempts: 2,
    });
    expect(job.data.json).toMatchObject({ outcome: 'fail' });
    expect(job.stacktrace.join('\n')).toMatch(/SMTP 451/);
    expect(job.logCount).toBe(2);
  });

  it('GET .../jobs/{job}/logs: the lines a worker wrote, paged', async () => {
    const page = await getOk(
      `/sources/main/queues/${enc(EMAILS)}/jobs/${enc(failedIds[0]!)}/logs?offset=1&limit=5`,
      LogsResponse,
    );
    expect(page.total).toBe(2);
    expect(page.offset).toBe(1);
    expect(page.lines).toHaveLength(1);
    expect(page.lines[0]).toMatch(/^sending #/);
  });

  it('GET .../jobs/{job}/payload/{field}: the whole of a payload that detail truncated', async () => {
    const { job } = await getOk(`/sources/main/queues/${IDLE}/jobs/${bigJobId}`, JobResponse);
    expect(job.data.truncated).toBe(true);
    expect(job.data.bytes).toBeGreaterThan(INLINE_PAYLOAD_LIMIT_BYTES);
    const whole = await getOk(
      `/sources/main/queues/${IDLE}/jobs/${bigJobId}/payload/data`,
      PayloadResponse,
    );
    expect(whole.truncated).toBe(false);
    expect(whole.bytes).toBe(job.data.bytes);
    expect((whole.json as { blob: string }).blob).toHaveLength(INLINE_PAYLOAD_LIMIT_BYTES + 10_000);
    const returned = await getOk(
      `/sources/main/queues/${enc(EMAILS)}/jobs/${LOOKUP_ID}/payload/returnValue`,
      PayloadResponse,
    );
    expect(returned.json).toEqual({ delivered: 0 });
  });

  it('GET .../jobs/{job}/flow: the tree from the root, seen from a child', async () => {
    const { flow } = await getOk(
      `/sources/main/queues/${RENDER}/jobs/${flowChildId}/flow`,
      FlowResponse,
    );
    expect(flow).toMatchObject({ queue: REPORTS, id: flowParentId, name: 'monthly-report' });
    expect(flow.children).toHaveLength(2);
    expect(
      flow.children.every((child) => child.queue === RENDER && child.state === 'completed'),
    ).toBe(true);
  });

  it('GET /sources/{source}/jobs/{job}: finds a job without its queue', async () => {
    const found = await getOk(`/sources/main/jobs/${LOOKUP_ID}`, JobLookupResponse);
    expect(found.ref).toEqual({ queue: EMAILS, id: LOOKUP_ID });
    expect(found.job).toMatchObject({ id: LOOKUP_ID, state: 'completed' });
  });

  it('GET /sources/{source}/jobs/{job}/timeline: added → attempts → finished, with or without ?queue', async () => {
    const timeline = await getOk(
      `/sources/main/jobs/${enc(failedIds[0]!)}/timeline?queue=${enc(EMAILS)}`,
      TimelineResponse,
    );
    expect(timeline.job).toEqual({ queue: EMAILS, id: failedIds[0] });
    const types = timeline.events.map((event) => event.status);
    expect(types[0]).toBe('info');
    expect(types.at(-1)).toBe('failure');
    const times = timeline.events
      .map((event) => event.at)
      .filter((at): at is number => at !== null);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const looked = await getOk(`/sources/main/jobs/${LOOKUP_ID}/timeline`, TimelineResponse);
    expect(looked.job).toEqual({ queue: EMAILS, id: LOOKUP_ID });
    expect(looked.events.at(-1)?.status).toBe('success');

    const parent = await getOk(
      `/sources/main/jobs/${flowParentId}/timeline?queue=${REPORTS}`,
      TimelineResponse,
    );
    const children = parent.events.flatMap((event) => (event.child ? [event.child] : []));
    expect(children.map((child) => child.queue)).toEqual([RENDER, RENDER]);
  });

  it('GET /sources/{source}/workers: the running workers and their queues', async () => {
    const list = await getOk('/sources/main/workers', WorkersResponse);
    expect(list.known).toBe(true);
    const queuesServed = list.workers.flatMap((worker) => worker.queues);
    expect(queuesServed).toEqual(expect.arrayContaining([EMAILS, RENDER, REPORTS]));
  });

  it('GET /sources/{source}/schedules: the job scheduler with its next run', async () => {
    const { schedules } = await getOk('/sources/main/schedules', SchedulesResponse);
    const digest = schedules.find((schedule) => schedule.id === SCHEDULER_ID);
    expect(digest).toMatchObject({ queue: DIGESTS, name: 'digest', everyMs: 86_400_000 });
    expect(digest?.nextRunAt).toEqual(expect.any(Number));
  });

  it('GET /openapi.json: an OpenAPI 3.1 document', async () => {
    const { status, body } = await get('/openapi.json');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      openapi: '3.1.0',
      paths: expect.objectContaining({ '/sources/{source}/workers': expect.anything() }),
    });
  });

  it('answers 400 with the zod issues for bad input', async () => {
    const bad = await getError(`/sources/main/queues/${enc(EMAILS)}/jobs?limit=abc`, 400);
    expect(bad).toMatchObject({
      code: 'bad_request',
      details: { issues: [{ in: 'query', path: 'limit' }] },
    });
    await getError(`/sources/main/queues/${enc(EMAILS)}/jobs?limit=501`, 400);
    await getError(`/sources/main/queues/${enc(EMAILS)}/jobs?state=sleeping`, 400);
    const cursor = await getError(
      `/sources/main/queues/${enc(EMAILS)}/jobs?state=failed&cursor=not-a-cursor`,
      400,
    );
    expect(cursor.details).toMatchObject({ issues: [{ path: 'cursor' }] });
  });

  it('answers 404 naming the unknown source, queue or job', async () => {
    expect((await getError('/sources/nowhere/queues', 404)).message).toContain('nowhere');
    expect((await getError('/sources/main/queues/no-such-queue', 404)).message).toContain(
      'no-such-queue',
    );
    expect((await getError('/sources/main/queues/no-such-queue/jobs', 404)).code).toBe('not_found');
    const job = await getError(`/sources/main/queues/${enc(EMAILS)}/jobs/987654`, 404);
    expect(job.message).toBe(`job "987654" not found in queue "${EMAILS}" of source "main"`);
    await getError(`/sources/main/queues/${enc(EMAILS)}/jobs/987654/logs`, 404);
    await getError(`/sources/main/queues/${enc(EMAILS)}/jobs/987654/payload/data`, 404);
    await getError(`/sources/main/queues/${enc(EMAILS)}/jobs/987654/flow`, 404);
    await getError('/sources/main/jobs/no-such-job', 404);
    await getError('/sources/main/jobs/no-such-job/timeline', 404);
    await getError('/sources/main/no-such-collection', 404);
  });

  it('answers 503 for a source whose Redis stopped, while the other source keeps answering', async () => {
    expect(
      (await getOk('/sources/flaky/queues', QueuesResponse)).queues.map((queue) => queue.name),
    ).toEqual([FLAKY_QUEUE]);

    await flakyRedis.kill();

    for (const path of [
      '/sources/flaky/queues',
      `/sources/flaky/queues/${FLAKY_QUEUE}`,
      `/sources/flaky/queues/${FLAKY_QUEUE}/jobs`,
      '/sources/flaky/workers',
      '/sources/flaky/schedules',
      '/sources/flaky/jobs/1',
    ]) {
      const error = await getError(path, 503);
      expect(error).toMatchObject({ code: 'source_unavailable', details: { source: 'flaky' } });
      expect(JSON.stringify(error)).not.toMatch(/redis:\/\/[^"]*@/);
    }

    const main = await getOk(`/sources/main/queues/${enc(EMAILS)}`, QueueResponse);
    expect(main.queue.counts.completed).toBe(COMPLETED);

    const health = await getOk('/health', HealthResponse);
    expect(health.status).toBe('degraded');
    expect(Object.fromEntries(health.sources.map((source) => [source.id, source.status]))).toEqual({
      main: 'up',
      flaky: 'down',
    });

    const { sources } = await getOk('/sources', SourcesResponse);
    expect(sources.find((source) => source.id === 'flaky')).toMatchObject({
      status: 'down',
      error: expect.any(String),
    });
    expect(sources.find((source) => source.id === 'main')?.status).toBe('up');
  });
});
