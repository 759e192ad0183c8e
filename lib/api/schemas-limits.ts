/**
 * Wire contract of a queue's limits (global rate limit, global concurrency) and job schedulers. Pure
 * module: safe in the browser bundle. Every route here is a mutation (see schemas-actions.ts):
 *
 *   PUT    /sources/{source}/queues/{queue}/rate-limit              RateLimitBody      → RateLimitResponse
 *   DELETE /sources/{source}/queues/{queue}/rate-limit              (no body)          → RateLimitResponse
 *   PUT    /sources/{source}/queues/{queue}/concurrency             ConcurrencyBody    → ConcurrencyResponse
 *   DELETE /sources/{source}/queues/{queue}/concurrency             (no body)          → ConcurrencyResponse
 *   PUT    /sources/{source}/queues/{queue}/schedulers/{scheduler}  SchedulerBody      → SchedulerResponse
 *   DELETE /sources/{source}/queues/{queue}/schedulers/{scheduler}  (no body)          → SchedulerRemovedResponse
 *   POST   /sources/{source}/queues/{queue}/schedulers/{scheduler}/run  EmptyBody      → JobActionResponse
 */
import { z } from 'zod';
import { RateLimit, Schedule } from '@/lib/adapters/types';
import { AddJobOptions, JsonValue } from './schemas-actions';

// ---- limits ---------------------------------------------------------------

export const RateLimitBody = RateLimit.extend({
  max: z.number().int().positive().max(1_000_000),
  durationMs: z.number().int().positive().max(86_400_000),
}).strict();
export type RateLimitBody = z.infer<typeof RateLimitBody>;

export const RateLimitResponse = z.object({
  source: z.string(),
  queue: z.string(),
  rateLimit: RateLimit.nullable(),
  /** Milliseconds until the limiter lets jobs through again; 0 when not limited now. */
  rateLimitedForMs: z.number().int().nonnegative(),
});
export type RateLimitResponse = z.infer<typeof RateLimitResponse>;

export const ConcurrencyBody = z
  .object({ concurrency: z.number().int().positive().max(1_000_000) })
  .strict();
export type ConcurrencyBody = z.infer<typeof ConcurrencyBody>;

export const ConcurrencyResponse = z.object({
  source: z.string(),
  queue: z.string(),
  globalConcurrency: z.number().int().positive().nullable(),
});
export type ConcurrencyResponse = z.infer<typeof ConcurrencyResponse>;

// ---- schedulers -----------------------------------------------------------

/** Path params of a scheduler route. */
export const SchedulerParams = z.object({
  source: z.string().min(1).max(200),
  queue: z.string().min(1).max(1000),
  scheduler: z.string().min(1).max(1000),
});

export const SchedulerBody = z
  .object({
    /** Cron pattern; exactly one of `pattern` and `everyMs`. */
    pattern: z.string().min(1).max(200).optional(),
    everyMs: z.number().int().positive().optional(),
    tz: z.string().min(1).max(100).optional(),
    /** Stop after this many runs. */
    limit: z.number().int().positive().optional(),
    startDate: z.number().int().nonnegative().optional(),
    endDate: z.number().int().nonnegative().optional(),
    /** Run once now as well as on the schedule. */
    immediately: z.boolean().optional(),
    template: z
      .object({
        name: z.string().min(1).max(1000),
        data: JsonValue.default({}),
        opts: AddJobOptions.omit({ jobId: true, delay: true }).default({}),
      })
      .strict(),
  })
  .strict()
  .refine((body) => (body.pattern === undefined) !== (body.everyMs === undefined), {
    message: 'give exactly one of pattern and everyMs',
    path: ['pattern'],
  });
export type SchedulerBody = z.infer<typeof SchedulerBody>;

export const SchedulerResponse = z.object({ schedule: Schedule });
export type SchedulerResponse = z.infer<typeof SchedulerResponse>;

export const SchedulerRemovedResponse = z.object({
  source: z.string(),
  queue: z.string(),
  id: z.string(),
  removed: z.boolean(),
});
export type SchedulerRemovedResponse = z.infer<typeof SchedulerRemovedResponse>;
