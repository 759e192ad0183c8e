/**
 * Pure mapping of workflow history events: each event as a row (its type, a one-line summary, JSON
 * with the payloads decoded to values), and the events as timeline items — activities, timers, child
 * workflows and updates as bars from scheduled to closed with their attempts, signals, markers and
 * the workflow's own steps as points; failures flagged. Works on any slice of a history (a reverse
 * page holds closings whose openings are older): an item starts at the earliest of its events seen.
 * No I/O.
 */
import { temporal } from '@temporalio/proto';
import type { JobRef, TimelineEvent, historyEventCategories } from '../types';
import { decodePayload, payloadValue } from './payloads';

export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The kinds of history event a timeline tells apart (declared with the model in types.ts). */
export type HistoryCategory = (typeof historyEventCategories)[number];

export interface HistoryEventRow {
  eventId: number;
  /** Epoch ms. */
  at: number | null;
  /** `ActivityTaskScheduled`, `WorkflowExecutionSignaled`, ... */
  type: string;
  category: HistoryCategory;
  summary: string;
  failed: boolean;
  /** The event's attributes as JSON: payloads decoded to their values, enums by name. */
  attributes: Record<string, unknown>;
}

/** Long | number | string | null → number. */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  const long = value as { toNumber?: () => number };
  return long.toNumber ? long.toNumber() : Number(value);
}

export function timestampToMs(value: { seconds?: unknown; nanos?: number | null } | null | undefined): number | null {
  if (!value) return null;
  const ms = toNumber(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
  return ms > 0 ? ms : null;
}

const EventType = temporal.api.enums.v1.EventType;
const HistoryEventType = temporal.api.history.v1.HistoryEvent;

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` → `ActivityTaskScheduled`. */
export function eventTypeName(type: number | string | null | undefined): string {
  const constant = typeof type === 'string' ? type : (EventType[type ?? 0] ?? 'EVENT_TYPE_UNSPECIFIED');
  return constant
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}

function categoryOf(type: string): HistoryCategory {
  if (type === 'WorkflowExecutionSignaled') return 'signal';
  if (type.startsWith('WorkflowExecutionUpdate')) return 'update';
  if (type.startsWith('WorkflowExecution')) return 'workflow';
  if (type.startsWith('WorkflowTask')) return 'workflowTask';
  if (type.startsWith('ActivityTask')) return 'activity';
  if (type.startsWith('Timer')) return 'timer';
  if (type.includes('ChildWorkflowExecution')) return 'child';
  if (type === 'MarkerRecorded') return 'marker';
  return 'other';
}

const looksLikePayload = (value: Record<string, unknown>) =>
  typeof value.metadata === 'object' && value.metadata !== null && 'encoding' in (value.metadata as object);

/** The conversion toObject gives (bytes base64) with payloads decoded and times made readable. */
function readable(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => readable(item, key));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (looksLikePayload(record)) {
    const metadata = Object.fromEntries(
      Object.entries(record.metadata as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    );
    const data = typeof record.data === 'string' ? Buffer.from(record.data, 'base64') : undefined;
    return payloadValue(decodePayload({ metadata, ...(data ? { data } : {}) }));
  }
  const keys = Object.keys(record);
  // A zero Duration arrives as an empty message.
  if (keys.length === 0 && /Timeout$|Interval$|Backoff$/.test(key)) return '0s';
  if (keys.length > 0 && keys.every((k) => k === 'seconds' || k === 'nanos')) {
    const ms = toNumber(record.seconds) * 1000 + Math.floor(toNumber(record.nanos) / 1e6);
    return /Time$|^time$/.test(key) ? new Date(ms).toISOString() : `${ms / 1000}s`;
  }
  return Object.fromEntries(keys.map((k) => [k, readable(record[k], k)]));
}

/** The event's attributes (its `*EventAttributes` member) as readable JSON. */
export function eventAttributes(event: HistoryEvent): Record<string, unknown> {
  const object = HistoryEventType.toObject(event as temporal.api.history.v1.HistoryEvent, {
    longs: Number,
    enums: String,
    bytes: String,
    defaults: false,
  });
  const key = Object.keys(object).find((k) => k.endsWith('EventAttributes'));
  return key ? (readable(object[key], key) as Record<string, unknown>) : {};
}

type Attributes = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value));
const nameOf = (value: unknown) => ((value as { name?: string } | undefined)?.name ?? '');
const failureMessage = (value: unknown) => ((value as { message?: string } | undefined)?.message ?? null);
const cut = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function summarise(type: string, a: Attributes): { summary: string; failed: boolean } {
  const failure = failureMessage(a.failure);
  switch (type) {
    case 'WorkflowExecutionStarted':
      return { summary: `${nameOf(a.workflowType)} on ${nameOf(a.taskQueue)}${a.attempt && toNumber(a.attempt) > 1 ? `, attempt ${str(a.attempt)}` : ''}`, failed: false };
    case 'WorkflowExecutionCompleted':
      return { summary: 'completed', failed: false };
    case 'WorkflowExecutionFailed':
      return { summary: cut(`failed: ${failure ?? ''}`), failed: true };
    case 'WorkflowExecutionTimedOut':
      return { summary: 'timed out', failed: true };
    case 'WorkflowExecutionTerminated':
      return { summary: cut(`terminated${a.reason ? `: ${str(a.reason)}` : ''}${a.identity ? ` (by ${str(a.identity)})` : ''}`), failed: true };
    case 'WorkflowExecutionCanceled':
      return { summary: 'cancelled', failed: false };
    case 'WorkflowExecutionCancelRequested':
      return { summary: cut(`cancel requested${a.cause ? `: ${str(a.cause)}` : ''}`), failed: false };
    case 'WorkflowExecutionContinuedAsNew':
      return { summary: `continued as new run ${str(a.newExecutionRunId)}`, failed: false };
    case 'WorkflowExecutionSignaled':
      return { summary: `signal ${str(a.signalName)}`, failed: false };
    case 'WorkflowTaskFailed':
      return { summary: cut(`workflow task failed (${str(a.cause).replace(/^WORKFLOW_TASK_FAILED_CAUSE_/, '')})${failure ? `: ${failure}` : ''}`), failed: true };
    case 'WorkflowTaskTimedOut':
      return { summary: 'workflow task timed out', failed: true };
    case 'ActivityTaskScheduled':
      return { summary: `${nameOf(a.activityType)} (id ${str(a.activityId)})`, failed: false };
    case 'ActivityTaskStarted':
      return { summary: cut(`attempt ${str(a.attempt ?? 1)}${failureMessage(a.lastFailure) ? `, after: ${failureMessage(a.lastFailure)}` : ''}`), failed: false };
    case 'ActivityTaskFailed':
      return { summary: cut(`failed: ${failure ?? ''}`), failed: true };
    case 'ActivityTaskTimedOut':
      return { summary: cut(`timed out${failure ? `: ${failure}` : ''}`), failed: true };
    case 'TimerStarted':
      return { summary: `timer ${str(a.timerId)} for ${str(a.startToFireTimeout)}`, failed: false };
    case 'TimerFired':
      return { summary: `timer ${str(a.timerId)} fired`, failed: false };
    case 'TimerCanceled':
      return { summary: `timer ${str(a.timerId)} cancelled`, failed: false };
    case 'StartChildWorkflowExecutionInitiated':
      return { summary: `${nameOf(a.workflowType)} ${str(a.workflowId)}`, failed: false };
    case 'StartChildWorkflowExecutionFailed':
      return { summary: `could not start ${str(a.workflowId)}: ${str(a.cause)}`, failed: true };
    case 'ChildWorkflowExecutionFailed':
    case 'ChildWorkflowExecutionTimedOut':
    case 'ChildWorkflowExecutionTerminated':
      return { summary: cut(`${type.replace('ChildWorkflowExecution', 'child ').toLowerCase()}${failure ? `: ${failure}` : ''}`), failed: true };
    case 'MarkerRecorded':
      return { summary: `marker ${str(a.markerName)}`, failed: Boolean(a.failure) };
    case 'WorkflowExecutionUpdateAccepted':
      return { summary: `update ${str((a.acceptedRequest as Attributes | undefined)?.input && ((a.acceptedRequest as Attributes).input as Attributes).name)} accepted`, failed: false };
    case 'WorkflowExecutionUpdateCompleted': {
      const outcome = a.outcome as Attributes | undefined;
      return outcome?.failure
        ? { summary: cut(`update failed: ${failureMessage(outcome.failure) ?? ''}`), failed: true }
        : { summary: 'update completed', failed: false };
    }
    case 'WorkflowExecutionUpdateRejected':
      return { summary: cut(`update rejected: ${failureMessage(a.rejectionFailure) ?? ''}`), failed: true };
    default:
      return { summary: type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(), failed: /Failed|TimedOut|Terminated/.test(type) };
  }
}

export function toHistoryEventRow(event: HistoryEvent): HistoryEventRow {
  const type = eventTypeName(event.eventType);
  const attributes = eventAttributes(event);
  return {
    eventId: toNumber(event.eventId),
    at: timestampToMs(event.eventTime),
    type,
    category: categoryOf(type),
    ...summarise(type, attributes),
    attributes,
  };
}

/** A timeline item with the key that joins items of the same activity/timer/child across pages. */
export type TimelineItem = TimelineEvent & { key: string };

interface Draft {
  key: string;
  kind: string;
  title: string;
  detail: string | null;
  at: number | null;
  endAt: number | null;
  status: TimelineEvent['status'];
  attempts: number | null;
  child: JobRef | null;
  firstEventId: number;
  lastEventId: number;
  closed: boolean;
}

export interface TimelineContext {
  /** The queue name the adapter gives a task queue of a namespace (a child's link). */
  queueOf(namespace: string | null, taskQueue: string): string;
  /** The workflow's own task queue, for children started on the parent's. */
  taskQueue: string;
  namespace: string;
}

/**
 * The items of a slice of history, oldest first. Bars: activities (by scheduled event), timers (by
 * started event), children (by initiated event), updates (by accepted event). Points: signals,
 * markers, failed or timed-out workflow tasks, and the workflow's start and close.
 */
export function toTimelineItems(rows: readonly HistoryEventRow[], context: TimelineContext): TimelineItem[] {
  const drafts = new Map<string, Draft>();
  const ordered = [...rows].sort((a, b) => a.eventId - b.eventId);
  const touch = (key: string, row: HistoryEventRow, init: () => Omit<Draft, 'key' | 'firstEventId' | 'lastEventId' | 'at' | 'endAt' | 'closed'>) => {
    let draft = drafts.get(key);
    if (!draft) {
      draft = { key, ...init(), at: row.at, endAt: null, firstEventId: row.eventId, lastEventId: row.eventId, closed: false };
      drafts.set(key, draft);
    }
    draft.lastEventId = Math.max(draft.lastEventId, row.eventId);
    return draft;
  };
  const close = (draft: Draft, row: HistoryEventRow, status: TimelineEvent['status'], detail: string | null) => {
    draft.endAt = row.at;
    draft.closed = true;
    draft.status = status;
    if (detail !== null) draft.detail = detail;
  };
  const point = (row: HistoryEventRow, kind: string, title: string, status: TimelineEvent['status']) => {
    const draft = touch(`${kind}:${row.eventId}`, row, () => ({ kind, title, detail: row.summary, status, attempts: null, child: null }));
    draft.endAt = row.at;
    draft.closed = true;
  };

  for (const row of ordered) {
    const a = row.attributes;
    const ref = (name: string) => toNumber(a[name]);
    switch (row.type) {
      case 'ActivityTaskScheduled': {
        const draft = touch(`activity:${row.eventId}`, row, () => ({ kind: 'activity', title: nameOf(a.activityType), detail: null, status: 'running', attempts: 1, child: null }));
        draft.title = nameOf(a.activityType);
        draft.detail ??= `activity id ${str(a.activityId)}`;
        break;
      }
      case 'ActivityTaskStarted': {
        const draft = touch(`activity:${ref('scheduledEventId')}`, row, () => ({ kind: 'activity', title: 'activity', detail: null, status: 'running', attempts: 1, child: null }));
        draft.attempts = toNumber(a.attempt) || 1;
        const last = failureMessage(a.lastFailure);
        if (last) draft.detail = cut(`attempt ${draft.attempts}; the one before failed: ${last}`);
        break;
      }
      case 'ActivityTaskCompleted':
      case 'ActivityTaskFailed':
      case 'ActivityTaskTimedOut':
      case 'ActivityTaskCanceled': {
        const draft = touch(`activity:${ref('scheduledEventId')}`, row, () => ({ kind: 'activity', title: 'activity', detail: null, status: 'running', attempts: null, child: null }));
        const status = row.type === 'ActivityTaskCompleted' ? 'success' : row.type === 'ActivityTaskCanceled' ? 'info' : 'failure';
        close(draft, row, status, row.failed || status === 'info' ? row.summary : null);
        break;
      }
      case 'TimerStarted': {
        touch(`timer:${row.eventId}`, row, () => ({ kind: 'timer', title: `timer ${str(a.timerId)}`, detail: `for ${str(a.startToFireTimeout)}`, status: 'waiting', attempts: null, child: null }));
        break;
      }
      case 'TimerFired':
      case 'TimerCanceled': {
        const draft = touch(`timer:${ref('startedEventId')}`, row, () => ({ kind: 'timer', title: `timer ${str(a.timerId)}`, detail: null, status: 'waiting', attempts: null, child: null }));
        close(draft, row, row.type === 'TimerFired' ? 'success' : 'info', row.type === 'TimerCanceled' ? 'cancelled' : null);
        break;
      }
      case 'StartChildWorkflowExecutionInitiated': {
        const taskQueue = nameOf(a.taskQueue) || context.taskQueue;
        const namespace = str(a.namespace) || context.namespace;
        touch(`child:${row.eventId}`, row, () => ({
          kind: 'child',
          title: `child ${nameOf(a.workflowType)}`,
          detail: str(a.workflowId),
          status: 'running',
          attempts: null,
          child: { queue: context.queueOf(namespace, taskQueue), id: str(a.workflowId) },
        }));
        break;
      }
      case 'ChildWorkflowExecutionStarted':
      case 'ChildWorkflowExecutionCompleted':
      case 'ChildWorkflowExecutionFailed':
      case 'ChildWorkflowExecutionCanceled':
      case 'ChildWorkflowExecutionTimedOut':
      case 'ChildWorkflowExecutionTerminated':
      case 'StartChildWorkflowExecutionFailed': {
        const execution = a.workflowExecution as { workflowId?: string } | undefined;
        const draft = touch(`child:${ref('initiatedEventId')}`, row, () => ({
          kind: 'child',
          title: `child ${nameOf(a.workflowType)}`,
          detail: execution?.workflowId ?? str(a.workflowId),
          status: 'running',
          attempts: null,
          child: null,
        }));
        if (row.type === 'ChildWorkflowExecutionStarted') break;
        const status = row.type === 'ChildWorkflowExecutionCompleted' ? 'success' : row.type === 'ChildWorkflowExecutionCanceled' ? 'info' : 'failure';
        close(draft, row, status, row.failed ? row.summary : null);
        break;
      }
      case 'WorkflowExecutionUpdateAccepted': {
        const input = (a.acceptedRequest as Attributes | undefined)?.input as Attributes | undefined;
        touch(`update:${row.eventId}`, row, () => ({ kind: 'update', title: `update ${str(input?.name)}`, detail: null, status: 'running', attempts: null, child: null }));
        break;
      }
      case 'WorkflowExecutionUpdateCompleted': {
        const draft = touch(`update:${ref('acceptedEventId')}`, row, () => ({ kind: 'update', title: 'update', detail: null, status: 'running', attempts: null, child: null }));
        close(draft, row, row.failed ? 'failure' : 'success', row.failed ? row.summary : null);
        break;
      }
      case 'WorkflowExecutionUpdateRejected':
        point(row, 'update', 'update rejected', 'failure');
        break;
      case 'WorkflowExecutionSignaled':
        point(row, 'signal', `signal ${str(a.signalName)}`, 'info');
        break;
      case 'MarkerRecorded':
        point(row, 'marker', `marker ${str(a.markerName)}`, row.failed ? 'failure' : 'info');
        break;
      case 'WorkflowTaskFailed':
      case 'WorkflowTaskTimedOut':
        point(row, 'workflowTask', row.type === 'WorkflowTaskFailed' ? 'workflow task failed' : 'workflow task timed out', 'failure');
        break;
      default:
        if (row.category === 'workflow') {
          const status = row.type === 'WorkflowExecutionCompleted' || row.type === 'WorkflowExecutionContinuedAsNew'
            ? 'success'
            : row.failed
              ? 'failure'
              : 'info';
          point(row, 'workflow', row.type.replace(/^WorkflowExecution/, 'workflow ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(), status);
        }
    }
  }

  return [...drafts.values()]
    .sort((a, b) => a.firstEventId - b.firstEventId)
    .map((draft) => ({
      key: draft.key,
      at: draft.at,
      endAt: draft.endAt,
      type: draft.kind,
      title: draft.title,
      detail: draft.detail,
      status: draft.closed ? draft.status : draft.kind === 'timer' ? 'waiting' : 'running',
      child: draft.child,
      attempts: draft.attempts,
      eventIds: [draft.firstEventId, draft.lastEventId] as [number, number],
    }));
}
