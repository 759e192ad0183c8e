/**
 * Wire contract of the mutating side of REST API v1 (issue 3): what every mutation shares (headers,
 * roles), job actions, queue and source actions, and the filtered search and matching actions. Limits
 * and schedulers: schemas-limits.ts; dead letters and the audit log: schemas-dead-letters.ts. Pure
 * module: safe in the browser bundle.
 *
 * Paths (all under /api/v1; every POST/PUT/DELETE takes a JSON body — `{}` when it has no fields —
 * honours an `Idempotency-Key` header, writes an audit entry, and answers 403 `forbidden` in
 * read-only mode):
 *
 *   POST   /sources/{source}/queues/{queue}/jobs/{job}/retry        RetryJobBody       → JobActionResponse
 *   POST   /sources/{source}/queues/{queue}/jobs/{job}/remove       RemoveJobBody      → JobActionResponse
 *   POST   /sources/{source}/queues/{queue}/jobs/{job}/promote      EmptyBody          → JobActionResponse
 *   POST   /sources/{source}/queues/{queue}/jobs/{job}/cancel       CancelJobBody      → CancelJobResponse
 *   POST   /sources/{source}/queues/{queue}/jobs/{job}/duplicate    EmptyBody          → JobActionResponse
 *   POST   /sources/{source}/queues/{queue}/jobs/{job}/update-data  UpdateDataBody     → JobActionResponse
 *
 *   POST   /sources/{source}/queues/{queue}/pause                   EmptyBody          → QueueStateResponse
 *   POST   /sources/{source}/queues/{queue}/resume                  EmptyBody          → QueueStateResponse
 *   POST   /sources/{source}/queues/{queue}/retry-all               RetryAllBody       → BulkActionResponse
 *   POST   /sources/{source}/queues/{queue}/promote-all             EmptyBody          → BulkActionResponse
 *   POST   /sources/{source}/queues/{queue}/clean                   CleanBody          → BulkActionResponse
 *   POST   /sources/{source}/queues/{queue}/drain                   DrainBody          → BulkActionResponse
 *   POST   /sources/{source}/queues/{queue}/obliterate              ObliterateBody     → BulkActionResponse
 *   POST   /sources/{source}/queues/{queue}/add                     AddJobBody         → JobActionResponse
 *   POST   /sources/{source}/queues/{queue}/retry-matching          MatchingActionBody → MatchingActionResponse
 *   POST   /sources/{source}/queues/{queue}/remove-matching         MatchingActionBody → MatchingActionResponse
 *   POST   /sources/{source}/queues/{queue}/promote-matching        MatchingActionBody → MatchingActionResponse
 *   POST   /sources/{source}/queues/{queue}/cancel-matching         MatchingActionBody → MatchingActionResponse
 *   GET    /sources/{source}/queues/{queue}/search?state=&name=&q=&reason=&from=&to=&ids=&scanLimit=&limit=
 *                                                                                      → SearchResponse
 *
 *   POST   /sources/{source}/pause                                  EmptyBody          → SourceStateResponse
 *   POST   /sources/{source}/resume                                 EmptyBody          → SourceStateResponse
 *
 * A replayed request (same Idempotency-Key) answers the first response again, with the header
 * `idempotency-replayed: true`. Errors: 400 bad_request (body/params), 403 forbidden (read-only or
 * role), 404 not_found, 409 conflict (wrong state — `details.state` names it — or locked job), 409
 * unsupported (capability missing), 503 source_unavailable.
 */
import { z } from 'zod';
import {
  JobRef,
  JobRow,
  JobState,
  WorkerReplies,
  cleanableStates,
  matchingStates,
} from '@/lib/adapters/types';

// ---- common ---------------------------------------------------------------

/** Header naming a mutation so a double click or a replay acts once. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on a response that was replayed from the idempotency store. */
export const IDEMPOTENCY_REPLAY_HEADER = 'idempotency-replayed';

/** Any JSON value (job data is user data). */
export const JsonValue = z.json();

export const EmptyBody = z.object({}).strict();
export type EmptyBody = z.infer<typeof EmptyBody>;

export const roles = ['viewer', 'operator', 'admin'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

export const Principal = z.object({
  /** `local` for the loopback principal; a token or user name otherwise. */
  id: z.string(),
  role: Role,
});
export type Principal = z.infer<typeof Principal>;

/** GET /api/v1/me: who the request is, so the UI shows only the controls it may use. */
export const MeResponse = z.object({
  principal: Principal,
  /** No configured source accepts mutations (global read-only mode, or every source read-only). */
  readOnly: z.boolean(),
});
export type MeResponse = z.infer<typeof MeResponse>;

// ---- job actions ----------------------------------------------------------

export const RetryJobBody = z
  .object({
    /** Which finished state the job must be in; default: whichever of failed/completed it is in. */
    state: z.enum(['failed', 'completed']).optional(),
    /** Start the attempt count again from zero (BullMQ `resetAttemptsMade`). */
    resetAttempts: z.boolean().default(false),
  })
  .strict();
export type RetryJobBody = z.infer<typeof RetryJobBody>;

export const RemoveJobBody = z
  .object({
    /** Also remove the job's flow children (BullMQ `removeChildren`, default true there). */
    removeChildren: z.boolean().default(true),
  })
  .strict();
export type RemoveJobBody = z.infer<typeof RemoveJobBody>;

/** Signal names a Celery worker's `revoke(terminate=True, signal=…)` accepts (celery.platforms). */
export const TerminateSignal = z
  .string()
  .regex(/^(SIG)?[A-Z][A-Z0-9]{1,10}$/, 'a signal name such as SIGTERM, SIGKILL or SIGUSR1');

export const CancelJobBody = z
  .object({
    reason: z.string().max(500).default('cancelled from Yardmaster'),
    /** How long to wait for a worker's acknowledgement (BullMQ) or replies (Celery). */
    waitMs: z.number().int().min(0).max(30_000).default(3_000),
    /** Celery: also stop the process running the task (`revoke(terminate=True)`). */
    terminate: z.boolean().optional(),
    /** Celery: the signal `terminate` sends; default SIGTERM. */
    signal: TerminateSignal.optional(),
  })
  .strict();
export type CancelJobBody = z.infer<typeof CancelJobBody>;

export const UpdateDataBody = z
  .object({
    /** The new input data, any JSON value; replaces the old one whole. */
    data: JsonValue,
  })
  .strict();
export type UpdateDataBody = z.infer<typeof UpdateDataBody>;

/** Answer of every job action: the job acted on (or created) and the state it is in now. */
export const JobActionResponse = z.object({
  action: z.string(),
  job: JobRef,
  /** null once the job no longer exists (removed). */
  state: JobState.nullable(),
  nativeState: z.string().nullable(),
  /** `duplicate` and scheduler `run`: the job the new one was made from. */
  from: JobRef.nullable().default(null),
});
export type JobActionResponse = z.infer<typeof JobActionResponse>;

export { WorkerReplies };

export const CancelJobResponse = z.object({
  action: z.literal('cancel'),
  job: JobRef,
  /** Correlates the request on the cancel channel with the acknowledgement. */
  requestId: z.string(),
  /** Always true once published. */
  requested: z.literal(true),
  /** A worker running the job confirmed it called `worker.cancelJob` before the deadline. */
  acknowledged: z.boolean(),
  /** How many cancel listeners (workers with the helper) received the request. */
  listeners: z.number().int().nonnegative(),
  /** The job's state when the answer was written (may still be `active` while it winds down). */
  state: JobState.nullable(),
  nativeState: z.string().nullable(),
  message: z.string(),
  /** Celery: each worker's answer to the revoke. */
  replies: WorkerReplies.optional(),
});
export type CancelJobResponse = z.infer<typeof CancelJobResponse>;

// ---- adding jobs ----------------------------------------------------------

const keepJobs = z.union([
  z.boolean(),
  z.number().int().nonnegative(),
  z
    .object({
      age: z.number().int().positive().optional(),
      count: z.number().int().nonnegative().optional(),
    })
    .strict(),
]);

/** The BullMQ job options the dashboard lets an operator set; anything else is refused (400). */
export const AddJobOptions = z
  .object({
    // BullMQ refuses ids that read as integers (they would collide with its own counter) and ids
    // with ":" (its key separator) unless they have exactly three parts, like its repeat ids.
    jobId: z
      .string()
      .min(1)
      .max(1000)
      .refine((id) => `${parseInt(id, 10)}` !== id, 'a custom job id cannot be an integer')
      .refine((id) => !id.includes(':') || id.split(':').length === 3, 'a custom job id cannot contain ":"')
      .optional(),
    delay: z.number().int().nonnegative().optional(),
    priority: z.number().int().min(0).max(2_097_152).optional(),
    attempts: z.number().int().min(1).max(10_000).optional(),
    backoff: z
      .union([
        z.number().int().nonnegative(),
        z
          .object({ type: z.enum(['fixed', 'exponential']), delay: z.number().int().nonnegative() })
          .strict(),
      ])
      .optional(),
    lifo: z.boolean().optional(),
    removeOnComplete: keepJobs.optional(),
    removeOnFail: keepJobs.optional(),
  })
  .strict();
export type AddJobOptions = z.infer<typeof AddJobOptions>;

export const AddJobBody = z
  .object({
    name: z.string().min(1).max(1000),
    data: JsonValue.default({}),
    opts: AddJobOptions.default({}),
  })
  .strict();
export type AddJobBody = z.infer<typeof AddJobBody>;

// ---- queue actions --------------------------------------------------------

export const RetryAllBody = z
  .object({
    state: z.enum(['failed', 'completed']).default('failed'),
    /**
     * Only jobs that finished before this epoch ms (default: when the request arrived), so jobs that
     * fail again during the run are not retried twice.
     */
    before: z.number().int().nonnegative().optional(),
  })
  .strict();
export type RetryAllBody = z.infer<typeof RetryAllBody>;

export { cleanableStates };
export const CleanBody = z
  .object({
    state: z.enum(cleanableStates),
    /** Only jobs older than this many ms (finished for completed/failed, created otherwise). */
    graceMs: z.number().int().nonnegative().default(0),
    /** At most this many jobs in all; absent = all that match, in chunks of 10,000. */
    limit: z.number().int().positive().optional(),
  })
  .strict();
export type CleanBody = z.infer<typeof CleanBody>;

export const DrainBody = z
  .object({
    /** Also remove delayed jobs (BullMQ `drain(true)`). */
    delayed: z.boolean().default(false),
  })
  .strict();
export type DrainBody = z.infer<typeof DrainBody>;

export const ObliterateBody = z
  .object({
    /** Obliterate even with active jobs (their workers will fail to complete them). */
    force: z.boolean().default(false),
  })
  .strict();
export type ObliterateBody = z.infer<typeof ObliterateBody>;

/** Answer of a bulk queue action: how many jobs it touched. */
export const BulkActionResponse = z.object({
  action: z.string(),
  source: z.string(),
  queue: z.string(),
  /** The state acted on, when the action has one. */
  state: JobState.nullable(),
  /** Jobs acted on (for drain/obliterate: jobs counted before minus after). */
  touched: z.number().int().nonnegative(),
  /** Library calls made (each ≤ 10,000 jobs), showing the work went in chunks. */
  chunks: z.number().int().nonnegative(),
});
export type BulkActionResponse = z.infer<typeof BulkActionResponse>;

export const QueueStateResponse = z.object({
  action: z.enum(['pause', 'resume']),
  source: z.string(),
  queue: z.string(),
  paused: z.boolean(),
});
export type QueueStateResponse = z.infer<typeof QueueStateResponse>;

export const SourceStateResponse = z.object({
  action: z.enum(['pause', 'resume']),
  source: z.string(),
  /** Queues whose state was set. */
  queues: z.array(z.string()),
});
export type SourceStateResponse = z.infer<typeof SourceStateResponse>;

// ---- filters, search and matching actions --------------------------------

/** Upper bound of jobs one search or matching action may look at. */
export const MAX_SCAN_LIMIT = 100_000;

/** Which jobs of one state match. All given fields must match (AND). */
export const JobFilter = z
  .object({
    /** Exact job name. */
    name: z.string().min(1).max(1000).optional(),
    /** Substring of the failure reason. */
    reason: z.string().min(1).max(1000).optional(),
    /** Substring of the job id, name or input data (data is read only for jobs that pass the rest). */
    q: z.string().min(1).max(1000).optional(),
    /** Time window, epoch ms, inclusive: finished time for completed/failed, created time otherwise. */
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    /** Explicit ids; only these are considered. */
    ids: z.array(z.string().min(1).max(1000)).max(10_000).optional(),
  })
  .strict();
export type JobFilter = z.infer<typeof JobFilter>;

export { matchingStates };
/** The states an action on matching jobs may name: a search's, and Celery's revoked tasks (`cancelled`). */
export const matchingActionStates = [...matchingStates, 'cancelled'] as const;

export const MatchingActionBody = z
  .object({
    state: z.enum(matchingActionStates),
    filter: JobFilter.default({}),
    /** Look at no more than this many jobs of the state, newest first. */
    scanLimit: z.number().int().min(1).max(MAX_SCAN_LIMIT).default(10_000),
    /** Count what would be touched without acting. */
    dryRun: z.boolean().default(false),
  })
  .strict();
export type MatchingActionBody = z.infer<typeof MatchingActionBody>;

export const MatchingActionResponse = z.object({
  action: z.enum(['retry', 'remove', 'promote', 'cancel']),
  source: z.string(),
  queue: z.string(),
  state: JobState,
  /** Jobs looked at (≤ scanLimit). */
  scanned: z.number().int().nonnegative(),
  /** Of those, how many matched the filter. */
  matched: z.number().int().nonnegative(),
  /** Of those, how many were acted on (0 on a dry run). */
  touched: z.number().int().nonnegative(),
  /** Matched but left alone, with why (e.g. locked by a worker, moved meanwhile). */
  skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
  /** True when the whole state was scanned (no job beyond scanLimit). */
  complete: z.boolean(),
  dryRun: z.boolean(),
});
export type MatchingActionResponse = z.infer<typeof MatchingActionResponse>;

const commaList = z
  .string()
  .max(100_000)
  .transform((value) =>
    value
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  );

export const SearchQuery = z.object({
  state: z.enum(matchingStates).default('failed'),
  name: z.string().min(1).max(1000).optional(),
  reason: z.string().min(1).max(1000).optional(),
  q: z.string().min(1).max(1000).optional(),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  /** Comma-separated ids. */
  ids: commaList.optional(),
  scanLimit: z.coerce.number().int().min(1).max(MAX_SCAN_LIMIT).default(10_000),
  /** Rows returned at most. */
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchResponse = z.object({
  state: JobState,
  jobs: z.array(JobRow),
  scanned: z.number().int().nonnegative(),
  /** Matches found among the scanned jobs (may exceed `jobs.length`). */
  matched: z.number().int().nonnegative(),
  /** Jobs in the state now. */
  total: z.number().int().nonnegative(),
  complete: z.boolean(),
});
export type SearchResponse = z.infer<typeof SearchResponse>;
