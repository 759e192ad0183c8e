/**
 * The Temporal source adapter over the frontend's WorkflowService (client.ts): task queues as
 * queues (with their pollers and backlog from DescribeTaskQueue), workflow executions as jobs
 * (visibility queries per state, counts from one `GROUP BY ExecutionStatus`, cursor pages over
 * `nextPageToken`), detail from describe plus the run's first and closing events, the history newest
 * page first (GetWorkflowExecutionHistoryReverse) as raw events and as a timeline, queries, and
 * payloads decoded by the standard converters and, when configured, the codec server. Actions are in
 * actions.ts.
 */
import 'server-only';
import { createHash } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import {
  walkDescribeWorkflowExecutionResponse,
  walkGetWorkflowExecutionHistoryResponse,
  walkGetWorkflowExecutionHistoryReverseResponse,
  walkQueryWorkflowResponse,
} from '@temporalio/proto/lib/payload-visitor.generated';
import type { TemporalSourceConfig } from '@/lib/config';
import { temporalNamespaces } from '@/lib/config';
import type {
  BatchStatus,
  Capability,
  HistoryPage,
  HistoryPageOptions,
  JobDetail,
  JobRef,
  JobState,
  Payload,
  Queue,
  QueryAnswer,
  SourceAdapter,
  Timeline,
  WorkerList,
} from '../types';
import { actionCapabilitiesOf } from '../types';
import { createTemporalActions } from './actions';
import type { CodecOutcome, PayloadWalker } from './codec';
import { CodecClient } from './codec';
import { NotFound, TemporalConnection } from './client';
import type { HistoryEvent } from './history-map';
import { timestampToMs, toHistoryEventRow, toNumber, toTimelineItems } from './history-map';
import {
  QueueNames,
  countsFromGroups,
  decodeCursor,
  encodeCursor,
  inputOf,
  resultOf,
  stateOfStatus,
  stateQuery,
  taskQueueClause,
  textToToken,
  toJobDetail,
  toJobRow,
  toWorkers,
  tokenToText,
  valuePayload,
} from './map';
import { encodeJsonPayload, payloadValue, decodePayload } from './payloads';

type DescribeResponse = temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse;
type DescribeTaskQueueResponse = temporal.api.workflowservice.v1.IDescribeTaskQueueResponse;
const TaskQueueType = temporal.api.enums.v1.TaskQueueType;
const BatchOperationState = temporal.api.enums.v1.BatchOperationState;
const BatchOperationType = temporal.api.enums.v1.BatchOperationType;

const READS: readonly Capability[] = ['queues', 'jobs', 'jobLookup', 'timeline', 'workers', 'history', 'queries'];

/** How many recent executions per namespace are looked at to find task queues (Temporal cannot list them). */
const DISCOVERY_PAGE = 1_000;
/** Events the timeline shows from the end of a history. */
export const TIMELINE_EVENTS = 1_000;
/** Pending children described in a job's detail (each one call). */
const CHILD_LOOKUPS = 20;

export interface TemporalAdapterOptions {
  /** How long discovered task queues are trusted before the next discovery, ms. */
  discoveryIntervalMs: number;
}

export type TemporalAdapter = SourceAdapter & {
  readonly connection: TemporalConnection;
  readonly queueNames: QueueNames;
};

interface Located {
  namespace: string;
  taskQueue: string;
}

export function createTemporalAdapter(config: TemporalSourceConfig, options: TemporalAdapterOptions): TemporalAdapter {
  const namespaces = temporalNamespaces(config);
  const names = new QueueNames(namespaces);
  const connection = new TemporalConnection(config.id, config);
  const codec = config.codec
    ? new CodecClient({ endpoint: config.codec.endpoint, passAccessToken: config.codec.passAccessToken, apiKey: config.apiKey, timeoutMs: config.callTimeoutMs })
    : null;
  const call = connection.call.bind(connection);

  /** Task queues seen per namespace; once seen, a queue stays (like Celery's seen-in-events queues). */
  const seen = new Map<string, Set<string>>(namespaces.map((namespace) => [namespace, new Set(config.taskQueues ?? [])]));
  let discoveredAt = 0;

  const decode = async <T>(namespace: string, root: T, walk: PayloadWalker<T>): Promise<CodecOutcome> =>
    codec ? codec.decodeIn(namespace, root, walk) : { decoded: 0, codecError: null };

  const discover = async (force = false) => {
    if (!force && Date.now() - discoveredAt < options.discoveryIntervalMs) return;
    await Promise.all(
      namespaces.map(async (namespace) => {
        const page = await call((service) => service.listWorkflowExecutions({ namespace, pageSize: DISCOVERY_PAGE, query: '' }));
        for (const execution of page.executions ?? []) if (execution.taskQueue) seen.get(namespace)!.add(execution.taskQueue);
      }),
    );
    discoveredAt = Date.now();
  };

  const describeTaskQueue = (namespace: string, taskQueue: string, type: 'workflow' | 'activity') =>
    call((service) =>
      service.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: type === 'workflow' ? TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW : TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
        reportStats: true,
        includeTaskQueueStatus: true,
        reportConfig: true,
      }),
    ).catch((error: unknown) => {
      // An older server may refuse the newer flags; the queue still shows, without pollers.
      if (error instanceof NotFound) return null;
      throw error;
    });

  const backlogOf = (response: DescribeTaskQueueResponse | null) =>
    response ? toNumber(response.stats?.approximateBacklogCount ?? response.taskQueueStatus?.backlogCountHint) : null;

  const queueFacts = async ({ namespace, taskQueue }: Located): Promise<Queue> => {
    const [count, workflowSide, activitySide] = await Promise.all([
      call((service) => service.countWorkflowExecutions({ namespace, query: `${taskQueueClause(taskQueue)} GROUP BY ExecutionStatus` })),
      describeTaskQueue(namespace, taskQueue, 'workflow'),
      describeTaskQueue(namespace, taskQueue, 'activity'),
    ]);
    const { counts, byStatus } = countsFromGroups(count.groups);
    const identities = new Set([...(workflowSide?.pollers ?? []), ...(activitySide?.pollers ?? [])].map((poller) => poller.identity).filter(Boolean));
    const meta: Record<string, string> = { kind: 'temporal', namespace, taskQueue };
    for (const [status, n] of Object.entries(byStatus)) meta[`status.${status}`] = String(n);
    if (workflowSide) {
      meta.workflowPollers = String(workflowSide.pollers?.length ?? 0);
      meta.workflowBacklog = String(backlogOf(workflowSide) ?? 0);
    }
    if (activitySide) {
      meta.activityPollers = String(activitySide.pollers?.length ?? 0);
      meta.activityBacklog = String(backlogOf(activitySide) ?? 0);
      const limit = activitySide.config?.queueRateLimit?.rateLimit?.requestsPerSecond;
      if (typeof limit === 'number') meta.activityRateLimitPerSecond = String(limit);
      const effective = activitySide.effectiveRateLimit?.requestsPerSecond;
      if (typeof effective === 'number' && activitySide.effectiveRateLimit) meta.activityEffectiveRateLimitPerSecond = String(effective);
    }
    return {
      source: config.id,
      name: names.name(namespace, taskQueue),
      counts,
      paused: false,
      globalConcurrency: null,
      rateLimit: null,
      rateLimitedForMs: 0,
      schedulerCount: 0,
      workerCount: workflowSide || activitySide ? identities.size : null,
      meta,
    };
  };

  const knownQueues = (): Located[] =>
    namespaces.flatMap((namespace) => [...seen.get(namespace)!].sort().map((taskQueue) => ({ namespace, taskQueue })));

  /** A queue exists when configured or seen, or when a workflow ran on it or something polls it. */
  const locate = async (queue: string): Promise<Located | null> => {
    const located = names.parse(queue);
    if (!located) return null;
    if (seen.get(located.namespace)!.has(located.taskQueue)) return located;
    const [count, workflowSide] = await Promise.all([
      call((service) => service.countWorkflowExecutions({ namespace: located.namespace, query: taskQueueClause(located.taskQueue) })),
      describeTaskQueue(located.namespace, located.taskQueue, 'workflow'),
    ]);
    if (toNumber(count.count) === 0 && (workflowSide?.pollers?.length ?? 0) === 0) return null;
    seen.get(located.namespace)!.add(located.taskQueue);
    return located;
  };

  const describe = async (namespace: string, workflowId: string, runId?: string | null): Promise<DescribeResponse | null> => {
    try {
      return await call((service) => service.describeWorkflowExecution({ namespace, execution: { workflowId, runId: runId ?? '' } }));
    } catch (error) {
      if (error instanceof NotFound) return null;
      throw error;
    }
  };

  /** The workflow `id` in `queue` (its task queue must be the queue's), or null. */
  const describeIn = async (queue: string, id: string, runId?: string | null) => {
    const located = names.parse(queue);
    if (!located) return null;
    const described = await describe(located.namespace, id, runId);
    if (!described || described.workflowExecutionInfo?.taskQueue !== located.taskQueue) return null;
    return { located, described };
  };

  /** The first event and, once closed, the last: one forward and one reverse call of one event each. */
  const endsOf = async (namespace: string, described: DescribeResponse) => {
    const execution = described.workflowExecutionInfo?.execution ?? {};
    const closed = (described.workflowExecutionInfo?.status ?? 1) !== 1;
    const [first, last] = await Promise.all([
      call((service) => service.getWorkflowExecutionHistory({ namespace, execution, maximumPageSize: 1 })),
      closed ? call((service) => service.getWorkflowExecutionHistoryReverse({ namespace, execution, maximumPageSize: 1 })) : Promise.resolve(null),
    ]);
    const outcomes = await Promise.all([
      decode(namespace, first, walkGetWorkflowExecutionHistoryResponse),
      last ? decode(namespace, last, walkGetWorkflowExecutionHistoryReverseResponse) : Promise.resolve({ decoded: 0, codecError: null }),
    ]);
    const firstEvent = first.history?.events?.[0];
    const lastEvent = last?.history?.events?.[0];
    return {
      started: firstEvent ? toHistoryEventRow(firstEvent) : null,
      closing: lastEvent ? toHistoryEventRow(lastEvent) : null,
      codecError: outcomes.find((outcome) => outcome.codecError)?.codecError ?? null,
    };
  };

  const refOf = async (namespace: string, workflowId: string, runId?: string | null) => {
    const described = await describe(namespace, workflowId, runId);
    const taskQueue = described?.workflowExecutionInfo?.taskQueue;
    return described && taskQueue
      ? { queue: names.name(namespace, taskQueue), id: workflowId, state: stateOfStatus(described.workflowExecutionInfo?.status) as JobState | null }
      : null;
  };

  const getJob = async (queue: string, id: string, runId?: string | null): Promise<JobDetail | null> => {
    const found = await describeIn(queue, id, runId);
    if (!found) return null;
    const { located, described } = found;
    const outcome = await decode(located.namespace, described, walkDescribeWorkflowExecutionResponse);
    const ends = await endsOf(located.namespace, described);
    const info = described.workflowExecutionInfo ?? {};
    const parentExecution = info.parentExecution;
    const [parent, ...children] = await Promise.all([
      parentExecution?.workflowId ? refOf(located.namespace, parentExecution.workflowId, parentExecution.runId) : Promise.resolve(null),
      ...(described.pendingChildren ?? []).slice(0, CHILD_LOOKUPS).map((child) => refOf(located.namespace, child.workflowId ?? '', child.runId)),
    ]);
    return toJobDetail({
      queue,
      namespace: located.namespace,
      describe: described,
      started: ends.started,
      closing: ends.closing,
      parent: parent ? { queue: parent.queue, id: parent.id } : null,
      children: children.filter((child) => child !== null),
      codecError: outcome.codecError ?? ends.codecError,
    });
  };

  const getHistory = async (ref: JobRef, page: HistoryPageOptions): Promise<HistoryPage | null> => {
    const located = names.parse(ref.queue);
    if (!located) return null;
    const { namespace } = located;
    let runId = page.runId ?? null;
    let token: Buffer | null = null;
    if (page.cursor) {
      const cursor = decodeCursor<{ r: string; o: string; p: string }>(
        page.cursor,
        (value) => typeof value.r === 'string' && value.o === page.order && typeof value.p === 'string',
      );
      runId = cursor.r;
      token = textToToken(cursor.p);
    }
    const found = await describeIn(ref.queue, ref.id, runId);
    if (!found) return null;
    const info = found.described.workflowExecutionInfo ?? {};
    runId = info.execution?.runId ?? runId ?? '';
    const execution = { workflowId: ref.id, runId };
    const events: HistoryEvent[] = [];
    let codecError: string | null = null;
    // The server may answer fewer events per page than asked (its page size cap, batch boundaries).
    do {
      const want = page.limit - events.length;
      const response =
        page.order === 'newest-first'
          ? await call((service) => service.getWorkflowExecutionHistoryReverse({ namespace, execution, maximumPageSize: want, nextPageToken: token }))
          : await call((service) => service.getWorkflowExecutionHistory({ namespace, execution, maximumPageSize: want, nextPageToken: token }));
      const outcome = await decode(
        namespace,
        response,
        (page.order === 'newest-first' ? walkGetWorkflowExecutionHistoryReverseResponse : walkGetWorkflowExecutionHistoryResponse) as PayloadWalker<typeof response>,
      );
      codecError ??= outcome.codecError;
      events.push(...(response.history?.events ?? []).slice(0, want));
      token = response.nextPageToken && response.nextPageToken.length > 0 ? Buffer.from(response.nextPageToken) : null;
      if ((response.history?.events ?? []).length === 0) break;
    } while (token && events.length < page.limit);
    const rows = events.map(toHistoryEventRow);
    const tokenText = tokenToText(token);
    return {
      job: { queue: ref.queue, id: ref.id },
      runId,
      order: page.order,
      events: rows,
      items: toTimelineItems(rows, {
        namespace,
        taskQueue: located.taskQueue,
        queueOf: (ns, taskQueue) => names.name(ns && namespaces.includes(ns) ? ns : namespace, taskQueue),
      }),
      totalEvents: toNumber(info.historyLength),
      nextCursor: tokenText ? encodeCursor({ r: runId, o: page.order, p: tokenText }) : null,
      codecError,
    };
  };

  const listQueues = async (): Promise<Queue[]> => {
    await discover();
    return Promise.all(knownQueues().map(queueFacts));
  };

  const listWorkers = async (): Promise<WorkerList> => {
    await discover();
    const sides = await Promise.all(
      knownQueues().flatMap((located) =>
        (['workflow', 'activity'] as const).map(async (type) => ({
          queue: names.name(located.namespace, located.taskQueue),
          type,
          response: await describeTaskQueue(located.namespace, located.taskQueue, type),
        })),
      ),
    );
    return {
      known: true,
      workers: toWorkers(
        sides.flatMap((side) => (side.response?.pollers ?? []).map((poller) => ({ queue: side.queue, type: side.type, poller }))),
        Date.now(),
      ),
    };
  };

  const queryJob = async (ref: JobRef, query: { type: string; args: unknown[]; runId?: string | null }): Promise<QueryAnswer | null> => {
    const found = await describeIn(ref.queue, ref.id, query.runId);
    if (!found) return null;
    const { namespace } = found.located;
    const response = await call((service) =>
      service.queryWorkflow({
        namespace,
        execution: { workflowId: ref.id, runId: query.runId ?? '' },
        query: { queryType: query.type, queryArgs: { payloads: query.args.map(encodeJsonPayload) } },
      }),
    );
    await decode(namespace, response, walkQueryWorkflowResponse);
    const payloads = response.queryResult?.payloads ?? [];
    const values = payloads.map((payload) => payloadValue(decodePayload(payload)));
    return {
      job: { queue: ref.queue, id: ref.id },
      queryType: query.type,
      result: values.length === 1 ? values[0] : values,
      rejected: response.queryRejected ? `workflow is ${String(response.queryRejected.status ?? '')}` : null,
    };
  };

  const getBatch = async (jobId: string, where: { namespace?: string | null }): Promise<BatchStatus | null> => {
    const namespace = where.namespace ?? namespaces[0]!;
    if (!namespaces.includes(namespace)) return null;
    try {
      const response = await call((service) => service.describeBatchOperation({ namespace, jobId }));
      const state = (BatchOperationState[response.state ?? 0] ?? '').replace('BATCH_OPERATION_STATE_', '').toLowerCase();
      return {
        jobId,
        namespace,
        operation: (BatchOperationType[response.operationType ?? 0] ?? '').replace('BATCH_OPERATION_TYPE_', '').toLowerCase(),
        state: state === 'running' || state === 'completed' || state === 'failed' ? state : 'unknown',
        total: toNumber(response.totalOperationCount),
        completed: toNumber(response.completeOperationCount),
        failed: toNumber(response.failureOperationCount),
        startedAt: timestampToMs(response.startTime),
        closedAt: timestampToMs(response.closeTime),
        reason: response.reason ?? '',
        query: response.query ?? '',
      };
    } catch (error) {
      if (error instanceof NotFound) return null;
      throw error;
    }
  };

  const actions = createTemporalActions({ config, namespaces, names, call, describeIn, locate });

  const adapter: TemporalAdapter = {
    id: config.id,
    kind: 'temporal',
    label: config.label ?? config.id,
    capabilities: new Set([...READS, ...actionCapabilitiesOf(actions)]),
    actions,
    connection,
    queueNames: names,
    ping: async () => {
      await call((service) => service.getSystemInfo({}));
    },
    listQueues,
    getQueue: async (queue) => {
      const located = await locate(queue);
      return located ? queueFacts(located) : null;
    },
    listJobs: async (queue, { state, limit, cursor }) => {
      const located = await locate(queue);
      if (!located) return null;
      const query = stateQuery(located.taskQueue, state);
      if (!query) return { state, jobs: [], total: 0, nextCursor: null };
      // The cursor names its query by a short digest, so a cursor of another state is refused.
      const digest = createHash('sha256').update(query).digest('base64url').slice(0, 12);
      const token = cursor ? textToToken(decodeCursor<{ p: string; q: string }>(cursor, (value) => typeof value.p === 'string' && value.q === digest).p) : null;
      const [page, count] = await Promise.all([
        call((service) => service.listWorkflowExecutions({ namespace: located.namespace, query, pageSize: limit, nextPageToken: token })),
        call((service) => service.countWorkflowExecutions({ namespace: located.namespace, query })),
      ]);
      const next = tokenToText(page.nextPageToken);
      return {
        state,
        jobs: (page.executions ?? []).map((info) => toJobRow(info, queue)),
        total: toNumber(count.count),
        nextCursor: next ? encodeCursor({ p: next, q: digest }) : null,
      };
    },
    getJob: (queue, id) => getJob(queue, id),
    getPayload: async (queue, id, field): Promise<Payload | null> => {
      const found = await describeIn(queue, id);
      if (!found) return null;
      const ends = await endsOf(found.located.namespace, found.described);
      return field === 'data' ? valuePayload(inputOf(ends.started), Infinity) : valuePayload(resultOf(ends.closing), Infinity);
    },
    getJobLogs: async (queue, id, { offset }) => ((await describeIn(queue, id)) ? { lines: [], total: 0, offset } : null),
    findJob: async (id) => {
      for (const namespace of namespaces) {
        const ref = await refOf(namespace, id);
        if (ref) return { queue: ref.queue, id: ref.id };
      }
      return null;
    },
    getTimeline: async (ref): Promise<Timeline | null> => {
      const page = await getHistory(ref, { order: 'newest-first', limit: TIMELINE_EVENTS });
      if (!page) return null;
      const ids = page.events.map((event) => event.eventId);
      return {
        job: page.job,
        events: page.items.map(({ key, ...item }) => ({ ...item, key })).sort((a, b) => (a.at ?? 0) - (b.at ?? 0)),
        history: {
          runId: page.runId,
          totalEvents: page.totalEvents,
          firstEventId: ids.length ? Math.min(...ids) : 0,
          lastEventId: ids.length ? Math.max(...ids) : 0,
          olderCursor: page.nextCursor,
        },
      };
    },
    getHistory,
    queryJob,
    getBatch,
    getFlow: async () => null,
    listWorkers,
    listSchedules: async () => [],
    getMetrics: async (queue) => ((await locate(queue)) ? { completed: null, failed: null } : null),
    close: () => connection.close(),
  };
  return adapter;
}

