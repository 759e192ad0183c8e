/**
 * Wire shapes of the workflow routes (Temporal): terminate, signal, reset, batch operations over a
 * visibility query, a batch's progress, the paged raw history and queries.
 */
import { z } from 'zod';
import { BatchStatus, HistoryPage, JobRef, JobState, QueryAnswer, batchOperations } from '@/lib/adapters/types';

const runId = z.string().min(1).max(255).optional().describe('A run of the workflow; its latest run by default.');
const reason = z.string().min(1).max(1_000);

export const TerminateBody = z.object({ reason: reason.default('terminated from Yardmaster'), runId }).strict();
export const SignalBody = z
  .object({
    name: z.string().min(1).max(1_000),
    /** The signal's arguments, each sent as one `json/plain` payload. */
    args: z.array(z.unknown()).max(100).default([]),
    runId,
  })
  .strict();
export const ResetBody = z
  .object({
    /** The id of a workflow-task-completed event to go back to; or `to`. */
    eventId: z.number().int().positive().optional(),
    to: z.enum(['last', 'first']).optional(),
    reason: reason.default('reset from Yardmaster'),
    runId,
  })
  .strict()
  .refine((body) => (body.eventId === undefined) !== (body.to === undefined), {
    message: 'give exactly one of eventId or to',
    path: ['to'],
  });

export const WorkflowActionResponse = z.object({
  action: z.string(),
  job: JobRef,
  state: JobState.nullable(),
  nativeState: z.string().nullable(),
  runId: z.string(),
  /** Reset: the run the reset started, and the event it went back to. */
  newRunId: z.string().nullable(),
  resetEventId: z.number().int().nullable(),
});
export type WorkflowActionResponse = z.infer<typeof WorkflowActionResponse>;

export const BatchBody = z
  .object({
    operation: z.enum(batchOperations),
    /** A visibility query (`WorkflowType = 'Charge' AND StartTime > '2026-01-01T00:00:00Z'`); cancel, terminate and signal touch running workflows only. */
    query: z.string().max(10_000),
    namespace: z.string().min(1).optional(),
    reason: reason.default('batch from Yardmaster'),
    signal: z.object({ name: z.string().min(1), args: z.array(z.unknown()).max(100).default([]) }).strict().optional(),
    resetTo: z.enum(['last', 'first']).optional(),
    dryRun: z.boolean().default(false),
    maxOperationsPerSecond: z.number().positive().max(10_000).optional(),
  })
  .strict()
  .refine((body) => body.operation !== 'signal' || body.signal !== undefined, { message: 'a signal batch needs signal.name', path: ['signal'] })
  .refine((body) => body.operation !== 'reset' || body.resetTo !== undefined, { message: 'a reset batch needs resetTo', path: ['resetTo'] });

export const BatchResponse = z.object({
  action: z.literal('batch'),
  operation: z.enum(batchOperations),
  namespace: z.string(),
  query: z.string(),
  matched: z.number().int().nonnegative(),
  dryRun: z.boolean(),
  jobId: z.string().nullable(),
});
export type BatchResponse = z.infer<typeof BatchResponse>;

export const BatchParams = z.object({ source: z.string().min(1), batch: z.string().min(1).max(1_000) });
export const BatchQuery = z.object({ namespace: z.string().min(1).optional() });
export const BatchStatusResponse = BatchStatus;

export const HistoryQuery = z.object({
  order: z.enum(['newest-first', 'oldest-first']).default('newest-first'),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
  cursor: z.string().max(4_000).optional(),
  runId,
});
export const HistoryResponse = HistoryPage;

export const QueryJobQuery = z.object({
  type: z.string().min(1).max(1_000),
  /** The query's arguments as a JSON array. */
  args: z
    .string()
    .max(100_000)
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return [];
      try {
        const value = JSON.parse(text) as unknown;
        if (Array.isArray(value)) return value;
      } catch {
        // fall through
      }
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array' });
      return z.NEVER;
    }),
  runId,
});
export const QueryJobResponse = QueryAnswer;
