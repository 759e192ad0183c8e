/**
 * Pure mapping of BullMQ's `<prefix>:<queue>:events` stream entries (as XREAD answers them) to what
 * a live upstream reports: job steps, queue changes, or nothing (bookkeeping events).
 */
import type { JobState, LiveJobEvent, LiveQueueChange } from '../types';
import { jobStates } from '../types';
import { parseProgress, shortReason } from './map';

export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

/** XREAD's reply (null on timeout) → entries per stream key. The parse boundary for that reply. */
export function parseXreadReply(raw: unknown): Map<string, StreamEntry[]> {
  const out = new Map<string, StreamEntry[]>();
  if (raw === null || raw === undefined) return out;
  if (!Array.isArray(raw)) throw new TypeError('unexpected XREAD reply');
  for (const stream of raw) {
    if (!Array.isArray(stream) || stream.length !== 2 || !Array.isArray(stream[1]))
      throw new TypeError('unexpected XREAD stream');
    const key = text(stream[0]);
    const entries: StreamEntry[] = [];
    for (const entry of stream[1] as unknown[]) {
      if (!Array.isArray(entry) || entry.length !== 2) throw new TypeError('unexpected stream entry');
      const flat = Array.isArray(entry[1]) ? (entry[1] as unknown[]) : [];
      const fields: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) fields[text(flat[i])] = text(flat[i + 1]);
      entries.push({ id: text(entry[0]), fields });
    }
    out.set(key, entries);
  }
  return out;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  throw new TypeError('unexpected non-string in XREAD reply');
}

/** The ms part of a stream id: when Redis appended the entry. */
export function streamIdTime(id: string): number | null {
  const ms = Number(id.split('-')[0]);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** BullMQ's names for where a job was (`prev`) → normalised states. */
function stateOfNative(name: string | undefined): JobState | null {
  if (!name) return null;
  if (name === 'wait') return 'waiting';
  return (jobStates as readonly string[]).includes(name) ? (name as JobState) : null;
}

/** Event → (state now, lists it entered besides that state's own). */
const JOB_STEPS: Record<string, { state: JobState | null; touched: JobState[] }> = {
  // Prioritized jobs announce `waiting` too: both lists may have grown.
  waiting: { state: 'waiting', touched: ['waiting', 'prioritized'] },
  active: { state: 'active', touched: ['active', 'waiting', 'prioritized'] },
  completed: { state: 'completed', touched: ['active', 'completed'] },
  failed: { state: 'failed', touched: ['active', 'failed'] },
  // A failed attempt with backoff goes from active to delayed without a `prev` field.
  delayed: { state: 'delayed', touched: ['delayed', 'active'] },
  'waiting-children': { state: 'waiting-children', touched: ['waiting-children', 'active'] },
  stalled: { state: 'waiting', touched: ['active', 'waiting'] },
  removed: { state: null, touched: [] },
  progress: { state: null, touched: [] },
  added: { state: null, touched: [] },
  'retries-exhausted': { state: null, touched: [] },
};

const QUEUE_CHANGES = new Set<LiveQueueChange['change']>(['paused', 'resumed', 'cleaned', 'drained']);

export type MappedEntry =
  | { kind: 'job'; event: LiveJobEvent }
  | { kind: 'queue'; change: LiveQueueChange }
  | { kind: 'other' };

export function toLiveEntry(queue: string, entry: StreamEntry): MappedEntry {
  const name = entry.fields.event ?? '';
  if (QUEUE_CHANGES.has(name as LiveQueueChange['change']))
    return { kind: 'queue', change: { queue, change: name as LiveQueueChange['change'] } };
  const step = JOB_STEPS[name];
  const id = entry.fields.jobId;
  if (!step || !id) return { kind: 'other' };
  const touched = new Set(step.touched);
  const prev = stateOfNative(entry.fields.prev);
  if (prev) touched.add(prev);
  // A removal without `prev` could have come from any list.
  if (name === 'removed' && !prev) for (const state of jobStates) touched.add(state);
  const event: LiveJobEvent = {
    queue,
    id,
    event: name,
    state: step.state,
    touched: [...touched],
    at: streamIdTime(entry.id),
  };
  if (name === 'progress') event.progress = parseProgress(entry.fields.data);
  if (name === 'failed') event.failedReason = shortReason(entry.fields.failedReason ?? null);
  return { kind: 'job', event };
}
