/**
 * Celery's remote control over the kombu Redis transport (pidbox): a broadcast is a kombu message
 * PUBLISHed on the `celery.pidbox` fanout channel, which every worker's mailbox subscribes to.
 * Only fire-and-forget broadcasts live here for now (`enable_events`); replies (inspect) need the
 * reply binding described in PROTOCOLS.md and come with the worker-detail work.
 */
import { randomUUID } from 'node:crypto';

export interface BroadcastOptions {
  /** Worker hostnames; null = every worker. */
  destination?: string[] | null;
  arguments?: Record<string, unknown>;
  /** Seconds the command stays valid (the `expires` header workers check). */
  ttlSeconds?: number;
  /** Lamport clock value for the `clock` header. */
  clock?: number;
  now?: number;
}

/** The kombu envelope of a broadcast `method` (pure). */
export function broadcastMessage(method: string, options: BroadcastOptions = {}): string {
  const body = {
    method,
    arguments: options.arguments ?? {},
    destination: options.destination ?? null,
    pattern: null,
    matcher: null,
  };
  const now = options.now ?? Date.now();
  return JSON.stringify({
    body: Buffer.from(JSON.stringify(body), 'utf8').toString('base64'),
    'content-encoding': 'utf-8',
    'content-type': 'application/json',
    headers: { clock: options.clock ?? 1, expires: now / 1000 + (options.ttlSeconds ?? 10) },
    properties: {
      delivery_mode: 2,
      delivery_info: { exchange: 'celery.pidbox', routing_key: '' },
      priority: 0,
      body_encoding: 'base64',
      delivery_tag: randomUUID(),
    },
  });
}
