/**
 * The BullMQ adapter's only I/O: one ioredis connection per source that never hangs when Redis is
 * down, and typed pipelines (`Batch`) so every read is an explicit, countable round trip.
 */
import 'server-only';
import Redis from 'ioredis';
import type { ChainableCommander } from 'ioredis';
import { SourceUnavailableError } from '../errors';

/** Fired once per round trip (one pipeline exec); lets tests and benchmarks count trips without timing. */
export type RoundTripObserver = (trip: { commands: number }) => void;

export interface BullmqClientOptions {
  sourceId: string;
  url: string;
  onRoundTrip?: RoundTripObserver;
  /** Connect and per-command timeout, ms. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 2_000;

/** A typed reply slot in a pipeline: its position and how to read the raw reply. */
export interface Slot<T> {
  readonly index: number;
  readonly read: (raw: unknown) => T;
}

/** Builds one pipeline; each method queues a command and returns the slot of its reply. */
export class Batch {
  private count = 0;

  constructor(private readonly pipeline: ChainableCommander) {}

  get size(): number {
    return this.count;
  }

  /** Used by BullmqClient.exec, which owns readiness checks, error mapping and trip counting. */
  send(): Promise<RawReply[] | null> {
    return this.pipeline.exec() as Promise<RawReply[] | null>;
  }

  private add<T>(
    read: (raw: unknown) => T,
    queue: (pipeline: ChainableCommander) => void,
  ): Slot<T> {
    queue(this.pipeline);
    return { index: this.count++, read };
  }

  ping = () => this.add(asString, (p) => p.ping());
  exists = (key: string) =>
    this.add(
      (raw) => asNumber(raw) > 0,
      (p) => p.exists(key),
    );
  get = (key: string) => this.add(asNullableString, (p) => p.get(key));
  pttl = (key: string) => this.add(asNumber, (p) => p.pttl(key));
  llen = (key: string) => this.add(asNumber, (p) => p.llen(key));
  zcard = (key: string) => this.add(asNumber, (p) => p.zcard(key));
  hstrlen = (key: string, field: string) => this.add(asNumber, (p) => p.hstrlen(key, field));
  hget = (key: string, field: string) => this.add(asNullableString, (p) => p.hget(key, field));
  hmget = (key: string, fields: readonly string[]) =>
    this.add(asNullableStrings, (p) => p.hmget(key, ...fields));
  hgetall = (key: string) => this.add(asStringRecord, (p) => p.hgetall(key));
  hkeys = (key: string) => this.add(asStrings, (p) => p.hkeys(key));
  smembers = (key: string) => this.add(asStrings, (p) => p.smembers(key));
  lrange = (key: string, start: number, stop: number) =>
    this.add(asStrings, (p) => p.lrange(key, start, stop));
  zscore = (key: string, member: string) =>
    this.add(
      (raw) => (raw === null ? null : Number(asString(raw))),
      (p) => p.zscore(key, member),
    );
  lpos = (key: string, element: string) =>
    this.add(
      (raw) => (raw === null ? null : asNumber(raw)),
      (p) => p.lpos(key, element),
    );
  zrange = (key: string, start: number, stop: number) =>
    this.add(asStrings, (p) => p.zrange(key, start, stop));
  zrangeWithScores = (key: string, start: number, stop: number) =>
    this.add(asScoredMembers, (p) => p.zrange(key, start, stop, 'WITHSCORES'));
  zrevrangeWithScores = (key: string, start: number, stop: number) =>
    this.add(asScoredMembers, (p) => p.zrevrange(key, start, stop, 'WITHSCORES'));
  scan = (cursor: string, pattern: string, count: number) =>
    this.add(asScanPage, (p) => p.scan(cursor, 'MATCH', pattern, 'COUNT', count));
  clientList = () => this.add(asString, (p) => p.client('LIST'));
  /** The Redis server's clock, epoch ms (one clock for readings that workers on many hosts wrote). */
  time = () => this.add(asTimeMs, (p) => p.time());
  /** A read-only Lua script answering an array (Redis caches the compiled script by its hash). */
  evalArray = (script: string, keys: readonly string[], args: readonly string[] = []) =>
    this.add(asArray, (p) => p.eval(script, keys.length, ...keys, ...args));
}

type RawReply = [Error | null, unknown];

/** The replies of one exec, read through the slots that queued them. */
export class Replies {
  constructor(
    private readonly raw: readonly RawReply[],
    private readonly sourceId: string,
  ) {}

  get<T>(slot: Slot<T>): T {
    const result = this.tryGet(slot);
    if (!result.ok) throw result.error;
    return result.value;
  }

  /**
   * A reply the caller can live without (CLIENT LIST on managed Redis that forbids it): a Redis
   * error comes back as a value, but a dead connection still throws SourceUnavailableError.
   */
  tryGet<T>(slot: Slot<T>): { ok: true; value: T } | { ok: false; error: Error } {
    const entry = this.raw[slot.index];
    if (!entry) throw new SourceUnavailableError(this.sourceId, new Error('missing reply'));
    const [error, value] = entry;
    if (error) {
      if (isUnavailable(error)) throw new SourceUnavailableError(this.sourceId, error);
      return { ok: false, error };
    }
    return { ok: true, value: slot.read(value) };
  }
}

/** Server states that mean "cannot serve now" rather than "this command is wrong". */
const UNAVAILABLE_REPLY = /^(LOADING|NOAUTH|WRONGPASS|MASTERDOWN|CLUSTERDOWN|BUSY|TRYAGAIN)\b/;

function isUnavailable(error: Error): boolean {
  // ioredis' ReplyError is the server answering; anything else (closed, timed out, not writable) is transport.
  return error.name !== 'ReplyError' || UNAVAILABLE_REPLY.test(error.message);
}

export class BullmqClient {
  private readonly redis: Redis;
  private readonly sourceId: string;
  private readonly timeoutMs: number;
  private readonly onRoundTrip?: RoundTripObserver;
  private lastError: Error | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(options: BullmqClientOptions) {
    this.sourceId = options.sourceId;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.onRoundTrip = options.onRoundTrip;
    this.redis = new Redis(options.url, {
      lazyConnect: true,
      // Fail fast while disconnected instead of queueing: a dashboard must answer 503, not hang.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: this.timeoutMs,
      commandTimeout: this.timeoutMs,
      // Reconnect in the background for ever, backing off up to 2 s.
      retryStrategy: (times) => Math.min(times * 200, 2_000),
      // Not `<prefix>:<base64(queue)>`, so BullMQ's worker listing never counts the dashboard.
      connectionName: `yardmaster:${options.sourceId}`,
    });
    // Without a listener ioredis prints every connection error; keep the last one for the 503 message.
    this.redis.on('error', (error: Error) => {
      this.lastError = error;
    });
    this.redis.on('ready', () => {
      this.lastError = null;
    });
  }

  batch(): Batch {
    return new Batch(this.redis.pipeline());
  }

  /** Send one pipeline: exactly one round trip. */
  async exec(batch: Batch): Promise<Replies> {
    if (batch.size === 0) return new Replies([], this.sourceId);
    await this.ready();
    let raw: RawReply[] | null;
    try {
      raw = await batch.send();
    } catch (error) {
      throw new SourceUnavailableError(this.sourceId, error);
    }
    this.onRoundTrip?.({ commands: batch.size });
    if (!raw)
      throw new SourceUnavailableError(
        this.sourceId,
        this.lastError ?? new Error('pipeline aborted'),
      );
    return new Replies(raw, this.sourceId);
  }

  async ping(): Promise<void> {
    const batch = this.batch();
    const pong = batch.ping();
    (await this.exec(batch)).get(pong);
  }

  /** Every key matching `pattern`, by SCAN (one round trip per page; never KEYS). */
  async scanKeys(pattern: string, count = 1_000): Promise<string[]> {
    const keys = new Set<string>();
    let cursor = '0';
    do {
      const batch = this.batch();
      const page = batch.scan(cursor, pattern, count);
      const [next, found] = (await this.exec(batch)).get(page);
      for (const key of found) keys.add(key);
      cursor = next;
    } while (cursor !== '0');
    return [...keys];
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => this.redis.disconnect());
    } else {
      this.redis.disconnect();
    }
  }

  /** Resolve when a command can be written now, or throw SourceUnavailableError without waiting long. */
  private async ready(): Promise<void> {
    if (this.closed) throw new SourceUnavailableError(this.sourceId, new Error('adapter closed'));
    switch (this.redis.status) {
      case 'ready':
        return;
      case 'wait':
      case 'end':
        this.connecting ??= this.redis.connect().finally(() => {
          this.connecting = null;
        });
        try {
          await this.connecting;
        } catch (error) {
          throw new SourceUnavailableError(this.sourceId, this.lastError ?? error);
        }
        return;
      case 'connecting':
      case 'connect':
        return this.waitForReady();
      default:
        // 'reconnecting' / 'close': known to be down; the background retry will bring it back.
        throw new SourceUnavailableError(
          this.sourceId,
          this.lastError ?? new Error('reconnecting'),
        );
    }
  }

  private waitForReady(): Promise<void> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        this.redis.off('close', onClose);
      };
      const onReady = () => {
        cleanup();
        resolve();
      };
      const onClose = () => {
        cleanup();
        reject(
          new SourceUnavailableError(
            this.sourceId,
            this.lastError ?? new Error('connection closed'),
          ),
        );
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new SourceUnavailableError(
            this.sourceId,
            new Error(`not connected within ${this.timeoutMs} ms`),
          ),
        );
      }, this.timeoutMs);
      this.redis.once('ready', onReady);
      this.redis.once('close', onClose);
    });
  }
}

// Reply readers: the parse boundary between ioredis' untyped replies and the mappers.

function asString(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  throw new TypeError(`unexpected Redis reply: ${typeof raw}`);
}

function asNullableString(raw: unknown): string | null {
  return raw === null || raw === undefined ? null : asString(raw);
}

function asNumber(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  const value = Number(asString(raw));
  if (Number.isNaN(value)) throw new TypeError('unexpected non-numeric Redis reply');
  return value;
}

function asArray(raw: unknown): unknown[] {
  if (!Array.isArray(raw)) throw new TypeError('expected an array reply');
  return raw;
}

function asStrings(raw: unknown): string[] {
  if (!Array.isArray(raw)) throw new TypeError('unexpected Redis reply: not an array');
  return raw.map(asString);
}

function asNullableStrings(raw: unknown): (string | null)[] {
  if (!Array.isArray(raw)) throw new TypeError('unexpected Redis reply: not an array');
  return raw.map(asNullableString);
}

function asStringRecord(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new TypeError('unexpected Redis reply: not a hash');
  const record: Record<string, string> = {};
  for (const [field, value] of Object.entries(raw)) record[field] = asString(value);
  return record;
}

function asScoredMembers(raw: unknown): Array<[string, number]> {
  const flat = asStrings(raw);
  const pairs: Array<[string, number]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i]!, Number(flat[i + 1])]);
  return pairs;
}

function asTimeMs(raw: unknown): number {
  const [seconds, micros] = asStrings(raw);
  return Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
}

function asScanPage(raw: unknown): [string, string[]] {
  if (!Array.isArray(raw) || raw.length !== 2) throw new TypeError('unexpected SCAN reply');
  return [asString(raw[0]), asStrings(raw[1])];
}
