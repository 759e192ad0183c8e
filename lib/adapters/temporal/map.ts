/**
 * Pure mapping of Temporal's wire shapes onto the normalised model: execution statuses ↔ job
 * states, visibility queries built from a task queue and a state (values quoted as the server's SQL
 * parser reads them), counts from a `GROUP BY ExecutionStatus` answer, list rows from
 * WorkflowExecutionInfo, job detail from describe plus the run's first and closing events, queue
 * names across namespaces, and the opaque cursors over `nextPageToken`. No I/O.
 */
import { temporal } from '@temporalio/proto';
import { InvalidCursorError } from '../errors';
import type { Attempt, JobDetail, JobRef, JobRow, JobState, Payload, StateCounts, Worker } from '../types';
import { INLINE_PAYLOAD_LIMIT_BYTES, jobStates } from '../types';
import type { HistoryEventRow } from './history-map';
import { timestampToMs, toNumber } from './history-map';
import type { ProtoPayload } from './payloads';
import { decodePayload, payloadValue } from './payloads';

type ExecutionInfo = temporal.api.workflow.v1.IWorkflowExecutionInfo;
type DescribeResponse = temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse;
type PollerInfo = temporal.api.taskqueue.v1.IPollerInfo;

/** WorkflowExecutionStatus by number, as the visibility store names it (`ExecutionStatus = 'Running'`). */
export const STATUS_NAMES: Record<number, string> = {
  1: 'Running',
  2: 'Completed',
  3: 'Failed',
  4: 'Canceled',
  5: 'Terminated',
  6: 'ContinuedAsNew',
  7: 'TimedOut',
  8: 'Paused',
};

/** The normalised state of each execution status (DESIGN.md: terminated counts as cancelled). */
const STATE_OF_STATUS: Record<string, JobState> = {
  Running: 'active',
  Paused: 'paused',
  Completed: 'completed',
  ContinuedAsNew: 'completed',
  Failed: 'failed',
  TimedOut: 'failed',
  Canceled: 'cancelled',
  Terminated: 'cancelled',
};

export const statusName = (status: number | null | undefined): string => STATUS_NAMES[status ?? 0] ?? 'Unspecified';

export function stateOfStatus(status: number | string | null | undefined): JobState {
  const name = typeof status === 'string' ? status : statusName(status);
  return STATE_OF_STATUS[name] ?? 'active';
}

/** The execution statuses a normalised state covers; empty for states Temporal has no workflows in. */
export function statusesOfState(state: JobState): string[] {
  return Object.entries(STATE_OF_STATUS)
    .filter(([, mapped]) => mapped === state)
    .map(([name]) => name);
}

/** A string literal of the visibility query language (single quotes, backslash escapes). */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export const taskQueueClause = (taskQueue: string) => `TaskQueue = ${quote(taskQueue)}`;

/** The query of one state's workflows on a task queue; null when the state has none. */
export function stateQuery(taskQueue: string, state: JobState): string | null {
  const statuses = statusesOfState(state);
  if (statuses.length === 0) return null;
  return `${taskQueueClause(taskQueue)} AND ExecutionStatus IN (${statuses.map(quote).join(', ')})`;
}

export function emptyCounts(): StateCounts {
  return Object.fromEntries(jobStates.map((state) => [state, 0])) as StateCounts;
}

/** Counts per normalised state from CountWorkflowExecutions `GROUP BY ExecutionStatus`. */
export function countsFromGroups(
  groups: ReadonlyArray<{ groupValues?: ProtoPayload[] | null; count?: unknown }> | null | undefined,
): { counts: StateCounts; byStatus: Record<string, number> } {
  const counts = emptyCounts();
  const byStatus: Record<string, number> = {};
  for (const group of groups ?? []) {
    const value = payloadValue(decodePayload(group.groupValues?.[0]));
    if (typeof value !== 'string') continue;
    const count = toNumber(group.count);
    byStatus[value] = (byStatus[value] ?? 0) + count;
    counts[stateOfStatus(value)] += count;
  }
  return { counts, byStatus };
}

/**
 * Queue names of a source. One namespace: the task queue's own name. Several: `<namespace>/<task
 * queue>` (a namespace name has no `/`), so the same task queue in two namespaces stays two queues.
 */
export class QueueNames {
  constructor(readonly namespaces: readonly string[]) {}

  get single(): boolean {
    return this.namespaces.length === 1;
  }

  name(namespace: string, taskQueue: string): string {
    return this.single ? taskQueue : `${namespace}/${taskQueue}`;
  }

  parse(queue: string): { namespace: string; taskQueue: string } | null {
    if (this.single) return queue ? { namespace: this.namespaces[0]!, taskQueue: queue } : null;
    const slash = queue.indexOf('/');
    if (slash <= 0) return null;
    const namespace = queue.slice(0, slash);
    const taskQueue = queue.slice(slash + 1);
    return this.namespaces.includes(namespace) && taskQueue ? { namespace, taskQueue } : null;
  }
}

/** An opaque API cursor around a server page token (plus whatever else a page needs to resume). */
export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T extends Record<string, unknown>>(cursor: string, check: (value: Record<string, unknown>) => boolean): T {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && check(value as Record<string, unknown>)) return value as T;
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

export const tokenToText = (token: Uint8Array | null | undefined): string | null =>
  token && token.length > 0 ? Buffer.from(token).toString('base64') : null;
export const textToToken = (text: string): Buffer => Buffer.from(text, 'base64');

export function toJobRow(info: ExecutionInfo, queue: string): JobRow {
  const state = stateOfStatus(info.status);
  return {
    id: info.execution?.workflowId ?? '',
    queue,
    name: info.type?.name ?? '',
    state,
    nativeState: statusName(info.status),
    createdAt: timestampToMs(info.startTime),
    processedAt: timestampToMs(info.executionTime) ?? timestampToMs(info.startTime),
    finishedAt: timestampToMs(info.closeTime),
    runAt: null,
    // Visibility does not carry the run's attempt; a listed run is one attempt.
    attemptsMade: 1,
    maxAttempts: null,
    priority: info.priority?.priorityKey ?? null,
    progress: null,
    failedReason: null,
    dataBytes: 0,
  };
}

/** Search attributes and memo fields decoded to values. */
export function decodeFields(fields: Record<string, ProtoPayload> | null | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields ?? {}).map(([key, payload]) => [key, payloadValue(decodePayload(payload))]));
}

/** A JSON value as a Payload of the normalised model, cut at `limitBytes`. */
export function valuePayload(value: unknown, limitBytes = INLINE_PAYLOAD_LIMIT_BYTES): Payload {
  if (value === undefined) return { json: null, text: null, bytes: 0, truncated: false };
  const text = JSON.stringify(value, null, 2) ?? 'null';
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= limitBytes) return { json: value, text, bytes, truncated: false };
  return { text: Buffer.from(text, 'utf8').subarray(0, limitBytes).toString('utf8'), bytes, truncated: true };
}

/** The workflow's arguments: the input payloads, each decoded. */
export const inputOf = (started: HistoryEventRow | null): unknown => {
  const input = started?.attributes.input as { payloads?: unknown[] } | undefined;
  return input?.payloads ?? [];
};

/** The workflow's result: the single value an SDK returns, or the list when there are several. */
export function resultOf(closing: HistoryEventRow | null): unknown {
  if (closing?.type !== 'WorkflowExecutionCompleted') return undefined;
  const result = (closing.attributes.result as { payloads?: unknown[] } | undefined)?.payloads ?? [];
  return result.length === 1 ? result[0] : result;
}

interface FailureLike {
  message?: string;
  stackTrace?: string;
  cause?: FailureLike;
  applicationFailureInfo?: { type?: string };
}

function failureChain(failure: FailureLike | undefined): FailureLike[] {
  const chain: FailureLike[] = [];
  for (let at = failure; at && chain.length < 10; at = at.cause) chain.push(at);
  return chain;
}

/** Why the run did not complete, one line; null when it completed or still runs. */
export function failureOf(closing: HistoryEventRow | null): { reason: string; stack: string[] } | null {
  if (!closing) return null;
  const a = closing.attributes;
  switch (closing.type) {
    case 'WorkflowExecutionFailed': {
      const chain = failureChain(a.failure as FailureLike | undefined);
      const reason = chain
        .map((failure) => `${failure.applicationFailureInfo?.type ? `${failure.applicationFailureInfo.type}: ` : ''}${failure.message ?? ''}`)
        .join(' ← caused by ');
      const stack = chain.flatMap((failure) => (failure.stackTrace ? failure.stackTrace.split('\n') : []));
      return { reason: reason || 'workflow failed', stack };
    }
    case 'WorkflowExecutionTimedOut':
      return { reason: `workflow timed out (${String(a.retryState ?? '').replace(/^RETRY_STATE_/, '').toLowerCase() || 'timeout'})`, stack: [] };
    case 'WorkflowExecutionTerminated':
      return { reason: `terminated${a.reason ? `: ${String(a.reason)}` : ''}${a.identity ? ` (by ${String(a.identity)})` : ''}`, stack: [] };
    case 'WorkflowExecutionCanceled':
      return { reason: 'cancelled', stack: [] };
    default:
      return null;
  }
}

const enumName = (enumeration: Record<number, string>, value: unknown, prefix: string) =>
  (enumeration[toNumber(value)] ?? '').replace(prefix, '').toLowerCase() || null;

/** What describe says about the open activities: attempts, last failure, heartbeat, next retry. */
export function toPendingActivities(describe: DescribeResponse): Array<Record<string, unknown>> {
  return (describe.pendingActivities ?? []).map((activity) => ({
    activityId: activity.activityId ?? '',
    activityType: activity.activityType?.name ?? '',
    state: enumName(temporal.api.enums.v1.PendingActivityState, activity.state, 'PENDING_ACTIVITY_STATE_'),
    attempt: activity.attempt ?? 1,
    maximumAttempts: activity.maximumAttempts || null,
    scheduledAt: timestampToMs(activity.scheduledTime),
    lastStartedAt: timestampToMs(activity.lastStartedTime),
    lastHeartbeatAt: timestampToMs(activity.lastHeartbeatTime),
    heartbeatDetails: (activity.heartbeatDetails?.payloads ?? []).map((payload) => payloadValue(decodePayload(payload))),
    lastFailure: activity.lastFailure
      ? {
          message: activity.lastFailure.message ?? '',
          type: activity.lastFailure.applicationFailureInfo?.type ?? null,
          stackTrace: activity.lastFailure.stackTrace ?? '',
        }
      : null,
    lastWorkerIdentity: activity.lastWorkerIdentity || null,
    nextAttemptAt: timestampToMs(activity.nextAttemptScheduleTime),
    expiresAt: timestampToMs(activity.expirationTime),
  }));
}

export interface DetailInput {
  queue: string;
  namespace: string;
  describe: DescribeResponse;
  /** The run's first event (WorkflowExecutionStarted) and, once closed, its last. */
  started: HistoryEventRow | null;
  closing: HistoryEventRow | null;
  parent: JobRef | null;
  children: Array<JobRef & { state: JobState | null }>;
  codecError: string | null;
}

export function toJobDetail(input: DetailInput): JobDetail {
  const info = input.describe.workflowExecutionInfo ?? {};
  const row = toJobRow(info, input.queue);
  const failure = failureOf(input.closing);
  const attempt = toNumber(input.started?.attributes.attempt) || 1;
  const data = valuePayload(inputOf(input.started));
  const result = resultOf(input.closing);
  const config = input.describe.executionConfig ?? {};
  const runId = info.execution?.runId ?? '';
  const pendingActivities = toPendingActivities(input.describe);
  const continuedAs = input.closing?.type === 'WorkflowExecutionContinuedAsNew' ? String(input.closing.attributes.newExecutionRunId ?? '') : null;
  const attemptEntry: Attempt = {
    number: attempt,
    startedAt: row.createdAt,
    finishedAt: row.finishedAt,
    outcome: row.state === 'active' || row.state === 'paused' ? 'running' : row.state === 'completed' ? 'completed' : row.state === 'failed' ? 'failed' : 'unknown',
    error: failure?.reason ?? null,
  };
  return {
    ...row,
    attemptsMade: attempt,
    failedReason: failure && row.state !== 'completed' ? failure.reason : null,
    data,
    dataBytes: data.bytes,
    opts: {
      namespace: input.namespace,
      runId,
      firstRunId: info.firstRunId || null,
      taskQueue: config.taskQueue?.name ?? info.taskQueue ?? null,
      executionTimeout: (input.started?.attributes.workflowExecutionTimeout as string | undefined) ?? null,
      runTimeout: (input.started?.attributes.workflowRunTimeout as string | undefined) ?? null,
      workflowTaskTimeout: (input.started?.attributes.workflowTaskTimeout as string | undefined) ?? null,
      memo: decodeFields(info.memo?.fields as Record<string, ProtoPayload> | undefined),
      searchAttributes: decodeFields(info.searchAttributes?.indexedFields as Record<string, ProtoPayload> | undefined),
      historyLength: toNumber(info.historyLength),
      historySizeBytes: toNumber(info.historySizeBytes),
      pendingActivities,
      pendingChildren: (input.describe.pendingChildren ?? []).map((child) => ({
        workflowId: child.workflowId ?? '',
        runId: child.runId ?? '',
        workflowType: child.workflowTypeName ?? '',
        initiatedEventId: toNumber(child.initiatedId),
      })),
      pendingWorkflowTask: input.describe.pendingWorkflowTask
        ? {
            state: enumName(temporal.api.enums.v1.PendingWorkflowTaskState, input.describe.pendingWorkflowTask.state, 'PENDING_WORKFLOW_TASK_STATE_'),
            attempt: input.describe.pendingWorkflowTask.attempt ?? 1,
            scheduledAt: timestampToMs(input.describe.pendingWorkflowTask.scheduledTime),
          }
        : null,
      ...(continuedAs ? { continuedAsNewRunId: continuedAs } : {}),
      ...(input.codecError ? { codecError: input.codecError } : {}),
    },
    returnValue: valuePayload(result === undefined ? undefined : result),
    stacktrace: failure?.stack ?? [],
    logCount: 0,
    parent: input.parent,
    children: input.children,
    attempts: [attemptEntry],
    processedBy: null,
    blockedBy: [],
    raw: {
      namespace: input.namespace,
      runId,
      status: statusName(info.status),
      historyLength: String(toNumber(info.historyLength)),
      ...(pendingActivities.length ? { pendingActivities: String(pendingActivities.length) } : {}),
    },
  };
}

/** Pollers of a task queue's workflow and activity sides, one worker per identity. */
export function toWorkers(
  pollers: Array<{ queue: string; type: 'workflow' | 'activity'; poller: PollerInfo }>,
  now: number,
): Worker[] {
  const byIdentity = new Map<string, { queues: Set<string>; lastAccess: number | null }>();
  for (const { queue, poller } of pollers) {
    const identity = poller.identity ?? '';
    if (!identity) continue;
    const entry = byIdentity.get(identity) ?? { queues: new Set<string>(), lastAccess: null };
    entry.queues.add(queue);
    const at = timestampToMs(poller.lastAccessTime);
    if (at !== null) entry.lastAccess = Math.max(entry.lastAccess ?? 0, at);
    byIdentity.set(identity, entry);
  }
  return [...byIdentity.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([identity, entry]) => ({
      id: identity,
      name: identity,
      queues: [...entry.queues].sort(),
      address: null,
      ageSeconds: null,
      idleSeconds: entry.lastAccess === null ? null : Math.max(0, Math.round((now - entry.lastAccess) / 1000)),
      // The server lists a poller for a few minutes after its last poll; listed means it polls.
      status: 'online' as const,
    }));
}
