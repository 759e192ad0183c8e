/**
 * What every BullMQ action shares: the dedicated connection BullMQ's own Queue objects run on, the
 * queue-exists check, reading where a job is now, and turning BullMQ's errors into the adapter's.
 */
import 'server-only';
import { Job, Queue as BullQueue } from 'bullmq';
import type { JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { ConflictError, SourceUnavailableError } from '../errors';
import type { JobActionResult, JobRef, JobState, NewJob } from '../types';
import { isLifo } from './actions-map';
import { jobKeys, queueKeys } from './keys';
import { stateFromProbe } from './map-detail';
import { probeSlots, readProbe } from './job-probes';
import type { ReadContext } from './queue-reads';
import { isKnownQueue } from './queue-reads';

export interface ActionContext extends ReadContext {
  /** BullMQ's Queue for `name`, on the dedicated actions connection (cached). */
  bullQueue(name: string): BullQueue;
  /** The dedicated connection itself (for the few commands BullMQ has no method for). */
  redis: Redis;
  /** A fresh connection for one blocking command (BLPOP); the caller quits it. */
  blockingConnection(): Redis;
}

/** BullMQ's ErrorCode values (bullmq/enums/error-code), as its scripts return them. */
const BULLMQ_JOB_NOT_EXIST = -1;
const BULLMQ_JOB_NOT_IN_STATE = -3;

export interface ActionConnectionOptions {
  sourceId: string;
  url: string;
  prefix: string;
  /** Per-command deadline, ms. Bulk chunks are bounded, so they fit in it. */
  commandTimeoutMs?: number;
}

/** One connection per source for all mutations, so reads never queue behind a bulk chunk. */
export function createActionConnection(options: ActionConnectionOptions) {
  const redis = new Redis(options.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: options.commandTimeoutMs ?? 30_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    // Not `<prefix>:<base64(queue)>`, so BullMQ's worker listing never counts the dashboard.
    connectionName: `yardmaster:${options.sourceId}:actions`,
  });
  redis.on('error', () => {
    // ioredis reconnects by itself; a failing command surfaces as SourceUnavailableError.
  });
  const queues = new Map<string, BullQueue>();
  const bullQueue = (name: string): BullQueue => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new BullQueue(name, { connection: redis, prefix: options.prefix });
      queue.on('error', () => {
        // Surfaced by the failing call itself.
      });
      queues.set(name, queue);
    }
    return queue;
  };
  return {
    redis,
    bullQueue,
    blockingConnection: () => redis.duplicate({ commandTimeout: undefined }),
    async close() {
      await Promise.allSettled([...queues.values()].map((queue) => queue.close()));
      queues.clear();
      // Never used: nothing to say goodbye to (quit would wait for a connection first).
      if (redis.status === 'wait') redis.disconnect();
      else await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Whether `queue` exists in this source (one round trip). */
export async function queueExists(ctx: ActionContext, queue: string): Promise<boolean> {
  if (ctx.discovery.excludes(queue)) return false;
  const batch = ctx.client.batch();
  const exists = batch.exists(queueKeys(ctx.prefix, queue).meta);
  const replies = await ctx.client.exec(batch);
  return isKnownQueue(ctx, queue, replies.get(exists));
}

export interface JobWhereabouts {
  state: JobState;
  nativeState: string;
  /** A worker holds the job's lock (`<job>:lock` exists). */
  locked: boolean;
  /** Small fields needed by some actions. */
  lifo: boolean;
}

/** Where a job is now, or null when its hash is gone (one round trip). */
export async function whereIs(
  ctx: ActionContext,
  queue: string,
  id: string,
): Promise<JobWhereabouts | null> {
  const keys = jobKeys(ctx.prefix, queue, id);
  const batch = ctx.client.batch();
  const exists = batch.exists(keys.hash);
  const fields = batch.hmget(keys.hash, ['finishedOn', 'failedReason', 'processedOn', 'opts']);
  const lock = batch.exists(`${keys.hash}:lock`);
  const probe = probeSlots(batch, ctx.prefix, queue, id);
  const replies = await ctx.client.exec(batch);
  if (!replies.get(exists)) return null;
  const [finishedOn, failedReason, processedOn, opts] = replies.get(fields);
  const resolved = stateFromProbe(readProbe(replies, probe), {
    ...(finishedOn !== null ? { finishedOn } : {}),
    ...(failedReason !== null ? { failedReason } : {}),
    ...(processedOn !== null ? { processedOn } : {}),
  });
  return {
    state: resolved.state,
    nativeState: resolved.nativeState,
    locked: replies.get(lock),
    lifo: isLifo(opts ?? undefined),
  };
}

/** The job's result after an action: where it is now (null state once gone). */
export async function resultOf(
  ctx: ActionContext,
  ref: JobRef,
  from: JobRef | null = null,
): Promise<JobActionResult> {
  const now = await whereIs(ctx, ref.queue, ref.id);
  return {
    job: ref,
    state: now?.state ?? null,
    nativeState: now?.nativeState ?? null,
    from,
  };
}

/** Add a job with BullMQ's Queue.add and answer where it is now (made `from` another job, if any). */
export async function enqueue(
  ctx: ActionContext,
  queue: string,
  job: NewJob,
  from: JobRef | null = null,
): Promise<JobActionResult> {
  const added = await bullmqCall(ctx, () =>
    ctx.bullQueue(queue).add(job.name, job.data, job.opts as JobsOptions),
  );
  return resultOf(ctx, { queue, id: String(added.id) }, from);
}

/** 409 naming the state the job is in. */
export function wrongState(
  ref: JobRef,
  action: string,
  current: { state: JobState; nativeState: string },
  expected: readonly string[],
): ConflictError {
  return new ConflictError(
    `cannot ${action} job "${ref.id}": it is ${current.state}` +
      (expected.length ? ` (${action} needs ${expected.join(' or ')})` : ''),
    'conflict',
    { state: current.state, nativeState: current.nativeState, expected: [...expected], job: ref },
  );
}

/** A minimal BullMQ Job handle (no HGETALL of a possibly huge payload) for id-only operations. */
export function jobHandle(ctx: ActionContext, queue: string, id: string, lifo = false): Job {
  return new Job(ctx.bullQueue(queue), '', {}, lifo ? { lifo } : {}, id);
}

function bullmqCode(error: unknown): number | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : null;
}

const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|Connection is closed|Stream isn't writeable|max retries|Command timed out|connect/i;

/**
 * Run one BullMQ call. Its "not in state" error becomes a 409 naming the state the job is in now
 * (another actor may have moved it between our check and the atomic call); connection failures
 * become SourceUnavailableError; anything else is rethrown as the bug it is.
 */
export async function bullmqCall<T>(
  ctx: ActionContext,
  work: () => Promise<T>,
  onNotInState?: () => Promise<Error>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw await translate(ctx, error, onNotInState);
  }
}

async function translate(
  ctx: ActionContext,
  error: unknown,
  onNotInState?: () => Promise<Error>,
): Promise<unknown> {
  if (error instanceof ConflictError || error instanceof SourceUnavailableError) return error;
  const code = bullmqCode(error);
  if ((code === BULLMQ_JOB_NOT_IN_STATE || code === BULLMQ_JOB_NOT_EXIST) && onNotInState) {
    return onNotInState();
  }
  const message = error instanceof Error ? error.message : String(error);
  if (
    CONNECTION_ERROR.test(message) ||
    (error instanceof Error && error.name === 'MaxRetriesPerRequestError')
  ) {
    return new SourceUnavailableError(ctx.sourceId, error);
  }
  return error;
}
