/**
 * Temporal actions over real gRPC, each read back: cancel (the cancel request in the history),
 * terminate, signal with JSON arguments, reset to the last / first workflow task and to an event id,
 * and batch cancel / terminate / signal by visibility query with a dry run that counts first and a
 * batch whose progress is read until it completes. Workflows are started through the client
 * (StartWorkflowExecution), so with TEMPORAL_ADDRESS set this file runs against that server: no
 * worker polls the task queue, so every workflow stays running with its first workflow task
 * scheduled — exactly what the assertions rely on. Reset needs a completed workflow task, which
 * only a worker (or the in-process service's fixture) writes, so its cases run on the fake only.
 */
import { randomBytes } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConflictError, InvalidInputError } from '../errors';
import type { TemporalAdapter } from './adapter';
import { toHistoryEventRow } from './history-map';
import { encodeJsonPayload } from './payloads';
import { FakeTemporal } from './testing/fake-temporal';
import { HistoryBuilder } from './testing/history-builder';
import { makeTemporalAdapter } from './testing/fixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const realAddress = process.env.TEMPORAL_ADDRESS;
const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
let fake: FakeTemporal | null = null;
let connection: Connection;
let adapter: TemporalAdapter;
const queue = `ym-actions-${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  let address = realAddress;
  if (!address) {
    fake = new FakeTemporal({ namespaces: [namespace], batchStepMs: 2 });
    address = await fake.start();
  }
  connection = await Connection.connect({ address });
  adapter = makeTemporalAdapter(address, { namespace, taskQueues: [queue] });
});
afterAll(async () => {
  await adapter?.close();
  await connection?.close();
  await fake?.stop();
});

async function startWorkflow(workflowId: string, args: unknown[] = []): Promise<string> {
  const response = await connection.workflowService.startWorkflowExecution({
    namespace,
    workflowId,
    workflowType: { name: 'ActionTarget' },
    taskQueue: { name: queue },
    input: { payloads: args.map(encodeJsonPayload) },
    identity: 'yardmaster-test',
    requestId: randomBytes(8).toString('hex'),
  });
  return response.runId ?? '';
}

async function history(workflowId: string, runId = '') {
  const events = [];
  let token: Uint8Array | null = null;
  do {
    const page: { history?: { events?: Parameters<typeof toHistoryEventRow>[0][] | null } | null; nextPageToken?: Uint8Array | null } =
      await connection.workflowService.getWorkflowExecutionHistory({ namespace, execution: { workflowId, runId }, nextPageToken: token });
    events.push(...(page.history?.events ?? []));
    token = page.nextPageToken?.length ? page.nextPageToken : null;
  } while (token);
  return events.map(toHistoryEventRow);
}

const eventually = async <T>(check: () => Promise<T>, until: (value: T) => boolean): Promise<T> => {
  for (;;) {
    const value = await check();
    if (until(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('Temporal actions', () => {
  it('declares what it has: job.cancel and the workflow verbs', () => {
    for (const capability of ['job.cancel', 'workflow.terminate', 'workflow.signal', 'workflow.reset', 'workflow.batch'] as const) {
      expect(adapter.capabilities.has(capability)).toBe(true);
    }
    expect(adapter.capabilities.has('job.retry')).toBe(false);
  });

  it('cancel requests cancellation: the server writes WorkflowExecutionCancelRequested with the reason', async () => {
    const id = `cancel-${randomBytes(3).toString('hex')}`;
    await startWorkflow(id);
    const result = await adapter.actions!.job!.cancel!(queue, id, { reason: 'customer asked', waitMs: 0 });
    expect(result).toMatchObject({ job: { queue, id }, state: 'active', acknowledged: true });
    const events = await history(id);
    expect(events.find((event) => event.type === 'WorkflowExecutionCancelRequested')?.attributes).toMatchObject({ cause: 'customer asked' });
    expect(await adapter.actions!.job!.cancel!(queue, 'no-such-workflow', { reason: 'x', waitMs: 0 })).toBeNull();
  });

  it('terminate closes the run with the reason; a second terminate is a conflict naming the state', async () => {
    const id = `terminate-${randomBytes(3).toString('hex')}`;
    await startWorkflow(id);
    const result = await adapter.actions!.workflow!.terminate!(queue, id, { reason: 'stuck for a day' });
    expect(result).toMatchObject({ state: 'cancelled', nativeState: 'Terminated' });
    const last = (await history(id)).at(-1)!;
    expect(last).toMatchObject({ type: 'WorkflowExecutionTerminated', attributes: { reason: 'stuck for a day' } });
    const detail = await adapter.getJob(queue, id);
    expect(detail).toMatchObject({ state: 'cancelled', nativeState: 'Terminated' });
    const again = adapter.actions!.workflow!.terminate!(queue, id, { reason: 'again' });
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toMatchObject({ details: { state: 'cancelled', nativeState: 'Terminated' } });
  });

  it('signal delivers the name and JSON arguments, read back from the history', async () => {
    const id = `signal-${randomBytes(3).toString('hex')}`;
    await startWorkflow(id, [{ order: 1 }]);
    await adapter.actions!.workflow!.signal!(queue, id, { name: 'approve', args: [{ by: 'ops', level: 2 }, 'now'] });
    const signaled = (await history(id)).find((event) => event.type === 'WorkflowExecutionSignaled')!;
    expect(signaled.attributes).toMatchObject({ signalName: 'approve', input: { payloads: [{ by: 'ops', level: 2 }, 'now'] } });
  });

  it('batch: the dry run counts the running workflows the query matches; the batch signals them and its progress is read', async () => {
    const tag = randomBytes(3).toString('hex');
    const ids = [`batch-${tag}-1`, `batch-${tag}-2`, `batch-${tag}-3`];
    for (const id of ids) await startWorkflow(id);
    const query = `WorkflowId STARTS_WITH 'batch-${tag}-'`;
    const dry = await adapter.actions!.workflow!.batch!({ operation: 'signal', query, reason: 'test', signal: { name: 'wake', args: [1] }, dryRun: true });
    expect(dry).toMatchObject({ matched: 3, dryRun: true, jobId: null, query: `(${query}) AND ExecutionStatus = 'Running'` });
    const started = await adapter.actions!.workflow!.batch!({ operation: 'signal', query, reason: 'wake them', signal: { name: 'wake', args: [1] }, dryRun: false });
    expect(started.jobId).toEqual(expect.any(String));
    const done = await eventually(() => adapter.getBatch!(started.jobId!, {}), (status) => status?.state === 'completed');
    expect(done).toMatchObject({ total: 3, completed: 3, failed: 0, operation: expect.stringMatching(/^signal/) });
    for (const id of ids) expect((await history(id)).filter((event) => event.type === 'WorkflowExecutionSignaled')).toHaveLength(1);

    const terminate = await adapter.actions!.workflow!.batch!({ operation: 'terminate', query, reason: 'clean up', dryRun: false });
    await eventually(() => adapter.getBatch!(terminate.jobId!, {}), (status) => status?.state === 'completed');
    for (const id of ids) expect((await history(id)).at(-1)!.type).toBe('WorkflowExecutionTerminated');
    // Nothing running matches any more: the count says 0 and no batch starts.
    expect(await adapter.actions!.workflow!.batch!({ operation: 'cancel', query, reason: 'x', dryRun: false })).toMatchObject({ matched: 0, jobId: null });
    expect(await adapter.getBatch!('no-such-batch', {})).toBeNull();
  });
});

describe.skipIf(Boolean(realAddress))('Temporal reset (needs completed workflow tasks: in-process service)', () => {
  const resetQueue = 'ym-reset';
  let resetAdapter: TemporalAdapter;
  beforeAll(() => {
    resetAdapter = makeTemporalAdapter(fake!.address, { namespace, taskQueues: [resetQueue] });
  });
  afterAll(() => resetAdapter.close());

  function seed(id: string) {
    const builder = new HistoryBuilder({ workflowId: id, workflowType: 'Resettable', taskQueue: resetQueue, startAt: Date.now() - 60_000, firstRunId: `${id}-r1` });
    builder.activity({ type: 'stepOne', result: 1 });
    builder.signal('nudge', ['after step one']);
    builder.activity({ type: 'stepTwo', failures: [{ message: 'bad' }], fails: true });
    builder.fail({ message: 'step two failed' });
    fake!.addRun(namespace, `${id}-r1`, builder.json());
    return builder;
  }

  it('to the last workflow task: a new run from there, the signal after it reapplied', async () => {
    const builder = seed('reset-last');
    const completed = builder.events.filter((event) => event.eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED').map((event) => Number(event.eventId));
    const result = await resetAdapter.actions!.workflow!.reset!(resetQueue, 'reset-last', { point: { to: 'last' }, reason: 'fixed step two' });
    expect(result).toMatchObject({ runId: 'reset-last-r1', resetEventId: completed.at(-1), state: 'active' });
    const newRun = await history('reset-last', result!.newRunId);
    const failed = newRun.find((event) => event.type === 'WorkflowTaskFailed')!;
    expect(failed.attributes).toMatchObject({ cause: 'WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW', baseRunId: 'reset-last-r1', newRunId: result!.newRunId });
    expect(newRun).toHaveLength(completed.at(-1)! + 1);
    const detail = await resetAdapter.getJob(resetQueue, 'reset-last');
    expect(detail).toMatchObject({ state: 'active', opts: { runId: result!.newRunId } });
  });

  it('to the first workflow task, and to a given event id; an event that is not a workflow task is refused', async () => {
    seed('reset-first');
    const first = await resetAdapter.actions!.workflow!.reset!(resetQueue, 'reset-first', { point: { to: 'first' }, reason: 'from the top' });
    expect(first!.resetEventId).toBe(4);
    const reapplied = (await history('reset-first', first!.newRunId)).filter((event) => event.type === 'WorkflowExecutionSignaled');
    expect(reapplied.map((event) => event.attributes.signalName)).toEqual(['nudge']);

    seed('reset-id');
    const byId = await resetAdapter.actions!.workflow!.reset!(resetQueue, 'reset-id', { point: { eventId: 4 }, reason: 'by id' });
    expect(byId!.resetEventId).toBe(4);
    seed('reset-bad');
    await expect(resetAdapter.actions!.workflow!.reset!(resetQueue, 'reset-bad', { point: { eventId: 1 }, reason: 'x' })).rejects.toBeInstanceOf(InvalidInputError);
  });
});

