/** Raw job hash + state membership → job detail: states, payloads, flow parent (pure). */
import type { JobDetail, JobRef, JobState, Payload } from '../types';
import { INLINE_PAYLOAD_LIMIT_BYTES } from '../types';
import { parseJobKey, queueNameFromQueueKey } from './keys';
import type { JobFields, NativeState } from './map';
import { isPausedViaWait, parseJson, parseOpts, toJobRow } from './map';
import { toAttempts } from './timeline';

/** Membership of one job id in each state key, read in the same pipeline as the job hash. */
export interface StateProbe {
  completed: number | null;
  failed: number | null;
  delayed: number | null;
  prioritized: number | null;
  waitingChildren: number | null;
  wait: number | null;
  active: number | null;
  paused: number | null;
  metaPaused: string | null;
  pausedListLength: number;
}

export interface ResolvedState {
  state: JobState;
  nativeState: NativeState;
  delayedScore: number | null;
}

/** Where the job sits, in BullMQ's getState order; a hash in no state key is inferred from its fields. */
export function stateFromProbe(probe: StateProbe, fields: JobFields): ResolvedState {
  const resolved = (
    state: JobState,
    nativeState: NativeState = state as NativeState,
  ): ResolvedState => ({
    state,
    nativeState,
    delayedScore: probe.delayed,
  });
  if (probe.completed !== null) return resolved('completed');
  if (probe.failed !== null) return resolved('failed');
  if (probe.delayed !== null) return resolved('delayed');
  if (probe.active !== null) return resolved('active');
  if (probe.wait !== null) {
    return resolved(
      isPausedViaWait(probe.metaPaused, probe.pausedListLength) ? 'paused' : 'waiting',
      'waiting',
    );
  }
  if (probe.paused !== null) return resolved('paused');
  if (probe.waitingChildren !== null) return resolved('waiting-children');
  if (probe.prioritized !== null) return resolved('prioritized');
  // Between two Lua scripts, or orphaned: the best guess from the hash itself.
  const guess: JobState = fields.finishedOn
    ? fields.failedReason
      ? 'failed'
      : 'completed'
    : fields.processedOn
      ? 'active'
      : 'waiting';
  return { state: guess, nativeState: 'unknown', delayedScore: null };
}

/** Largest valid UTF-8 prefix of `text` that fits in `limitBytes`. */
export function cutUtf8(text: string, limitBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limitBytes) return text;
  let end = limitBytes;
  // Step back off continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

export function toPayload(
  text: string | undefined | null,
  limitBytes = INLINE_PAYLOAD_LIMIT_BYTES,
): Payload {
  if (text === undefined || text === null)
    return { json: null, text: null, bytes: 0, truncated: false };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limitBytes)
    return { json: null, text: cutUtf8(text, limitBytes), bytes, truncated: true };
  const json = parseJson(text);
  return { json: json === undefined ? null : json, text, bytes, truncated: false };
}

export function parseStacktrace(text: string | undefined): string[] {
  if (!text) return [];
  const value = parseJson(text);
  if (Array.isArray(value)) return value.filter((line): line is string => typeof line === 'string');
  return [text];
}

/** `parentKey` (`<prefix>:<queue>:<id>`) or, failing that, the `parent` JSON `{id, queueKey}`. */
export function parentRef(
  prefix: string,
  fields: JobFields,
  knownQueues: readonly string[],
): JobRef | null {
  if (fields.parentKey) {
    const parsed = parseJobKey(prefix, fields.parentKey, knownQueues);
    if (parsed) return parsed;
  }
  const parent = fields.parent ? parseJson(fields.parent) : undefined;
  if (typeof parent === 'object' && parent !== null) {
    const { id, queueKey } = parent as { id?: unknown; queueKey?: unknown };
    const queue = typeof queueKey === 'string' ? queueNameFromQueueKey(prefix, queueKey) : null;
    if (typeof id === 'string' && queue) return { queue, id };
  }
  return null;
}

/** Hash fields with their own place in the detail; everything else goes to `raw`. */
const PAYLOAD_FIELDS = new Set(['data', 'returnvalue', 'stacktrace', 'opts']);
const RAW_FIELD_CHARS = 1_024;

export interface JobDetailInput {
  queue: string;
  id: string;
  hash: JobFields;
  state: ResolvedState;
  logCount: number;
  parent: JobRef | null;
  children: JobDetail['children'];
  blockedBy: JobDetail['blockedBy'];
}

export function toJobDetail(input: JobDetailInput): JobDetail {
  const { hash, state } = input;
  const row = toJobRow({
    queue: input.queue,
    id: input.id,
    state: state.state,
    nativeState: state.nativeState,
    fields: hash,
    dataBytes: Buffer.byteLength(hash.data ?? '', 'utf8'),
    delayedScore: state.delayedScore,
  });
  const stacktrace = parseStacktrace(hash.stacktrace);
  const raw: Record<string, string> = {};
  for (const [field, value] of Object.entries(hash)) {
    if (value !== undefined && !PAYLOAD_FIELDS.has(field))
      raw[field] = value.slice(0, RAW_FIELD_CHARS);
  }
  return {
    ...row,
    // The detail shows the whole reason; only list rows are cut.
    failedReason: hash.failedReason || null,
    data: toPayload(hash.data),
    opts: parseOpts(hash.opts),
    returnValue: toPayload(hash.returnvalue),
    stacktrace,
    logCount: input.logCount,
    parent: input.parent,
    children: input.children,
    attempts: toAttempts({ state: state.state, fields: hash, stacktrace }),
    // `pb`: the Worker's `name`, written by moveToActive (BullMQ 5.x+); absent for unnamed workers.
    processedBy: hash.pb || null,
    blockedBy: input.blockedBy,
    raw,
  };
}
