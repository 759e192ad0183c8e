/**
 * Cancel a running BullMQ job: BullMQ has no Queue-side cancel (only `worker.cancelJob` inside the
 * process holding the job), so the dashboard publishes a request that workers running Yardmaster's
 * helper (lib/worker) act on and acknowledge. Protocol: lib/worker/cancel-protocol.ts.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { CancelResult } from '../types';
import {
  CANCEL_PROTOCOL_VERSION,
  cancelChannel,
  cancelReplyKey,
  parseCancelAck,
} from '@/lib/worker/cancel-protocol';
import type { CancelRequest } from '@/lib/worker/cancel-protocol';
import type { ActionContext } from './actions-support';
import { bullmqCall, queueExists, resultOf, whereIs, wrongState } from './actions-support';

export async function cancelJob(
  ctx: ActionContext,
  queue: string,
  id: string,
  options: { reason: string; waitMs: number },
): Promise<CancelResult | null> {
  const where = await whereIs(ctx, queue, id);
  if (!where || !(await queueExists(ctx, queue))) return null;
  const ref = { queue, id };
  if (where.state !== 'active') throw wrongState(ref, 'cancel', where, ['active']);

  const requestId = randomUUID();
  const request: CancelRequest = {
    v: CANCEL_PROTOCOL_VERSION,
    jobId: id,
    reason: options.reason,
    requestId,
    replyKey: cancelReplyKey(requestId),
  };
  const listeners = await bullmqCall(ctx, () =>
    ctx.redis.publish(cancelChannel(ctx.prefix, queue), JSON.stringify(request)),
  );
  // Nobody subscribed: no worker runs the helper, so no acknowledgement can come.
  const acknowledged = listeners > 0 && (await awaitAck(ctx, request, options.waitMs));
  const now = await resultOf(ctx, ref);
  return { ...now, requestId, listeners, acknowledged };
}

/** BLPOP the reply key until the deadline, on a connection of its own (BLPOP blocks it). */
async function awaitAck(
  ctx: ActionContext,
  request: CancelRequest,
  waitMs: number,
): Promise<boolean> {
  if (waitMs <= 0) return false;
  const blocking = ctx.blockingConnection();
  blocking.on('error', () => {});
  try {
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      const seconds = Math.max(0.01, (deadline - Date.now()) / 1000);
      const reply = await bullmqCall(ctx, () => blocking.blpop(request.replyKey, seconds));
      if (!reply) return false;
      const ack = parseCancelAck(reply[1]);
      if (ack?.requestId === request.requestId && ack.cancelled) return true;
    }
    return false;
  } finally {
    blocking.disconnect();
    await ctx.redis.del(request.replyKey).catch(() => 0);
  }
}
