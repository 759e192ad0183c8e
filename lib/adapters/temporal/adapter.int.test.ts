/**
 * The Temporal adapter over real gRPC against the in-process WorkflowService (testing/fake-temporal.ts)
 * holding histories in the official JSON format: the contract suite, task queues with pollers and
 * backlog, workflows per state with counts and nextPageToken pages, detail, timeline, the reverse
 * history of a 51,200-event run read without the forward history, queries, codec decoding through a
 * real local HTTP codec server, and a down address. The fixtures are histories only a fake can hold;
 * against a real server (TEMPORAL_ADDRESS) see actions.int.test.ts, whose workflows are started
 * through the client.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InvalidCursorError, InvalidInputError, SourceUnavailableError } from '../errors';
import { runSourceAdapterContract } from '../contract';
import { HistoryPage, JobDetail, Timeline } from '../types';
import type { TemporalAdapter } from './adapter';
import { TIMELINE_EVENTS } from './adapter';
import type { CodecServer, SeededTemporal } from './testing/fixtures';
import {
  BIG_EVENTS,
  BIG_QUEUE,
  BIG_WORKFLOW,
  CHILD_QUEUE,
  CONTRACT_QUEUE,
  ENCRYPTED_WORKFLOW,
  FLOW_QUEUE,
  NS,
  SECRET_INPUT,
  makeTemporalAdapter,
  startCodecServer,
  startSeededTemporal,
} from './testing/fixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const onRealServer = Boolean(process.env.TEMPORAL_ADDRESS);

describe.skipIf(onRealServer)('Temporal adapter over gRPC (in-process WorkflowService)', () => {
  const key = randomBytes(32);
  let seeded: SeededTemporal;
  let codec: CodecServer;
  const adapters: TemporalAdapter[] = [];
  const adapter = () => adapters[0]!;

  beforeAll(async () => {
    seeded = await startSeededTemporal({ big: true, codecKey: key });
    codec = await startCodecServer(key);
    adapters.push(makeTemporalAdapter(seeded.address));
  });
  afterAll(async () => {
    await Promise.allSettled(adapters.map((a) => a.close()));
    await codec?.stop();
    await seeded?.fake.stop();
  });

  runSourceAdapterContract('temporal (in-process WorkflowService)', async () => ({
    adapter: adapter(),
    fixture: {
      queue: CONTRACT_QUEUE,
      completed: 3,
      failed: 2,
      jobId: 'payment-2',
      jobData: [{ orderId: 'o-2', amount: 20 }],
      missingJobId: 'no-such-workflow',
      missingQueue: 'no-such-task-queue',
    },
    teardown: async () => undefined,
  }));

  it('lists task queues seen on workflows with counts from ONE GROUP BY ExecutionStatus each, pollers and backlog', async () => {
    const before = seeded.fake.callsOf('CountWorkflowExecutions').length;
    const queues = await adapter().listQueues();
    expect(queues.map((queue) => queue.name).sort()).toEqual([BIG_QUEUE, CHILD_QUEUE, FLOW_QUEUE, CONTRACT_QUEUE].sort());
    const counts = seeded.fake.callsOf('CountWorkflowExecutions').slice(before);
    expect(counts).toHaveLength(4);
    for (const call of counts) expect(call.query).toMatch(/^TaskQueue = '.+' GROUP BY ExecutionStatus$/);
    const payments = queues.find((queue) => queue.name === CONTRACT_QUEUE)!;
    expect(payments.counts).toMatchObject({ active: 1, completed: 3, failed: 2, cancelled: 1 });
    expect(payments.meta).toMatchObject({ 'status.TimedOut': '1', 'status.Terminated': '1', activityPollers: '2', workflowPollers: '1', activityBacklog: '17' });
    expect(payments.workerCount).toBe(2);
    const flow = queues.find((queue) => queue.name === FLOW_QUEUE)!;
    // Both runs of the continued-as-new workflow count as completed (with order-78 and the encrypted one).
    expect(flow.counts).toMatchObject({ completed: 4, cancelled: 1, active: 1 });
    expect(flow.meta).toMatchObject({ 'status.ContinuedAsNew': '1', 'status.Completed': '3' });
  });

  it('pages a state with the server nextPageToken in its order, and refuses a tampered cursor', async () => {
    const first = await adapter().listJobs(CONTRACT_QUEUE, { state: 'completed', limit: 2 });
    expect(first!.jobs.map((job) => job.id)).toEqual(['payment-3', 'payment-2']);
    const second = await adapter().listJobs(CONTRACT_QUEUE, { state: 'completed', limit: 2, cursor: first!.nextCursor });
    expect(second!.jobs.map((job) => job.id)).toEqual(['payment-1']);
    expect(second!.nextCursor).toBeNull();
    const lists = seeded.fake.callsOf('ListWorkflowExecutions');
    expect((lists.at(-1)!.nextPageToken as Uint8Array).length).toBeGreaterThan(0);
    const failed = await adapter().listJobs(CONTRACT_QUEUE, { state: 'failed', limit: 10 });
    expect(failed!.jobs.map((job) => [job.id, job.nativeState])).toEqual([
      ['payment-timeout', 'TimedOut'],
      ['payment-failed', 'Failed'],
    ]);
    // A cursor of another state's query is not this page's cursor.
    await expect(adapter().listJobs(CONTRACT_QUEUE, { state: 'failed', limit: 2, cursor: first!.nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
    expect(await adapter().listJobs(CONTRACT_QUEUE, { state: 'delayed', limit: 5 })).toEqual({ state: 'delayed', jobs: [], total: 0, nextCursor: null });
  });

  it('describes a running workflow: pending activity attempts and last failure, memo, search attributes, input', async () => {
    const running = JobDetail.parse(await adapter().getJob(CONTRACT_QUEUE, 'payment-running'));
    expect(running).toMatchObject({ state: 'active', nativeState: 'Running', name: 'ChargeCard', finishedAt: null });
    expect(running.data.json).toEqual([{ orderId: 'o-r' }]);
    const pending = (running.opts.pendingActivities as Array<Record<string, unknown>>)[0]!;
    expect(pending).toMatchObject({ activityType: 'charge', attempt: 4, maximumAttempts: 10, lastWorkerIdentity: '4242@worker-a' });
    expect(pending.lastFailure).toMatchObject({ message: 'gateway timeout', type: 'GatewayTimeout' });
    const done = JobDetail.parse(await adapter().getJob(CONTRACT_QUEUE, 'payment-1'));
    expect(done.returnValue.json).toEqual({ charged: 10 });
    expect(done.opts).toMatchObject({ memo: { note: 'charge 1' }, searchAttributes: { CustomerId: 'c-1' } });
  });

  it('says why a run did not complete: failure chain and stack, time-out, termination', async () => {
    const failed = JobDetail.parse(await adapter().getJob(CONTRACT_QUEUE, 'payment-failed'));
    expect(failed.failedReason).toBe('PaymentFailed: payment failed: card declined');
    expect(failed.stacktrace[0]).toBe('PaymentFailed: payment failed');
    const terminated = JobDetail.parse(await adapter().getJob(CONTRACT_QUEUE, 'payment-terminated'));
    expect(terminated).toMatchObject({ state: 'cancelled', nativeState: 'Terminated', failedReason: 'terminated: duplicate order (by ops@ops-box)' });
    const timedOut = JobDetail.parse(await adapter().getJob(CONTRACT_QUEUE, 'payment-timeout'));
    expect(timedOut).toMatchObject({ state: 'failed', nativeState: 'TimedOut' });
  });

  it('links a parent and its running child both ways, and finds a workflow by id alone', async () => {
    const parent = JobDetail.parse(await adapter().getJob(FLOW_QUEUE, 'order-77'));
    expect(parent.children).toEqual([{ queue: CHILD_QUEUE, id: 'order-77-ship', state: 'active' }]);
    const child = JobDetail.parse(await adapter().getJob(CHILD_QUEUE, 'order-77-ship'));
    expect(child.parent).toEqual({ queue: FLOW_QUEUE, id: 'order-77' });
    expect(await adapter().findJob('order-77-ship')).toEqual({ queue: CHILD_QUEUE, id: 'order-77-ship' });
  });

  it('shows the latest run of a continued-as-new workflow, naming the run it continued', async () => {
    const latest = JobDetail.parse(await adapter().getJob(FLOW_QUEUE, 'nightly-sync'));
    expect(latest).toMatchObject({ nativeState: 'Completed', returnValue: { json: { synced: 731 } } });
    expect(latest.opts.firstRunId).not.toBe(latest.opts.runId);
  });

  it('draws the history as a timeline: activity bar with attempts, timer, signal, updates, marker, child link', async () => {
    const timeline = Timeline.parse(await adapter().getTimeline({ queue: FLOW_QUEUE, id: 'order-78' }));
    const byTitle = Object.fromEntries(timeline.events.map((event) => [event.title, event]));
    expect(byTitle.reserveStock).toMatchObject({ type: 'activity', status: 'success', attempts: 3 });
    expect(byTitle.reserveStock!.endAt! - byTitle.reserveStock!.at!).toBeGreaterThan(0);
    expect(byTitle['timer cooling-off']).toMatchObject({ type: 'timer', status: 'success' });
    expect(byTitle['signal addressChanged']).toMatchObject({ type: 'signal' });
    expect(byTitle['update setGiftNote']).toMatchObject({ status: 'success' });
    expect(byTitle['update setPriority']).toMatchObject({ status: 'failure', detail: 'update failed: priority must be positive' });
    expect(byTitle['marker Version']).toMatchObject({ type: 'marker' });
    expect(byTitle['child ShipOrder']).toMatchObject({ child: { queue: CHILD_QUEUE, id: 'order-78-ship' }, status: 'success' });
    expect(timeline.history).toMatchObject({ totalEvents: 41, firstEventId: 1, lastEventId: 41, olderCursor: null });
  });

  it('shows the latest events of a 51,200-event history from the reverse call, without reading the forward history', async () => {
    const from = seeded.fake.calls.length;
    const timeline = Timeline.parse(await adapter().getTimeline({ queue: BIG_QUEUE, id: BIG_WORKFLOW }));
    const calls = seeded.fake.calls.slice(from);
    expect(calls.map((call) => call.method)).toEqual(['DescribeWorkflowExecution', 'GetWorkflowExecutionHistoryReverse']);
    expect(calls.some((call) => call.method === 'GetWorkflowExecutionHistory')).toBe(false);
    expect(timeline.history).toMatchObject({ totalEvents: BIG_EVENTS, lastEventId: BIG_EVENTS, firstEventId: BIG_EVENTS - TIMELINE_EVENTS + 1 });
    expect(timeline.events.at(-1)).toMatchObject({ type: 'workflow', status: 'failure', detail: 'terminated: Workflow history count exceeds limit. (by history-service)' });

    // The older events on demand, page by page from the cursor, still newest first.
    const older = HistoryPage.parse(
      await adapter().getHistory!({ queue: BIG_QUEUE, id: BIG_WORKFLOW }, { order: 'newest-first', limit: 500, cursor: timeline.history!.olderCursor }),
    );
    expect(older.events[0]!.eventId).toBe(BIG_EVENTS - TIMELINE_EVENTS);
    expect(older.events.at(-1)!.eventId).toBe(BIG_EVENTS - TIMELINE_EVENTS - 499);
    const reverse = seeded.fake.callsOf('GetWorkflowExecutionHistoryReverse').at(-1)!;
    expect((reverse.nextPageToken as Uint8Array).length).toBeGreaterThan(0);
    expect(seeded.fake.calls.slice(from).some((call) => call.method === 'GetWorkflowExecutionHistory')).toBe(false);

    // From the start too, for whoever scrolls to the top.
    const head = HistoryPage.parse(await adapter().getHistory!({ queue: BIG_QUEUE, id: BIG_WORKFLOW }, { order: 'oldest-first', limit: 3 }));
    expect(head.events.map((event) => event.type)).toEqual(['WorkflowExecutionStarted', 'WorkflowTaskScheduled', 'WorkflowTaskStarted']);
    expect(head.events[0]!.attributes.input).toEqual({ payloads: [{ account: 'acme' }] });
  });

  it('answers queries, and passes the server refusal of an unknown one on as a bad request', async () => {
    const stack = await adapter().queryJob!({ queue: CONTRACT_QUEUE, id: 'payment-running' }, { type: '__stack_trace', args: [] });
    expect(stack!.result).toMatch(/at chargeCard/);
    const balance = await adapter().queryJob!({ queue: CONTRACT_QUEUE, id: 'payment-running' }, { type: 'balance', args: [] });
    expect(balance!.result).toEqual({ cents: 1200 });
    await expect(adapter().queryJob!({ queue: CONTRACT_QUEUE, id: 'payment-running' }, { type: 'nope', args: [] })).rejects.toBeInstanceOf(InvalidInputError);
    expect(await adapter().queryJob!({ queue: CONTRACT_QUEUE, id: 'missing' }, { type: '__stack_trace', args: [] })).toBeNull();
  });

  it('lists pollers as workers, one per identity across task queues', async () => {
    const workers = await adapter().listWorkers();
    expect(workers.workers.map((worker) => [worker.name, worker.queues])).toEqual([
      ['4242@worker-a', [CONTRACT_QUEUE]],
      ['4343@worker-b', [CONTRACT_QUEUE]],
    ]);
  });

  it('decodes an encrypted input through the codec server, in one /decode request per response', async () => {
    const plain = JobDetail.parse(await adapter().getJob(FLOW_QUEUE, ENCRYPTED_WORKFLOW));
    expect((plain.data.json as Array<Record<string, unknown>>)[0]).toMatchObject({ encoding: 'binary/encrypted', undecoded: true });
    expect(plain.data.text).not.toContain('kept-secret');

    const decoding = makeTemporalAdapter(seeded.address, { codec: { endpoint: codec.endpoint } });
    adapters.push(decoding);
    const before = codec.requests.length;
    const decoded = JobDetail.parse(await decoding.getJob(FLOW_QUEUE, ENCRYPTED_WORKFLOW));
    expect(decoded.data.json).toEqual([SECRET_INPUT]);
    const requests = codec.requests.slice(before);
    expect(requests.every((request) => request.namespace === NS && request.path === '/codec/decode' && request.authorization === undefined)).toBe(true);
    const history = HistoryPage.parse(await decoding.getHistory!({ queue: FLOW_QUEUE, id: ENCRYPTED_WORKFLOW }, { order: 'oldest-first', limit: 10 }));
    expect(history.events[0]!.attributes.input).toEqual({ payloads: [SECRET_INPUT] });
    expect(history.codecError).toBeNull();
  });

  it('keeps the page when the codec server is down: payloads shown undecoded, the reason said', async () => {
    const broken = makeTemporalAdapter(seeded.address, { codec: { endpoint: `http://127.0.0.1:${await closedPort()}/codec` } });
    adapters.push(broken);
    const detail = JobDetail.parse(await broken.getJob(FLOW_QUEUE, ENCRYPTED_WORKFLOW));
    expect(detail.opts.codecError).toEqual(expect.any(String));
    expect((detail.data.json as Array<Record<string, unknown>>)[0]).toMatchObject({ undecoded: true });
  });

  it('passes an INVALID_ARGUMENT from the server on as a bad request, and NOT_FOUND as null', async () => {
    expect(await adapter().getJob(CONTRACT_QUEUE, 'never-ran')).toBeNull();
    expect(await adapter().getTimeline({ queue: CONTRACT_QUEUE, id: 'never-ran' })).toBeNull();
    await expect(
      adapter().actions!.workflow!.batch!({ operation: 'terminate', query: "NoSuchAttribute = 'x'", reason: 'test', dryRun: true }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('Temporal adapter with the frontend down', () => {
  it('reports down (SourceUnavailableError) on every read instead of throwing anything else', async () => {
    const down = makeTemporalAdapter(`127.0.0.1:${await closedPort()}`);
    try {
      await expect(down.ping()).rejects.toBeInstanceOf(SourceUnavailableError);
      await expect(down.listQueues()).rejects.toBeInstanceOf(SourceUnavailableError);
      await expect(down.getJob(CONTRACT_QUEUE, 'x')).rejects.toBeInstanceOf(SourceUnavailableError);
    } finally {
      await down.close();
    }
  });
});

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
