/**
 * The BullMQ live upstream: ONE dedicated connection doing a single blocking
 * `XREAD COUNT n BLOCK ms STREAMS <every queue's events stream> <last ids>`, the stream set following
 * queue discovery, plus a counts snapshot (the adapter's one-script overview) taken on the adapter's
 * own connection whenever events arrived, at most every `snapshotMs`, and in full (with worker counts
 * from CLIENT LIST) every `fullSnapshotMs` to catch what no event announces (a rate limit expiring).
 * When Redis goes away it reports `down`, reconnects with backoff, reports `up`, and reads on from
 * the last ids it had, so the events written meanwhile (if Redis kept them) are not skipped.
 *
 * A stream it follows is not dropped the moment one discovery scan misses its queue: a scan that
 * lands on a restarted, still empty Redis lists nothing, and the next scan may be many seconds away
 * (discovery spaces scans by how long they take). The stream stays in the read for `forgetMs`, and
 * entries read from it tell discovery the queue exists again, so its counts come back with its events.
 */
import 'server-only';
import Redis from 'ioredis';
import { stripCredentials } from '../errors';
import type { LiveJobEvent, LiveQueueFacts, LiveSink, LiveSource, LiveUpstream } from '../types';
import type { StreamEntry } from './live-map';
import { parseXreadReply, toLiveEntry } from './live-map';
import type { ReadContext } from './queue-reads';
import { listQueues } from './queue-reads';

export interface BullmqLiveOptions {
  url: string;
  /** How long one XREAD blocks; also how soon a newly discovered queue joins the read, ms. */
  blockMs?: number;
  /** Entries read per stream per XREAD. */
  count?: number;
  /**
   * Pause after a read that returned entries, ms: under load events are read in batches instead
   * of one XREAD per event, which bounds the commands per second at the cost of this much latency.
   */
  batchWindowMs?: number;
  /** Least time between two counts snapshots while events flow, ms. */
  snapshotMs?: number;
  /** A full snapshot (with worker counts) at least this often, events or not, ms. */
  fullSnapshotMs?: number;
  /** Connect timeout of the dedicated connection, ms. */
  timeoutMs?: number;
  /** How long a followed stream stays in the read after discovery stopped listing its queue, ms. */
  forgetMs?: number;
}

type LiveSettings = Required<BullmqLiveOptions>;

const DEFAULTS: Omit<LiveSettings, 'url'> = {
  blockMs: 2_000,
  count: 1_000,
  batchWindowMs: 20,
  snapshotMs: 250,
  fullSnapshotMs: 5_000,
  timeoutMs: 2_000,
  forgetMs: 60_000,
};

/** A live source, and `close` to stop whatever upstream it still runs (the adapter is closing). */
export type BullmqLiveSource = LiveSource & { close(): Promise<void> };

export function createBullmqLive(ctx: ReadContext, options: BullmqLiveOptions): BullmqLiveSource {
  const settings: LiveSettings = { ...DEFAULTS, ...options };
  const running = new Set<BullmqUpstream>();
  return {
    start(sink) {
      const upstream = new BullmqUpstream(ctx, settings, sink, () => running.delete(upstream));
      running.add(upstream);
      return upstream;
    },
    async close() {
      await Promise.allSettled([...running].map((upstream) => upstream.stop()));
    },
  };
}

class BullmqUpstream implements LiveUpstream {
  private readonly redis: Redis;
  /** events stream key → queue name, the id read up to, and when discovery or an entry last vouched for it. */
  private readonly streams = new Map<string, { queue: string; lastId: string; seenAt: number }>();
  private stopped = false;
  private lastError = '';
  /** Stream entries newer than this id are read from a stream seen for the first time. */
  private startId: string | null = null;
  private dirty = true;
  private lastFull = 0;
  private lastSnapshot = 0;
  private snapshotting = false;
  private readonly ticker: ReturnType<typeof setInterval>;
  private readonly loop: Promise<void>;
  private wakeReady: (() => void) | null = null;

  constructor(
    private readonly ctx: ReadContext,
    private readonly settings: LiveSettings,
    private readonly sink: LiveSink,
    private readonly onStopped: () => void,
  ) {
    this.redis = new Redis(settings.url, {
      // A command issued while reconnecting waits for the connection; one that was in flight when
      // it dropped fails at once (maxRetriesPerRequest 0) so the loop can re-issue it from its ids.
      enableOfflineQueue: true,
      maxRetriesPerRequest: 0,
      connectTimeout: settings.timeoutMs,
      // Back off 200 ms, 400 ms, ... up to 5 s, for ever.
      retryStrategy: (times) => Math.min(100 * 2 ** times, 5_000),
      // Not `<prefix>:<base64(queue)>`: BullMQ's worker listing must never count the dashboard.
      connectionName: `yardmaster:${ctx.sourceId}:live`,
    });
    this.redis.on('error', (error: Error) => {
      this.lastError = stripCredentials(error.message);
    });
    this.redis.on('ready', () => {
      // Counts may have changed while we were away: the next tick takes a full snapshot.
      this.dirty = true;
      this.lastFull = 0;
      this.sink.status('up');
      this.wakeReady?.();
    });
    this.redis.on('close', () => {
      if (!this.stopped) this.sink.status('down', this.lastError || 'connection closed');
    });
    this.ticker = setInterval(() => void this.tick(), Math.min(settings.snapshotMs, 250));
    this.ticker.unref?.();
    this.loop = this.readLoop();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.ticker);
    this.wakeReady?.();
    // Ends a blocked XREAD at once (it rejects); quit() would wait for the block to time out.
    this.redis.disconnect();
    await this.loop;
    this.onStopped();
  }

  private async readLoop(): Promise<void> {
    while (!this.stopped) {
      try {
        // Where new streams are read from, fixed before anything slow (the first discovery SCAN of
        // a big keyspace takes seconds): a viewer told `up` may add a job at once, and its events
        // must not fall before the start. TIME is this connection's first command, so it reaches
        // Redis before `ready` (hence `up`) is even emitted.
        this.startId ??= await this.redisNow();
        await this.followDiscovery();
        if (this.streams.size === 0) {
          await sleep(this.settings.blockMs);
          continue;
        }
        const keys = [...this.streams.keys()];
        const ids = keys.map((key) => this.streams.get(key)!.lastId);
        const raw = await this.redis.call(
          'XREAD',
          'COUNT',
          String(this.settings.count),
          'BLOCK',
          String(this.settings.blockMs),
          'STREAMS',
          ...keys,
          ...ids,
        );
        if (this.stopped) break;
        if (this.handle(parseXreadReply(raw))) await sleep(this.settings.batchWindowMs);
      } catch (error) {
        if (this.stopped) break;
        if (this.redis.status === 'ready') {
          // Redis answered with an error (not a lost connection): say why, do not spin.
          console.error(
            `[yardmaster live] ${this.ctx.sourceId}: ${stripCredentials(String(error))}`,
          );
          await sleep(1_000);
        } else {
          await this.untilReady();
        }
      }
    }
  }

  /**
   * Make the stream set follow the adapter's queue discovery (cached; re-scanned in the background):
   * new queues join at once; a queue discovery no longer lists leaves after `forgetMs` without entries.
   */
  private async followDiscovery(): Promise<void> {
    const names = await this.ctx.discovery.queues();
    const wanted = new Map(names.map((name) => [eventsKey(this.ctx.prefix, name), name]));
    const now = Date.now();
    for (const [key, stream] of this.streams) {
      if (wanted.has(key)) stream.seenAt = now;
      else if (now - stream.seenAt >= this.settings.forgetMs) this.streams.delete(key);
    }
    const startId = (this.startId ??= await this.redisNow());
    for (const [key, queue] of wanted)
      if (!this.streams.has(key)) this.streams.set(key, { queue, lastId: startId, seenAt: now });
  }

  /** Redis' clock as a stream id, not ours: stream ids are Redis time, and a skewed host must not skip events. */
  private async redisNow(): Promise<string> {
    const [seconds, micros] = (await this.redis.time()) as [string | number, string | number];
    return `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)}-0`;
  }

  /** Report a batch of entries; true when there were any. */
  private handle(batch: Map<string, StreamEntry[]>): boolean {
    let any = false;
    const jobs: LiveJobEvent[] = [];
    for (const [key, entries] of batch) {
      const stream = this.streams.get(key);
      if (!stream || entries.length === 0) continue;
      any = true;
      stream.lastId = entries[entries.length - 1]!.id;
      stream.seenAt = Date.now();
      // A scan may have missed it (an emptied Redis filling up again): its counts belong in the snapshot.
      this.ctx.discovery.remember(stream.queue);
      for (const entry of entries) {
        const mapped = toLiveEntry(stream.queue, entry);
        if (mapped.kind === 'job') jobs.push(mapped.event);
        else if (mapped.kind === 'queue') this.sink.queueChange(mapped.change);
      }
    }
    if (jobs.length) this.sink.jobs(jobs);
    if (any) this.dirty = true;
    return any;
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.snapshotting) return;
    const now = Date.now();
    const full = now - this.lastFull >= this.settings.fullSnapshotMs;
    if (!full && !(this.dirty && now - this.lastSnapshot >= this.settings.snapshotMs)) return;
    this.snapshotting = true;
    this.dirty = false;
    this.lastSnapshot = now;
    if (full) this.lastFull = now;
    try {
      const queues = full ? await listQueues(this.ctx) : await this.countsOnly();
      if (!this.stopped) this.sink.snapshot(queues);
    } catch {
      // Redis unreachable: the dedicated connection reports it; the next tick after `ready` retries.
      this.dirty = true;
      if (full) this.lastFull = 0;
    } finally {
      this.snapshotting = false;
    }
  }

  /** Every queue's counts, paused flag and limits in one script call; no CLIENT LIST. */
  private async countsOnly(): Promise<LiveQueueFacts[]> {
    const queues = await listQueues(this.ctx, { workers: false });
    return queues.map(({ workerCount: _unknown, ...queue }) => queue);
  }

  private untilReady(): Promise<void> {
    if (this.redis.status === 'ready' || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.wakeReady = () => {
        this.wakeReady = null;
        resolve();
      };
    });
  }
}

/** BullMQ's per-queue event stream (trimmed by BullMQ to ~10,000 entries). */
function eventsKey(prefix: string, queue: string): string {
  return `${prefix}:${queue}:events`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
