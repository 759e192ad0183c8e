/**
 * What a BullMQ user adds to their own worker process so Yardmaster can cancel running jobs:
 *
 *   import { attachCancelListener } from 'yardmaster/lib/worker';
 *   const worker = new Worker('emails', async (job, token, signal) => { ... signal.aborted ... }, opts);
 *   attachCancelListener(worker);
 *
 * The processor must honour its AbortSignal (third argument, BullMQ ≥ 5.64) — stop work and throw —
 * for the cancel to take effect; see cancel-protocol.ts for the wire protocol.
 */
import { hostname } from 'node:os';
import type { RedisOptions } from 'ioredis';
import { Redis } from 'ioredis';
import type { CancelAck } from './cancel-protocol';
import {
  CANCEL_ACK_TTL_MS,
  CANCEL_PROTOCOL_VERSION,
  cancelChannel,
  parseCancelRequest,
} from './cancel-protocol';

export { cancelChannel, cancelReplyKey } from './cancel-protocol';

/** The part of a BullMQ `Worker` the listener needs (bullmq 5.64+ and 6). */
export interface CancellableWorker {
  readonly name: string;
  readonly opts: { prefix?: string; name?: string; connection?: unknown };
  cancelJob(jobId: string, reason?: string): boolean;
  on(event: 'closed', listener: () => void): unknown;
}

export interface CancelListenerOptions {
  /** Redis to listen on; default: a duplicate of the worker's own connection. */
  connection?: Redis | RedisOptions | string;
  /** Called for each request this worker acted on (for the user's own logging). */
  onCancel?: (request: { jobId: string; reason: string; requestId: string }) => void;
}

export interface CancelListener {
  /** Resolves once subscribed; requests published before that are not seen. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** Subscribe `worker` to Yardmaster's cancel requests for its queue; closes itself with the worker. */
export function attachCancelListener(
  worker: CancellableWorker,
  options: CancelListenerOptions = {},
): CancelListener {
  const subscriber = openConnection(options.connection ?? worker.opts.connection);
  const publisher = subscriber.duplicate();
  const channel = cancelChannel(worker.opts.prefix ?? 'bull', worker.name);
  const workerName = worker.opts.name ?? `${process.pid}@${hostname()}`;
  // Connection errors are retried by ioredis; keep them from crashing the user's process.
  subscriber.on('error', () => {});
  publisher.on('error', () => {});

  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    const request = parseCancelRequest(text);
    if (!request) return;
    // Only the worker holding the job gets `true`; the others stay silent.
    if (!worker.cancelJob(request.jobId, request.reason)) return;
    options.onCancel?.(request);
    const ack: CancelAck = {
      v: CANCEL_PROTOCOL_VERSION,
      requestId: request.requestId,
      jobId: request.jobId,
      worker: workerName,
      cancelled: true,
    };
    publisher
      .multi()
      .rpush(request.replyKey, JSON.stringify(ack))
      .pexpire(request.replyKey, CANCEL_ACK_TTL_MS)
      .exec()
      .catch(() => {
        // The job is cancelled either way; the dashboard reports "not acknowledged".
      });
  });

  const ready = subscriber.subscribe(channel).then(() => undefined);
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= Promise.allSettled([subscriber.quit(), publisher.quit()]).then(() => undefined);
    return closing;
  };
  worker.on('closed', () => void close());
  return { ready, close };
}

function openConnection(connection: unknown): Redis {
  if (connection instanceof Redis) return connection.duplicate();
  if (isDuplicable(connection)) return connection.duplicate();
  if (typeof connection === 'string') return new Redis(connection);
  return new Redis({ ...(connection as RedisOptions | undefined) });
}

function isDuplicable(value: unknown): value is { duplicate(): Redis } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { duplicate?: unknown }).duplicate === 'function'
  );
}
