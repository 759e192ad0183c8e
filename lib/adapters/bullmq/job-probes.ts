/** Commands that find where a job is and which flow children it has, queued into a caller's pipeline. */
import 'server-only';
import type { JobRef, JobState } from '../types';
import type { Batch, Replies, Slot } from './client';
import { jobKeys, parseJobKey, queueKeys } from './keys';
import type { StateProbe } from './map-detail';

export interface ProbeSlots {
  completed: Slot<number | null>;
  failed: Slot<number | null>;
  delayed: Slot<number | null>;
  prioritized: Slot<number | null>;
  waitingChildren: Slot<number | null>;
  wait: Slot<number | null>;
  active: Slot<number | null>;
  paused: Slot<number | null>;
  metaPaused: Slot<string | null>;
  pausedListLength: Slot<number>;
}

/** Where a job is, by membership (what BullMQ's getState checks), queued into an existing pipeline. */
export function probeSlots(batch: Batch, prefix: string, queue: string, id: string): ProbeSlots {
  const keys = queueKeys(prefix, queue);
  return {
    completed: batch.zscore(keys.completed, id),
    failed: batch.zscore(keys.failed, id),
    delayed: batch.zscore(keys.delayed, id),
    prioritized: batch.zscore(keys.prioritized, id),
    waitingChildren: batch.zscore(keys.waitingChildren, id),
    wait: batch.lpos(keys.wait, id),
    active: batch.lpos(keys.active, id),
    paused: batch.lpos(keys.paused, id),
    metaPaused: batch.hget(keys.meta, 'paused'),
    pausedListLength: batch.llen(keys.paused),
  };
}

export function readProbe(replies: Replies, slots: ProbeSlots): StateProbe {
  return {
    completed: replies.get(slots.completed),
    failed: replies.get(slots.failed),
    delayed: replies.get(slots.delayed),
    prioritized: replies.get(slots.prioritized),
    waitingChildren: replies.get(slots.waitingChildren),
    wait: replies.get(slots.wait),
    active: replies.get(slots.active),
    paused: replies.get(slots.paused),
    metaPaused: replies.get(slots.metaPaused),
    pausedListLength: replies.get(slots.pausedListLength),
  };
}

export interface ChildKeySlots {
  unfinished: Slot<string[]>;
  processed: Slot<string[]>;
  ignoredFailures: Slot<string[]>;
  unsuccessful: Slot<string[]>;
}

/** A flow parent's children, by the keys BullMQ moves them through (v5.50+/v6 names; absent = empty). */
export function childKeySlots(
  batch: Batch,
  prefix: string,
  queue: string,
  id: string,
): ChildKeySlots {
  const keys = jobKeys(prefix, queue, id);
  return {
    unfinished: batch.smembers(keys.dependencies),
    processed: batch.hkeys(keys.processed),
    ignoredFailures: batch.hkeys(keys.ignoredFailures),
    unsuccessful: batch.zrange(keys.unsuccessful, 0, -1),
  };
}

export type ChildRef = JobRef & { state: JobState | null };

export function readChildren(
  replies: Replies,
  slots: ChildKeySlots,
  prefix: string,
  knownQueues: readonly string[],
): ChildRef[] {
  const children = new Map<string, ChildRef>();
  const add = (keys: string[], state: JobState | null) => {
    for (const key of keys) {
      const ref = parseJobKey(prefix, key, knownQueues);
      if (ref && !children.has(key)) children.set(key, { ...ref, state });
    }
  };
  add(replies.get(slots.processed), 'completed');
  add(replies.get(slots.ignoredFailures), 'failed');
  add(replies.get(slots.unsuccessful), 'failed');
  add(replies.get(slots.unfinished), null);
  return [...children.values()];
}
