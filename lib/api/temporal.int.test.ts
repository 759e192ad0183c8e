/**
 * REST API v1 over a Temporal source: the real registry and handler, the adapter over real gRPC to the
 * in-process WorkflowService, audit on the test Redis (a Temporal source keeps its audit beside the
 * first source that has a Redis). Sources and health say up / down; queues, jobs, detail, timeline,
 * the history route paging back, queries; terminate, signal, reset and batch through their routes,
 * each read back; bad bodies answer 400 and a closed workflow 409.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { SourceRegistry } from '@/lib/adapters/registry';
import type { SeededTemporal } from '@/lib/adapters/temporal/testing/fixtures';
import { BIG_QUEUE, BIG_WORKFLOW, CONTRACT_QUEUE, FLOW_QUEUE, NS, startSeededTemporal } from '@/lib/adapters/temporal/testing/fixtures';
import { closeDashboardRedis } from '@/lib/auth/store';
import { YardmasterConfig } from '@/lib/config';
import { createApiHandler } from './handler';
import type { ApiHandler } from './handler';
import { AuditResponse, BatchResponse, HistoryResponse, JobResponse, SourcesResponse, TimelineResponse, WorkflowActionResponse } from './schemas';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const onRealServer = Boolean(process.env.TEMPORAL_ADDRESS);
let seeded: SeededTemporal;
let registry: SourceRegistry;
let api: ApiHandler;

const call = (method: string, path: string, body?: unknown) =>
  api(
    new Request(`http://127.0.0.1/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
const job = (queue: string, id: string, rest = '') => `/sources/tmp/queues/${encodeURIComponent(queue)}/jobs/${encodeURIComponent(id)}${rest}`;

describe.skipIf(onRealServer)('REST API over a Temporal source', () => {
  beforeAll(async () => {
    seeded = await startSeededTemporal({ big: true });
    registry = new SourceRegistry(
      YardmasterConfig.parse({
        sources: [
          { id: 'main', kind: 'bullmq', redis: inject('redisUrl'), prefix: 'tmp-api' },
          { id: 'tmp', kind: 'temporal', address: seeded.address, namespace: NS },
          { id: 'gone', kind: 'temporal', address: '127.0.0.1:1', callTimeoutMs: 1_000 },
        ],
      }),
    );
    // The ping deadline is generous: on a loaded machine the first call also opens the HTTP/2 channel.
    api = createApiHandler({ registry, validateResponses: 'all', pingTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    await registry?.close();
    await closeDashboardRedis();
    await seeded?.fake.stop();
  });

  it('lists the source as up with its capabilities, and the unreachable one as down', async () => {
    const sources = SourcesResponse.parse(await (await call('GET', '/sources')).json());
    const tmp = sources.sources.find((source) => source.id === 'tmp')!;
    expect(tmp).toMatchObject({ kind: 'temporal', status: 'up' });
    expect(tmp.capabilities).toEqual(expect.arrayContaining(['history', 'queries', 'job.cancel', 'workflow.terminate', 'workflow.batch']));
    expect(tmp.jobActionStates).toEqual({ cancel: ['active'] });
    expect(sources.sources.find((source) => source.id === 'gone')).toMatchObject({ status: 'down' });
    const down = await call('GET', '/sources/gone/queues');
    expect(down.status).toBe(503);
  });

  it('reads queues, a page of jobs, a job and its timeline through the shared paths', async () => {
    const queues = (await (await call('GET', '/sources/tmp/queues')).json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
    expect(queues.queues.find((queue) => queue.name === CONTRACT_QUEUE)?.counts).toMatchObject({ completed: 3, failed: 2 });
    const page = (await (await call('GET', `/sources/tmp/queues/${CONTRACT_QUEUE}/jobs?state=failed&limit=1`)).json()) as { jobs: Array<{ id: string }>; nextCursor: string };
    expect(page.jobs).toHaveLength(1);
    const next = (await (await call('GET', `/sources/tmp/queues/${CONTRACT_QUEUE}/jobs?state=failed&limit=1&cursor=${page.nextCursor}`)).json()) as { jobs: Array<{ id: string }> };
    expect(next.jobs[0]!.id).not.toBe(page.jobs[0]!.id);
    const detail = JobResponse.parse(await (await call('GET', job(CONTRACT_QUEUE, 'payment-failed'))).json());
    expect(detail.job.failedReason).toMatch(/card declined/);
    const timeline = TimelineResponse.parse(await (await call('GET', `/sources/tmp/jobs/order-78/timeline`)).json());
    expect(timeline.events.some((event) => event.type === 'activity' && event.attempts === 3)).toBe(true);
  });

  it('pages a 51,200-event history back from its end through the history route', async () => {
    const latest = HistoryResponse.parse(await (await call('GET', job(BIG_QUEUE, BIG_WORKFLOW, '/history?limit=100'))).json());
    expect(latest.events[0]!.eventId).toBe(51_200);
    const older = HistoryResponse.parse(await (await call('GET', job(BIG_QUEUE, BIG_WORKFLOW, `/history?limit=100&cursor=${latest.nextCursor}`))).json());
    expect(older.events[0]!.eventId).toBe(51_100);
    const bad = await call('GET', job(BIG_QUEUE, BIG_WORKFLOW, '/history?cursor=not-a-cursor'));
    expect(bad.status).toBe(400);
    const query = (await (await call('GET', job(CONTRACT_QUEUE, 'payment-running', '/query?type=__stack_trace'))).json()) as { result: string };
    expect(query.result).toMatch(/chargeCard/);
  });

  it('terminates, signals and resets through the routes; each is audited; a closed workflow answers 409', async () => {
    const signal = await call('POST', job(CONTRACT_QUEUE, 'payment-running', '/signal'), { name: 'retryNow', args: [{ force: true }] });
    expect(WorkflowActionResponse.parse(await signal.json())).toMatchObject({ action: 'signal', state: 'active' });
    expect(seeded.fake.historyOf(NS, 'payment-running').at(-1)?.workflowExecutionSignaledEventAttributes?.signalName).toBe('retryNow');

    const badSignal = await call('POST', job(CONTRACT_QUEUE, 'payment-running', '/signal'), { args: [] });
    expect(badSignal.status).toBe(400);
    const reset = await call('POST', job(FLOW_QUEUE, 'order-78', '/reset'), { to: 'first', reason: 'replay' });
    const resetAnswer = WorkflowActionResponse.parse(await reset.json());
    expect(resetAnswer.newRunId).toEqual(expect.any(String));
    expect(seeded.fake.runsOf(NS, 'order-78')).toContain(resetAnswer.newRunId);
    const both = await call('POST', job(FLOW_QUEUE, 'order-78', '/reset'), { to: 'first', eventId: 4 });
    expect(both.status).toBe(400);

    const terminate = await call('POST', job(CONTRACT_QUEUE, 'payment-running', '/terminate'), { reason: 'gateway gone' });
    expect(WorkflowActionResponse.parse(await terminate.json())).toMatchObject({ state: 'cancelled', nativeState: 'Terminated' });
    const again = await call('POST', job(CONTRACT_QUEUE, 'payment-running', '/terminate'), {});
    expect(again.status).toBe(409);
    const cancelClosed = await call('POST', job(CONTRACT_QUEUE, 'payment-running', '/cancel'), {});
    expect(cancelClosed.status).toBe(409);

    const audit = AuditResponse.parse(await (await call('GET', '/audit?source=tmp&limit=20')).json());
    expect(audit.entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['workflow.terminate', 'workflow.signal', 'workflow.reset']));
  });

  it('runs a batch: the dry run counts, the real one reports its job, its progress is readable', async () => {
    const body = { operation: 'cancel', query: `TaskQueue = '${FLOW_QUEUE}'`, reason: 'maintenance' };
    const dry = BatchResponse.parse(await (await call('POST', '/sources/tmp/workflows/batch', { ...body, dryRun: true })).json());
    expect(dry).toMatchObject({ dryRun: true, jobId: null });
    expect(dry.matched).toBeGreaterThan(0);
    const started = BatchResponse.parse(await (await call('POST', '/sources/tmp/workflows/batch', body)).json());
    expect(started.matched).toBe(dry.matched);
    for (;;) {
      const status = (await (await call('GET', `/sources/tmp/batches/${started.jobId}`)).json()) as { state: string; completed: number; total: number };
      if (status.state === 'completed') {
        expect(status.completed).toBe(dry.matched);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await call('GET', '/sources/tmp/batches/nope')).status).toBe(404);
    const badQuery = await call('POST', '/sources/tmp/workflows/batch', { operation: 'terminate', query: "Nope = 'x'", dryRun: true });
    expect(badQuery.status).toBe(400);
    const noSignal = await call('POST', '/sources/tmp/workflows/batch', { operation: 'signal', query: '', dryRun: true });
    expect(noSignal.status).toBe(400);
  });
});
