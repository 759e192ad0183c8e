/**
 * The Celery event ingest of one source: ONE `PSUBSCRIBE /{db}.celeryev/*` connection whose
 * messages are decoded at once (objects, or `task.multi` arrays) and applied to the task index in
 * batches (one Lua call per batch: every `flushEveryMs` or `flushAtEvents` events, a few batches
 * in flight). Redis drops a subscriber whose output buffer passes `client-output-buffer-limit
 * pubsub` (32 MB hard by default), so the handler never waits on the store: events queue in a
 * bounded buffer, and when even that overflows the oldest go, counted, and the gap is refilled
 * from the result backend like a dropped subscription's. A reconnect is reported (down / up) and
 * its gap refilled from `celery-task-meta-*`. A periodic `enable_events` broadcast turns task
 * events on in workers started without -E.
 */
import 'server-only';
import Redis from 'ioredis';
import { stripCredentials } from '../errors';
import type { CeleryTaskIndex, TaskChange, TaskUpdate, WorkerUpdate } from '@/lib/store/celery-task-index';
import type { BrokerKeys } from './keys';
import { TASK_META_PATTERN, eventPattern, pidboxChannel } from './keys';
import { backendMetaToUpdate, eventsOfMessage, toTaskUpdate, toWorkerUpdate } from './map';
import { broadcastMessage } from './pidbox';

export interface IngestOptions {
  sourceId: string;
  brokerUrl: string;
  keys: BrokerKeys;
  index: CeleryTaskIndex;
  /** The result backend, for gap refills (null when the source has none that is Redis). */
  backend: Redis | null;
  /** A normal broker connection, for the enable_events broadcast. */
  broker: Redis;
  enableEventsEveryMs: number;
  flushEveryMs?: number;
  flushAtEvents?: number;
  maxInFlightBatches?: number;
  /** Events held while the store is slow or away; beyond it the oldest are dropped (and refilled). */
  maxBufferedEvents?: number;
  /** Result-backend records read per gap refill at most. */
  refillScanLimit?: number;
  /**
   * How far before a drop the refill looks, ms (default 10 s): workers' clocks differ from ours,
   * and events may have been on their way when the connection went.
   */
  refillLookbackMs?: number;
  timeoutMs?: number;
}

export interface IngestListener {
  status?(status: 'up' | 'down', error?: string): void;
  changes?(changes: TaskChange[]): void;
  workers?(workers: WorkerUpdate[]): void;
}

export interface IngestStats {
  messages: number;
  events: number;
  applied: number;
  dropped: number;
  batches: number;
  refills: number;
  refilled: number;
  /** Largest number of events waiting for the store at once. */
  peakBuffered: number;
}

export class CeleryEventIngest {
  private readonly subscriber: Redis;
  private readonly listeners = new Set<IngestListener>();
  private tasks: TaskUpdate[] = [];
  private workerUpdates: WorkerUpdate[] = [];
  private inFlight = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly broadcaster: ReturnType<typeof setInterval> | null = null;
  private readonly trimmer: ReturnType<typeof setInterval>;
  private stopped = false;
  private everUp = false;
  private downSince: number | null = null;
  private lastError = '';
  private clock = 0;
  private idleWaiters: Array<() => void> = [];
  private refilling: Promise<void> | null = null;
  status: 'up' | 'down' = 'down';
  readonly stats: IngestStats = {
    messages: 0,
    events: 0,
    applied: 0,
    dropped: 0,
    batches: 0,
    refills: 0,
    refilled: 0,
    peakBuffered: 0,
  };
  private readonly settings: Required<
    Pick<
      IngestOptions,
      'flushEveryMs' | 'flushAtEvents' | 'maxInFlightBatches' | 'maxBufferedEvents' | 'refillScanLimit' | 'refillLookbackMs'
    >
  >;

  constructor(private readonly options: IngestOptions) {
    this.settings = {
      flushEveryMs: options.flushEveryMs ?? 5,
      flushAtEvents: options.flushAtEvents ?? 500,
      maxInFlightBatches: options.maxInFlightBatches ?? 4,
      maxBufferedEvents: options.maxBufferedEvents ?? 200_000,
      refillScanLimit: options.refillScanLimit ?? 200_000,
      refillLookbackMs: options.refillLookbackMs ?? 10_000,
    };
    this.subscriber = new Redis(options.brokerUrl, {
      connectTimeout: options.timeoutMs ?? 2_000,
      retryStrategy: (times) => Math.min(100 * 2 ** times, 5_000),
      maxRetriesPerRequest: null,
      connectionName: `yardmaster:${options.sourceId}:celeryev`,
    });
    this.subscriber.on('error', (error: Error) => {
      this.lastError = stripCredentials(error.message);
    });
    // ioredis re-issues the PSUBSCRIBE on reconnect; what came before it is in the refill's window.
    this.subscriber.on('ready', () => {
      if (this.everUp) this.markUp();
    });
    this.subscriber.on('close', () => this.markDown());
    this.subscriber.on('pmessage', (_pattern: string, _channel: string, message: string) => this.onMessage(message));
    void this.subscriber.psubscribe(eventPattern(options.keys)).then(
      () => this.markUp(),
      () => {},
    );
    if (options.enableEventsEveryMs > 0) {
      this.broadcaster = setInterval(() => void this.enableEvents(), options.enableEventsEveryMs);
      this.broadcaster.unref?.();
      void this.enableEvents();
    }
    // Retention runs even when no events come.
    this.trimmer = setInterval(() => void this.options.index.trim().catch(() => {}), 10_000);
    this.trimmer.unref?.();
  }

  subscribe(listener: IngestListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ask every worker to send task events (what `celery control enable_events` does). */
  async enableEvents(): Promise<void> {
    try {
      await this.options.broker.publish(
        pidboxChannel(this.options.keys),
        broadcastMessage('enable_events', { clock: ++this.clock }),
      );
    } catch {
      // The broker is away: the subscriber reports it; the next tick tries again.
    }
  }

  /** Resolves when every event received so far is in the store (tests, bench). */
  drained(): Promise<void> {
    if (this.tasks.length === 0 && this.workerUpdates.length === 0 && this.inFlight === 0)
      return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private markUp(): void {
    if (this.stopped || this.status === 'up') return;
    this.status = 'up';
    const gapStart = this.downSince;
    this.downSince = null;
    for (const listener of this.listeners) listener.status?.('up');
    if (this.everUp && gapStart !== null) void this.refill(gapStart - this.settings.refillLookbackMs);
    this.everUp = true;
  }

  private markDown(): void {
    if (this.stopped) return;
    this.downSince ??= Date.now();
    if (this.status === 'down') return;
    this.status = 'down';
    for (const listener of this.listeners) listener.status?.('down', this.lastError || 'connection closed');
  }

  private onMessage(message: string): void {
    this.stats.messages++;
    for (const event of eventsOfMessage(message)) {
      this.stats.events++;
      const task = toTaskUpdate(event);
      if (task) this.tasks.push(task);
      else {
        const worker = toWorkerUpdate(event);
        if (worker) this.workerUpdates.push(worker);
      }
    }
    const buffered = this.tasks.length + this.workerUpdates.length;
    if (buffered > this.stats.peakBuffered) this.stats.peakBuffered = buffered;
    if (buffered > this.settings.maxBufferedEvents) this.overflow();
    if (this.tasks.length >= this.settings.flushAtEvents) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.settings.flushEveryMs);
  }

  /** The store cannot keep up: drop the oldest task events, and refill their span from the backend. */
  private overflow(): void {
    const excess = this.tasks.length - Math.floor(this.settings.maxBufferedEvents / 2);
    if (excess <= 0) return;
    const dropped = this.tasks.splice(0, excess);
    this.stats.dropped += dropped.length;
    const since = dropped[0]!.at;
    console.error(
      `[yardmaster celery] ${this.options.sourceId}: the task index fell behind; ${dropped.length} events dropped, refilling from the result backend`,
    );
    void this.refill(since - this.settings.refillLookbackMs);
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (
      (this.tasks.length > 0 || this.workerUpdates.length > 0) &&
      this.inFlight < this.settings.maxInFlightBatches
    ) {
      const tasks = this.tasks.splice(0, this.settings.flushAtEvents * 2);
      const workers = this.workerUpdates.splice(0);
      this.inFlight++;
      this.stats.batches++;
      void this.options.index.apply(tasks, workers).then(
        (result) => {
          this.inFlight--;
          this.stats.applied += tasks.length + workers.length;
          if (result.changes.length) for (const listener of this.listeners) listener.changes?.(result.changes);
          if (workers.length) for (const listener of this.listeners) listener.workers?.(workers);
          this.afterBatch();
        },
        (error: unknown) => {
          this.inFlight--;
          // The store is away: keep the batch (bounded by maxBufferedEvents) and retry shortly.
          this.tasks.unshift(...tasks);
          this.workerUpdates.unshift(...workers);
          this.lastError = stripCredentials(String(error));
          if (!this.stopped) this.timer ??= setTimeout(() => this.flush(), 500);
        },
      );
    }
  }

  private afterBatch(): void {
    if (this.tasks.length >= this.settings.flushAtEvents) this.flush();
    else if (this.tasks.length > 0 || this.workerUpdates.length > 0)
      this.timer ??= setTimeout(() => this.flush(), this.settings.flushEveryMs);
    if (this.tasks.length === 0 && this.workerUpdates.length === 0 && this.inFlight === 0) {
      const waiters = this.idleWaiters.splice(0);
      for (const resolve of waiters) resolve();
    }
  }

  /**
   * Fill a gap from the result backend: every `celery-task-meta-*` record finished since `since`
   * (bounded by `refillScanLimit` keys looked at). Without `result_extended` such a record lacks
   * the task's name and queue; it still gives state, result and traceback.
   */
  refill(since: number): Promise<void> {
    const backend = this.options.backend;
    if (!backend) return Promise.resolve();
    if (this.refilling) return this.refilling;
    this.stats.refills++;
    this.refilling = (async () => {
      let cursor = '0';
      let looked = 0;
      try {
        do {
          const [next, keys] = await backend.scan(cursor, 'MATCH', TASK_META_PATTERN, 'COUNT', 1000);
          cursor = next;
          looked += keys.length;
          if (keys.length === 0) continue;
          const values = await backend.mget(...keys);
          const updates: TaskUpdate[] = [];
          keys.forEach((key, index) => {
            const value = values[index];
            if (!value) return;
            const update = backendMetaToUpdate(key.slice('celery-task-meta-'.length), value);
            if (update && update.at >= since) updates.push(update);
          });
          if (updates.length) {
            const result = await this.options.index.apply(updates, []);
            this.stats.refilled += updates.length;
            if (result.changes.length) for (const listener of this.listeners) listener.changes?.(result.changes);
          }
        } while (cursor !== '0' && looked < this.settings.refillScanLimit && !this.stopped);
      } catch (error) {
        console.error(`[yardmaster celery] ${this.options.sourceId}: backend refill failed: ${stripCredentials(String(error))}`);
      } finally {
        this.refilling = null;
      }
    })();
    return this.refilling;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.flush();
    // Whatever is buffered gets a moment to reach the store; a store that is away does not hold us.
    await Promise.race([this.drained(), new Promise((resolve) => setTimeout(resolve, 2_000))]);
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.broadcaster) clearInterval(this.broadcaster);
    clearInterval(this.trimmer);
    this.subscriber.disconnect();
    await this.refilling;
  }
}
