/** Queue limits (global rate limit and concurrency) and job schedulers, through BullMQ's Queue. */
import 'server-only';
import type { JobsOptions, RepeatOptions } from 'bullmq';
import type { JobActionResult, RateLimit, Schedule, SchedulerSpec } from '../types';
import type { ActionContext } from './actions-support';
import { bullmqCall, enqueue, queueExists } from './actions-support';
import { queueKeys, schedulerKey } from './keys';
import { positiveInt } from './map';
import { checkSchedulerSpec } from './scheduler-check';
import { toSchedule } from './schedules';

async function readLimits(ctx: ActionContext, queue: string) {
  const [max, duration, concurrency] = await bullmqCall(ctx, () =>
    ctx.redis.hmget(queueKeys(ctx.prefix, queue).meta, 'max', 'duration', 'concurrency'),
  );
  const maxJobs = positiveInt(max);
  const durationMs = positiveInt(duration);
  const rateLimit: RateLimit | null =
    maxJobs !== null && durationMs !== null ? { max: maxJobs, durationMs } : null;
  return { rateLimit, globalConcurrency: positiveInt(concurrency) };
}

export async function setRateLimit(
  ctx: ActionContext,
  queue: string,
  limit: RateLimit | null,
): Promise<{ rateLimit: RateLimit | null; rateLimitedForMs: number } | null> {
  if (!(await queueExists(ctx, queue))) return null;
  const bull = ctx.bullQueue(queue);
  await bullmqCall(ctx, () =>
    limit ? bull.setGlobalRateLimit(limit.max, limit.durationMs) : bull.removeGlobalRateLimit(),
  );
  const { rateLimit } = await readLimits(ctx, queue);
  const ttl = await bullmqCall(ctx, () => bull.getRateLimitTtl());
  return { rateLimit, rateLimitedForMs: Math.max(0, ttl) };
}

export async function setConcurrency(
  ctx: ActionContext,
  queue: string,
  concurrency: number | null,
): Promise<{ globalConcurrency: number | null } | null> {
  if (!(await queueExists(ctx, queue))) return null;
  const bull = ctx.bullQueue(queue);
  await bullmqCall(ctx, () =>
    concurrency === null ? bull.removeGlobalConcurrency() : bull.setGlobalConcurrency(concurrency),
  );
  const { globalConcurrency } = await readLimits(ctx, queue);
  return { globalConcurrency };
}

async function readSchedule(
  ctx: ActionContext,
  queue: string,
  id: string,
): Promise<Schedule | null> {
  const [hash, next] = await Promise.all([
    bullmqCall(ctx, () => ctx.redis.hgetall(schedulerKey(ctx.prefix, queue, id))),
    bullmqCall(ctx, () => ctx.redis.zscore(queueKeys(ctx.prefix, queue).repeat, id)),
  ]);
  if (next === null && Object.keys(hash).length === 0) return null;
  return toSchedule(queue, id, next === null ? null : Number(next), hash);
}

export async function upsertScheduler(
  ctx: ActionContext,
  queue: string,
  id: string,
  spec: SchedulerSpec,
): Promise<Schedule | null> {
  checkSchedulerSpec(spec, Date.now());
  if (!(await queueExists(ctx, queue))) return null;
  const repeat: Omit<RepeatOptions, 'key'> = {
    ...(spec.pattern !== undefined ? { pattern: spec.pattern } : {}),
    ...(spec.everyMs !== undefined ? { every: spec.everyMs } : {}),
    ...(spec.tz !== undefined ? { tz: spec.tz } : {}),
    ...(spec.limit !== undefined ? { limit: spec.limit } : {}),
    ...(spec.startDate !== undefined ? { startDate: spec.startDate } : {}),
    ...(spec.endDate !== undefined ? { endDate: spec.endDate } : {}),
    ...(spec.immediately !== undefined ? { immediately: spec.immediately } : {}),
  };
  await bullmqCall(ctx, () =>
    ctx.bullQueue(queue).upsertJobScheduler(id, repeat, {
      name: spec.template.name,
      data: spec.template.data,
      opts: spec.template.opts as Omit<JobsOptions, 'jobId' | 'repeat' | 'delay'>,
    }),
  );
  return readSchedule(ctx, queue, id);
}

export async function removeScheduler(
  ctx: ActionContext,
  queue: string,
  id: string,
): Promise<boolean | null> {
  if (!(await queueExists(ctx, queue))) return null;
  return bullmqCall(ctx, () => ctx.bullQueue(queue).removeJobScheduler(id));
}

/** Run a scheduler's job now, once, outside its schedule: a plain job from its template. */
export async function runScheduler(
  ctx: ActionContext,
  queue: string,
  id: string,
): Promise<JobActionResult | null> {
  if (!(await queueExists(ctx, queue))) return null;
  const scheduler = await bullmqCall(ctx, () => ctx.bullQueue(queue).getJobScheduler(id));
  if (!scheduler) return null;
  const template = scheduler.template ?? {};
  return enqueue(ctx, queue, {
    name: scheduler.name,
    data: template.data ?? {},
    opts: { ...template.opts },
  });
}
