/**
 * Prometheus metrics (`GET /metrics`) with prom-client, on a registry of our own (not prom-client's
 * global one, so tests and several handlers in one process do not share series).
 *
 * Queue facts are read at scrape time, once per scrape for all metrics together, from the same
 * adapter reads the API uses (one overview read per source, plus BullMQ's own metrics totals where
 * the source has them): Prometheus' scrape interval is the polling interval, and nothing runs
 * between scrapes. A source that does not answer within `scrapeTimeoutMs` reports `source_up 0`
 * and keeps its last queue series out of the answer; the others still answer.
 *
 * Labels are sources, queues, states, routes (the path template, never an id) and status codes,
 * so the number of series is bounded by configuration, not by traffic.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue, SourceAdapter, SourceMetrics } from '@/lib/adapters/types';
import { jobStates } from '@/lib/adapters/types';

export interface MetricsSourceList {
  list(): ReadonlyArray<{ adapter: SourceAdapter }>;
}

export interface LiveStats {
  clients: number;
  upstreams: number;
  dropped: number;
}

export interface AppMetricsOptions {
  sources: MetricsSourceList;
  /** The live hub's counters, read at scrape time. */
  liveStats?: () => LiveStats;
  scrapeTimeoutMs?: number;
  /** Process CPU, memory, event-loop lag (prom-client's defaults), prefixed `yardmaster_`. */
  processMetrics?: boolean;
}

export interface RequestObservation {
  method: string;
  /** The route's path template (`/sources/{source}/queues/{queue}`), or `unmatched`. */
  route: string;
  status: number;
  seconds: number;
}

export interface AppMetrics {
  readonly registry: Registry;
  readonly contentType: string;
  observeRequest(observation: RequestObservation): void;
  /** The exposition text; reads every source once. */
  scrape(): Promise<string>;
}

interface SourceFacts {
  adapter: SourceAdapter;
  queues: Queue[] | null;
  metrics: SourceMetrics | null;
}

export function createAppMetrics(options: AppMetricsOptions): AppMetrics {
  const registry = new Registry();
  const timeoutMs = options.scrapeTimeoutMs ?? 2_000;
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'yardmaster_' });

  // One read of every source per scrape, shared by the collectors below.
  let facts: Promise<SourceFacts[]> = Promise.resolve([]);
  const sourceErrors = new Counter({
    name: 'yardmaster_source_errors_total',
    help: 'Scrape-time reads of a source that failed or timed out.',
    labelNames: ['source'] as const,
    registers: [registry],
  });

  const readSource = async (adapter: SourceAdapter): Promise<SourceFacts> => {
    try {
      const [queues, metrics] = await withTimeout(
        Promise.all([
          adapter.listQueues(),
          adapter.capabilities.has('metrics') && adapter.listQueueMetrics
            ? adapter.listQueueMetrics({ queues: null, points: 1 })
            : Promise.resolve(null),
        ]),
        timeoutMs,
      );
      return { adapter, queues, metrics };
    } catch {
      sourceErrors.inc({ source: adapter.id });
      return { adapter, queues: null, metrics: null };
    }
  };

  new Gauge({
    name: 'yardmaster_source_up',
    help: '1 when the source answered the scrape-time read, else 0.',
    labelNames: ['source', 'kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { adapter, queues } of await facts) {
        this.set({ source: adapter.id, kind: adapter.kind }, queues ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'yardmaster_queue_jobs',
    help: 'Jobs in a queue, per state.',
    labelNames: ['source', 'queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { adapter, queues } of await facts) {
        for (const queue of queues ?? []) {
          for (const state of jobStates) {
            const count = queue.counts[state];
            if (count !== undefined) this.set({ source: adapter.id, queue: queue.name, state }, count);
          }
        }
      }
    },
  });
  new Gauge({
    name: 'yardmaster_queue_paused',
    help: '1 when the queue is paused.',
    labelNames: ['source', 'queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { adapter, queues } of await facts) {
        for (const queue of queues ?? []) this.set({ source: adapter.id, queue: queue.name }, queue.paused ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'yardmaster_queue_workers',
    help: 'Workers serving the queue, where the backend tells.',
    labelNames: ['source', 'queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { adapter, queues } of await facts) {
        for (const queue of queues ?? []) {
          if (queue.workerCount !== null) this.set({ source: adapter.id, queue: queue.name }, queue.workerCount);
        }
      }
    },
  });
  for (const outcome of ['completed', 'failed'] as const) {
    new Counter({
      name: `yardmaster_queue_${outcome}_total`,
      help: `Jobs ${outcome}, as counted by the workers themselves (BullMQ's metrics; only queues whose workers record metrics).`,
      labelNames: ['source', 'queue'] as const,
      registers: [registry],
      async collect() {
        // The backend holds the running total; each scrape restates it.
        this.reset();
        for (const { adapter, metrics } of await facts) {
          for (const queue of metrics?.queues ?? []) {
            const series = queue[outcome];
            if (series) this.inc({ source: adapter.id, queue: queue.queue }, series.total);
          }
        }
      },
    });
  }

  const live = options.liveStats;
  new Gauge({
    name: 'yardmaster_sse_clients',
    help: 'Browsers and scripts connected to the live feed.',
    registers: [registry],
    collect() {
      this.set(live?.().clients ?? 0);
    },
  });
  new Gauge({
    name: 'yardmaster_live_upstreams',
    help: 'Sources whose live upstream is running (one per watched source).',
    registers: [registry],
    collect() {
      this.set(live?.().upstreams ?? 0);
    },
  });
  new Counter({
    name: 'yardmaster_sse_dropped_clients_total',
    help: 'Live clients dropped because they stopped reading.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(live?.().dropped ?? 0);
    },
  });

  const requests = new Histogram({
    name: 'yardmaster_http_request_duration_seconds',
    help: 'REST API answers by route template, method and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [registry],
  });

  return {
    registry,
    contentType: registry.contentType,
    observeRequest({ method, route, status, seconds }) {
      requests.observe({ method, route, status: String(status) }, seconds);
    },
    async scrape() {
      facts = Promise.all(options.sources.list().map(({ adapter }) => readSource(adapter)));
      await facts;
      return registry.metrics();
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
