/**
 * An in-process Temporal frontend for tests: the real WorkflowService gRPC surface (served by
 * `@grpc/grpc-js` from the official protobuf definitions, see service-definition.ts) over workflow
 * histories held in memory in the official format. It answers the RPCs the adapter calls with the
 * server's semantics wherever a client can tell: NOT_FOUND for a missing workflow or namespace,
 * INVALID_ARGUMENT for a bad query, visibility queries with keyset `nextPageToken` pages in the
 * server's order (running first, then newest close), counts `GROUP BY ExecutionStatus`, history pages
 * both directions, `waitNewEvent` long polls that return when an event is appended, signal / cancel /
 * terminate / reset writing the events the server writes, batch operations that progress in the
 * background, and DescribeTaskQueue with pollers, backlog and rate limit. Every call is recorded in
 * `calls`, so a test can assert on what was asked without timing anything.
 *
 * It is test infrastructure: no Temporal server can run on these machines. It is not a stub of the
 * product; the same suite runs against a real server when TEMPORAL_ADDRESS is set.
 */
import { randomUUID } from 'node:crypto';
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { Server, ServerCredentials, status as grpcStatus } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { JsonEvent, JsonHistory } from './history-builder';
import { jsonPayload } from './history-builder';
import { workflowServiceDefinition } from './service-definition';
import type { AttributeType, AttributeValue, Expr } from './visibility-query';
import { EXECUTION_STATUS_NAMES, InvalidQueryError, SYSTEM_ATTRIBUTES, evaluate, parseVisibilityQuery } from './visibility-query';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payload = temporal.api.common.v1.IPayload;
type WorkflowExecution = temporal.api.common.v1.IWorkflowExecution;
type AnyRequest = Record<string, unknown> & { namespace?: string };

/** Long | number | string → number. */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  const long = value as { toNumber?: () => number };
  return long.toNumber ? long.toNumber() : Number(value);
}

const timestampMs = (ts: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  ts ? num(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6) : null;
const timestamp = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

const EVENT = {
  started: 1,
  completed: 2,
  failed: 3,
  timedOut: 4,
  wtScheduled: 5,
  wtStarted: 6,
  wtCompleted: 7,
  wtTimedOut: 8,
  wtFailed: 9,
  cancelRequested: 20,
  canceled: 21,
  signaled: 26,
  terminated: 27,
  continuedAsNew: 28,
  childInitiated: 29,
  childStartFailed: 30,
  childStarted: 31,
  childCompleted: 32,
  childFailed: 33,
  childCanceled: 34,
  childTimedOut: 35,
  childTerminated: 36,
} as const;

/** WorkflowExecutionStatus by the event type that closes a run. */
const CLOSING: Record<number, number> = {
  [EVENT.completed]: 2,
  [EVENT.failed]: 3,
  [EVENT.canceled]: 4,
  [EVENT.terminated]: 5,
  [EVENT.continuedAsNew]: 6,
  [EVENT.timedOut]: 7,
};

export interface PollerSpec {
  identity: string;
  lastAccessTime: number;
  ratePerSecond?: number;
}

interface TaskQueueState {
  pollers: { workflow: PollerSpec[]; activity: PollerSpec[] };
  backlog: { workflow: number; activity: number };
  oldestBacklogAgeMs: { workflow: number; activity: number };
  /** Activity queue rate limit set by UpdateTaskQueueConfig, requests per second. */
  queueRateLimit: number | null;
}

export interface RunOptions {
  /** Mutable-state facts a history does not hold: what describe reports for open activities. */
  pendingActivities?: Array<Record<string, unknown>>;
  /** Answers of queries by type (`__stack_trace`, app-defined); any other type is refused. */
  queries?: Record<string, unknown>;
}

interface Run {
  namespace: string;
  workflowId: string;
  runId: string;
  type: string;
  taskQueue: string;
  events: HistoryEvent[];
  pendingActivities: Array<Record<string, unknown>>;
  queries: Record<string, unknown>;
  waiters: Set<() => void>;
  /** Insertion order; the latest run of a workflow id is its current run. */
  seq: number;
}

interface Batch {
  jobId: string;
  namespace: string;
  operationType: number;
  state: number;
  startTime: number;
  closeTime: number | null;
  total: number;
  complete: number;
  failures: number;
  reason: string;
  query: string;
  identity: string;
}

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const notFound = (message: string) => new RpcError(grpcStatus.NOT_FOUND, message);
const invalid = (message: string) => new RpcError(grpcStatus.INVALID_ARGUMENT, message);

const encodeToken = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
function decodeToken<T>(token: unknown): T | null {
  const bytes = token as Uint8Array | undefined;
  if (!bytes || bytes.length === 0) return null;
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  } catch {
    throw invalid('invalid next page token');
  }
}

function decodePayloadJson(payload: Payload | null | undefined): unknown {
  if (!payload?.data) return null;
  try {
    return JSON.parse(Buffer.from(payload.data).toString('utf8'));
  } catch {
    return null;
  }
}

const protoPayload = (value: unknown): Payload => {
  const json = jsonPayload(value);
  return {
    metadata: Object.fromEntries(Object.entries(json.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    ...(json.data ? { data: Buffer.from(json.data, 'base64') } : {}),
  };
};

export interface FakeTemporalOptions {
  namespaces?: string[];
  /** Custom search attributes registered in every namespace. */
  searchAttributes?: Record<string, AttributeType>;
  /** How long a `waitNewEvent` poll waits for a new event (the server's is ~20 s). */
  longPollMs?: number;
  /** Events per history page when the caller names no size (the server's `HistoryMaxPageSize`). */
  historyPageSize?: number;
  /** Batch operations apply one execution per this many ms. */
  batchStepMs?: number;
  serverVersion?: string;
  /** Whether UpdateTaskQueueConfig exists (server 1.29+). */
  taskQueueConfig?: boolean;
}

export class FakeTemporal {
  /** Every RPC received, in order, with its request as the client sent it. */
  readonly calls: Array<{ method: string; request: AnyRequest }> = [];
  private readonly runs: Run[] = [];
  private readonly taskQueues = new Map<string, TaskQueueState>();
  private readonly batches = new Map<string, Batch>();
  private readonly namespaces: Set<string>;
  private readonly attributes: Record<string, AttributeType>;
  private readonly options: Required<Omit<FakeTemporalOptions, 'namespaces' | 'searchAttributes'>>;
  private server: Server | null = null;
  private seq = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  address = '';

  constructor(options: FakeTemporalOptions = {}) {
    this.namespaces = new Set(options.namespaces ?? ['default']);
    this.attributes = { ...SYSTEM_ATTRIBUTES, ...(options.searchAttributes ?? {}) };
    this.options = {
      longPollMs: options.longPollMs ?? 20_000,
      historyPageSize: options.historyPageSize ?? 256,
      batchStepMs: options.batchStepMs ?? 5,
      serverVersion: options.serverVersion ?? '1.29.1',
      taskQueueConfig: options.taskQueueConfig ?? true,
    };
  }

  async start(): Promise<string> {
    const server = new Server();
    const handlers = this.handlers();
    const implementation: Record<string, (call: ServerUnaryCall<AnyRequest, unknown>, callback: sendUnaryData<unknown>) => void> = {};
    for (const [method, handler] of Object.entries(handlers)) {
      implementation[method] = (call, callback) => {
        this.calls.push({ method, request: call.request });
        Promise.resolve()
          .then(() => handler(call.request, call))
          .then(
            (response) => callback(null, response ?? {}),
            (error: unknown) => {
              if (error instanceof RpcError) callback({ code: error.code, details: error.message, name: 'RpcError', message: error.message });
              else callback({ code: grpcStatus.INTERNAL, details: String(error), name: 'Error', message: String(error) });
            },
          );
      };
    }
    server.addService(workflowServiceDefinition(), implementation);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    this.server = server;
    this.address = `127.0.0.1:${port}`;
    return this.address;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const run of this.runs) for (const wake of run.waiters) wake();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  }

  /** The calls of one method so far. */
  callsOf(method: string): AnyRequest[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.request);
  }

  // -------------------------------------------------------------------------------------------
  // Fixtures

  /** Store one run from its JSON history; answers its run id. */
  addRun(namespace: string, runId: string, history: JsonHistory, options: RunOptions = {}): string {
    this.requireNamespace(namespace);
    const events = historyFromJSON(history).events ?? [];
    const started = events[0]?.workflowExecutionStartedEventAttributes;
    if (!started) throw new Error('a history starts with WorkflowExecutionStarted');
    this.runs.push({
      namespace,
      workflowId: started.workflowId ?? '',
      runId,
      type: started.workflowType?.name ?? '',
      taskQueue: started.taskQueue?.name ?? '',
      events,
      pendingActivities: options.pendingActivities ?? [],
      queries: options.queries ?? {},
      waiters: new Set(),
      seq: this.seq++,
    });
    return runId;
  }

  /** Append events (JSON format, ids continuing the run's) to a running run, waking long polls. */
  appendEvents(namespace: string, workflowId: string, runId: string, events: JsonEvent[]): void {
    const run = this.findRun(namespace, workflowId, runId);
    this.push(run, historyFromJSON({ events }).events ?? []);
  }

  setPollers(namespace: string, taskQueue: string, type: 'workflow' | 'activity', pollers: PollerSpec[]): void {
    this.taskQueue(namespace, taskQueue).pollers[type] = pollers;
  }

  setBacklog(namespace: string, taskQueue: string, type: 'workflow' | 'activity', count: number, oldestAgeMs = 0): void {
    const state = this.taskQueue(namespace, taskQueue);
    state.backlog[type] = count;
    state.oldestBacklogAgeMs[type] = oldestAgeMs;
  }

  /** The events of a run as stored (for assertions). */
  historyOf(namespace: string, workflowId: string, runId?: string): HistoryEvent[] {
    return this.findRun(namespace, workflowId, runId ?? '').events;
  }

  runsOf(namespace: string, workflowId: string): string[] {
    return this.runs.filter((run) => run.namespace === namespace && run.workflowId === workflowId).map((run) => run.runId);
  }

  // -------------------------------------------------------------------------------------------
  // State helpers

  private taskQueue(namespace: string, name: string): TaskQueueState {
    const key = `${namespace}\u0000${name}`;
    let state = this.taskQueues.get(key);
    if (!state) {
      state = {
        pollers: { workflow: [], activity: [] },
        backlog: { workflow: 0, activity: 0 },
        oldestBacklogAgeMs: { workflow: 0, activity: 0 },
        queueRateLimit: null,
      };
      this.taskQueues.set(key, state);
    }
    return state;
  }

  private requireNamespace(namespace: string | undefined): string {
    if (!namespace || !this.namespaces.has(namespace)) throw notFound(`Namespace ${namespace ?? ''} is not found.`);
    return namespace;
  }

  private findRun(namespace: string, workflowId: string, runId: string | null | undefined): Run {
    const candidates = this.runs.filter((run) => run.namespace === namespace && run.workflowId === workflowId);
    const run = runId ? candidates.find((candidate) => candidate.runId === runId) : candidates.sort((a, b) => b.seq - a.seq)[0];
    if (!run) throw notFound(`workflow not found for ID: ${workflowId}`);
    return run;
  }

  private runOf(request: AnyRequest, key: 'execution' | 'workflowExecution'): Run {
    const namespace = this.requireNamespace(request.namespace);
    const execution = request[key] as WorkflowExecution | undefined;
    if (!execution?.workflowId) throw invalid('WorkflowId is not set on request.');
    return this.findRun(namespace, execution.workflowId, execution.runId);
  }

  private statusOf(run: Run): number {
    const last = run.events.at(-1);
    return (last && CLOSING[last.eventType ?? 0]) ?? 1;
  }

  private isOpen(run: Run): boolean {
    return this.statusOf(run) === 1;
  }

  private push(run: Run, events: HistoryEvent[]): void {
    run.events.push(...events);
    const waiters = [...run.waiters];
    run.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Append one event of `type` with `attributes` under `key`, numbered after the run's last. */
  private append(run: Run, eventType: number, key: string, attributes: Record<string, unknown>): HistoryEvent {
    const event = {
      eventId: run.events.length + 1,
      eventTime: timestamp(Date.now()),
      eventType,
      taskId: 2_000_000 + run.events.length,
      [key]: attributes,
    } as unknown as HistoryEvent;
    this.push(run, [event]);
    return event;
  }

  private searchAttributesOf(run: Run): Record<string, Payload> {
    const fields: Record<string, Payload> = {};
    for (const event of run.events) {
      const indexed =
        event.workflowExecutionStartedEventAttributes?.searchAttributes?.indexedFields ??
        event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
      if (indexed) Object.assign(fields, indexed);
    }
    return fields;
  }

  private visibilityRow(run: Run): Record<string, AttributeValue> {
    const status = this.statusOf(run);
    const start = timestampMs(run.events[0]?.eventTime);
    const row: Record<string, AttributeValue> = {
      WorkflowId: run.workflowId,
      RunId: run.runId,
      WorkflowType: run.type,
      ExecutionStatus: EXECUTION_STATUS_NAMES[status - 1] ?? null,
      TaskQueue: run.taskQueue,
      StartTime: start,
      ExecutionTime: start,
      CloseTime: status === 1 ? null : timestampMs(run.events.at(-1)?.eventTime),
      HistoryLength: status === 1 ? 0 : run.events.length,
      ParentWorkflowId: run.events[0]?.workflowExecutionStartedEventAttributes?.parentWorkflowExecution?.workflowId ?? null,
    };
    for (const [name, payload] of Object.entries(this.searchAttributesOf(run))) {
      row[name] = decodePayloadJson(payload) as AttributeValue;
    }
    return row;
  }

  private executionInfo(run: Run): Record<string, unknown> {
    const started = run.events[0]?.workflowExecutionStartedEventAttributes;
    const status = this.statusOf(run);
    const searchAttributes = this.searchAttributesOf(run);
    return {
      execution: { workflowId: run.workflowId, runId: run.runId },
      type: { name: run.type },
      startTime: run.events[0]?.eventTime ?? null,
      ...(status === 1 ? {} : { closeTime: run.events.at(-1)?.eventTime ?? null }),
      executionTime: run.events[0]?.eventTime ?? null,
      status,
      historyLength: run.events.length,
      historySizeBytes: run.events.length * 300,
      taskQueue: run.taskQueue,
      memo: started?.memo ?? null,
      ...(Object.keys(searchAttributes).length ? { searchAttributes: { indexedFields: searchAttributes } } : {}),
      ...(started?.parentWorkflowExecution
        ? { parentExecution: started.parentWorkflowExecution, parentNamespaceId: started.parentWorkflowNamespace ?? '' }
        : {}),
      firstRunId: started?.firstExecutionRunId ?? run.runId,
    };
  }

  private matching(namespace: string, query: string, allowGroupBy: boolean): { runs: Run[]; groupBy: string | null } {
    let where: Expr;
    let groupBy: string | null;
    try {
      ({ where, groupBy } = parseVisibilityQuery(query, this.attributes));
    } catch (error) {
      if (error instanceof InvalidQueryError) throw invalid(`invalid query: ${error.message}`);
      throw error;
    }
    if (groupBy && !allowGroupBy) throw invalid("invalid query: 'group by' clause is only supported in CountWorkflowExecutions API");
    const runs = this.runs.filter((run) => run.namespace === namespace && evaluate(where, this.visibilityRow(run)));
    return { runs, groupBy };
  }

  /** The server's order: open runs first, then by close time, then start time, newest first. */
  private sortKey(run: Run): [number, number, string] {
    const row = this.visibilityRow(run);
    return [(row.CloseTime as number | null) ?? Number.MAX_SAFE_INTEGER, row.StartTime as number, run.runId];
  }

  private static compareKeys(a: [number, number, string], b: [number, number, string]): number {
    return b[0] - a[0] || b[1] - a[1] || (a[2] < b[2] ? 1 : a[2] > b[2] ? -1 : 0);
  }

  // -------------------------------------------------------------------------------------------
  // The RPCs

  private handlers(): Record<string, (request: AnyRequest, call: ServerUnaryCall<AnyRequest, unknown>) => unknown> {
    return {
      GetSystemInfo: () => ({
        serverVersion: this.options.serverVersion,
        capabilities: {
          signalAndQueryHeader: true,
          internalErrorDifferentiation: true,
          activityFailureIncludeHeartbeat: true,
          supportsSchedules: true,
          encodedFailureAttributes: true,
          upsertMemo: true,
          eagerWorkflowStart: true,
          sdkMetadata: true,
          countGroupByExecutionStatus: true,
        },
      }),
      DescribeNamespace: (request) => {
        const namespace = this.requireNamespace(request.namespace);
        return { namespaceInfo: { name: namespace, state: 1 }, config: {} };
      },
      StartWorkflowExecution: (request) => {
        const namespace = this.requireNamespace(request.namespace);
        const workflowId = String(request.workflowId ?? '');
        const type = (request.workflowType as { name?: string } | undefined)?.name ?? '';
        const taskQueue = (request.taskQueue as { name?: string } | undefined)?.name ?? '';
        if (!workflowId || !type || !taskQueue) throw invalid('WorkflowId, WorkflowType and TaskQueue must be set on request.');
        const current = this.runs.filter((run) => run.namespace === namespace && run.workflowId === workflowId).sort((a, b) => b.seq - a.seq)[0];
        if (current && this.isOpen(current)) {
          throw new RpcError(grpcStatus.ALREADY_EXISTS, `Workflow execution is already running. WorkflowId: ${workflowId}, RunId: ${current.runId}.`);
        }
        const runId = randomUUID();
        const run: Run = { namespace, workflowId, runId, type, taskQueue, events: [], pendingActivities: [], queries: {}, waiters: new Set(), seq: this.seq++ };
        this.append(run, EVENT.started, 'workflowExecutionStartedEventAttributes', {
          workflowId,
          workflowType: { name: type },
          taskQueue: { name: taskQueue, kind: 1 },
          input: request.input ?? null,
          workflowTaskTimeout: { seconds: 10 },
          identity: request.identity ?? '',
          originalExecutionRunId: runId,
          firstExecutionRunId: runId,
          attempt: 1,
          memo: request.memo ?? null,
          searchAttributes: request.searchAttributes ?? null,
        });
        this.append(run, EVENT.wtScheduled, 'workflowTaskScheduledEventAttributes', {
          taskQueue: { name: taskQueue, kind: 1 },
          startToCloseTimeout: { seconds: 10 },
          attempt: 1,
        });
        this.runs.push(run);
        return { runId, started: true };
      },
      ListWorkflowExecutions: (request) => {
        const namespace = this.requireNamespace(request.namespace);
        const pageSize = num(request.pageSize) > 0 ? num(request.pageSize) : 1000;
        const after = decodeToken<[number, number, string]>(request.nextPageToken);
        const rows = this.matching(namespace, String(request.query ?? ''), false)
          .runs.map((run) => ({ run, key: this.sortKey(run) }))
          .sort((a, b) => FakeTemporal.compareKeys(a.key, b.key))
          .filter((row) => !after || FakeTemporal.compareKeys(after, row.key) < 0);
        const page = rows.slice(0, pageSize);
        const more = rows.length > pageSize;
        return {
          executions: page.map((row) => this.executionInfo(row.run)),
          nextPageToken: more ? encodeToken(page.at(-1)!.key) : Buffer.alloc(0),
        };
      },
      CountWorkflowExecutions: (request) => {
        const namespace = this.requireNamespace(request.namespace);
        const { runs, groupBy } = this.matching(namespace, String(request.query ?? ''), true);
        if (!groupBy) return { count: runs.length };
        const byStatus = new Map<string, number>();
        for (const run of runs) {
          const name = EXECUTION_STATUS_NAMES[this.statusOf(run) - 1]!;
          byStatus.set(name, (byStatus.get(name) ?? 0) + 1);
        }
        return {
          count: runs.length,
          groups: [...byStatus.entries()]
            .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
            .map(([name, count]) => ({ groupValues: [protoPayload(name)], count })),
        };
      },
      DescribeWorkflowExecution: (request) => {
        const run = this.runOf(request, 'execution');
        const open = this.isOpen(run);
        const started = run.events[0]?.workflowExecutionStartedEventAttributes;
        return {
          executionConfig: {
            taskQueue: { name: run.taskQueue, kind: 1 },
            workflowExecutionTimeout: started?.workflowExecutionTimeout ?? null,
            workflowRunTimeout: started?.workflowRunTimeout ?? null,
            defaultWorkflowTaskTimeout: started?.workflowTaskTimeout ?? null,
          },
          workflowExecutionInfo: this.executionInfo(run),
          pendingActivities: open ? run.pendingActivities : [],
          pendingChildren: open ? this.pendingChildren(run) : [],
          ...(open ? this.pendingWorkflowTask(run) : {}),
        };
      },
      GetWorkflowExecutionHistory: async (request, call) => {
        const run = this.runOf(request, 'execution');
        const size = num(request.maximumPageSize) > 0 ? num(request.maximumPageSize) : this.options.historyPageSize;
        const token = decodeToken<{ next: number }>(request.nextPageToken);
        let from = token?.next ?? 0;
        const waitNewEvent = Boolean(request.waitNewEvent);
        if (waitNewEvent && from >= run.events.length && this.isOpen(run)) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, this.options.longPollMs);
            this.timers.add(timer);
            function done() {
              clearTimeout(timer);
              resolve();
            }
            run.waiters.add(done);
            call.on('cancelled', done);
          });
        }
        from = Math.min(from, run.events.length);
        const events = run.events.slice(from, from + size);
        const next = from + events.length;
        const more = next < run.events.length || (waitNewEvent && this.isOpen(run));
        return { history: { events }, nextPageToken: more ? encodeToken({ next }) : Buffer.alloc(0) };
      },
      GetWorkflowExecutionHistoryReverse: (request) => {
        const run = this.runOf(request, 'execution');
        const size = num(request.maximumPageSize) > 0 ? num(request.maximumPageSize) : this.options.historyPageSize;
        const token = decodeToken<{ before: number }>(request.nextPageToken);
        const before = token?.before ?? run.events.length;
        const start = Math.max(0, before - size);
        const events = run.events.slice(start, before).reverse();
        return { history: { events }, nextPageToken: start > 0 ? encodeToken({ before: start }) : Buffer.alloc(0) };
      },
      QueryWorkflow: (request) => {
        const run = this.runOf(request, 'execution');
        const query = request.query as { queryType?: string } | undefined;
        const type = query?.queryType ?? '';
        if (!(type in run.queries)) {
          throw invalid(`unknown queryType ${type}. KnownQueryTypes=[${Object.keys(run.queries).join(' ')}]`);
        }
        return { queryResult: { payloads: [protoPayload(run.queries[type])] } };
      },
      SignalWorkflowExecution: (request) => {
        const run = this.runOf(request, 'workflowExecution');
        if (!this.isOpen(run)) throw notFound('workflow execution already completed');
        if (!request.signalName) throw invalid('SignalName is not set on request.');
        this.append(run, EVENT.signaled, 'workflowExecutionSignaledEventAttributes', {
          signalName: request.signalName,
          input: request.input ?? null,
          identity: request.identity ?? '',
          header: request.header ?? null,
        });
        return {};
      },
      RequestCancelWorkflowExecution: (request) => {
        const run = this.runOf(request, 'workflowExecution');
        if (!this.isOpen(run)) throw notFound('workflow execution already completed');
        // A second request while one is pending is accepted and writes nothing.
        if (!run.events.some((event) => event.eventType === EVENT.cancelRequested)) {
          this.append(run, EVENT.cancelRequested, 'workflowExecutionCancelRequestedEventAttributes', {
            cause: request.reason ?? '',
            identity: request.identity ?? '',
          });
        }
        return {};
      },
      TerminateWorkflowExecution: (request) => {
        const run = this.runOf(request, 'workflowExecution');
        if (!this.isOpen(run)) throw notFound('workflow execution already completed');
        this.terminate(run, String(request.reason ?? ''), String(request.identity ?? ''), request.details);
        return {};
      },
      ResetWorkflowExecution: (request) => {
        const run = this.runOf(request, 'workflowExecution');
        if (!request.reason) throw invalid('Reason is not set on request.');
        return { runId: this.reset(run, num(request.workflowTaskFinishEventId), String(request.reason), String(request.identity ?? '')) };
      },
      StartBatchOperation: (request) => this.startBatch(request),
      DescribeBatchOperation: (request) => {
        const namespace = this.requireNamespace(request.namespace);
        const batch = this.batches.get(`${namespace}\u0000${String(request.jobId ?? '')}`);
        if (!batch) throw notFound(`batch operation ${String(request.jobId ?? '')} not found`);
        return {
          operationType: batch.operationType,
          jobId: batch.jobId,
          state: batch.state,
          startTime: timestamp(batch.startTime),
          ...(batch.closeTime ? { closeTime: timestamp(batch.closeTime) } : {}),
          totalOperationCount: batch.total,
          completeOperationCount: batch.complete,
          failureOperationCount: batch.failures,
          identity: batch.identity,
          reason: batch.reason,
          query: batch.query,
        };
      },
      DescribeTaskQueue: (request) => {
        const namespace = this.requireNamespace(request.namespace);
        const taskQueue = request.taskQueue as { name?: string } | undefined;
        if (!taskQueue?.name) throw invalid('TaskQueue is not set on request.');
        const state = this.taskQueue(namespace, taskQueue.name);
        const type = num(request.taskQueueType) === 2 ? 'activity' : 'workflow';
        const backlog = state.backlog[type];
        const limit = type === 'activity' ? state.queueRateLimit : null;
        return {
          pollers: state.pollers[type].map((poller) => ({
            identity: poller.identity,
            lastAccessTime: timestamp(poller.lastAccessTime),
            ratePerSecond: poller.ratePerSecond ?? 100_000,
          })),
          ...(request.includeTaskQueueStatus ? { taskQueueStatus: { backlogCountHint: backlog, ratePerSecond: limit ?? 100_000 } } : {}),
          ...(request.reportStats
            ? {
                stats: {
                  approximateBacklogCount: backlog,
                  approximateBacklogAge: { seconds: Math.floor(state.oldestBacklogAgeMs[type] / 1000) },
                  tasksAddRate: 0,
                  tasksDispatchRate: 0,
                },
              }
            : {}),
          ...(request.reportConfig && this.options.taskQueueConfig
            ? {
                config: limit === null ? {} : { queueRateLimit: { rateLimit: { requestsPerSecond: limit }, metadata: { reason: '' } } },
                effectiveRateLimit: { requestsPerSecond: limit ?? 100_000, rateLimitSource: limit === null ? 3 : 1 },
              }
            : {}),
        };
      },
    };
  }

  private pendingChildren(run: Run): Array<Record<string, unknown>> {
    const open = new Map<number, Record<string, unknown>>();
    for (const event of run.events) {
      const id = num(event.eventId);
      const initiated = event.startChildWorkflowExecutionInitiatedEventAttributes;
      if (initiated) {
        open.set(id, { workflowId: initiated.workflowId ?? '', workflowTypeName: initiated.workflowType?.name ?? '', initiatedId: id, parentClosePolicy: initiated.parentClosePolicy ?? 0 });
      }
      const childStarted = event.childWorkflowExecutionStartedEventAttributes;
      if (childStarted) {
        const child = open.get(num(childStarted.initiatedEventId));
        if (child) child.runId = childStarted.workflowExecution?.runId ?? '';
      }
      const closedFrom =
        event.childWorkflowExecutionCompletedEventAttributes ??
        event.childWorkflowExecutionFailedEventAttributes ??
        event.childWorkflowExecutionCanceledEventAttributes ??
        event.childWorkflowExecutionTimedOutEventAttributes ??
        event.childWorkflowExecutionTerminatedEventAttributes ??
        event.startChildWorkflowExecutionFailedEventAttributes;
      if (closedFrom) open.delete(num(closedFrom.initiatedEventId));
    }
    return [...open.values()];
  }

  private pendingWorkflowTask(run: Run): Record<string, unknown> {
    const last = [...run.events].reverse().find((event) => [EVENT.wtScheduled, EVENT.wtStarted, EVENT.wtCompleted, EVENT.wtFailed, EVENT.wtTimedOut].includes(event.eventType as never));
    if (!last || (last.eventType !== EVENT.wtScheduled && last.eventType !== EVENT.wtStarted)) return {};
    return {
      pendingWorkflowTask: {
        state: last.eventType === EVENT.wtScheduled ? 1 : 2,
        scheduledTime: last.eventTime,
        attempt: 1,
      },
    };
  }

  private terminate(run: Run, reason: string, identity: string, details?: unknown): void {
    this.append(run, EVENT.terminated, 'workflowExecutionTerminatedEventAttributes', {
      reason,
      identity,
      details: details ?? null,
    });
  }

  /**
   * The server's reset: a new run whose history is the old one's up to (not including) the given
   * workflow task's finishing event, then a failed workflow task naming both runs and a new scheduled
   * one; signals received after the point are reapplied. The old run, if still open, is terminated.
   */
  private reset(run: Run, finishEventId: number, reason: string, identity: string): string {
    const point = run.events[finishEventId - 1];
    const allowed: number[] = [EVENT.wtCompleted, EVENT.wtTimedOut, EVENT.wtFailed, EVENT.wtStarted];
    if (!point || !allowed.includes(point.eventType ?? 0)) {
      throw invalid(`invalid WorkflowTaskFinishEventId ${finishEventId}: it must be a workflow task completed, failed, timed out or started event`);
    }
    const newRunId = randomUUID();
    const kept = run.events.slice(0, finishEventId - 1);
    const reapplied = run.events.slice(finishEventId).filter((event) => event.eventType === EVENT.signaled);
    const next: Run = {
      ...run,
      runId: newRunId,
      events: [...kept],
      pendingActivities: [],
      waiters: new Set(),
      seq: this.seq++,
    };
    const scheduledId = num(point.workflowTaskCompletedEventAttributes?.scheduledEventId ?? point.workflowTaskStartedEventAttributes?.scheduledEventId);
    this.append(next, EVENT.wtFailed, 'workflowTaskFailedEventAttributes', {
      scheduledEventId: scheduledId,
      startedEventId: finishEventId - 1,
      cause: temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
      failure: { message: reason, resetWorkflowFailureInfo: {} },
      identity,
      baseRunId: run.runId,
      newRunId,
    });
    for (const signal of reapplied) {
      this.append(next, EVENT.signaled, 'workflowExecutionSignaledEventAttributes', { ...signal.workflowExecutionSignaledEventAttributes });
    }
    this.append(next, EVENT.wtScheduled, 'workflowTaskScheduledEventAttributes', {
      taskQueue: { name: run.taskQueue, kind: 1 },
      startToCloseTimeout: { seconds: 10 },
      attempt: 1,
    });
    if (this.isOpen(run)) this.terminate(run, `resetting workflow: ${reason}`, 'history-service');
    this.runs.push(next);
    return newRunId;
  }

  private startBatch(request: AnyRequest): Record<string, never> {
    const namespace = this.requireNamespace(request.namespace);
    const jobId = String(request.jobId ?? '');
    if (!jobId) throw invalid('JobId is not set on request.');
    if (!request.reason) throw invalid('Reason is not set on request.');
    const key = `${namespace}\u0000${jobId}`;
    if (this.batches.has(key)) throw new RpcError(grpcStatus.ALREADY_EXISTS, `batch operation ${jobId} already exists`);
    const query = String(request.visibilityQuery ?? '');
    const executions = (request.executions as WorkflowExecution[] | undefined) ?? [];
    if (!query && executions.length === 0) throw invalid('must provide exactly one of visibility query or executions');
    const targets = query
      ? this.matching(namespace, query, false).runs
      : executions.map((execution) => this.findRun(namespace, execution.workflowId ?? '', execution.runId));
    const [operationType, apply] = this.batchOperation(request);
    const batch: Batch = {
      jobId,
      namespace,
      operationType,
      state: 1,
      startTime: Date.now(),
      closeTime: null,
      total: targets.length,
      complete: 0,
      failures: 0,
      reason: String(request.reason),
      query,
      identity: '',
    };
    this.batches.set(key, batch);
    const rps = Number(request.maxOperationsPerSecond ?? 0);
    const stepMs = rps > 0 ? Math.max(this.options.batchStepMs, 1000 / rps) : this.options.batchStepMs;
    const step = (index: number) => {
      if (index >= targets.length) {
        batch.state = 2;
        batch.closeTime = Date.now();
        return;
      }
      try {
        apply(targets[index]!, batch.reason);
        batch.complete++;
      } catch {
        batch.failures++;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        step(index + 1);
      }, stepMs);
      this.timers.add(timer);
    };
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      step(0);
    }, stepMs);
    this.timers.add(timer);
    return {};
  }

  private batchOperation(request: AnyRequest): [number, (run: Run, reason: string) => void] {
    const current = (run: Run) => this.findRun(run.namespace, run.workflowId, '');
    const requireOpen = (run: Run) => {
      if (!this.isOpen(run)) throw notFound('workflow execution already completed');
    };
    if (request.terminationOperation) {
      return [1, (run, reason) => (requireOpen(run), this.terminate(run, reason, 'batch'))];
    }
    if (request.cancellationOperation) {
      return [
        2,
        (run, reason) => {
          requireOpen(run);
          if (!run.events.some((event) => event.eventType === EVENT.cancelRequested)) {
            this.append(run, EVENT.cancelRequested, 'workflowExecutionCancelRequestedEventAttributes', { cause: reason, identity: 'batch' });
          }
        },
      ];
    }
    const signal = request.signalOperation as { signal?: string; input?: unknown } | undefined;
    if (signal) {
      if (!signal.signal) throw invalid('SignalName is not set on request.');
      return [
        3,
        (run) => {
          requireOpen(run);
          this.append(run, EVENT.signaled, 'workflowExecutionSignaledEventAttributes', { signalName: signal.signal, input: signal.input ?? null, identity: 'batch' });
        },
      ];
    }
    const reset = request.resetOperation as { options?: { firstWorkflowTask?: unknown; lastWorkflowTask?: unknown; workflowTaskId?: unknown } } | undefined;
    if (reset?.options) {
      const options = reset.options;
      return [
        5,
        (target, reason) => {
          const run = current(target);
          const completed = run.events.filter((event) => event.eventType === EVENT.wtCompleted).map((event) => num(event.eventId));
          const eventId = options.firstWorkflowTask ? completed[0] : options.lastWorkflowTask ? completed.at(-1) : num(options.workflowTaskId);
          if (!eventId) throw invalid('no workflow task to reset to');
          this.reset(run, eventId, reason, 'batch');
        },
      ];
    }
    throw invalid('must provide a batch operation');
  }
}
