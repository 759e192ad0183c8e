/** Actions on one BullMQ job, each one BullMQ atomic operation guarded by a state check. */
import 'server-only';
import { Job } from 'bullmq';
import { ConflictError } from '../errors';
import type { JobActionResult, JobRef, NewJob } from '../types';
import { duplicateOptions } from './actions-map';
import type { ActionContext, JobWhereabouts } from './actions-support';
import {
  bullmqCall,
  enqueue,
  jobHandle,
  queueExists,
  resultOf,
  whereIs,
  wrongState,
} from './actions-support';
import { parseOpts } from './map';

/** The job and where it is, or null when the queue or the job does not exist. */
async function locate(
  ctx: ActionContext,
  queue: string,
  id: string,
): Promise<{ ref: JobRef; where: JobWhereabouts } | null> {
  const where = await whereIs(ctx, queue, id);
  if (!where) return null;
  if (!(await queueExists(ctx, queue))) return null;
  return { ref: { queue, id }, where };
}

/** A 409 built from where the job is now (after an atomic call refused). */
function refusedNow(ctx: ActionContext, ref: JobRef, action: string, expected: readonly string[]) {
  return async () => {
    const now = await whereIs(ctx, ref.queue, ref.id);
    if (!now)
      return new ConflictError(`cannot ${action} job "${ref.id}": it was removed meanwhile`);
    return wrongState(ref, action, now, expected);
  };
}

export async function retryJob(
  ctx: ActionContext,
  queue: string,
  id: string,
  options: { state?: 'failed' | 'completed'; resetAttempts: boolean },
): Promise<JobActionResult | null> {
  const found = await locate(ctx, queue, id);
  if (!found) return null;
  const { ref, where } = found;
  const finished = ['failed', 'completed'] as const;
  const target = options.state ?? (where.state === 'completed' ? 'completed' : 'failed');
  if (where.state !== target) {
    throw wrongState(ref, 'retry', where, options.state ? [options.state] : finished);
  }
  await bullmqCall(
    ctx,
    () =>
      jobHandle(ctx, queue, id, where.lifo).retry(target, {
        resetAttemptsMade: options.resetAttempts,
        resetAttemptsStarted: options.resetAttempts,
      }),
    refusedNow(ctx, ref, 'retry', [target]),
  );
  return resultOf(ctx, ref);
}

export async function removeJob(
  ctx: ActionContext,
  queue: string,
  id: string,
  options: { removeChildren: boolean },
): Promise<JobActionResult | null> {
  const found = await locate(ctx, queue, id);
  if (!found) return null;
  const { ref, where } = found;
  const lockedError = new ConflictError(
    `cannot remove job "${id}": a worker holds its lock (it is ${where.state}); ` +
      'cancel it first or wait for it to finish',
    'conflict',
    { state: where.state, nativeState: where.nativeState, locked: true, job: ref },
  );
  if (where.locked) throw lockedError;
  // removeJob answers 0 when the job (or one of its children) is locked: never behind a worker's back.
  const removed = await bullmqCall(ctx, () =>
    ctx.bullQueue(queue).remove(id, { removeChildren: options.removeChildren }),
  );
  if (removed !== 1) throw lockedError;
  return { job: ref, state: null, nativeState: null, from: null };
}

export async function promoteJob(
  ctx: ActionContext,
  queue: string,
  id: string,
): Promise<JobActionResult | null> {
  const found = await locate(ctx, queue, id);
  if (!found) return null;
  const { ref, where } = found;
  if (where.state !== 'delayed') throw wrongState(ref, 'promote', where, ['delayed']);
  await bullmqCall(
    ctx,
    () => jobHandle(ctx, queue, id).promote(),
    refusedNow(ctx, ref, 'promote', ['delayed']),
  );
  return resultOf(ctx, ref);
}

export async function duplicateJob(
  ctx: ActionContext,
  queue: string,
  id: string,
): Promise<JobActionResult | null> {
  if (!(await queueExists(ctx, queue))) return null;
  const original = await bullmqCall(ctx, () => Job.fromId(ctx.bullQueue(queue), id));
  if (!original) return null;
  // Job.fromId decodes BullMQ's short option names; parseOpts covers hashes written by other versions.
  const opts = duplicateOptions(parseOpts(JSON.stringify(original.opts)));
  return enqueue(ctx, queue, { name: original.name, data: original.data, opts }, { queue, id });
}

export async function updateJobData(
  ctx: ActionContext,
  queue: string,
  id: string,
  data: unknown,
): Promise<JobActionResult | null> {
  const found = await locate(ctx, queue, id);
  if (!found) return null;
  const { ref } = found;
  await bullmqCall(
    ctx,
    () => jobHandle(ctx, queue, id).updateData(data),
    async () => new ConflictError(`cannot update job "${id}": it was removed meanwhile`),
  );
  return resultOf(ctx, ref);
}

export async function addJob(
  ctx: ActionContext,
  queue: string,
  job: NewJob,
): Promise<JobActionResult | null> {
  if (!(await queueExists(ctx, queue))) return null;
  return enqueue(ctx, queue, job);
}
