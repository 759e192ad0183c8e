/**
 * The live hub: ONE upstream per source whatever the number of viewers, fanned out to any number of
 * SSE clients (DESIGN.md "Live updates").
 *
 * - An upstream runs only while a client watches its source (plus `lingerMs`, so a page reload does
 *   not restart it).
 * - Snapshots are diffed per queue: counts go out only when they changed, and at most once per
 *   `coalesceMs` per queue; job-list change notices are merged the same way. Job events are not
 *   coalesced (a job page wants every step).
 * - Every event gets a hub-wide id `<epoch>-<seq>` and is kept in a bounded ring buffer; a client
 *   that reconnects with `Last-Event-ID` gets what it missed, or a `reset` when the buffer no longer
 *   holds it (or the upstream was not running meanwhile, or the server restarted).
 * - A client whose stream buffers more than `maxBufferedBytes` (it does not read) is dropped; it
 *   reconnects and resumes, instead of the server holding an ever-growing queue for it.
 *
 * Framework-free and free of any job system: the route (lib/api/routes-live.ts) hands it parsed topics
 * and answers with the ReadableStream it returns.
 */
import type {
  JobState,
  LiveJobEvent,
  LiveQueueChange,
  LiveQueueFacts,
  LiveSink,
  LiveSource,
  LiveUpstream,
  Worker,
} from '@/lib/adapters/types';
import { jobStates } from '@/lib/adapters/types';
import { Coalescer } from './coalescer';
import type { LiveEvent } from './events';
import { RingBuffer } from './ring-buffer';
import { formatEventId, parseEventId, sseComment, sseEvent, sseRetry } from './sse';
import type { Topic } from './topics';
import { formatTopic, jobTopic, queueJobsTopic, queueTopic, sourceTopic, workersTopic } from './topics';

/** What the hub needs of the registry: a source's live feed, if it has one. */
export interface LiveDirectory {
  get(id: string): { adapter: { live?: LiveSource } } | undefined;
}

export interface LiveHubOptions {
  directory: LiveDirectory;
  /** Events kept for `Last-Event-ID` resume. */
  ringSize?: number;
  /** Least time between two counts (or job-list) messages of one queue, ms. */
  coalesceMs?: number;
  heartbeatMs?: number;
  /** A client with more than this many bytes waiting to be read is dropped. */
  maxBufferedBytes?: number;
  /** How long an upstream keeps running after its last viewer left, ms. */
  lingerMs?: number;
  /** Reconnect delay suggested to EventSource, ms. */
  retryMs?: number;
}

const LIVE_DEFAULTS = {
  ringSize: 10_000,
  coalesceMs: 250,
  heartbeatMs: 15_000,
  maxBufferedBytes: 1024 * 1024,
  lingerMs: 30_000,
  retryMs: 3_000,
} as const;

interface Entry {
  seq: number;
  source: string;
  /** Delivered to every client of the source whatever its topics (status). */
  sourceWide: boolean;
  topics: readonly string[];
  event: LiveEvent;
  /** Encoded on first delivery: events nobody receives cost no JSON. */
  frame?: Uint8Array;
}

interface Client {
  readonly id: number;
  readonly topics: ReadonlySet<string>;
  readonly sources: ReadonlySet<string>;
  readonly controller: ReadableStreamDefaultController<Uint8Array>;
  closed: boolean;
}

interface Feed {
  readonly source: string;
  readonly clients: Set<Client>;
  upstream: LiveUpstream | null;
  /** Bumped at each start so a stopped upstream's late reports are ignored. */
  generation: number;
  /** Hub seq when the running upstream started: resuming from before it is a gap. */
  startedAtSeq: number;
  lingerTimer: ReturnType<typeof setTimeout> | null;
  status: 'up' | 'down' | null;
  /** Last facts told per queue, with the comparison key (rate-limit TTL reduced to limited or not). */
  facts: Map<string, { key: string; facts: LiveQueueFacts; limited: boolean }>;
  counts: Coalescer<LiveQueueFacts>;
  jobLists: Coalescer<Set<JobState>>;
  /** The last workers list told (its comparison key), and the coalescer it goes out through. */
  workersKey: string | null;
  workers: Coalescer<Worker[]>;
}

export interface OpenOptions {
  topics: readonly Topic[];
  /** From the `Last-Event-ID` header (or `lastEventId` query, which survives a page reload). */
  lastEventId?: string | null;
  /** The request's signal: the stream ends when the client goes away. */
  signal?: AbortSignal;
}

export interface LiveHubStats {
  clients: number;
  upstreams: number;
  buffered: number;
  seq: number;
  dropped: number;
}

export class LiveHub {
  readonly epoch = (Date.now().toString(36) + Math.random().toString(36).slice(2, 6)).toLowerCase();
  private readonly settings: Required<Omit<LiveHubOptions, 'directory'>>;
  private readonly ring: RingBuffer<Entry>;
  private readonly feeds = new Map<string, Feed>();
  private readonly byTopic = new Map<string, Set<Client>>();
  private readonly clients = new Set<Client>();
  private seq = 0;
  private nextClientId = 1;
  private dropped = 0;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  constructor(private readonly options: LiveHubOptions) {
    const { directory: _directory, ...rest } = options;
    this.settings = { ...LIVE_DEFAULTS, ...rest };
    this.ring = new RingBuffer<Entry>(this.settings.ringSize);
  }

  /** A new client's SSE byte stream; it receives events for `topics` until it cancels or aborts. */
  open({ topics, lastEventId = null, signal }: OpenOptions): ReadableStream<Uint8Array> {
    const topicKeys = new Set(topics.map(formatTopic));
    const sources = new Set(topics.map((topic) => topic.source));
    let client: Client | null = null;
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          client = { id: this.nextClientId++, topics: topicKeys, sources, controller, closed: false };
          if (this.closed) {
            controller.close();
            return;
          }
          // Feeds this client needs but that do not run yet start now, AFTER the resume check.
          const resume = this.resumePoint(lastEventId, sources);
          this.attach(client);
          controller.enqueue(sseRetry(this.settings.retryMs));
          const hello: LiveEvent = {
            type: 'hello',
            sources: [...sources].map((id) => ({
              id,
              live: Boolean(this.options.directory.get(id)?.adapter.live),
              status: this.feeds.get(id)?.status ?? null,
            })),
          };
          const head = formatEventId(this.epoch, this.seq);
          if (resume.kind === 'replay') {
            // No id on hello: the client's resume point stays where it was until the replay moves it.
            controller.enqueue(sseEvent(null, 'hello', hello));
            for (const entry of this.ring.since((item) => item.seq > resume.after)) {
              if (this.wants(client, entry)) controller.enqueue(this.frameOf(entry));
            }
          } else {
            controller.enqueue(sseEvent(head, 'hello', hello));
            if (resume.kind === 'reset') {
              const reset: LiveEvent = { type: 'reset', reason: resume.reason };
              controller.enqueue(sseEvent(head, 'reset', reset));
            }
          }
        },
        cancel: () => {
          if (client) this.detach(client);
        },
      },
      // Count bytes, so `desiredSize` says how much a client has not read yet.
      { highWaterMark: this.settings.maxBufferedBytes, size: (chunk) => chunk.byteLength },
    );
    signal?.addEventListener(
      'abort',
      () => {
        if (client && !client.closed) {
          this.detach(client);
          try {
            client.controller.close();
          } catch {
            // already closed or errored
          }
        }
      },
      { once: true },
    );
    return stream;
  }

  stats(): LiveHubStats {
    let upstreams = 0;
    for (const feed of this.feeds.values()) if (feed.upstream) upstreams++;
    return {
      clients: this.clients.size,
      upstreams,
      buffered: this.ring.size,
      seq: this.seq,
      dropped: this.dropped,
    };
  }

  /** Stop every upstream and end every stream (server shutdown, tests). */
  async close(): Promise<void> {
    this.closed = true;
    for (const client of [...this.clients]) {
      this.detach(client);
      try {
        client.controller.close();
      } catch {
        // already closed
      }
    }
    await Promise.allSettled([...this.feeds.values()].map((feed) => this.stopFeed(feed)));
    this.feeds.clear();
  }

  // ---- clients -------------------------------------------------------------------------------

  private resumePoint(
    lastEventId: string | null,
    sources: ReadonlySet<string>,
  ): { kind: 'fresh' } | { kind: 'replay'; after: number } | { kind: 'reset'; reason: string } {
    if (!lastEventId) return { kind: 'fresh' };
    const last = parseEventId(lastEventId);
    if (!last || last.epoch !== this.epoch || last.seq > this.seq)
      return { kind: 'reset', reason: 'the server restarted since your last event' };
    const oldest = this.ring.first()?.seq ?? this.seq + 1;
    if (last.seq < oldest - 1)
      return { kind: 'reset', reason: 'too many events since your last one' };
    for (const source of sources) {
      const feed = this.feeds.get(source);
      if (this.options.directory.get(source)?.adapter.live && (!feed?.upstream || feed.startedAtSeq > last.seq))
        return { kind: 'reset', reason: `nobody watched "${source}" for a while` };
    }
    return { kind: 'replay', after: last.seq };
  }

  private attach(client: Client): void {
    this.clients.add(client);
    for (const topic of client.topics) {
      let set = this.byTopic.get(topic);
      if (!set) this.byTopic.set(topic, (set = new Set()));
      set.add(client);
    }
    for (const source of client.sources) {
      const feed = this.feedFor(source);
      feed.clients.add(client);
      if (feed.lingerTimer) {
        clearTimeout(feed.lingerTimer);
        feed.lingerTimer = null;
      }
      if (!feed.upstream) this.startFeed(feed);
    }
    this.heartbeat ??= setInterval(() => this.beat(), this.settings.heartbeatMs);
    this.heartbeat.unref?.();
  }

  private detach(client: Client): void {
    if (client.closed) return;
    client.closed = true;
    this.clients.delete(client);
    for (const topic of client.topics) {
      const set = this.byTopic.get(topic);
      set?.delete(client);
      if (set?.size === 0) this.byTopic.delete(topic);
    }
    for (const source of client.sources) {
      const feed = this.feeds.get(source);
      if (!feed) continue;
      feed.clients.delete(client);
      if (feed.clients.size === 0 && feed.upstream && !feed.lingerTimer) {
        feed.lingerTimer = setTimeout(() => {
          feed.lingerTimer = null;
          if (feed.clients.size === 0) void this.stopFeed(feed);
        }, this.settings.lingerMs);
        feed.lingerTimer.unref?.();
      }
    }
    if (this.clients.size === 0 && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
  }

  /** Queue bytes for a client, or drop it when it has stopped reading. */
  private send(client: Client, frame: Uint8Array): void {
    if (client.closed) return;
    const room = client.controller.desiredSize;
    if (room !== null && room < frame.byteLength) {
      this.dropped++;
      this.detach(client);
      // error(), not close(): discard what is queued now instead of keeping it until it is read.
      client.controller.error(new Error('live client too slow: dropped'));
      return;
    }
    client.controller.enqueue(frame);
  }

  private beat(): void {
    const frame = sseComment('heartbeat');
    for (const client of [...this.clients]) this.send(client, frame);
  }

  private wants(client: Client, entry: Entry): boolean {
    if (entry.sourceWide) return client.sources.has(entry.source);
    return entry.topics.some((topic) => client.topics.has(topic));
  }

  private frameOf(entry: Entry): Uint8Array {
    entry.frame ??= sseEvent(formatEventId(this.epoch, entry.seq), entry.event.type, entry.event);
    return entry.frame;
  }

  private publish(source: string, event: LiveEvent, topics: readonly string[], sourceWide = false): void {
    const entry: Entry = { seq: ++this.seq, source, sourceWide, topics, event };
    this.ring.push(entry);
    const targets = new Set<Client>();
    if (sourceWide) for (const client of this.feeds.get(source)?.clients ?? []) targets.add(client);
    else
      for (const topic of topics) for (const client of this.byTopic.get(topic) ?? []) targets.add(client);
    if (targets.size === 0) return;
    const frame = this.frameOf(entry);
    for (const client of targets) this.send(client, frame);
  }

  // ---- feeds (one upstream per source) -------------------------------------------------------

  private feedFor(source: string): Feed {
    let feed = this.feeds.get(source);
    if (feed) return feed;
    const counts = new Coalescer<LiveQueueFacts>(this.settings.coalesceMs, (queue, facts) =>
      this.publish(source, { type: 'counts', source, queue: facts }, [
        sourceTopic(source),
        queueTopic(source, queue),
      ]),
    );
    const jobLists = new Coalescer<Set<JobState>>(
      this.settings.coalesceMs,
      (queue, states) =>
        this.publish(source, { type: 'jobs', source, queue, states: [...states].sort() }, [
          queueTopic(source, queue),
        ]),
      // Merged in place: the pending set is the hub's own (made per push), so no copy per event.
      (pending, next) => {
        for (const state of next) pending.add(state);
        return pending;
      },
    );
    const workers = new Coalescer<Worker[]>(this.settings.coalesceMs, (_key, list) =>
      this.publish(source, { type: 'workers', source, workers: list }, [workersTopic(source)]),
    );
    feed = {
      source,
      workersKey: null,
      workers,
      clients: new Set(),
      upstream: null,
      generation: 0,
      startedAtSeq: 0,
      lingerTimer: null,
      status: null,
      facts: new Map(),
      counts,
      jobLists,
    };
    this.feeds.set(source, feed);
    return feed;
  }

  private startFeed(feed: Feed): void {
    const live = this.options.directory.get(feed.source)?.adapter.live;
    if (!live) return;
    const generation = ++feed.generation;
    feed.startedAtSeq = this.seq;
    const current = () => feed.generation === generation && !this.closed;
    const sink: LiveSink = {
      status: (status, error) => current() && this.onStatus(feed, status, error),
      snapshot: (queues) => current() && this.onSnapshot(feed, queues),
      jobs: (events) => current() && this.onJobs(feed, events),
      queueChange: (change) => current() && this.onQueueChange(feed, change),
      workers: (workers) => current() && this.onWorkers(feed, workers),
    };
    try {
      feed.upstream = live.start(sink);
    } catch (error) {
      console.error(`[yardmaster live] cannot start the feed of "${feed.source}": ${String(error)}`);
      feed.upstream = null;
    }
  }

  private async stopFeed(feed: Feed): Promise<void> {
    if (feed.lingerTimer) clearTimeout(feed.lingerTimer);
    feed.lingerTimer = null;
    const upstream = feed.upstream;
    feed.upstream = null;
    feed.generation++;
    feed.status = null;
    feed.facts.clear();
    feed.counts.clear();
    feed.jobLists.clear();
    feed.workers.clear();
    feed.workersKey = null;
    await upstream?.stop();
  }

  private onStatus(feed: Feed, status: 'up' | 'down', error?: string): void {
    if (feed.status === status) return;
    feed.status = status;
    const event: LiveEvent = {
      type: 'source',
      source: feed.source,
      status,
      ...(status === 'down' && error ? { error } : {}),
    };
    this.publish(feed.source, event, [sourceTopic(feed.source)], true);
  }

  private onSnapshot(feed: Feed, queues: readonly LiveQueueFacts[]): void {
    for (const facts of queues) {
      const previous = feed.facts.get(facts.name);
      const workerCount =
        facts.workerCount !== undefined ? facts.workerCount : previous?.facts.workerCount;
      const merged: LiveQueueFacts = { ...facts };
      if (workerCount === undefined) delete merged.workerCount;
      else merged.workerCount = workerCount;
      const limited = merged.rateLimitedForMs > 0;
      // The limiter TTL shrinks every millisecond; only "limited or not" is news.
      const key = JSON.stringify({ ...merged, rateLimitedForMs: limited });
      if (previous?.key === key) continue;
      feed.facts.set(facts.name, { key, facts: merged, limited });
      if (previous && previous.facts.paused !== merged.paused)
        this.queueEvent(feed, facts.name, merged.paused ? 'paused' : 'resumed');
      if (previous && previous.limited !== limited)
        this.queueEvent(feed, facts.name, limited ? 'rate-limited' : 'rate-limit-lifted');
      feed.counts.push(facts.name, merged);
    }
  }

  private onWorkers(feed: Feed, workers: readonly Worker[]): void {
    // A worker's age grows every second; only what it reports (or its status) is news.
    const key = JSON.stringify(workers.map(({ ageSeconds: _age, ...facts }) => facts));
    if (key === feed.workersKey) return;
    feed.workersKey = key;
    feed.workers.push('workers', [...workers]);
  }

  private onJobs(feed: Feed, events: readonly LiveJobEvent[]): void {
    const source = feed.source;
    for (const job of events) {
      const event: LiveEvent = {
        type: 'job',
        source,
        queue: job.queue,
        id: job.id,
        event: job.event,
        state: job.state,
        at: job.at,
        ...(job.progress !== undefined ? { progress: job.progress } : {}),
        ...(job.failedReason !== undefined ? { failedReason: job.failedReason } : {}),
      };
      this.publish(source, event, [jobTopic(source, job.queue, job.id), queueJobsTopic(source, job.queue)]);
      if (job.touched.length) feed.jobLists.push(job.queue, new Set(job.touched));
    }
  }

  private onQueueChange(feed: Feed, { queue, change }: LiveQueueChange): void {
    if (change === 'paused' || change === 'resumed') {
      // The next snapshot reports it too; say it once, whichever comes first.
      const known = feed.facts.get(queue);
      const paused = change === 'paused';
      if (known && known.facts.paused === paused) return;
      if (known) {
        const facts = { ...known.facts, paused };
        feed.facts.set(queue, {
          ...known,
          facts,
          key: JSON.stringify({ ...facts, rateLimitedForMs: known.limited }),
        });
      }
    }
    if (change === 'cleaned' || change === 'drained')
      feed.jobLists.push(queue, new Set<JobState>(change === 'cleaned' ? jobStates : ['waiting']));
    this.queueEvent(feed, queue, change);
  }

  private queueEvent(feed: Feed, queue: string, change: Extract<LiveEvent, { type: 'queue' }>['change']): void {
    this.publish(feed.source, { type: 'queue', source: feed.source, queue, change }, [
      sourceTopic(feed.source),
      queueTopic(feed.source, queue),
    ]);
  }
}
