/**
 * Temporal's controls through the action seam: `job.cancel` = RequestCancelWorkflowExecution (the
 * server records the request; the workflow's code decides how it stops), `workflow.terminate`,
 * `workflow.signal` (JSON arguments as `json/plain` payloads), `workflow.reset` (to the first or last
 * completed workflow task, found by reading the history from that end, or to a given event id), and
 * `workflow.batch`: the server's batch operations over a visibility query, counted first (a dry run
 * only counts). Cancel, terminate and signal act on running workflows only, so their batch query is
 * narrowed to `ExecutionStatus = 'Running'` and counts what will be touched.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { temporal } from '@temporalio/proto';
import type { TemporalSourceConfig } from '@/lib/config';
import { ConflictError, InvalidInputError } from '../errors';
import type {
  BatchOptions,
  BatchStarted,
  CancelResult,
  JobActions,
  ResetPoint,
  SourceActions,
  WorkflowActionResult,
  WorkflowActions,
} from '../types';
import type { TemporalConnection } from './client';
import { NotFound } from './client';
import { eventTypeName, toNumber } from './history-map';
import type { QueueNames } from './map';
import { stateOfStatus, statusName } from './map';
import { encodeJsonPayload } from './payloads';

type DescribeResponse = temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse;
type Located = { namespace: string; taskQueue: string };

export interface TemporalActionContext {
  config: TemporalSourceConfig;
  namespaces: readonly string[];
  names: QueueNames;
  call: TemporalConnection['call'];
  describeIn(queue: string, id: string, runId?: string | null): Promise<{ located: Located; described: DescribeResponse } | null>;
  locate(queue: string): Promise<Located | null>;
}

/** How far reset looks for a completed workflow task from either end, events. */
const RESET_SCAN_EVENTS = 10_000;
const IDENTITY = `yardmaster@${hostname()}`;

export function createTemporalActions(context: TemporalActionContext): SourceActions {
  const { call } = context;

  /** The running workflow `id` in `queue`, or null; a closed one is a 409 naming its state. */
  const running = async (queue: string, id: string, runId: string | null | undefined, verb: string) => {
    const found = await context.describeIn(queue, id, runId);
    if (!found) return null;
    const info = found.described.workflowExecutionInfo ?? {};
    if ((info.status ?? 1) !== 1) {
      const state = stateOfStatus(info.status);
      throw new ConflictError(`cannot ${verb} workflow "${id}": it is ${statusName(info.status)} (${verb} needs a running workflow)`, 'conflict', {
        state,
        nativeState: statusName(info.status),
      });
    }
    return { ...found, execution: { workflowId: id, runId: info.execution?.runId ?? '' } };
  };

  /** A closed-meanwhile workflow answers NOT_FOUND "already completed": that is a conflict, not a 404. */
  const acting = async <T>(id: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof NotFound) throw new ConflictError(`workflow "${id}": ${error.message}`, 'conflict');
      throw error;
    }
  };

  const result = (queue: string, id: string, runId: string, status: number, extra: Partial<WorkflowActionResult> = {}): WorkflowActionResult => ({
    job: { queue, id },
    state: stateOfStatus(status),
    nativeState: statusName(status),
    runId,
    ...extra,
  });

  /** The id of the first (or last) WorkflowTaskCompleted event of a run, read from that end. */
  const workflowTaskEvent = async (namespace: string, execution: { workflowId: string; runId: string }, which: 'first' | 'last') => {
    let token: Uint8Array | null = null;
    let read = 0;
    do {
      const response: { history?: temporal.api.history.v1.IHistory | null; nextPageToken?: Uint8Array | null } =
        which === 'first'
          ? await call((service) => service.getWorkflowExecutionHistory({ namespace, execution, nextPageToken: token }))
          : await call((service) => service.getWorkflowExecutionHistoryReverse({ namespace, execution, nextPageToken: token }));
      const events = response.history?.events ?? [];
      const hit = events.find((event) => eventTypeName(event.eventType) === 'WorkflowTaskCompleted');
      if (hit) return toNumber(hit.eventId);
      read += events.length;
      token = response.nextPageToken && response.nextPageToken.length > 0 ? response.nextPageToken : null;
      if (events.length === 0) break;
    } while (token && read < RESET_SCAN_EVENTS);
    throw new ConflictError(`workflow "${execution.workflowId}" has no completed workflow task to reset to`, 'conflict');
  };

  const job: JobActions = {
    appliesTo: { cancel: ['active'] },
    cancel: async (queue, id, options): Promise<CancelResult | null> => {
      const found = await running(queue, id, null, 'cancel');
      if (!found) return null;
      const requestId = randomUUID();
      await acting(id, () =>
        call((service) =>
          service.requestCancelWorkflowExecution({
            namespace: found.located.namespace,
            workflowExecution: found.execution,
            identity: IDENTITY,
            requestId,
            reason: options.reason,
          }),
        ),
      );
      return {
        job: { queue, id },
        state: 'active',
        nativeState: 'Running',
        requestId,
        listeners: 0,
        acknowledged: true,
        note: 'cancellation requested: the server recorded it in the history; the workflow decides how it stops (it stays running until it does)',
      };
    },
  };

  const workflow: WorkflowActions = {
    terminate: async (queue, id, options) => {
      const found = await running(queue, id, options.runId, 'terminate');
      if (!found) return null;
      await acting(id, () =>
        call((service) =>
          service.terminateWorkflowExecution({
            namespace: found.located.namespace,
            workflowExecution: found.execution,
            reason: options.reason,
            identity: IDENTITY,
          }),
        ),
      );
      return result(queue, id, found.execution.runId, temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
    },
    signal: async (queue, id, options) => {
      const found = await running(queue, id, options.runId, 'signal');
      if (!found) return null;
      await acting(id, () =>
        call((service) =>
          service.signalWorkflowExecution({
            namespace: found.located.namespace,
            workflowExecution: found.execution,
            signalName: options.name,
            input: { payloads: options.args.map(encodeJsonPayload) },
            identity: IDENTITY,
            requestId: randomUUID(),
          }),
        ),
      );
      return result(queue, id, found.execution.runId, 1);
    },
    reset: async (queue, id, options) => {
      const found = await context.describeIn(queue, id, options.runId);
      if (!found) return null;
      const { namespace } = found.located;
      const info = found.described.workflowExecutionInfo ?? {};
      const execution = { workflowId: id, runId: info.execution?.runId ?? '' };
      const point: ResetPoint = options.point;
      const eventId = 'eventId' in point ? point.eventId : await workflowTaskEvent(namespace, execution, point.to);
      const response = await acting(id, () =>
        call((service) =>
          service.resetWorkflowExecution({
            namespace,
            workflowExecution: execution,
            reason: options.reason,
            // int64 fields take a number on the wire (protobufjs encodes it); the generated type says Long.
            workflowTaskFinishEventId: eventId as unknown as NonNullable<temporal.api.workflowservice.v1.IResetWorkflowExecutionRequest['workflowTaskFinishEventId']>,
            requestId: randomUUID(),
            identity: IDENTITY,
            resetReapplyType: temporal.api.enums.v1.ResetReapplyType.RESET_REAPPLY_TYPE_SIGNAL,
          }),
        ),
      );
      return result(queue, id, execution.runId, 1, { newRunId: response.runId ?? '', resetEventId: eventId });
    },
    batch: async (options: BatchOptions): Promise<BatchStarted> => {
      const namespace = options.namespace ?? context.namespaces[0]!;
      if (!context.namespaces.includes(namespace)) {
        throw new InvalidInputError(`namespace "${namespace}" is not one of this source's (${context.namespaces.join(', ')})`);
      }
      const base = options.query.trim();
      const query =
        options.operation === 'reset'
          ? base
          : base
            ? `(${base}) AND ExecutionStatus = 'Running'`
            : `ExecutionStatus = 'Running'`;
      const count = await call((service) => service.countWorkflowExecutions({ namespace, query }));
      const matched = toNumber(count.count);
      if (options.dryRun || matched === 0) return { namespace, query, matched, dryRun: options.dryRun, jobId: null };
      const jobId = `yardmaster-${options.operation}-${randomUUID()}`;
      const operation =
        options.operation === 'terminate'
          ? { terminationOperation: { identity: IDENTITY } }
          : options.operation === 'cancel'
            ? { cancellationOperation: { identity: IDENTITY } }
            : options.operation === 'signal'
              ? {
                  signalOperation: {
                    signal: options.signal?.name ?? '',
                    input: { payloads: (options.signal?.args ?? []).map(encodeJsonPayload) },
                    identity: IDENTITY,
                  },
                }
              : {
                  resetOperation: {
                    identity: IDENTITY,
                    options: options.resetTo === 'first' ? { firstWorkflowTask: {} } : { lastWorkflowTask: {} },
                  },
                };
      await call((service) =>
        service.startBatchOperation({
          namespace,
          visibilityQuery: query,
          jobId,
          reason: options.reason,
          ...(options.maxOperationsPerSecond ? { maxOperationsPerSecond: options.maxOperationsPerSecond } : {}),
          ...operation,
        }),
      );
      return { namespace, query, matched, dryRun: false, jobId };
    },
  };

  return { job, workflow, close: async () => undefined };
}
