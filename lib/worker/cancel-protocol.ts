/**
 * The cancel protocol between the dashboard and BullMQ workers, as data: channel and key names and the
 * message shapes. Pure; both sides (lib/adapters/bullmq/actions-cancel.ts and lib/worker/index.ts)
 * import it, so they cannot drift apart.
 *
 * 1. The dashboard PUBLISHes a `CancelRequest` (JSON) on `cancelChannel(prefix, queue)`. PUBLISH
 *    answers how many listeners received it; 0 means no worker runs the helper.
 * 2. Every listening worker of that queue calls `worker.cancelJob(jobId, reason)`. The one holding the
 *    job (cancelJob → true) fires the processor's AbortSignal and RPUSHes a `CancelAck` on
 *    `request.replyKey` (with a short expiry, so an ack nobody reads does not linger).
 * 3. The dashboard BLPOPs `replyKey` until its deadline: an ack → `acknowledged: true`; none →
 *    `acknowledged: false` (requested, not confirmed).
 */
import { z } from 'zod';

export const CANCEL_PROTOCOL_VERSION = 1;

/** Channel the workers of one queue listen on; BullMQ key prefix and queue name as the worker sees them. */
export function cancelChannel(prefix: string, queue: string): string {
  return `yardmaster:cancel:${prefix}:${queue}`;
}

/** List the acknowledgement of one request is pushed onto. */
export function cancelReplyKey(requestId: string): string {
  return `yardmaster:cancel-ack:${requestId}`;
}

/** How long an acknowledgement waits for its reader, ms. */
export const CANCEL_ACK_TTL_MS = 60_000;

export const CancelRequest = z.object({
  v: z.literal(CANCEL_PROTOCOL_VERSION),
  jobId: z.string().min(1),
  reason: z.string(),
  requestId: z.string().min(1),
  replyKey: z.string().min(1),
});
export type CancelRequest = z.infer<typeof CancelRequest>;

export const CancelAck = z.object({
  v: z.literal(CANCEL_PROTOCOL_VERSION),
  requestId: z.string(),
  jobId: z.string(),
  /** The worker's name (or `pid@host` when it has none). */
  worker: z.string(),
  cancelled: z.boolean(),
});
export type CancelAck = z.infer<typeof CancelAck>;

/** A message off the wire, checked with `schema`; null when it is not one of ours (never throws). */
function parseMessage<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const parseCancelRequest = (text: string): CancelRequest | null =>
  parseMessage(CancelRequest, text);

export const parseCancelAck = (text: string): CancelAck | null => parseMessage(CancelAck, text);
