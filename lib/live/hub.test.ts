import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveQueueFacts, LiveSink, LiveSource } from '@/lib/adapters/types';
import { jobStates } from '@/lib/adapters/types';
import { LiveEvent } from './events';
import type { LiveHubOptions } from './hub';
import { LiveHub } from './hub';
import type { SseMessage } from './sse-parser';
import { readSse } from './sse-parser';
import { parseTopic } from './topics';
import type { Topic } from './topics';

/** A stand-in upstream: the test plays the backend through the sink the hub hands it. */
class ScriptedSource implements LiveSource {
  sink: LiveSink | null = null;
  starts = 0;
  stops = 0;
  start(sink: LiveSink) {
    this.sink = sink;
    this.starts++;
    return {
      stop: async () => {
        this.stops++;
      },
    };
  }
}

function facts(queue: string, completed: number, extra: Partial<LiveQueueFacts> = {}): LiveQueueFacts {
  return {
    source: 'main',
    name: queue,
    counts: { ...Object.fromEntries(jobStates.map((state) => [state, 0])), completed } as LiveQueueFacts['counts'],
    paused: false,
    globalConcurrency: null,
    rateLimit: null,
    rateLimitedForMs: 0,
    schedulerCount: 0,
    meta: {},
    ...extra,
  };
}

const topics = (...texts: string[]): Topic[] => texts.map((text) => parseTopic(text)!);

/** Let the readers drain what the hub enqueued (timers are fake; setImmediate is not). */
const drain = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

interface Viewer {
  messages: SseMessage[];
  events: LiveEvent[];
  abort: AbortController;
  ended: Promise<void>;
}

function watch(hub: LiveHub, texts: string[], lastEventId?: string): Viewer {
  const abort = new AbortController();
  const viewer: Viewer = { messages: [], events: [], abort, ended: Promise.resolve() };
  const stream = hub.open({ topics: topics(...texts), lastEventId, signal: abort.signal });
  viewer.ended = readSse(stream, (message) => {
    viewer.messages.push(message);
    viewer.events.push(LiveEvent.parse(JSON.parse(message.data)));
  });
  return viewer;
}

const of = <T extends LiveEvent['type']>(viewer: Viewer, type: T) =>
  viewer.events.filter((event): event is Extract<LiveEvent, { type: T }> => event.type === type);

describe('LiveHub', () => {
  let source: ScriptedSource;
  let hub: LiveHub;
  const make = (options: Partial<LiveHubOptions> = {}) =>
    new LiveHub({ directory: { get: (id) => (id === 'main' ? { adapter: { live: source } } : undefined) }, ...options });

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    source = new ScriptedSource();
    hub = make();
  });
  afterEach(async () => {
    await hub.close();
    vi.useRealTimers();
  });

  it('runs one upstream for any number of viewers and fans every event out to each', async () => {
    const viewers = [watch(hub, ['main']), watch(hub, ['main/emails']), watch(hub, ['main', 'main/emails'])];
    expect(source.starts).toBe(1);
    source.sink!.status('up');
    source.sink!.snapshot([facts('emails', 1)]);
    await drain();
    for (const viewer of viewers) {
      expect(viewer.events[0]?.type).toBe('hello');
      expect(of(viewer, 'counts').map((event) => event.queue.counts.completed)).toEqual([1]);
      expect(of(viewer, 'source').map((event) => event.status)).toEqual(['up']);
    }
    // One id per event, the same for every viewer.
    expect(new Set(viewers.map((viewer) => viewer.messages.at(-1)!.id)).size).toBe(1);
  });

  it('sends job steps only to that job (and the queue firehose), not to queue or source viewers', async () => {
    const job = watch(hub, ['main/job/emails/42']);
    const firehose = watch(hub, ['main/jobs/emails']);
    const queue = watch(hub, ['main', 'main/emails']);
    source.sink!.jobs([
      { queue: 'emails', id: '42', event: 'completed', state: 'completed', touched: ['active', 'completed'], at: 1 },
      { queue: 'emails', id: '43', event: 'active', state: 'active', touched: ['active', 'waiting'], at: 1 },
    ]);
    await drain();
    expect(of(job, 'job').map((event) => event.id)).toEqual(['42']);
    expect(of(firehose, 'job').map((event) => event.id)).toEqual(['42', '43']);
    expect(of(queue, 'job')).toEqual([]);
    // The queue viewer learns which lists changed, once for the burst.
    expect(of(queue, 'jobs').map((event) => event.states)).toEqual([['active', 'completed']]);
  });

  it('sends counts only when they changed, and a queue at most once per coalescing window', async () => {
    const viewer = watch(hub, ['main/emails']);
    source.sink!.snapshot([facts('emails', 1)]);
    source.sink!.snapshot([facts('emails', 1)]);
    // A rate limit's TTL ticking down is not news; becoming limited is.
    source.sink!.snapshot([facts('emails', 2, { rateLimitedForMs: 900 })]);
    source.sink!.snapshot([facts('emails', 2, { rateLimitedForMs: 800 })]);
    for (let n = 3; n <= 10; n++) source.sink!.snapshot([facts('emails', n, { rateLimitedForMs: 700 })]);
    await drain();
    expect(of(viewer, 'counts').map((event) => event.queue.counts.completed)).toEqual([1]);
    vi.advanceTimersByTime(250);
    await drain();
    // The burst became one message carrying the last word.
    expect(of(viewer, 'counts').map((event) => event.queue.counts.completed)).toEqual([1, 10]);
    expect(of(viewer, 'queue').map((event) => event.change)).toEqual(['rate-limited']);
  });

  it('resumes from Last-Event-ID with exactly what was missed', async () => {
    const first = watch(hub, ['main/emails']);
    source.sink!.snapshot([facts('emails', 1)]);
    await drain();
    const resumeFrom = first.messages.at(-1)!.id;
    first.abort.abort();
    await first.ended;
    // Nobody watches now, but the feed lingers and keeps recording.
    vi.advanceTimersByTime(300);
    source.sink!.snapshot([facts('emails', 2)]);
    await drain();

    const again = watch(hub, ['main/emails'], resumeFrom);
    await drain();
    expect(source.starts).toBe(1);
    expect(of(again, 'counts').map((event) => event.queue.counts.completed)).toEqual([2]);
    expect(of(again, 'reset')).toEqual([]);
    expect(again.messages.at(-1)!.id).not.toBe(resumeFrom);
  });

  it('says reset when the ring no longer holds the resume point, or the id is from another server', async () => {
    hub = make({ ringSize: 3, coalesceMs: 0 });
    const first = watch(hub, ['main/emails']);
    source.sink!.snapshot([facts('emails', 1)]);
    await drain();
    const resumeFrom = first.messages.at(-1)!.id;
    for (let n = 2; n <= 6; n++) source.sink!.snapshot([facts('emails', n)]);
    await drain();

    const late = watch(hub, ['main/emails'], resumeFrom);
    const foreign = watch(hub, ['main/emails'], 'otherepoch-3');
    await drain();
    for (const viewer of [late, foreign]) {
      expect(of(viewer, 'reset')).toHaveLength(1);
      expect(of(viewer, 'counts')).toEqual([]);
    }
  });

  it('stops the upstream once its last viewer has been gone for the linger time', async () => {
    const viewer = watch(hub, ['main']);
    viewer.abort.abort();
    await viewer.ended;
    expect(source.stops).toBe(0);
    vi.advanceTimersByTime(30_000);
    await drain();
    expect(source.stops).toBe(1);
    expect(hub.stats().upstreams).toBe(0);
  });

  it('drops a client that does not read instead of buffering for it without bound', async () => {
    hub = make({ maxBufferedBytes: 4_096, coalesceMs: 0 });
    const reader = watch(hub, ['main/emails']);
    const stuck = hub.open({ topics: topics('main/emails') }); // never read
    // In small bursts, each drained by the reader before the next.
    for (let n = 1; n <= 200; n++) {
      source.sink!.snapshot([facts('emails', n)]);
      if (n % 4 === 0) await drain();
    }
    await drain();
    expect(hub.stats()).toMatchObject({ clients: 1, dropped: 1 });
    await expect(stuck.getReader().read()).rejects.toThrow(/too slow/);
    // The reader got all 200.
    expect(of(reader, 'counts')).toHaveLength(200);
  });

  it('sends workers lists to workers viewers only when a report or a status changed, not as workers age', async () => {
    const workersViewer = watch(hub, ['main/workers/*']);
    const sourceViewer = watch(hub, ['main']);
    const worker = (status: 'online' | 'offline', at: number, ageSeconds: number) => ({
      id: 'celery@a',
      name: 'celery@a',
      queues: [],
      address: null,
      ageSeconds,
      idleSeconds: null,
      status,
      heartbeat: { at, freq: 2, saidOffline: false, active: 0, processed: 5, loadAverage: [0.1, 0.2, 0.3], software: null, pid: 7, forgetAt: null },
    });
    source.sink!.workers!([worker('online', 1000, 10)]);
    source.sink!.workers!([worker('online', 1000, 11)]);
    await drain();
    expect(of(workersViewer, 'workers').map((event) => event.workers[0]!.heartbeat!.at)).toEqual([1000]);
    vi.advanceTimersByTime(250);
    source.sink!.workers!([worker('online', 3000, 12)]);
    vi.advanceTimersByTime(250);
    source.sink!.workers!([worker('offline', 3000, 20)]);
    vi.advanceTimersByTime(250);
    await drain();
    expect(of(workersViewer, 'workers').map((event) => [event.workers[0]!.status, event.workers[0]!.heartbeat!.at])).toEqual([
      ['online', 1000],
      ['online', 3000],
      ['offline', 3000],
    ]);
    expect(of(sourceViewer, 'workers')).toEqual([]);
  });

  it('sends a heartbeat comment every 15 s', async () => {
    const viewer = watch(hub, ['main']);
    const stream = hub.open({ topics: topics('main') });
    let text = '';
    const reader = stream.getReader();
    vi.advanceTimersByTime(15_000);
    for (let i = 0; i < 3; i++) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain(': heartbeat');
    expect(viewer.messages).toHaveLength(1);
  });
});
