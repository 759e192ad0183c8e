/**
 * The handler over an in-memory SourceAdapter (our own interface, not a stand-in for Redis): routing,
 * input parsing, lookups and error mapping. The real BullMQ path is covered by api.int.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SourceUnavailableError } from '@/lib/adapters/errors';
import type { RegisteredSource } from '@/lib/adapters/registry';
import type {
  Capability,
  FlowNode,
  JobDetail,
  JobPage,
  JobRef,
  ListJobsOptions,
  LogPage,
  Payload,
  Queue,
  QueueMetrics,
  Schedule,
  SourceAdapter,
  Timeline,
  WorkerList,
} from '@/lib/adapters/types';
import { capabilities as allCapabilities } from '@/lib/adapters/types';
import { BullmqSourceConfig } from '@/lib/config';
import { exampleFlow, exampleJobDetail, exampleQueue, exampleTimeline } from './examples';
import { createApiHandler } from './handler';
import {
  ErrorEnvelope,
  HealthResponse,
  JobLookupResponse,
  JobResponse,
  JobsResponse,
  QueueResponse,
  SourcesResponse,
} from './schemas';
import type { SourceDirectory } from './source-access';

type Mode = 'up' | 'down' | 'hang' | 'broken' | 'malformed';

/** A source whose queues and jobs live in memory; `mode` decides how it fails. */
class MemorySource implements SourceAdapter {
  readonly kind = 'bullmq' as const;
  readonly label: string;
  mode: Mode = 'up';
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  private readonly queues = new Map<string, Queue>();
  private readonly jobs = new Map<string, JobDetail>();

  constructor(
    readonly id: string,
    readonly capabilities: ReadonlySet<Capability> = new Set(allCapabilities),
  ) {
    this.label = id;
  }

  addQueue(name: string): this {
    this.queues.set(name, { ...exampleQueue, source: this.id, name });
    return this;
  }

  addJob(queue: string, id: string): this {
    this.jobs.set(`${queue}\u0000${id}`, { ...exampleJobDetail, queue, id });
    return this;
  }

  private async io<T>(method: string, args: unknown[], answer: () => T): Promise<T> {
    this.calls.push({ method, args });
    if (this.mode === 'down')
      throw new SourceUnavailableError(this.id, new Error('connect ECONNREFUSED 127.0.0.1:1'));
    if (this.mode === 'hang') return new Promise<T>(() => {});
    if (this.mode === 'broken')
      throw new Error('ERR unexpected reply from redis://user:pa55word@10.1.2.3:6379');
    return answer();
  }

  ping() {
    return this.io('ping', [], () => undefined);
  }
  listQueues() {
    return this.io('listQueues', [], () =>
      this.mode === 'malformed'
        ? ([{ name: 'half a queue' }] as unknown as Queue[])
        : [...this.queues.values()],
    );
  }
  getQueue(queue: string) {
    return this.io('getQueue', [queue], () => this.queues.get(queue) ?? null);
  }
  listJobs(queue: string, options: ListJobsOptions) {
    return this.io('listJobs', [queue, options], (): JobPage | null =>
      this.queues.has(queue)
        ? { state: options.state, jobs: [], total: 0, nextCursor: null }
        : null,
    );
  }
  getJob(queue: string, id: string) {
    return this.io('getJob', [queue, id], () => this.jobs.get(`${queue}\u0000${id}`) ?? null);
  }
  getPayload(queue: string, id: string, field: 'data' | 'returnValue') {
    return this.io(
      'getPayload',
      [queue, id, field],
      (): Payload | null => this.jobs.get(`${queue}\u0000${id}`)?.[field] ?? null,
    );
  }
  getJobLogs(queue: string, id: string, page: { offset: number; limit: number }) {
    return this.io('getJobLogs', [queue, id, page], (): LogPage | null =>
      this.jobs.has(`${queue}\u0000${id}`)
        ? { lines: ['one'], total: 1, offset: page.offset }
        : null,
    );
  }
  findJob(id: string) {
    return this.io('findJob', [id], (): JobRef | null => {
      const job = [...this.jobs.values()].find((candidate) => candidate.id === id);
      return job ? { queue: job.queue, id } : null;
    });
  }
  getTimeline(ref: JobRef) {
    return this.io('getTimeline', [ref], (): Timeline | null =>
      this.jobs.has(`${ref.queue}\u0000${ref.id}`) ? { ...exampleTimeline, job: ref } : null,
    );
  }
  getFlow(ref: JobRef) {
    return this.io('getFlow', [ref], (): FlowNode | null =>
      this.jobs.has(`${ref.queue}\u0000${ref.id}`) ? exampleFlow : null,
    );
  }
  listWorkers() {
    return this.io('listWorkers', [], (): WorkerList => ({ known: false, workers: [] }));
  }
  listSchedules() {
    return this.io('listSchedules', [], (): Schedule[] => []);
  }
  getMetrics(queue: string) {
    return this.io('getMetrics', [queue], (): QueueMetrics | null =>
      this.queues.has(queue) ? { completed: null, failed: null } : null,
    );
  }
  async close() {}
}

function directory(...adapters: MemorySource[]): SourceDirectory {
  const sources = new Map<string, RegisteredSource>(
    adapters.map((adapter) => [
      adapter.id,
      {
        adapter,
        config: BullmqSourceConfig.parse({
          id: adapter.id,
          kind: 'bullmq',
          redis: 'redis://127.0.0.1:1',
        }),
        readOnly: false,
      },
    ]),
  );
  return { get: (id) => sources.get(id), list: () => [...sources.values()] };
}

function setup() {
  const main = new MemorySource('main')
    .addQueue('emails')
    .addQueue('a/b c:d')
    .addJob('emails', '1')
    .addJob('a/b c:d', 'x/1');
  const other = new MemorySource('other').addQueue('reports');
  const bare = new MemorySource('bare', new Set<Capability>(['queues']));
  const handler = createApiHandler({
    registry: directory(main, other, bare),
    sourceTimeoutMs: 200,
    pingTimeoutMs: 200,
  });
  const get = (path: string, init?: RequestInit) =>
    handler(new Request(`http://127.0.0.1/api/v1${path}`, init));
  return { main, other, bare, handler, get };
}

async function errorOf(response: Response) {
  return ErrorEnvelope.parse(await response.json()).error;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('routing', () => {
  it('decodes an encoded queue name with "/", space and ":" before it reaches the adapter', async () => {
    const { main, get } = setup();
    const response = await get('/sources/main/queues/a%2Fb%20c%3Ad');
    expect(response.status).toBe(200);
    expect(QueueResponse.parse(await response.json()).queue.name).toBe('a/b c:d');
    expect(main.calls.find((call) => call.method === 'getQueue')?.args).toEqual(['a/b c:d']);
  });

  it('finds a job whose id and queue are both encoded', async () => {
    const { get } = setup();
    const response = await get('/sources/main/queues/a%2Fb%20c%3Ad/jobs/x%2F1');
    expect(response.status).toBe(200);
    expect(JobResponse.parse(await response.json()).job.id).toBe('x/1');
  });

  it('answers JSON that must not be cached', async () => {
    const { get } = setup();
    const response = await get('/sources');
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 404 for an unknown path and for paths outside the base path', async () => {
    const { get, handler } = setup();
    expect((await errorOf(await get('/nope'))).code).toBe('not_found');
    const outside = await handler(new Request('http://127.0.0.1/elsewhere/sources'));
    expect(outside.status).toBe(404);
  });

  it('answers 405 with Allow for a known path and a wrong method', async () => {
    const { get } = setup();
    const response = await get('/sources/main/queues', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect((await errorOf(response)).code).toBe('method_not_allowed');
    const patch = await get('/sources/main/queues', { method: 'PATCH' });
    expect(patch.status).toBe(405);
  });

  it('answers OPTIONS with the allowed methods and HEAD without a body', async () => {
    const { get } = setup();
    const options = await get('/health', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, OPTIONS');
    const head = await get('/health', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('honours a custom base path', async () => {
    const { main } = setup();
    const handler = createApiHandler({ registry: directory(main), basePath: '/ops/yard/api/v1/' });
    expect((await handler(new Request('http://127.0.0.1/ops/yard/api/v1/sources'))).status).toBe(
      200,
    );
    expect((await handler(new Request('http://127.0.0.1/api/v1/sources'))).status).toBe(404);
  });
});

describe('input parsing', () => {
  it.each([
    ['limit=abc', 'limit'],
    ['limit=501', 'limit'],
    ['limit=0', 'limit'],
    ['limit=2.5', 'limit'],
    ['state=sleeping', 'state'],
  ])('answers 400 for %s naming %s', async (query, field) => {
    const { main, get } = setup();
    const response = await get(`/sources/main/queues/emails/jobs?${query}`);
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('bad_request');
    expect(error.details).toMatchObject({ issues: [{ in: 'query', path: field }] });
    expect(main.calls.some((call) => call.method === 'listJobs')).toBe(false);
  });

  it('passes parsed defaults and values to the adapter', async () => {
    const { main, get } = setup();
    expect((await get('/sources/main/queues/emails/jobs')).status).toBe(200);
    expect(
      (await get('/sources/main/queues/emails/jobs?state=failed&limit=500&cursor=abc')).status,
    ).toBe(200);
    const calls = main.calls
      .filter((call) => call.method === 'listJobs')
      .map((call) => call.args[1]);
    expect(calls).toEqual([
      { state: 'waiting', limit: 50, cursor: null },
      { state: 'failed', limit: 500, cursor: 'abc' },
    ]);
  });

  it('answers 400 for a bad path parameter and for malformed encoding', async () => {
    const { get } = setup();
    const field = await get('/sources/main/queues/emails/jobs/1/payload/stacktrace');
    expect(field.status).toBe(400);
    expect((await errorOf(field)).details).toMatchObject({
      issues: [{ in: 'path', path: 'field' }],
    });
    expect((await get('/sources/main/queues/%E0%A4%A')).status).toBe(400);
  });

  it('answers 400 for bad log paging', async () => {
    const { get } = setup();
    const response = await get('/sources/main/queues/emails/jobs/1/logs?offset=-1');
    expect(response.status).toBe(400);
    expect((await errorOf(response)).details).toMatchObject({ issues: [{ path: 'offset' }] });
  });
});

describe('lookups', () => {
  it('answers 404 for an unknown source', async () => {
    const { get } = setup();
    const error = await errorOf(await get('/sources/ghost/queues'));
    expect(error).toMatchObject({ code: 'not_found', message: expect.stringContaining('ghost') });
  });

  it('says whether the queue or the job inside it is missing', async () => {
    const { get } = setup();
    const noQueue = await errorOf(await get('/sources/main/queues/nope/jobs/1'));
    expect(noQueue.message).toBe('queue "nope" not found in source "main"');
    const noJob = await errorOf(await get('/sources/main/queues/emails/jobs/999'));
    expect(noJob.message).toBe('job "999" not found in queue "emails" of source "main"');
    expect((await get('/sources/main/queues/nope/jobs')).status).toBe(404);
    expect((await get('/sources/main/queues/nope')).status).toBe(404);
  });

  it('finds a job without its queue, and 404s when no queue has it', async () => {
    const { get } = setup();
    const found = JobLookupResponse.parse(await (await get('/sources/main/jobs/1')).json());
    expect(found.ref).toEqual({ queue: 'emails', id: '1' });
    expect((await get('/sources/main/jobs/404')).status).toBe(404);
    expect((await get('/sources/main/jobs/1/timeline')).status).toBe(200);
    expect((await get('/sources/main/jobs/1/timeline?queue=nope')).status).toBe(404);
  });

  it('answers 409 unsupported for a capability the source lacks', async () => {
    const { bare, get } = setup();
    for (const path of [
      '/sources/bare/workers',
      '/sources/bare/schedules',
      '/sources/bare/queues/q/jobs',
      '/sources/bare/jobs/1',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(409);
      expect((await errorOf(response)).code).toBe('unsupported');
    }
    expect(bare.calls).toEqual([]);
  });
});

describe('failures', () => {
  it('answers 503 for a source that is down while other sources keep answering', async () => {
    const { main, get } = setup();
    main.mode = 'down';
    const down = await get('/sources/main/queues');
    expect(down.status).toBe(503);
    expect(await errorOf(down)).toMatchObject({
      code: 'source_unavailable',
      details: { source: 'main' },
    });
    expect((await get('/sources/other/queues')).status).toBe(200);
  });

  it('answers 503 when a source does not answer before the deadline', async () => {
    const { main, get } = setup();
    main.mode = 'hang';
    expect((await errorOf(await get('/sources/main/workers'))).code).toBe('source_unavailable');
  });

  it('hides an unexpected adapter error behind a 500 and logs it once', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { main, get } = setup();
    main.mode = 'broken';
    const response = await get('/sources/main/queues');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('pa55word');
    expect(text).not.toContain('10.1.2.3');
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('treats a response that does not fit its schema as a 500, not as data', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { main, get } = setup();
    main.mode = 'malformed';
    const response = await get('/sources/main/queues');
    expect(response.status).toBe(500);
    expect(String(log.mock.calls[0]?.[0])).toContain('does not match its schema');
  });

  it('reports health degraded, and each source up or down, when one source is down', async () => {
    const { other, get } = setup();
    const healthy = HealthResponse.parse(await (await get('/health')).json());
    expect(healthy.status).toBe('ok');
    other.mode = 'hang';
    const response = await get('/health');
    expect(response.status).toBe(200);
    const health = HealthResponse.parse(await response.json());
    expect(health.status).toBe('degraded');
    expect(Object.fromEntries(health.sources.map((source) => [source.id, source.status]))).toEqual({
      main: 'up',
      other: 'down',
      bare: 'up',
    });
    const sources = SourcesResponse.parse(await (await get('/sources')).json()).sources;
    expect(sources.find((source) => source.id === 'other')).toMatchObject({
      status: 'down',
      error: expect.any(String),
    });
    expect(sources.find((source) => source.id === 'bare')?.capabilities).toEqual(['queues']);
  });
});

describe('jobs page', () => {
  it('parses the page with the contract schema', async () => {
    const { get } = setup();
    const page = JobsResponse.parse(
      await (await get('/sources/main/queues/emails/jobs?state=completed')).json(),
    );
    expect(page.state).toBe('completed');
  });
});
