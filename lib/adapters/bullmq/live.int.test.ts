/**
 * The live feed end to end on real Redis and real BullMQ workers: GET /api/v1/events through the real
 * handler, one upstream per source whatever the number of viewers, resume by Last-Event-ID, a
 * Redis restart under connected viewers (its own redis-server), and a discovery scan that misses a
 * queue the upstream follows.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
// @ts-expect-error -- plain ESM helper shared with the demo and bench scripts
import { startRedis } from '../../../scripts/services.mjs';
import { SourceRegistry } from '@/lib/adapters/registry';
import type { LiveJobEvent, LiveQueueFacts, LiveSink } from '@/lib/adapters/types';
import type { ApiHandler } from '@/lib/api/handler';
import { createApiHandler } from '@/lib/api/handler';
import { YardmasterConfig } from '@/lib/config';
import { LiveEvent } from '@/lib/live/events';
import { closeLiveHub, liveHubFor } from '@/lib/live/global';
import { readSse } from '@/lib/live/sse-parser';
import { BullmqClient } from './client';
import { QueueDiscovery } from './discovery';
import { createBullmqLive } from './live';
import { Closer, connectionOf, eventually, uniquePrefix } from './testing/fixtures';

type Received = LiveEvent & { lastId: string };

interface Subscription {
  response: Response;
  events: Received[];
  lastId(): string;
  close(): Promise<void>;
}

async function subscribe(
  api: ApiHandler,
  topics: string[],
  headers: Record<string, string> = {},
): Promise<Subscription> {
  const abort = new AbortController();
  const response = await api(
    new Request(`http://127.0.0.1/api/v1/events?topics=${encodeURIComponent(topics.join(','))}`, {
      signal: abort.signal,
      headers,
    }),
  );
  const events: Received[] = [];
  let lastId = '';
  const done =
    response.ok && response.body
      ? readSse(response.body, (message) => {
          lastId = message.id;
          events.push({ ...LiveEvent.parse(JSON.parse(message.data)), lastId: message.id });
        }).catch(() => {})
      : Promise.resolve();
  return {
    response,
    events,
    lastId: () => lastId,
    async close() {
      abort.abort();
      await done;
    },
  };
}

function registryFor(redisUrl: string, id: string, prefix: string): SourceRegistry {
  return new SourceRegistry(
    YardmasterConfig.parse({
      sources: [{ id, kind: 'bullmq', redis: redisUrl, prefix }],
      discoveryIntervalMs: 500,
    }),
  );
}

/** The source's state as a viewer knows it: the last `source` event, else what `hello` said. */
function statusOf(events: Received[], source: string): 'up' | 'down' | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'source' && event.source === source) return event.status;
    if (event.type === 'hello') return event.sources.find((entry) => entry.id === source)?.status ?? null;
  }
  return null;
}

const ofType = <T extends LiveEvent['type']>(events: Received[], type: T) =>
  events.filter((event): event is Received & Extract<LiveEvent, { type: T }> => event.type === type);

describe('GET /api/v1/events on real Redis and workers', () => {
  const redisUrl = inject('redisUrl');
  const prefix = uniquePrefix('live');
  const closer = new Closer();
  let registry: SourceRegistry;
  let api: ApiHandler;
  let queue: Queue;

  beforeAll(async () => {
    queue = closer.add(new Queue('emails', { connection: connectionOf(redisUrl), prefix }));
    await queue.add('seed', { n: 0 }, { jobId: 'seed' });
    const worker = closer.add(
      new Worker('emails', async (job) => ({ sent: job.data }), {
        connection: { ...connectionOf(redisUrl), maxRetriesPerRequest: null },
        prefix,
        concurrency: 5,
      }),
    );
    await eventually(async () => expect(await queue.getJobState('seed')).toBe('completed'));
    void worker;
    registry = registryFor(redisUrl, 'live', prefix);
    closer.add(registry);
    closer.add({ close: () => closeLiveHub(registry) });
    api = createApiHandler({ registry });
  });
  afterAll(() => closer.closeAll());

  it('answers an event stream that no hop may buffer or compress', async () => {
    const sub = await subscribe(api, ['live']);
    expect(sub.response.status).toBe(200);
    expect(sub.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(sub.response.headers.get('cache-control')).toContain('no-transform');
    expect(sub.response.headers.get('x-accel-buffering')).toBe('no');
    await eventually(() => expect(sub.events[0]?.type).toBe('hello'));
    await sub.close();
  });

  it('refuses malformed topics (400) and unknown sources (404) before streaming', async () => {
    expect((await api(new Request('http://127.0.0.1/api/v1/events?topics=a/b/c/d/e'))).status).toBe(400);
    expect((await api(new Request('http://127.0.0.1/api/v1/events'))).status).toBe(400);
    expect((await api(new Request('http://127.0.0.1/api/v1/events?topics=nope'))).status).toBe(404);
  });

  it('delivers a completed job, the new counts and a job-list notice to every viewer', async () => {
    const viewers = await Promise.all([
      subscribe(api, ['live', 'live/emails', 'live/job/emails/j1']),
      subscribe(api, ['live/job/emails/j1']),
      subscribe(api, ['live/emails']),
    ]);
    await eventually(() => expect(statusOf(viewers[0]!.events, 'live')).toBe('up'));
    const before = (await queue.getJobCounts('completed')).completed ?? 0;
    await queue.add('welcome', { to: 'a@example.com' }, { jobId: 'j1' });

    await eventually(() => {
      for (const viewer of viewers.slice(0, 2)) {
        const steps = ofType(viewer.events, 'job').filter((event) => event.id === 'j1');
        expect(steps.map((event) => event.state)).toContain('completed');
      }
      const counts = ofType(viewers[2]!.events, 'counts').at(-1);
      expect(counts?.queue.name).toBe('emails');
      expect(counts?.queue.counts.completed).toBe(before + 1);
      const notices = ofType(viewers[2]!.events, 'jobs').flatMap((event) => event.states);
      expect(notices).toContain('completed');
    });
    // Job events go to job topics only: the queue viewer got none.
    expect(ofType(viewers[2]!.events, 'job')).toHaveLength(0);

    // Three viewers, one upstream: one dedicated connection in Redis' own client list.
    expect(liveHubFor(registry).stats().upstreams).toBe(1);
    const admin = new Redis(redisUrl);
    const names = ((await admin.client('LIST')) as string)
      .split('\n')
      .filter((line) => line.includes('name=yardmaster:live:live '));
    await admin.quit();
    expect(names).toHaveLength(1);
    await Promise.all(viewers.map((viewer) => viewer.close()));
  });

  it('resumes from Last-Event-ID with what was missed, and says reset when it cannot', async () => {
    const first = await subscribe(api, ['live/job/emails/j2', 'live/job/emails/j3']);
    await eventually(() => expect(first.events.length).toBeGreaterThan(0));
    await queue.add('welcome', {}, { jobId: 'j2' });
    await eventually(() =>
      expect(ofType(first.events, 'job').some((e) => e.id === 'j2' && e.state === 'completed')).toBe(true),
    );
    const resumeFrom = first.lastId();
    await first.close();

    await queue.add('welcome', {}, { jobId: 'j3' });
    await eventually(async () => expect(await queue.getJobState('j3')).toBe('completed'));
    // Give the upstream time to read the events of j3 (it runs on: the feed lingers).
    await eventually(() => expect(liveHubFor(registry).stats().seq).toBeGreaterThan(Number(resumeFrom.split('-')[1])));

    const resumed = await subscribe(api, ['live/job/emails/j2', 'live/job/emails/j3'], {
      'last-event-id': resumeFrom,
    });
    await eventually(() =>
      expect(ofType(resumed.events, 'job').some((e) => e.id === 'j3' && e.state === 'completed')).toBe(true),
    );
    expect(ofType(resumed.events, 'reset')).toHaveLength(0);
    // Nothing from before the resume point is sent again.
    expect(ofType(resumed.events, 'job').some((e) => e.id === 'j2')).toBe(false);
    await resumed.close();

    const stale = await subscribe(api, ['live'], { 'last-event-id': 'zzzz-5' });
    await eventually(() => expect(ofType(stale.events, 'reset')).toHaveLength(1));
    await stale.close();
  });
});

interface RedisProcess {
  url: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

describe('a Redis restart under connected viewers', () => {
  const prefix = uniquePrefix('live-fault');
  const closer = new Closer();
  let redis: RedisProcess;
  let registry: SourceRegistry;
  let api: ApiHandler;
  let queue: Queue;

  beforeAll(async () => {
    redis = (await startRedis()) as RedisProcess;
    closer.add({ close: () => redis.stop() });
    const connection = { ...connectionOf(redis.url), maxRetriesPerRequest: null };
    queue = closer.add(new Queue('q', { connection, prefix }));
    await queue.add('seed', {}, { jobId: 'seed' });
    // BullMQ waits `runRetryDelay` (15 s) after a connection error before fetching again; the restart
    // below may cause one, and the test is about the feed, not about the worker's patience.
    closer.add(new Worker('q', async () => 'ok', { connection, prefix, concurrency: 5, runRetryDelay: 500 }));
    registry = registryFor(redis.url, 'fault', prefix);
    closer.add(registry);
    closer.add({ close: () => closeLiveHub(registry) });
    api = createApiHandler({ registry });
  });
  afterAll(() => closer.closeAll());

  it('tells viewers the source went down and came back, and counts every job completed after', async () => {
    const viewer = await subscribe(api, ['fault', 'fault/q']);
    await eventually(() => expect(statusOf(viewer.events, 'fault')).toBe('up'));
    await eventually(() =>
      expect(ofType(viewer.events, 'counts').at(-1)?.queue.counts.completed).toBe(1),
    );

    await redis.restart();
    await eventually(() => {
      const statuses = ofType(viewer.events, 'source').map((event) => event.status);
      expect(statuses.slice(-2)).toEqual(['down', 'up']);
    });

    // The restarted Redis is empty (no persistence): the queue starts over, and the feed must follow.
    await eventually(() => queue.add('after', {}, { jobId: 'after-0' }));
    await queue.addBulk([1, 2].map((n) => ({ name: 'after', data: {}, opts: { jobId: `after-${n}` } })));
    await eventually(() =>
      expect(ofType(viewer.events, 'counts').at(-1)?.queue.counts.completed).toBe(3),
    );
    // The stream carried on without a reset, and the viewer is still connected.
    expect(ofType(viewer.events, 'reset')).toHaveLength(0);
    expect(liveHubFor(registry).stats().clients).toBe(1);
    await viewer.close();
    // Several waits in a row, each bounded by `eventually`: the whole may take long on a loaded box.
  }, 120_000);
});

/**
 * Queue discovery steered by the test: its answers can be held back (a first SCAN of a big keyspace
 * on a loaded Redis takes seconds), or come from a scan that saw none of the queues (one that landed
 * on a restarted, still empty Redis), listing again only what the upstream re-announces (`remember`).
 */
class SteeredDiscovery extends QueueDiscovery {
  private missed: Set<string> | null = null;
  private held: Promise<void> | null = null;
  private letGoOfHeld: () => void = () => {};
  /** Answers given since the missed scan (only the read loop asks while no events arrive). */
  answeredSinceMiss = 0;

  holdAnswers(): void {
    this.held = new Promise((resolve) => {
      this.letGoOfHeld = resolve;
    });
  }

  letGo(): void {
    this.held = null;
    this.letGoOfHeld();
  }

  missScan(): void {
    this.missed = new Set();
    this.answeredSinceMiss = 0;
  }

  override async queues(): Promise<string[]> {
    await this.held;
    if (!this.missed) return super.queues();
    this.answeredSinceMiss++;
    return [...this.missed].sort();
  }

  override remember(queue: string): void {
    this.missed?.add(queue);
    super.remember(queue);
  }
}

function recordingSink() {
  const statuses: Array<'up' | 'down'> = [];
  const snapshots: LiveQueueFacts[][] = [];
  const jobs: LiveJobEvent[] = [];
  const sink: LiveSink = {
    status: (status) => statuses.push(status),
    snapshot: (queues) => snapshots.push(queues),
    jobs: (events) => jobs.push(...events),
    queueChange: () => {},
  };
  const completedOf = (queue: string) =>
    snapshots.at(-1)?.find((facts) => facts.name === queue)?.counts.completed;
  const sawCompleted = (id: string) => jobs.some((job) => job.id === id && job.state === 'completed');
  return { sink, statuses, snapshots, jobs, completedOf, sawCompleted };
}

describe('the BullMQ upstream and queue discovery', () => {
  const redisUrl = inject('redisUrl');
  const prefix = uniquePrefix('live-steer');
  const closer = new Closer();
  let queue: Queue;

  beforeAll(async () => {
    const connection = { ...connectionOf(redisUrl), maxRetriesPerRequest: null };
    queue = closer.add(new Queue('q', { connection, prefix }));
    await queue.add('seed', {}, { jobId: 'seed' });
    closer.add(new Worker('q', async () => 'ok', { connection, prefix }));
    await eventually(async () => expect(await queue.getJobState('seed')).toBe('completed'));
  });
  afterAll(() => closer.closeAll());

  /** A live source of its own over a steered discovery; short blocks so the read loop turns often. */
  function steeredLive(sourceId: string) {
    const client = closer.add(new BullmqClient({ sourceId, url: redisUrl }));
    const discovery = new SteeredDiscovery(client, { prefix, intervalMs: 60_000 });
    closer.add({ close: async () => discovery.stop() });
    // Full snapshots rare, so that while no events arrive only the read loop asks discovery.
    const live = closer.add(
      createBullmqLive(
        { sourceId, prefix, client, discovery },
        { url: redisUrl, blockMs: 100, fullSnapshotMs: 600_000 },
      ),
    );
    return { discovery, live };
  }

  it('reads the events of a job that finished while its first discovery scan was still running', async () => {
    const { discovery, live } = steeredLive('steer-slow');
    discovery.holdAnswers();
    const seen = recordingSink();
    live.start(seen.sink);
    // A viewer is told the source is up, and a job runs at once.
    await eventually(() => expect(seen.statuses).toContain('up'));
    await queue.add('early', {}, { jobId: 'early' });
    await eventually(async () => expect(await queue.getJobState('early')).toBe('completed'));

    discovery.letGo();
    await eventually(() => expect(seen.sawCompleted('early')).toBe(true));
  });

  it('keeps reading a queue a discovery scan missed, and its counts come back with its events', async () => {
    const { discovery, live } = steeredLive('steer-miss');
    const seen = recordingSink();
    live.start(seen.sink);
    await eventually(() => expect(seen.completedOf('q')).toBeGreaterThanOrEqual(1));
    const before = (await queue.getJobCounts('completed')).completed ?? 0;

    discovery.missScan();
    // The loop has read discovery's new answer and gone on reading at least once since.
    await eventually(() => expect(discovery.answeredSinceMiss).toBeGreaterThanOrEqual(2));
    await queue.add('after', {}, { jobId: 'after-miss' });

    await eventually(() => {
      expect(seen.sawCompleted('after-miss')).toBe(true);
      expect(seen.completedOf('q')).toBe(before + 1);
    });
  });
});
