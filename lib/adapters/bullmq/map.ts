/**
 * Raw BullMQ replies (v5 and v6) → the normalised queue and list-row model. Pure: no I/O, tested
 * without Redis. Job detail lives in map-detail.ts.
 */
import type { JobRow, JobState, Queue, StateCounts } from '../types';

/** BullMQ's own state names (`Job.getState()`), kept beside the normalised state. */
export type NativeState =
  | 'waiting'
  | 'paused'
  | 'active'
  | 'delayed'
  | 'prioritized'
  | 'waiting-children'
  | 'completed'
  | 'failed'
  | 'unknown';

/** Cut for failure reasons in list rows. */
export const SHORT_REASON_CHARS = 300;
/** Delayed zset score = runAt·0x1000 + sequence. */
const DELAY_SCORE_FACTOR = 0x1000;

// ---------------------------------------------------------------------------------------------
// Queues

export const QUEUE_META_FIELDS = ['paused', 'concurrency', 'max', 'duration', 'version'] as const;

export interface QueueLengths {
  wait: number;
  paused: number;
  active: number;
  delayed: number;
  prioritized: number;
  waitingChildren: number;
  completed: number;
  failed: number;
}

export interface QueueFacts {
  name: string;
  /** HMGET meta QUEUE_META_FIELDS. */
  meta: readonly (string | null)[];
  lengths: QueueLengths;
  limiterValue: string | null;
  limiterPttl: number;
  schedulerCount: number;
  workerCount: number | null;
}

/**
 * Where a paused queue's jobs sit. v5 RENAMEs `wait` → `paused`; v6 sets `meta.paused` and leaves them
 * in `wait`. Either way they are reported as `paused`, so both versions read the same.
 */
export function isPausedViaWait(metaPaused: string | null, pausedListLength: number): boolean {
  return metaPaused !== null && metaPaused !== '0' && pausedListLength === 0;
}

export function toStateCounts(lengths: QueueLengths, metaPaused: string | null): StateCounts {
  const viaWait = isPausedViaWait(metaPaused, lengths.paused);
  return {
    waiting: viaWait ? 0 : lengths.wait,
    paused: viaWait ? lengths.wait : lengths.paused,
    active: lengths.active,
    delayed: lengths.delayed,
    prioritized: lengths.prioritized,
    'waiting-children': lengths.waitingChildren,
    completed: lengths.completed,
    failed: lengths.failed,
    cancelled: 0,
  };
}

/** Same rule as BullMQ's getRateLimitTtl: limited only while the window's count has reached `max`. */
export function rateLimitedForMs(
  max: number | null,
  limiterValue: string | null,
  pttl: number,
): number {
  if (pttl <= 0) return 0;
  if (max === null) return pttl;
  return Number(limiterValue ?? 0) >= max ? pttl : 0;
}

export function toQueue(sourceId: string, prefix: string, facts: QueueFacts): Queue {
  const [paused = null, concurrency = null, max = null, duration = null, version = null] =
    facts.meta;
  const maxJobs = positiveInt(max);
  const durationMs = positiveInt(duration);
  const meta: Record<string, string> = { prefix };
  if (version) meta.version = version;
  return {
    source: sourceId,
    name: facts.name,
    counts: toStateCounts(facts.lengths, paused),
    paused: paused !== null && paused !== '0',
    globalConcurrency: positiveInt(concurrency),
    rateLimit: maxJobs !== null && durationMs !== null ? { max: maxJobs, durationMs } : null,
    rateLimitedForMs: rateLimitedForMs(maxJobs, facts.limiterValue, facts.limiterPttl),
    schedulerCount: facts.schedulerCount,
    workerCount: facts.workerCount,
    meta,
  };
}

// ---------------------------------------------------------------------------------------------
// Job rows

/** The only job-hash fields a list row reads (plus HSTRLEN data). */
export const JOB_ROW_FIELDS = [
  'name',
  'timestamp',
  'processedOn',
  'finishedOn',
  'delay',
  'priority',
  'atm',
  'attemptsMade',
  'ats',
  'opts',
  'progress',
  'failedReason',
] as const;

export type JobFields = Readonly<Record<string, string | undefined>>;

/** HMGET reply aligned with `fields` → record; null when every field is missing (the hash is gone). */
export function fieldsFromHmget(
  fields: readonly string[],
  values: readonly (string | null)[],
): JobFields | null {
  const record: Record<string, string> = {};
  let any = false;
  fields.forEach((field, index) => {
    const value = values[index];
    if (value !== null && value !== undefined) {
      record[field] = value;
      any = true;
    }
  });
  return any ? record : null;
}

export interface JobRowInput {
  queue: string;
  id: string;
  state: JobState;
  nativeState: NativeState;
  fields: JobFields;
  dataBytes: number;
  /** Score in the delayed zset, when the job is there. */
  delayedScore?: number | null;
}

export function toJobRow(input: JobRowInput): JobRow {
  const { fields } = input;
  const createdAt = timestamp(fields.timestamp);
  return {
    id: input.id,
    queue: input.queue,
    name: fields.name ?? '',
    state: input.state,
    nativeState: input.nativeState,
    createdAt,
    processedAt: timestamp(fields.processedOn),
    finishedAt: timestamp(fields.finishedOn),
    runAt: runAt(input.state, input.delayedScore ?? null, createdAt, fields.delay),
    attemptsMade: attemptsMade(fields),
    maxAttempts: maxAttempts(parseOpts(fields.opts)),
    priority: integer(fields.priority),
    progress: parseProgress(fields.progress),
    failedReason: shortReason(fields.failedReason),
    dataBytes: input.dataBytes,
  };
}

function runAt(
  state: JobState,
  delayedScore: number | null,
  createdAt: number | null,
  delay: string | undefined,
) {
  if (state !== 'delayed') return null;
  if (delayedScore !== null && delayedScore > 0)
    return Math.floor(delayedScore / DELAY_SCORE_FACTOR);
  const delayMs = integer(delay);
  return createdAt !== null && delayMs !== null ? createdAt + delayMs : null;
}

export function attemptsMade(fields: JobFields): number {
  // `atm` since v5; `attemptsMade` in hashes written by older versions.
  return Math.max(0, integer(fields.atm) ?? integer(fields.attemptsMade) ?? 0);
}

/** BullMQ treats a missing or 0 `attempts` option as one attempt. */
export function maxAttempts(opts: Record<string, unknown>): number {
  const attempts = opts.attempts;
  return typeof attempts === 'number' && Number.isInteger(attempts) && attempts > 0 ? attempts : 1;
}

export function shortReason(
  reason: string | undefined | null,
  maxChars = SHORT_REASON_CHARS,
): string | null {
  if (!reason) return null;
  return reason.length > maxChars ? `${reason.slice(0, maxChars - 1)}…` : reason;
}

export function parseProgress(text: string | undefined): JobRow['progress'] {
  if (text === undefined) return 0;
  const value = parseJson(text);
  if (value === undefined) return text;
  if (Array.isArray(value)) return text;
  return value as JobRow['progress'];
}

/** BullMQ stores some option names shortened (`fpof`, `de`, ...); the detail shows the long names. */
const SHORT_OPTION_NAMES: Readonly<Record<string, string>> = {
  de: 'deduplication',
  fpof: 'failParentOnFailure',
  cpof: 'continueParentOnFailure',
  idof: 'ignoreDependencyOnFailure',
  kl: 'keepLogs',
  rdof: 'removeDependencyOnFailure',
  tm: 'telemetryMetadata',
  omc: 'telemetryOmitContext',
};

export function parseOpts(text: string | undefined): Record<string, unknown> {
  const value = text === undefined ? undefined : parseJson(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const opts: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(value)) opts[SHORT_OPTION_NAMES[key] ?? key] = option;
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Small parsers

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function integer(text: string | undefined | null): number | null {
  if (text === undefined || text === null || text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? Math.trunc(value) : null;
}

export function positiveInt(text: string | null | undefined): number | null {
  const value = integer(text);
  return value !== null && value > 0 ? value : null;
}

function timestamp(text: string | undefined): number | null {
  const value = integer(text);
  return value !== null && value > 0 ? value : null;
}
