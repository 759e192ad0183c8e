/**
 * Builds workflow histories in Temporal's official JSON history format (what `temporal workflow show
 * --output json` writes and `historyFromJSON` reads): string event ids, RFC 3339 times,
 * `EVENT_TYPE_*` names, camelCase attributes, payloads as `{metadata: {encoding: base64}, data: base64}`.
 * The events follow the order a real worker and server produce (a workflow task around every
 * command; an activity's started event written when it closes, with its attempt and last failure).
 */

export type JsonPayload = { metadata: Record<string, string>; data?: string };
export type JsonEvent = Record<string, unknown> & { eventId: string; eventTime: string; eventType: string };
export interface JsonHistory {
  events: JsonEvent[];
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A payload as the default data converter writes it (`json/plain`; `binary/null` for undefined). */
export function jsonPayload(value: unknown): JsonPayload {
  if (value === undefined) return { metadata: { encoding: b64('binary/null') } };
  return { metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify(value)) };
}

export const payloads = (...values: unknown[]) => ({ payloads: values.map(jsonPayload) });

export interface FailureSpec {
  message: string;
  type?: string;
  stackTrace?: string;
  nonRetryable?: boolean;
}

export function failure(spec: FailureSpec): Record<string, unknown> {
  return {
    message: spec.message,
    source: 'TypeScriptSDK',
    stackTrace: spec.stackTrace ?? `${spec.type ?? 'Error'}: ${spec.message}\n    at activity (/app/activities.ts:12:11)`,
    applicationFailureInfo: { type: spec.type ?? 'Error', nonRetryable: spec.nonRetryable ?? false },
  };
}

export interface StartSpec {
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  input?: unknown[];
  memo?: Record<string, unknown>;
  searchAttributes?: Record<string, unknown>;
  /** Epoch ms of the first event. */
  startAt: number;
  /** Ms between consecutive events. */
  stepMs?: number;
  attempt?: number;
  parent?: { namespace: string; workflowId: string; runId: string; initiatedEventId: number };
  continuedFrom?: string;
  firstRunId: string;
  originalRunId?: string;
  identity?: string;
}

const WORKER = 'worker-1@host-a';

/** One run's history, built event by event. */
export class HistoryBuilder {
  readonly events: JsonEvent[] = [];
  private now: number;
  private readonly stepMs: number;
  private lastWorkflowTaskCompleted = 0;

  constructor(private readonly start: StartSpec) {
    this.now = start.startAt;
    this.stepMs = start.stepMs ?? 10;
    this.add('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', 'workflowExecutionStartedEventAttributes', {
      workflowType: { name: start.workflowType },
      taskQueue: { name: start.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      input: payloads(...(start.input ?? [])),
      workflowExecutionTimeout: '0s',
      workflowRunTimeout: '0s',
      workflowTaskTimeout: '10s',
      originalExecutionRunId: start.originalRunId ?? start.firstRunId,
      identity: start.identity ?? 'client@ops-box',
      firstExecutionRunId: start.firstRunId,
      attempt: start.attempt ?? 1,
      workflowId: start.workflowId,
      ...(start.continuedFrom
        ? { continuedExecutionRunId: start.continuedFrom, initiator: 'CONTINUE_AS_NEW_INITIATOR_WORKFLOW' }
        : {}),
      ...(start.parent
        ? {
            parentWorkflowNamespace: start.parent.namespace,
            parentWorkflowExecution: { workflowId: start.parent.workflowId, runId: start.parent.runId },
            parentInitiatedEventId: String(start.parent.initiatedEventId),
          }
        : {}),
      ...(start.memo ? { memo: { fields: mapValues(start.memo, jsonPayload) } } : {}),
      ...(start.searchAttributes
        ? { searchAttributes: { indexedFields: mapValues(start.searchAttributes, jsonPayload) } }
        : {}),
    });
    this.workflowTaskScheduled();
  }

  get length(): number {
    return this.events.length;
  }

  get lastEventId(): number {
    return this.events.length;
  }

  /** Epoch ms the next event will carry. */
  get clock(): number {
    return this.now;
  }

  private add(eventType: string, attributesKey: string, attributes: Record<string, unknown>): number {
    const eventId = this.events.length + 1;
    this.events.push({
      eventId: String(eventId),
      eventTime: new Date(this.now).toISOString(),
      eventType,
      taskId: String(1_048_576 + eventId),
      [attributesKey]: attributes,
    });
    this.now += this.stepMs;
    return eventId;
  }

  private pendingWorkflowTask: number | null = null;

  private workflowTaskScheduled(): number {
    const id = this.add('EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', 'workflowTaskScheduledEventAttributes', {
      taskQueue: { name: this.start.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      startToCloseTimeout: '10s',
      attempt: 1,
    });
    this.pendingWorkflowTask = id;
    return id;
  }

  /** Started + completed of the workflow task scheduled last (scheduling one first if none is). */
  workflowTask(): number {
    const scheduled = this.pendingWorkflowTask ?? this.workflowTaskScheduled();
    const started = this.add('EVENT_TYPE_WORKFLOW_TASK_STARTED', 'workflowTaskStartedEventAttributes', {
      scheduledEventId: String(scheduled),
      identity: WORKER,
      requestId: `req-${scheduled}`,
      historySizeBytes: String(this.events.length * 300),
    });
    const completed = this.add('EVENT_TYPE_WORKFLOW_TASK_COMPLETED', 'workflowTaskCompletedEventAttributes', {
      scheduledEventId: String(scheduled),
      startedEventId: String(started),
      identity: WORKER,
    });
    this.pendingWorkflowTask = null;
    this.lastWorkflowTaskCompleted = completed;
    return completed;
  }

  /**
   * An activity: scheduled by a workflow task, then `attempts` tries (each but the last failing with
   * `failures[i]`); its started event carries the final attempt and the failure before it. With
   * `pending: true` it stays open (scheduled only: a retrying activity has no started event yet).
   */
  activity(spec: {
    id?: string;
    type: string;
    input?: unknown[];
    result?: unknown;
    failures?: FailureSpec[];
    /** The final attempt fails too, and the activity closes failed. */
    fails?: boolean;
    timesOut?: boolean;
    pending?: boolean;
    maxAttempts?: number;
  }): { scheduledEventId: number; closedEventId: number | null } {
    const wt = this.workflowTask();
    const activityId = spec.id ?? String(this.events.length + 1);
    const scheduled = this.add('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED', 'activityTaskScheduledEventAttributes', {
      activityId,
      activityType: { name: spec.type },
      taskQueue: { name: this.start.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      input: payloads(...(spec.input ?? [])),
      scheduleToCloseTimeout: '0s',
      scheduleToStartTimeout: '0s',
      startToCloseTimeout: '60s',
      heartbeatTimeout: '0s',
      workflowTaskCompletedEventId: String(wt),
      retryPolicy: {
        initialInterval: '1s',
        backoffCoefficient: 2,
        maximumInterval: '100s',
        maximumAttempts: spec.maxAttempts ?? 0,
      },
    });
    if (spec.pending) return { scheduledEventId: scheduled, closedEventId: null };
    const failures = spec.failures ?? [];
    this.now += failures.length * 1_000;
    const started = this.add('EVENT_TYPE_ACTIVITY_TASK_STARTED', 'activityTaskStartedEventAttributes', {
      scheduledEventId: String(scheduled),
      identity: WORKER,
      requestId: `act-${scheduled}`,
      attempt: failures.length + 1,
      ...(failures.length ? { lastFailure: failure(failures.at(-1)!) } : {}),
    });
    let closed: number;
    if (spec.timesOut) {
      closed = this.add('EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT', 'activityTaskTimedOutEventAttributes', {
        failure: { message: 'activity StartToClose timeout', source: 'Server', timeoutFailureInfo: { timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE' } },
        scheduledEventId: String(scheduled),
        startedEventId: String(started),
        retryState: 'RETRY_STATE_TIMEOUT',
      });
    } else if (spec.fails) {
      closed = this.add('EVENT_TYPE_ACTIVITY_TASK_FAILED', 'activityTaskFailedEventAttributes', {
        failure: failure(failures.at(-1) ?? { message: 'activity failed' }),
        scheduledEventId: String(scheduled),
        startedEventId: String(started),
        identity: WORKER,
        retryState: 'RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED',
      });
    } else {
      closed = this.add('EVENT_TYPE_ACTIVITY_TASK_COMPLETED', 'activityTaskCompletedEventAttributes', {
        result: payloads(spec.result ?? null),
        scheduledEventId: String(scheduled),
        startedEventId: String(started),
        identity: WORKER,
      });
    }
    this.workflowTaskScheduled();
    return { scheduledEventId: scheduled, closedEventId: closed };
  }

  timer(spec: { id: string; durationMs: number; cancelled?: boolean; pending?: boolean }): number {
    const wt = this.workflowTask();
    const started = this.add('EVENT_TYPE_TIMER_STARTED', 'timerStartedEventAttributes', {
      timerId: spec.id,
      startToFireTimeout: `${spec.durationMs / 1000}s`,
      workflowTaskCompletedEventId: String(wt),
    });
    if (spec.pending) return started;
    this.now += spec.durationMs;
    if (spec.cancelled) {
      const cancelWt = this.workflowTaskAfterSignalOrNow();
      this.add('EVENT_TYPE_TIMER_CANCELED', 'timerCanceledEventAttributes', {
        timerId: spec.id,
        startedEventId: String(started),
        workflowTaskCompletedEventId: String(cancelWt),
        identity: WORKER,
      });
      return started;
    }
    this.add('EVENT_TYPE_TIMER_FIRED', 'timerFiredEventAttributes', {
      timerId: spec.id,
      startedEventId: String(started),
    });
    this.workflowTaskScheduled();
    return started;
  }

  private workflowTaskAfterSignalOrNow(): number {
    this.workflowTaskScheduled();
    return this.workflowTask();
  }

  signal(name: string, args: unknown[] = []): number {
    const id = this.add('EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED', 'workflowExecutionSignaledEventAttributes', {
      signalName: name,
      input: payloads(...args),
      identity: 'client@ops-box',
    });
    if (this.pendingWorkflowTask === null) this.workflowTaskScheduled();
    return id;
  }

  /** An update accepted by the workflow and completed (with `failure` it completes failed). */
  update(spec: { name: string; args?: unknown[]; result?: unknown; failure?: FailureSpec }): number {
    const updateId = `upd-${this.events.length + 1}`;
    this.workflowTaskScheduled();
    this.workflowTask();
    const accepted = this.add('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED', 'workflowExecutionUpdateAcceptedEventAttributes', {
      protocolInstanceId: updateId,
      acceptedRequestMessageId: `${updateId}/request`,
      acceptedRequestSequencingEventId: String(this.events.length - 1),
      acceptedRequest: {
        meta: { updateId, identity: 'client@ops-box' },
        input: { name: spec.name, args: payloads(...(spec.args ?? [])) },
      },
    });
    this.add('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED', 'workflowExecutionUpdateCompletedEventAttributes', {
      meta: { updateId, identity: 'client@ops-box' },
      acceptedEventId: String(accepted),
      outcome: spec.failure ? { failure: failure(spec.failure) } : { success: payloads(spec.result ?? null) },
    });
    return accepted;
  }

  marker(name: string, details: Record<string, unknown>): number {
    const wt = this.workflowTask();
    const id = this.add('EVENT_TYPE_MARKER_RECORDED', 'markerRecordedEventAttributes', {
      markerName: name,
      details: mapValues(details, (value) => payloads(value)),
      workflowTaskCompletedEventId: String(wt),
    });
    this.workflowTaskScheduled();
    return id;
  }

  /** A child workflow: initiated, started, and (unless `pending`) completed or failed. */
  child(spec: {
    namespace: string;
    workflowId: string;
    runId: string;
    workflowType: string;
    taskQueue: string;
    result?: unknown;
    failure?: FailureSpec;
    pending?: boolean;
  }): number {
    const wt = this.workflowTask();
    const execution = { workflowId: spec.workflowId, runId: spec.runId };
    const initiated = this.add(
      'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED',
      'startChildWorkflowExecutionInitiatedEventAttributes',
      {
        namespace: spec.namespace,
        workflowId: spec.workflowId,
        workflowType: { name: spec.workflowType },
        taskQueue: { name: spec.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
        input: payloads(),
        workflowTaskCompletedEventId: String(wt),
        parentClosePolicy: 'PARENT_CLOSE_POLICY_TERMINATE',
      },
    );
    const started = this.add('EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED', 'childWorkflowExecutionStartedEventAttributes', {
      namespace: spec.namespace,
      initiatedEventId: String(initiated),
      workflowExecution: execution,
      workflowType: { name: spec.workflowType },
    });
    this.workflowTaskScheduled();
    if (spec.pending) return initiated;
    this.workflowTask();
    if (spec.failure) {
      this.add('EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED', 'childWorkflowExecutionFailedEventAttributes', {
        failure: failure(spec.failure),
        namespace: spec.namespace,
        workflowExecution: execution,
        workflowType: { name: spec.workflowType },
        initiatedEventId: String(initiated),
        startedEventId: String(started),
        retryState: 'RETRY_STATE_RETRY_POLICY_NOT_SET',
      });
    } else {
      this.add('EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED', 'childWorkflowExecutionCompletedEventAttributes', {
        result: payloads(spec.result ?? null),
        namespace: spec.namespace,
        workflowExecution: execution,
        workflowType: { name: spec.workflowType },
        initiatedEventId: String(initiated),
        startedEventId: String(started),
      });
    }
    this.workflowTaskScheduled();
    return initiated;
  }

  cancelRequested(reason: string): number {
    return this.add('EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED', 'workflowExecutionCancelRequestedEventAttributes', {
      cause: reason,
      identity: 'client@ops-box',
    });
  }

  complete(result: unknown): this {
    const wt = this.workflowTask();
    this.add('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', 'workflowExecutionCompletedEventAttributes', {
      result: payloads(result),
      workflowTaskCompletedEventId: String(wt),
    });
    return this;
  }

  fail(spec: FailureSpec): this {
    const wt = this.workflowTask();
    this.add('EVENT_TYPE_WORKFLOW_EXECUTION_FAILED', 'workflowExecutionFailedEventAttributes', {
      failure: failure(spec),
      retryState: 'RETRY_STATE_RETRY_POLICY_NOT_SET',
      workflowTaskCompletedEventId: String(wt),
    });
    return this;
  }

  cancelled(): this {
    const wt = this.workflowTask();
    this.add('EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED', 'workflowExecutionCanceledEventAttributes', {
      workflowTaskCompletedEventId: String(wt),
      details: payloads(),
    });
    return this;
  }

  terminated(reason: string, identity = 'ops@ops-box'): this {
    this.add('EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED', 'workflowExecutionTerminatedEventAttributes', {
      reason,
      identity,
    });
    return this;
  }

  timedOut(): this {
    this.add('EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT', 'workflowExecutionTimedOutEventAttributes', {
      retryState: 'RETRY_STATE_TIMEOUT',
    });
    return this;
  }

  continuedAsNew(newRunId: string, input: unknown[]): this {
    const wt = this.workflowTask();
    this.add('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW', 'workflowExecutionContinuedAsNewEventAttributes', {
      newExecutionRunId: newRunId,
      workflowType: { name: this.start.workflowType },
      taskQueue: { name: this.start.taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' },
      input: payloads(...input),
      workflowRunTimeout: '0s',
      workflowTaskTimeout: '10s',
      workflowTaskCompletedEventId: String(wt),
      initiator: 'CONTINUE_AS_NEW_INITIATOR_WORKFLOW',
    });
    return this;
  }

  /** Id of the last workflow-task-completed event so far. */
  get lastWorkflowTaskCompletedId(): number {
    return this.lastWorkflowTaskCompleted;
  }

  json(): JsonHistory {
    return { events: this.events };
  }
}

function mapValues<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
