/** BullMQ's Redis key names (identical in v5 and v6) and the parsing of keys back into names. */

export interface QueueKeys {
  meta: string;
  wait: string;
  /** v5 only: `wait` is RENAMEd here while the queue is paused. */
  paused: string;
  active: string;
  delayed: string;
  prioritized: string;
  waitingChildren: string;
  completed: string;
  failed: string;
  limiter: string;
  /** Job schedulers: zset member = scheduler id, score = next run (ms). */
  repeat: string;
  metricsCompleted: string;
  metricsFailed: string;
}

export function queueKeys(prefix: string, queue: string): QueueKeys {
  const base = `${prefix}:${queue}`;
  return {
    meta: `${base}:meta`,
    wait: `${base}:wait`,
    paused: `${base}:paused`,
    active: `${base}:active`,
    delayed: `${base}:delayed`,
    prioritized: `${base}:prioritized`,
    waitingChildren: `${base}:waiting-children`,
    completed: `${base}:completed`,
    failed: `${base}:failed`,
    limiter: `${base}:limiter`,
    repeat: `${base}:repeat`,
    metricsCompleted: `${base}:metrics:completed`,
    metricsFailed: `${base}:metrics:failed`,
  };
}

export interface JobKeys {
  hash: string;
  logs: string;
  /** Flow parent: children not finished yet (set of child job keys). */
  dependencies: string;
  /** Flow parent: completed children (hash child key → return value). */
  processed: string;
  /** Flow parent: failed children whose failure was ignored (hash child key → reason, v5.50+). */
  ignoredFailures: string;
  /** Flow parent: failed children (zset of child keys, failParentOnFailure / continueParentOnFailure). */
  unsuccessful: string;
}

export function jobKeys(prefix: string, queue: string, id: string): JobKeys {
  const hash = `${prefix}:${queue}:${id}`;
  return {
    hash,
    logs: `${hash}:logs`,
    dependencies: `${hash}:dependencies`,
    processed: `${hash}:processed`,
    ignoredFailures: `${hash}:failed`,
    unsuccessful: `${hash}:unsuccessful`,
  };
}

export function schedulerKey(prefix: string, queue: string, schedulerId: string): string {
  return `${prefix}:${queue}:repeat:${schedulerId}`;
}

/** Metrics data points list beside the `metrics:<type>` hash. */
export function metricsDataKey(metricsKey: string): string {
  return `${metricsKey}:data`;
}

/** Escape Redis glob metacharacters so a prefix like `app[1]` matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

/** SCAN MATCH pattern for every queue's meta hash under `prefix`. */
export function metaScanPattern(prefix: string): string {
  return `${escapeGlob(prefix)}:*:meta`;
}

/**
 * `<prefix>:<queue>:meta` → `<queue>`, or null when the key is not one. Strips the known prefix and
 * suffix rather than splitting on ':', so queue names that contain ':' survive.
 */
export function queueNameFromMetaKey(prefix: string, key: string): string | null {
  const head = `${prefix}:`;
  const tail = ':meta';
  if (!key.startsWith(head) || !key.endsWith(tail) || key.length <= head.length + tail.length)
    return null;
  return key.slice(head.length, key.length - tail.length);
}

/**
 * A job key `<prefix>:<queue>:<id>` (as stored in parentKey and flow dependency sets) → its queue and
 * id. Both queue names (legacy) and ids (`repeat:<scheduler>:<ms>`) may contain ':', so the longest
 * known queue name wins; unknown queues fall back to the first ':' (BullMQ forbids ':' in new names).
 */
export function parseJobKey(
  prefix: string,
  key: string,
  knownQueues: readonly string[],
): { queue: string; id: string } | null {
  const head = `${prefix}:`;
  if (!key.startsWith(head)) return null;
  const rest = key.slice(head.length);
  let best: string | null = null;
  for (const queue of knownQueues) {
    if (
      rest.length > queue.length + 1 &&
      rest.startsWith(`${queue}:`) &&
      (best === null || queue.length > best.length)
    ) {
      best = queue;
    }
  }
  if (best !== null) return { queue: best, id: rest.slice(best.length + 1) };
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return null;
  return { queue: rest.slice(0, colon), id: rest.slice(colon + 1) };
}

/** `<prefix>:<queue>` (the `queueKey` in a job's `parent` JSON) → `<queue>`. */
export function queueNameFromQueueKey(prefix: string, queueKey: string): string | null {
  const head = `${prefix}:`;
  return queueKey.startsWith(head) && queueKey.length > head.length
    ? queueKey.slice(head.length)
    : null;
}
