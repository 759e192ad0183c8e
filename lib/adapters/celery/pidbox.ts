/**
 * Celery's remote control over the kombu Redis transport (pidbox). A command is a kombu message
 * PUBLISHed on the `celery.pidbox` fanout channel, which every worker's mailbox subscribes to; the
 * body names the method, its arguments and the destination (worker hostnames, or null for all).
 * A command that wants answers carries a ticket and a `reply_to` naming our own reply queue: each
 * worker LPUSHes `{"<hostname>": reply}` (ticket in the headers) to the list the reply binding
 * routes to. Without the binding the worker's reply is silently dropped, so it is added first and
 * removed after (PROTOCOLS.md; verified against a real 5.2 worker in control.int.test.ts).
 *
 * The envelope builders are pure; `PidboxClient` does the I/O.
 */
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { WorkerReplies } from '../types';
import type { BrokerKeys } from './keys';
import { SEP, bindingKey, pidboxChannel } from './keys';
import { decodeEnvelope } from './map';

/** The reply exchange of the `celery` mailbox (kombu `reply.%s.pidbox`). */
export const REPLY_EXCHANGE = 'reply.celery.pidbox';

export interface BroadcastOptions {
  /** Worker hostnames; null = every worker. */
  destination?: string[] | null;
  arguments?: Record<string, unknown>;
  /** Seconds the command stays valid (the `expires` header workers check). */
  ttlSeconds?: number;
  /** Lamport clock value for the `clock` header. */
  clock?: number;
  now?: number;
  /** Ask for replies: the ticket they will carry, and our reply queue's routing key. */
  reply?: { ticket: string; oid: string };
}

/** The kombu envelope of a broadcast `method` (pure). */
export function broadcastMessage(method: string, options: BroadcastOptions = {}): string {
  const body: Record<string, unknown> = {
    method,
    arguments: options.arguments ?? {},
    destination: options.destination ?? null,
    pattern: null,
    matcher: null,
  };
  if (options.reply) {
    body.ticket = options.reply.ticket;
    body.reply_to = { exchange: REPLY_EXCHANGE, routing_key: options.reply.oid };
  }
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

/** The list a worker's replies to `oid` land in, and the binding member that routes them there. */
export function replyRoute(keys: BrokerKeys, oid: string): { list: string; binding: string; member: string } {
  const queue = `${oid}.${REPLY_EXCHANGE}`;
  return {
    list: `${keys.prefix}${queue}`,
    binding: bindingKey(keys, REPLY_EXCHANGE),
    member: `${oid}${SEP}${SEP}${queue}`,
  };
}

/** One worker's answer as it came off the reply list: ticket and `{hostname: reply}` (pure). */
export function parseReply(text: string): { ticket: string | null; replies: Record<string, unknown> } | null {
  const envelope = decodeEnvelope(text);
  if (!envelope || typeof envelope.body !== 'object' || envelope.body === null || Array.isArray(envelope.body)) return null;
  const ticket = typeof envelope.headers.ticket === 'string' ? envelope.headers.ticket : null;
  return { ticket, replies: envelope.body as Record<string, unknown> };
}

export interface PidboxCommand {
  method: string;
  arguments?: Record<string, unknown>;
  /** The ticket its replies carry (default: a new one); a caller may name it to report it. */
  ticket?: string;
}

export interface CallOptions {
  /** One worker, several, or null for a broadcast to all. */
  destination: string[] | null;
  /** Who should answer: the destination, or (broadcast) the workers online by their heartbeats. */
  expected: string[];
  timeoutMs: number;
}

/**
 * Sends pidbox commands and collects the replies. Each `request` gets its own reply queue (oid)
 * and a short-lived duplicate connection for the blocking pop, so concurrent requests never read
 * each other's answers and reads on the shared connection never wait behind a BRPOP.
 */
export class PidboxClient {
  private clock = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: BrokerKeys,
  ) {}

  /** Fire and forget (no reply asked): `enable_events`, `shutdown`. */
  async cast(command: PidboxCommand, destination: string[] | null): Promise<void> {
    await this.redis.publish(
      pidboxChannel(this.keys),
      broadcastMessage(command.method, { arguments: command.arguments, destination, clock: ++this.clock }),
    );
  }

  async call(command: PidboxCommand, options: CallOptions): Promise<WorkerReplies> {
    const [replies] = await this.request([command], options);
    return replies!;
  }

  /**
   * Send every command at once (one ticket each) and wait until each was answered by every
   * expected worker or the deadline passed; answers one `WorkerReplies` per command, in order.
   */
  async request(commands: readonly PidboxCommand[], options: CallOptions): Promise<WorkerReplies[]> {
    const oid = randomUUID();
    const route = replyRoute(this.keys, oid);
    const tickets: string[] = commands.map((command) => command.ticket ?? randomUUID());
    const collected = tickets.map(() => new Map<string, unknown>());
    const ttlSeconds = Math.max(1, Math.ceil(options.timeoutMs / 1000) + 1);
    await this.redis.sadd(route.binding, route.member);
    const listener = this.redis.duplicate({
      connectionName: `${this.redis.options.connectionName ?? 'yardmaster'}:pidbox`,
      // The blocking pop waits up to the deadline; the shared connection's command timeout is shorter.
      commandTimeout: options.timeoutMs + 5_000,
    });
    listener.on('error', () => {
      // The BRPOP below reports it.
    });
    try {
      const pipeline = this.redis.pipeline();
      commands.forEach((command, i) =>
        pipeline.publish(
          pidboxChannel(this.keys),
          broadcastMessage(command.method, {
            arguments: command.arguments,
            destination: options.destination,
            clock: ++this.clock,
            ttlSeconds,
            reply: { ticket: tickets[i]!, oid },
          }),
        ),
      );
      await pipeline.exec();
      const deadline = Date.now() + options.timeoutMs;
      // With no one expected (a broadcast while no heartbeat is known) listen until the deadline.
      const done = () =>
        options.expected.length > 0 && collected.every((answers) => options.expected.every((name) => answers.has(name)));
      while (!done()) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        const popped = await listener.brpop(route.list, Math.max(0.01, left / 1000));
        if (!popped) break;
        const reply = parseReply(popped[1]);
        const index = reply?.ticket ? tickets.indexOf(reply.ticket) : -1;
        if (!reply || index < 0) continue;
        for (const [host, answer] of Object.entries(reply.replies)) collected[index]!.set(host, answer);
      }
    } finally {
      listener.disconnect();
      await this.redis.pipeline().srem(route.binding, route.member).del(route.list).exec();
    }
    return collected.map((answers) => ({
      replies: Object.fromEntries(answers),
      noReply: options.expected.filter((name) => !answers.has(name)),
      addressed: options.expected,
      deadlineMs: options.timeoutMs,
    }));
  }
}
