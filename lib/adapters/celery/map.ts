/**
 * Pure mapping of Celery's wire shapes: kombu envelopes, task and worker events (objects or the
 * `task.multi` arrays prefork workers send), result-backend records, broker messages; and the task
 * index's records onto the normalised model. No I/O.
 */
import type {
  Attempt,
  BrokerMessage,
  JobDetail,
  JobRow,
  Payload,
  TaskRow,
  TimelineEvent,
  Worker,
} from '../types';
import { INLINE_PAYLOAD_LIMIT_BYTES } from '../types';
import type { TaskField, TaskRecord, TaskUpdate, WorkerRecord, WorkerUpdate } from '@/lib/store/celery-task-index';
import { UNKNOWN_QUEUE, normaliseCeleryState } from '@/lib/store/celery-task-index';

export interface KombuEnvelope {
  headers: Record<string, unknown>;
  properties: Record<string, unknown>;
  contentType: string;
  /** The decoded body: JSON-parsed when the content type is JSON, else the text. */
  body: unknown;
}

/** Decode one kombu message as the Redis transport stores and publishes it; null when it is not one. */
export function decodeEnvelope(text: string): KombuEnvelope | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(raw) || typeof raw.body !== 'string') return null;
  const properties = isRecord(raw.properties) ? raw.properties : {};
  const headers = isRecord(raw.headers) ? raw.headers : {};
  const contentType = typeof raw['content-type'] === 'string' ? raw['content-type'] : 'application/json';
  const encoding = typeof raw['content-encoding'] === 'string' ? raw['content-encoding'] : 'utf-8';
  let bodyText = raw.body;
  if (properties.body_encoding === 'base64') {
    const bytes = Buffer.from(raw.body, 'base64');
    bodyText = bytes.toString(encoding === 'binary' ? 'latin1' : 'utf8');
  }
  let body: unknown = bodyText;
  if (contentType === 'application/json') {
    try {
      body = JSON.parse(bodyText);
    } catch {
      return null;
    }
  }
  return { headers, properties, contentType, body };
}

export type CeleryEvent = Record<string, unknown> & { type: string };

/** The events of one published message: an object, or an array on `task.multi`. */
export function eventsOfMessage(text: string): CeleryEvent[] {
  const envelope = decodeEnvelope(text);
  if (!envelope) return [];
  const list = Array.isArray(envelope.body) ? envelope.body : [envelope.body];
  return list.filter((event): event is CeleryEvent => isRecord(event) && typeof event.type === 'string');
}

/** task-<kind> → the Celery state it implies (celery/events/state.py `TASK_EVENT_TO_STATE`). */
const TASK_EVENT_STATE: Record<string, string> = {
  'task-sent': 'PENDING',
  'task-received': 'RECEIVED',
  'task-started': 'STARTED',
  'task-failed': 'FAILURE',
  'task-retried': 'RETRY',
  'task-succeeded': 'SUCCESS',
  'task-revoked': 'REVOKED',
  'task-rejected': 'REJECTED',
};

/** The epoch-ms field each event type stamps. */
const TASK_EVENT_TIME: Record<string, TaskField> = {
  'task-sent': 'sent',
  'task-received': 'received',
  'task-started': 'started',
  'task-failed': 'failed',
  'task-retried': 'retried',
  'task-succeeded': 'succeeded',
  'task-revoked': 'revoked',
  'task-rejected': 'rejected',
};

const text = (value: unknown): string | undefined => {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
};

/** A task event as a task-index update; null for worker events and malformed ones. */
export function toTaskUpdate(event: CeleryEvent): TaskUpdate | null {
  if (!event.type.startsWith('task-')) return null;
  const id = event.uuid;
  if (typeof id !== 'string' || id === '') return null;
  const at = toMs(event.timestamp);
  if (at === null) return null;
  // task-<custom> events (update_state with send_events) carry their own state name.
  const state = TASK_EVENT_STATE[event.type] ?? event.type.slice('task-'.length).toUpperCase();
  const host = text(event.hostname) ?? '';
  const fields: Partial<Record<TaskField, string>> = {
    name: text(event.name),
    args: text(event.args),
    kwargs: text(event.kwargs),
    root: text(event.root_id),
    parent: text(event.parent_id),
    retries: text(event.retries),
    eta: text(event.eta),
    expires: text(event.expires),
    result: text(event.result),
    exception: text(event.exception),
    traceback: text(event.traceback),
    runtime: text(event.runtime),
    queue: text(event.queue) ?? text(event.routing_key),
    source: 'events',
  };
  // task-sent comes from the client that sent it, every other task event from the worker.
  if (event.type !== 'task-sent') fields.worker = host || undefined;
  if (event.type === 'task-revoked') {
    const how = ['terminated', 'signum', 'expired']
      .filter((key) => event[key] !== undefined && event[key] !== null && event[key] !== false)
      .map((key) => `${key}=${text(event[key])}`)
      .join(' ');
    if (how) fields.revokedHow = how;
  }
  const stamp = TASK_EVENT_TIME[event.type];
  if (stamp) fields[stamp] = String(at);
  return { id, state, at, type: event.type, host, fields: dropEmpty(fields) };
}

export function toWorkerUpdate(event: CeleryEvent): WorkerUpdate | null {
  if (
    event.type !== 'worker-online' &&
    event.type !== 'worker-heartbeat' &&
    event.type !== 'worker-offline'
  )
    return null;
  const hostname = text(event.hostname);
  const at = toMs(event.timestamp);
  if (!hostname || at === null) return null;
  return {
    hostname,
    type: event.type,
    at,
    freq: typeof event.freq === 'number' && event.freq > 0 ? event.freq : 2,
    active: numberOrNull(event.active),
    processed: numberOrNull(event.processed),
    loadavg: Array.isArray(event.loadavg) ? event.loadavg.filter((n): n is number => typeof n === 'number') : null,
    swIdent: text(event.sw_ident) ?? null,
    swVer: text(event.sw_ver) ?? null,
    swSys: text(event.sw_sys) ?? null,
    pid: numberOrNull(event.pid),
  };
}

/** Online until `timestamp + 2·freq` (Flower / celery.events.state), and not after worker-offline. */
export function workerIsAlive(worker: WorkerUpdate, now: number): boolean {
  return worker.type !== 'worker-offline' && now <= worker.at + 2 * worker.freq * 1000;
}

/**
 * A worker's stored reports as the normalised worker, with its heartbeat facts and its pool as last
 * inspected. `forgetAfterMs` is the offline-worker retention: it leaves the list that long after
 * its last report.
 */
export function toWorker(record: WorkerRecord, now: number, queues: string[], forgetAfterMs: number | null = null): Worker {
  const software = [record.swIdent, record.swVer].filter(Boolean).join(' ');
  return {
    id: record.hostname,
    name: record.hostname,
    queues,
    address: null,
    ageSeconds: record.firstSeenAt ? Math.max(0, Math.round((now - record.firstSeenAt) / 1000)) : null,
    idleSeconds: null,
    status: workerIsAlive(record, now) ? 'online' : 'offline',
    heartbeat: {
      at: record.at,
      freq: record.freq,
      saidOffline: record.type === 'worker-offline',
      active: record.active,
      processed: record.processed,
      loadAverage: record.loadavg,
      software: software ? `${software}${record.swSys ? ` (${record.swSys})` : ''}` : null,
      pid: record.pid,
      forgetAt: forgetAfterMs === null ? null : record.at + forgetAfterMs,
    },
    ...(record.pool ? { pool: record.pool } : {}),
  };
}

/**
 * A result-backend record (`celery-task-meta-<id>`) as a task-index update; null when it is not
 * one. `date_done` is naive UTC (Celery's enable_utc default) or carries its offset.
 */
export function backendMetaToUpdate(id: string, json: string): TaskUpdate | null {
  let meta: unknown;
  try {
    meta = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isRecord(meta) || typeof meta.status !== 'string') return null;
  const at = parseIsoUtc(meta.date_done) ?? null;
  // A PENDING / STARTED record has no date_done: it still says the task exists.
  const state = meta.status;
  const when = at ?? 0;
  const fields: Partial<Record<TaskField, string>> = {
    name: text(meta.name),
    args: meta.args === undefined ? undefined : pythonRepr(meta.args),
    kwargs: meta.kwargs === undefined ? undefined : pythonRepr(meta.kwargs),
    worker: text(meta.worker),
    queue: text(meta.queue),
    retries: text(meta.retries),
    traceback: text(meta.traceback),
    source: 'backend',
  };
  if (state === 'SUCCESS') fields.result = pythonRepr(meta.result);
  else if (state === 'FAILURE' || state === 'RETRY' || state === 'REVOKED')
    fields.exception = exceptionRepr(meta.result);
  const stamp = ({ SUCCESS: 'succeeded', FAILURE: 'failed', REVOKED: 'revoked', RETRY: 'retried' } as const)[
    state as 'SUCCESS'
  ];
  if (stamp && at !== null) fields[stamp] = String(at);
  return { id, state, at: when, type: 'backend', host: text(meta.worker) ?? 'result backend', fields: dropEmpty(fields) };
}

/** `{exc_type, exc_message: [...]}` → `ValueError('boom')`, as the task-failed event says it. */
export function exceptionRepr(value: unknown): string {
  if (isRecord(value) && typeof value.exc_type === 'string') {
    const message = Array.isArray(value.exc_message) ? value.exc_message : [value.exc_message];
    return `${value.exc_type}(${message.map(pythonRepr).join(', ')})`;
  }
  return pythonRepr(value);
}

/** A JSON value written the way Python's repr writes it (what events carry for args and results). */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (isRecord(value))
    return `{${Object.entries(value)
      .map(([key, item]) => `${pythonRepr(key)}: ${pythonRepr(item)}`)
      .join(', ')}}`;
  return String(value);
}

/** A message waiting in a broker queue, as the peek shows it: headers decoded, args as sent. */
export interface QueuedMessage {
  id: string | null;
  task: string | null;
  priority: number | null;
  eta: string | null;
  retries: number | null;
  rootId: string | null;
  parentId: string | null;
  argsRepr: string | null;
  kwargsRepr: string | null;
  /** The body's args and kwargs exactly as sent (protocol v2: `[args, kwargs, embed]`). */
  args: unknown;
  kwargs: unknown;
  headers: Record<string, unknown>;
  deliveryTag: string | null;
}

export function toQueuedMessage(text: string): QueuedMessage | null {
  const envelope = decodeEnvelope(text);
  if (!envelope) return null;
  const { headers, properties, body } = envelope;
  const [args, kwargs] = Array.isArray(body) ? body : [null, null];
  const str = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: str(headers.id) ?? str(properties.correlation_id),
    task: str(headers.task),
    priority: numberOrNull(properties.priority),
    eta: str(headers.eta),
    retries: numberOrNull(headers.retries),
    rootId: str(headers.root_id),
    parentId: str(headers.parent_id),
    argsRepr: str(headers.argsrepr),
    kwargsRepr: str(headers.kwargsrepr),
    args: args ?? null,
    kwargs: kwargs ?? null,
    headers,
    deliveryTag: str(properties.delivery_tag),
  };
}

/** Largest args or kwargs of a peeked message shipped whole, bytes of JSON. */
export const PEEK_PAYLOAD_LIMIT_BYTES = 64 * 1024;

/** A value as sent, as JSON text cut at `limitBytes` (the whole value as `json` when it fit). */
function sentPayload(value: unknown, limitBytes: number): Payload {
  if (value === null || value === undefined) return { json: undefined, text: null, bytes: 0, truncated: false };
  const text = JSON.stringify(value);
  const bytes = Buffer.byteLength(text);
  if (bytes <= limitBytes) return { json: value, text, bytes, truncated: false };
  return { json: undefined, text: Buffer.from(text).subarray(0, limitBytes).toString('utf8'), bytes, truncated: true };
}

/** A decoded broker message as the API's peek row (pure). */
export function toBrokerMessage(message: QueuedMessage, limitBytes = PEEK_PAYLOAD_LIMIT_BYTES): BrokerMessage {
  const str = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: message.id,
    task: message.task,
    priority: message.priority,
    eta: message.eta,
    expires: str(message.headers.expires),
    retries: message.retries,
    rootId: message.rootId,
    parentId: message.parentId,
    group: str(message.headers.group),
    argsRepr: message.argsRepr,
    kwargsRepr: message.kwargsRepr,
    args: sentPayload(message.args, limitBytes),
    kwargs: sentPayload(message.kwargs, limitBytes),
    headers: message.headers,
    deliveryTag: message.deliveryTag,
  };
}

// ---------------------------------------------------------------------------------------------
// Task index records → the normalised model.

const ms = (value: string | undefined): number | null => {
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : null;
};

export function queueOf(record: TaskRecord): string {
  return record.fields.queue ?? UNKNOWN_QUEUE;
}

export function finishedAtOf(record: TaskRecord): number | null {
  const f = record.fields;
  switch (record.state) {
    case 'SUCCESS':
      return ms(f.succeeded) ?? record.at;
    case 'FAILURE':
      return ms(f.failed) ?? record.at;
    case 'REVOKED':
      return ms(f.revoked) ?? record.at;
    case 'REJECTED':
      return ms(f.rejected) ?? record.at;
    default:
      return null;
  }
}

export function toJobRow(record: TaskRecord): JobRow {
  const f = record.fields;
  const retries = Number(f.retries ?? 0);
  const failed = record.normalisedState === 'failed' || record.state === 'RETRY';
  return {
    id: record.id,
    queue: queueOf(record),
    name: f.name ?? '(unknown task)',
    state: record.normalisedState,
    nativeState: record.state,
    createdAt: ms(f.sent) ?? ms(f.received),
    processedAt: ms(f.started),
    finishedAt: finishedAtOf(record),
    runAt: f.eta ? (parseIsoUtc(f.eta) ?? null) : null,
    // Runs so far: every retry was one, plus the current run once it started or finished.
    attemptsMade:
      (Number.isInteger(retries) && retries > 0 ? retries : 0) +
      (f.started || finishedAtOf(record) !== null ? 1 : 0),
    maxAttempts: null,
    priority: null,
    progress: null,
    failedReason: failed && f.exception ? firstLine(f.exception, 300) : null,
    dataBytes: Number(f.argsBytes ?? 0),
  };
}

/** A task-index record (a list row, asked with previews) as a row of the source's task list. */
export function toTaskRow(record: TaskRecord): TaskRow {
  const f = record.fields;
  const retries = Number(f.retries ?? 0);
  return {
    id: record.id,
    name: f.name ?? '(unknown task)',
    state: record.normalisedState,
    nativeState: record.state,
    queue: queueOf(record),
    worker: f.worker ?? null,
    retries: Number.isInteger(retries) && retries > 0 ? retries : 0,
    argsPreview: record.preview?.args ?? null,
    kwargsPreview: record.preview?.kwargs ?? null,
    argsBytes: Number(f.argsBytes ?? 0),
    sentAt: ms(f.sent),
    receivedAt: ms(f.received),
    startedAt: ms(f.started),
    finishedAt: finishedAtOf(record),
    runAt: f.eta ? (parseIsoUtc(f.eta) ?? null) : null,
    stateAt: record.at,
    exception: f.exception ? firstLine(f.exception, 300) : null,
  };
}

/**
 * What the dashboard shows as a task's input: `{args, kwargs}` as the event's Python reprs (cut
 * at 1024 characters by the worker). JSON when they parse as JSON (most plain values do).
 */
export function taskDataPayload(record: TaskRecord): Payload {
  const args = record.fields.args ?? null;
  const kwargs = record.fields.kwargs ?? null;
  const textValue = `args: ${args ?? '?'}\nkwargs: ${kwargs ?? '?'}`;
  const parsedArgs = args === null ? undefined : reprToJson(args);
  const parsedKwargs = kwargs === null ? undefined : reprToJson(kwargs);
  const json =
    parsedArgs !== undefined && parsedKwargs !== undefined ? { args: parsedArgs, kwargs: parsedKwargs } : undefined;
  return { json, text: textValue, bytes: Buffer.byteLength(textValue), truncated: false };
}

/** The result repr, cut at `limitBytes` (the detail inlines at most INLINE_PAYLOAD_LIMIT_BYTES). */
export function resultPayload(record: TaskRecord, limitBytes = INLINE_PAYLOAD_LIMIT_BYTES): Payload {
  const value = record.fields.result ?? null;
  if (value === null) return { json: undefined, text: null, bytes: 0, truncated: false };
  const bytes = Buffer.byteLength(value);
  const truncated = bytes > limitBytes;
  const shown = truncated ? Buffer.from(value).subarray(0, limitBytes).toString('utf8') : value;
  return { json: truncated ? undefined : reprToJson(value), text: shown, bytes, truncated };
}

/**
 * A Python literal repr read as JSON where that is exact: numbers, strings, True/False/None, lists,
 * dicts with string keys. Answers undefined for anything else (tuples, objects, cut reprs).
 */
export function reprToJson(repr: string): unknown {
  const source = repr.trim();
  let position = 0;
  const fail = Symbol('fail');
  const skip = () => {
    while (position < source.length && /\s/.test(source[position]!)) position++;
  };
  const parseValue = (): unknown => {
    skip();
    const ch = source[position];
    if (ch === '[') {
      position++;
      const items: unknown[] = [];
      skip();
      if (source[position] === ']') {
        position++;
        return items;
      }
      for (;;) {
        const item = parseValue();
        if (item === fail) return fail;
        items.push(item);
        skip();
        if (source[position] === ',') {
          position++;
          skip();
          if (source[position] === ']') {
            position++;
            return items;
          }
          continue;
        }
        if (source[position] === ']') {
          position++;
          return items;
        }
        return fail;
      }
    }
    if (ch === '{') {
      position++;
      const object: Record<string, unknown> = {};
      skip();
      if (source[position] === '}') {
        position++;
        return object;
      }
      for (;;) {
        const key = parseValue();
        if (typeof key !== 'string') return fail;
        skip();
        if (source[position] !== ':') return fail;
        position++;
        const item = parseValue();
        if (item === fail) return fail;
        object[key] = item;
        skip();
        if (source[position] === ',') {
          position++;
          continue;
        }
        if (source[position] === '}') {
          position++;
          return object;
        }
        return fail;
      }
    }
    if (ch === "'" || ch === '"') {
      const quote = ch;
      position++;
      let out = '';
      while (position < source.length && source[position] !== quote) {
        if (source[position] === '\\') {
          const next = source[position + 1];
          const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
          if (next === undefined || !(next in escapes)) return fail;
          out += escapes[next];
          position += 2;
        } else {
          out += source[position++];
        }
      }
      if (source[position] !== quote) return fail;
      position++;
      return out;
    }
    const word = /^(True|False|None|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(source.slice(position));
    if (!word) return fail;
    position += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number(word[0]);
  };
  const value = parseValue();
  skip();
  return value === fail || position !== source.length ? undefined : value;
}

export function toJobDetail(record: TaskRecord, children: Array<{ id: string; queue: string; state: JobDetail['state'] | null }>): JobDetail {
  const row = toJobRow(record);
  const f = record.fields;
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(f)) if (value !== undefined) raw[key] = value;
  raw.state = record.state;
  return {
    ...row,
    data: taskDataPayload(record),
    opts: {
      ...(f.eta ? { eta: f.eta } : {}),
      ...(f.expires ? { expires: f.expires } : {}),
      ...(f.root ? { rootId: f.root } : {}),
      ...(f.worker ? { worker: f.worker } : {}),
      ...(f.runtime ? { runtimeSeconds: Number(f.runtime) } : {}),
      ...(f.source ? { recordedFrom: f.source } : {}),
    },
    returnValue: resultPayload(record),
    stacktrace: f.traceback ? [f.traceback] : [],
    logCount: 0,
    parent: f.parent && f.parent !== record.id ? { queue: UNKNOWN_QUEUE, id: f.parent } : null,
    children: children.map((child) => ({ queue: child.queue, id: child.id, state: child.state })),
    attempts: toAttempts(record),
    // The worker named by the task's own events (task-sent comes from the client, not a worker).
    processedBy: f.worker ?? null,
    // Celery has no parent held back by a failed child: a chord whose header failed fails itself.
    blockedBy: [],
    raw,
  };
}

/** One attempt per run the events show: each task-retried closes one; the last is the outcome. */
export function toAttempts(record: TaskRecord): Attempt[] {
  const attempts: Attempt[] = [];
  let startedAt: number | null = null;
  for (const entry of record.log) {
    if (entry.type === 'task-started') startedAt = entry.at;
    else if (entry.type === 'task-retried') {
      attempts.push({ number: attempts.length + 1, startedAt, finishedAt: entry.at, outcome: 'failed', error: null });
      startedAt = null;
    }
  }
  const finishedAt = finishedAtOf(record);
  const outcome: Attempt['outcome'] =
    record.state === 'SUCCESS' ? 'completed' : record.state === 'FAILURE' ? 'failed' : record.state === 'STARTED' ? 'running' : 'unknown';
  if (startedAt !== null || finishedAt !== null || attempts.length === 0) {
    attempts.push({
      number: attempts.length + 1,
      startedAt: startedAt ?? ms(record.fields.started),
      finishedAt,
      outcome,
      error: outcome === 'failed' && record.fields.exception ? firstLine(record.fields.exception, 300) : null,
    });
  }
  return attempts;
}

const EVENT_TITLES: Record<string, { title: string; status: TimelineEvent['status'] }> = {
  'task-sent': { title: 'Sent', status: 'waiting' },
  'task-received': { title: 'Received by worker', status: 'waiting' },
  'task-started': { title: 'Started', status: 'running' },
  'task-succeeded': { title: 'Succeeded', status: 'success' },
  'task-failed': { title: 'Failed', status: 'failure' },
  'task-retried': { title: 'Retry scheduled', status: 'failure' },
  'task-revoked': { title: 'Revoked', status: 'failure' },
  'task-rejected': { title: 'Rejected', status: 'failure' },
  backend: { title: 'Result stored', status: 'info' },
};

/** Task events oldest first, then the canvas around the task: parent, root, children. */
export function toTimelineEvents(
  record: TaskRecord,
  canvas: { parent: { id: string; queue: string } | null; children: Array<{ id: string; queue: string; at: number | null; name: string | null }> },
): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const entry of record.log) {
    const known = EVENT_TITLES[entry.type] ?? { title: entry.type, status: 'info' as const };
    let detail: string | null = entry.host ? `on ${entry.host}` : null;
    let status = known.status;
    if (entry.type === 'backend') {
      status = record.state === 'SUCCESS' ? 'success' : record.state === 'FAILURE' ? 'failure' : 'info';
      detail = `${record.state} read from the result backend`;
    }
    if (entry.type === 'task-succeeded' && record.fields.runtime)
      detail = `${detail ?? ''} in ${Number(record.fields.runtime).toFixed(3)} s`.trim();
    if ((entry.type === 'task-failed' || entry.type === 'task-retried') && record.fields.exception && entry.type === lastOf(record, ['task-failed', 'task-retried']))
      detail = firstLine(record.fields.exception, 300);
    events.push({ at: entry.at, type: entry.type, title: known.title, detail, status, child: null });
  }
  events.sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  const firstAt = events[0]?.at ?? record.at;
  if (canvas.parent) {
    events.unshift({ at: firstAt, type: 'canvas-parent', title: 'Called by', detail: canvas.parent.id, status: 'info', child: canvas.parent });
  }
  const root = record.fields.root;
  if (root && root !== record.id && root !== canvas.parent?.id) {
    events.unshift({ at: firstAt, type: 'canvas-root', title: 'Part of the canvas rooted at', detail: root, status: 'info', child: { queue: UNKNOWN_QUEUE, id: root } });
  }
  for (const child of canvas.children) {
    events.push({
      at: child.at !== null ? Math.max(child.at, firstAt) : null,
      type: 'canvas-child',
      title: `Called ${child.name ?? 'a task'}`,
      detail: child.id,
      status: 'info',
      child: { queue: child.queue, id: child.id },
    });
  }
  // Stable: a child sent in the same millisecond as its parent's outcome stays after it.
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => (a.event.at ?? Infinity) - (b.event.at ?? Infinity) || a.index - b.index)
    .map(({ event }) => event);
}

function lastOf(record: TaskRecord, types: string[]): string | null {
  for (let index = record.log.length - 1; index >= 0; index--) {
    const entry = record.log[index]!;
    if (types.includes(entry.type)) return entry.type;
  }
  return null;
}

export function firstLine(value: string, max: number): string {
  const line = value.split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** ISO 8601; naive times are UTC (Celery's `enable_utc`). */
export function parseIsoUtc(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  const hasZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(value);
  const parsed = Date.parse(hasZone ? value : `${value}Z`);
  return Number.isFinite(parsed) ? parsed : null;
}

export function toMs(timestamp: unknown): number | null {
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp <= 0) return null;
  return Math.round(timestamp * 1000);
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function dropEmpty(fields: Partial<Record<TaskField, string>>): Partial<Record<TaskField, string>> {
  const out: Partial<Record<TaskField, string>> = {};
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined && value !== '') out[key as TaskField] = value;
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export { normaliseCeleryState };
