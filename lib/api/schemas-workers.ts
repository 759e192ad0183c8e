/**
 * Wire contract of worker detail, worker controls, task-type limits and broker purge (Celery's
 * remote control over the pidbox; issue 8). Pure module: safe in the browser bundle. Every mutation
 * follows schemas-actions.ts (JSON body, Idempotency-Key, audit, 403 read-only, 409 unsupported):
 *
 *   GET    /sources/{source}/workers/{worker}?timeoutMs=                       → WorkerDetailResponse
 *   POST   /sources/{source}/workers/{worker}/pool/grow     PoolBody           → WorkerControlResponse
 *   POST   /sources/{source}/workers/{worker}/pool/shrink   PoolBody           → WorkerControlResponse
 *   PUT    /sources/{source}/workers/{worker}/autoscale     AutoscaleBody      → WorkerControlResponse
 *   POST   /sources/{source}/workers/{worker}/consumers     ConsumerBody       → WorkerControlResponse
 *   DELETE /sources/{source}/workers/{worker}/consumers/{queue}               → WorkerControlResponse
 *   POST   /sources/{source}/workers/{worker}/shutdown      EmptyBody          → WorkerControlResponse (admin)
 *   PUT    /sources/{source}/task-types/{name}/rate-limit   TaskRateLimitBody  → TaskTypeLimitResponse
 *   DELETE /sources/{source}/task-types/{name}/rate-limit                     → TaskTypeLimitResponse
 *   PUT    /sources/{source}/task-types/{name}/time-limit   TaskTimeLimitBody  → TaskTypeLimitResponse
 *   DELETE /sources/{source}/task-types/{name}/time-limit                     → TaskTypeLimitResponse
 *   POST   /sources/{source}/queues/{queue}/purge           EmptyBody          → PurgeResponse (admin)
 *
 * `{worker}` is a worker's hostname (`celery@host`), or `*` for every worker. Replies: see
 * `WorkerReplies` — every worker's answer, and the workers that did not answer by the deadline.
 */
import { z } from 'zod';
import { WorkerDetail } from '@/lib/adapters/types';
import { WorkerReplies } from './schemas-actions';

export { WorkerDetail };

// Written out rather than extending schemas.ts's SourceParams: schemas.ts re-exports this module.
const SourceParams = z.object({ source: z.string().min(1).max(200) });
/** A worker hostname, or `*` for all of them. */
export const WorkerParams = SourceParams.extend({ worker: z.string().min(1).max(500) });
export const ConsumerParams = WorkerParams.extend({ queue: z.string().min(1).max(1000) });
export const TaskTypeParams = SourceParams.extend({ name: z.string().min(1).max(500) });

export const WorkerDetailQuery = z.object({
  /** How long to wait for the worker's answers. */
  timeoutMs: z.coerce.number().int().min(100).max(30_000).default(2_000),
});

export const WorkerDetailResponse = z.object({ source: z.string(), detail: WorkerDetail });
export type WorkerDetailResponse = z.infer<typeof WorkerDetailResponse>;

export const PoolBody = z.object({ n: z.number().int().min(1).max(1_000).default(1) }).strict();
export const AutoscaleBody = z
  .object({ max: z.number().int().min(1).max(10_000), min: z.number().int().min(0).max(10_000) })
  .strict()
  .refine((body) => body.min <= body.max, { message: 'min must not exceed max', path: ['min'] });
export const ConsumerBody = z.object({ queue: z.string().min(1).max(1000) }).strict();

export const WorkerControlResponse = WorkerReplies.extend({
  action: z.string(),
  source: z.string(),
  /** The worker told, or null for every worker. */
  worker: z.string().nullable(),
});
export type WorkerControlResponse = z.infer<typeof WorkerControlResponse>;

/** Celery's rate syntax: tasks per second (`5` or `5/s`), minute (`10/m`) or hour (`100/h`). */
export const CeleryRate = z
  .string()
  .regex(/^\d+(\.\d+)?(\/[smh])?$/, 'a rate such as 10/m, 5/s or 100/h');

export const TaskRateLimitBody = z.object({ rate: CeleryRate }).strict();
export const TaskTimeLimitBody = z
  .object({
    /** Seconds until SoftTimeLimitExceeded is raised inside the task; null = none. */
    soft: z.number().positive().max(86_400 * 7).nullable().default(null),
    /** Seconds until the process running the task is killed; null = none. */
    hard: z.number().positive().max(86_400 * 7).nullable().default(null),
  })
  .strict()
  .refine((body) => body.soft !== null || body.hard !== null, { message: 'give soft, hard or both', path: ['soft'] })
  .refine((body) => body.soft === null || body.hard === null || body.soft <= body.hard, {
    message: 'soft must not exceed hard',
    path: ['soft'],
  });

export const TaskTypeLimitResponse = WorkerReplies.extend({
  action: z.string(),
  source: z.string(),
  taskType: z.string(),
  rateLimit: z.string().nullable().optional(),
  timeLimit: z.object({ soft: z.number().nullable(), hard: z.number().nullable() }).optional(),
});
export type TaskTypeLimitResponse = z.infer<typeof TaskTypeLimitResponse>;

export const PurgeResponse = z.object({
  action: z.literal('purge'),
  source: z.string(),
  queue: z.string(),
  /** Messages deleted from the broker's lists (every priority step). */
  purged: z.number().int().nonnegative(),
});
export type PurgeResponse = z.infer<typeof PurgeResponse>;
