/**
 * Queue-wide BullMQ actions. Each runs BullMQ's own atomic scripts in bounded chunks (never a whole
 * state in memory, here or in one Lua call) and reports how many jobs it touched.
 */
import 'server-only';
import { ConflictError } from '../errors';
import type { BulkResult, JobState, cleanableStates } from '../types';
import type { ActionContext } from './actions-support';
import { bullmqCall, queueExists } from './actions-support';
import { queueKeys } from './keys';

/** Jobs moved per script call: small enough that Redis stays responsive between chunks. */
export const BULK_CHUNK = 1_000;
/** BullMQ's own ceiling for one clean call. */
export const CLEAN_CHUNK = 10_000;

type CleanableState = (typeof cleanableStates)[number];
/** BullMQ's clean() type for each state the API lets a clean name (no more, no fewer). */
const CLEAN_TYPE = {
  completed: 'completed',
  failed: 'failed',
  delayed: 'delayed',
  waiting: 'wait',
  prioritized: 'prioritized',
  paused: 'paused',
} as const satisfies Record<CleanableState, string>;

export async function setPaused(
  ctx: ActionContext,
  queue: string,
  paused: boolean,
): Promise<boolean | null> {
  if (!(await queueExists(ctx, queue))) return null;
  const bull = ctx.bullQueue(queue);
  await bullmqCall(ctx, () => (paused ? bull.pause() : bull.resume()));
  return bullmqCall(ctx, () => bull.isPaused());
}

export async function setAllPaused(ctx: ActionContext, paused: boolean): Promise<string[]> {
  const names = await ctx.discovery.queues();
  // One queue after another: pause is one small script each, and order keeps the report simple.
  for (const name of names) {
    const bull = ctx.bullQueue(name);
    await bullmqCall(ctx, () => (paused ? bull.pause() : bull.resume()));
  }
  return names;
}

/** ZCOUNT of a finished state up to `before` (score = finishedOn). */
async function countFinishedBefore(
  ctx: ActionContext,
  key: string,
  before: number,
): Promise<number> {
  return bullmqCall(ctx, () => ctx.redis.zcount(key, 0, before));
}

export async function retryAll(
  ctx: ActionContext,
  queue: string,
  options: { state: 'failed' | 'completed'; before: number },
): Promise<BulkResult | null> {
  if (!(await queueExists(ctx, queue))) return null;
  const key = queueKeys(ctx.prefix, queue)[options.state];
  const bull = ctx.bullQueue(queue);
  const initially = await countFinishedBefore(ctx, key, options.before);
  let chunks = 0;
  // The chunk that queue.retryJobs loops over, called here so the loop is ours to count. Jobs that
  // finish again during the run score after `before` and are not picked up twice.
  for (;;) {
    const more = await bullmqCall(ctx, () =>
      bull.backend.retryFinishedJobs(options.state, BULK_CHUNK, options.before),
    );
    chunks += 1;
    if (!more) break;
  }
  const remaining = await countFinishedBefore(ctx, key, options.before);
  return { state: options.state, touched: Math.max(0, initially - remaining), chunks };
}

export async function promoteAll(ctx: ActionContext, queue: string): Promise<BulkResult | null> {
  if (!(await queueExists(ctx, queue))) return null;
  const key = queueKeys(ctx.prefix, queue).delayed;
  const bull = ctx.bullQueue(queue);
  const initially = await bullmqCall(ctx, () => ctx.redis.zcard(key));
  let chunks = 0;
  for (;;) {
    const more = await bullmqCall(ctx, () => bull.backend.promoteJobs(BULK_CHUNK));
    chunks += 1;
    if (!more) break;
  }
  const remaining = await bullmqCall(ctx, () => ctx.redis.zcard(key));
  return { state: 'delayed', touched: Math.max(0, initially - remaining), chunks };
}

export function isCleanable(state: JobState): state is CleanableState {
  return state in CLEAN_TYPE;
}

export async function clean(
  ctx: ActionContext,
  queue: string,
  options: { state: JobState; graceMs: number; limit?: number },
): Promise<BulkResult | null> {
  if (!isCleanable(options.state)) {
    throw new ConflictError(`cannot clean ${options.state} jobs`, 'unsupported', {
      state: options.state,
    });
  }
  if (!(await queueExists(ctx, queue))) return null;
  const type = CLEAN_TYPE[options.state];
  const bull = ctx.bullQueue(queue);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let touched = 0;
  let chunks = 0;
  while (touched < limit) {
    const size = Math.min(CLEAN_CHUNK, limit - touched);
    // One clean call per chunk: clean() with a limit makes one script call and answers its ids,
    // which we count and drop (clean() without one would collect every id of the run).
    const ids = await bullmqCall(ctx, () => bull.clean(options.graceMs, size, type));
    chunks += 1;
    touched += ids.length;
    if (ids.length < size) break;
  }
  return { state: options.state, touched, chunks };
}

/** The keys that hold a queue's jobs: lists (LLEN) and sorted sets (ZCARD). */
const JOB_LISTS = ['wait', 'paused', 'active'] as const;
const JOB_ZSETS = ['prioritized', 'delayed', 'waitingChildren', 'completed', 'failed'] as const;
export type JobSetKey = (typeof JOB_LISTS)[number] | (typeof JOB_ZSETS)[number];
const isList = (name: JobSetKey): boolean => (JOB_LISTS as readonly string[]).includes(name);

/** How many jobs each of `names` holds now, in order, in one round trip. */
export async function jobSetSizes(
  ctx: ActionContext,
  queue: string,
  names: readonly JobSetKey[],
): Promise<number[]> {
  const keys = queueKeys(ctx.prefix, queue);
  const batch = ctx.client.batch();
  const slots = names.map((name) =>
    isList(name) ? batch.llen(keys[name]) : batch.zcard(keys[name]),
  );
  const replies = await ctx.client.exec(batch);
  return slots.map((slot) => replies.get(slot));
}

const sum = (sizes: number[]) => sizes.reduce((total, size) => total + size, 0);

async function waitingCount(ctx: ActionContext, queue: string, delayed: boolean) {
  const names: JobSetKey[] = [
    'wait',
    'paused',
    'prioritized',
    ...(delayed ? ['delayed' as const] : []),
  ];
  return sum(await jobSetSizes(ctx, queue, names));
}

export async function drain(
  ctx: ActionContext,
  queue: string,
  options: { delayed: boolean },
): Promise<BulkResult | null> {
  if (!(await queueExists(ctx, queue))) return null;
  const before = await waitingCount(ctx, queue, options.delayed);
  await bullmqCall(ctx, () => ctx.bullQueue(queue).drain(options.delayed));
  const after = await waitingCount(ctx, queue, options.delayed);
  return { state: 'waiting', touched: Math.max(0, before - after), chunks: 1 };
}

/** Every job of the queue, and how many of them are active. */
async function totalJobs(ctx: ActionContext, queue: string) {
  const [active = 0, ...others] = await jobSetSizes(ctx, queue, [
    'active',
    'wait',
    'paused',
    ...JOB_ZSETS,
  ]);
  return { total: active + sum(others), active };
}

export async function obliterate(
  ctx: ActionContext,
  queue: string,
  options: { force: boolean },
): Promise<BulkResult | null> {
  if (!(await queueExists(ctx, queue))) return null;
  const bull = ctx.bullQueue(queue);
  if (!(await bullmqCall(ctx, () => bull.isPaused()))) {
    throw new ConflictError(`cannot obliterate queue "${queue}": pause it first`, 'conflict', {
      paused: false,
    });
  }
  const { total, active } = await totalJobs(ctx, queue);
  if (active > 0 && !options.force) {
    throw new ConflictError(
      `cannot obliterate queue "${queue}": ${active} job(s) are active; pass force to obliterate anyway`,
      'conflict',
      { active },
    );
  }
  let chunks = 0;
  for (;;) {
    const cursor = await bullmqCall(ctx, () =>
      bull.backend
        .obliterate({ force: options.force, count: BULK_CHUNK })
        .catch((error: unknown) => {
          // The script re-checks under its own atomicity: the queue was resumed or a job became active.
          const message = error instanceof Error ? error.message : '';
          if (/^Cannot obliterate/.test(message)) {
            throw new ConflictError(`cannot obliterate queue "${queue}": ${message.toLowerCase()}`);
          }
          throw error;
        }),
    );
    chunks += 1;
    if (!cursor) break;
  }
  return { state: null, touched: total, chunks };
}
