/**
 * Wire contract of the dead letters (failed jobs across queues and sources), their filtered retry, and
 * the audit log. Pure module: safe in the browser bundle.
 *
 *   GET    /dead-letters?source=&queue=&name=&reason=&limit=&cursor=                   → DeadLettersResponse
 *   POST   /dead-letters/retry                                      DeadLetterRetryBody → DeadLetterRetryResponse
 *   GET    /audit?source=&limit=&cursor=                                                → AuditResponse
 */
import { z } from 'zod';
import { JobRow } from '@/lib/adapters/types';
import { JobFilter, MAX_SCAN_LIMIT, Principal } from './schemas-actions';

// ---- dead letters ---------------------------------------------------------

/**
 * The longest cursor issued for what the API's paths address (source id 200, queue name and job id
 * 1000 characters each): one job's place, `failedAt~source~queue~id` with the names base64url, at
 * most 3 UTF-8 bytes and so 4 characters per character, plus the time (≤ 24) and three separators. A page of
 * ties costs no more than any other page.
 */
export const MAX_DEAD_LETTER_CURSOR_CHARS = 24 + 3 + 4 * (200 + 1000 + 1000);

export const DeadLettersQuery = z.object({
  source: z.string().min(1).max(200).optional(),
  queue: z.string().min(1).max(1000).optional(),
  name: z.string().min(1).max(1000).optional(),
  reason: z.string().min(1).max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z
    .string()
    .max(MAX_DEAD_LETTER_CURSOR_CHARS)
    .optional()
    .transform((value) => value || undefined),
});
export type DeadLettersQuery = z.infer<typeof DeadLettersQuery>;

export const DeadLetter = JobRow.extend({ source: z.string() });
export type DeadLetter = z.infer<typeof DeadLetter>;

export const DeadLettersResponse = z.object({
  jobs: z.array(DeadLetter),
  /** Failed jobs across the queues looked at. */
  total: z.number().int().nonnegative(),
  nextCursor: z.string().nullable(),
  /** Sources that could not be read (the rest still answered). */
  unavailable: z.array(z.string()),
});
export type DeadLettersResponse = z.infer<typeof DeadLettersResponse>;

export const DeadLetterRetryBody = z
  .object({
    source: z.string().min(1).max(200).optional(),
    queue: z.string().min(1).max(1000).optional(),
    filter: JobFilter.omit({ ids: true }).default({}),
    /** Per queue. */
    scanLimit: z.number().int().min(1).max(MAX_SCAN_LIMIT).default(10_000),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type DeadLetterRetryBody = z.infer<typeof DeadLetterRetryBody>;

export const DeadLetterRetryResponse = z.object({
  scanned: z.number().int().nonnegative(),
  matched: z.number().int().nonnegative(),
  touched: z.number().int().nonnegative(),
  queues: z.array(
    z.object({
      source: z.string(),
      queue: z.string(),
      scanned: z.number().int(),
      matched: z.number().int(),
      touched: z.number().int(),
    }),
  ),
  dryRun: z.boolean(),
  /** Sources skipped because their backend could not be reached. */
  unavailable: z.array(z.string()),
});
export type DeadLetterRetryResponse = z.infer<typeof DeadLetterRetryResponse>;

// ---- audit ----------------------------------------------------------------

export const AuditEntry = z.object({
  /** Redis stream id; also the paging cursor. */
  id: z.string(),
  /** Epoch ms. */
  at: z.number(),
  principal: Principal,
  /** e.g. `job.retry`, `queue.clean`, `queue.rate-limit.set`. */
  action: z.string(),
  source: z.string().nullable(),
  target: z.object({
    queue: z.string().nullable(),
    job: z.string().nullable(),
    /** Worker controls (Celery): the worker told, or null for every worker. */
    worker: z.string().nullable().optional(),
    /** Task-type limits (Celery): the task name. */
    taskType: z.string().optional(),
  }),
  params: z.unknown(),
  result: z.object({
    ok: z.boolean(),
    /** HTTP status answered. */
    status: z.number().int(),
    /** Error code when not ok. */
    code: z.string().nullable(),
    /** Short summary (e.g. `{touched: 25000}` or the new state). */
    summary: z.unknown(),
  }),
  idempotencyKey: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  source: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** The last entry id of the previous page (a Redis stream id, `<ms>-<seq>`), as `nextCursor` gave it. */
  cursor: z
    .string()
    .max(100)
    .regex(/^\d{1,16}-\d{1,20}$/, 'not a cursor this API issued')
    .optional()
    .or(z.literal(''))
    .transform((value) => value || undefined),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditResponse = z.object({
  entries: z.array(AuditEntry),
  nextCursor: z.string().nullable(),
  /** Sources whose audit stream could not be read (their Redis is down); the rest still answer. */
  unavailable: z.array(z.string()),
});
export type AuditResponse = z.infer<typeof AuditResponse>;
