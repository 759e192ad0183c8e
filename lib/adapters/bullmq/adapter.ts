/** The BullMQ source adapter (reads, live feed and actions): BullMQ 5 and 6 queues on one Redis + key prefix. */
import 'server-only';
import type { BullmqSourceConfig } from '@/lib/config';
import { actionCapabilitiesOf } from '../types';
import type { ReadCapability } from '../types';
import type { Capability, SourceAdapter } from '../types';
import type { RoundTripObserver } from './client';
import { BullmqClient } from './client';
import { QueueDiscovery } from './discovery';
import { getFlow, getTimeline } from './flow-reads';
import { createBullmqActions } from './actions';
import type { BullmqLiveOptions } from './live';
import { createBullmqLive } from './live';
import { findJob, getJob, getJobLogs, getPayload, listJobs } from './job-reads';
import { listQueueMetrics } from './metrics-reads';
import type { ReadContext } from './queue-reads';
import { getMetrics, getQueue, listQueues, listSchedules, listWorkers } from './queue-reads';

export interface BullmqAdapterOptions {
  /** How often queue discovery re-scans, ms (ignored when the config lists the queues). */
  discoveryIntervalMs: number;
  /** Observe every Redis round trip (tests and benchmarks count them). */
  onRoundTrip?: RoundTripObserver;
  /** Connect / command timeout, ms (default 2 s). */
  timeoutMs?: number;
  /** Tuning of the live upstream (tests, bench). */
  live?: Omit<BullmqLiveOptions, 'url'>;
}

/** BullMQ has every read the seam names except `workerDetail` (a Redis connection has no more to say). */
// Named one by one, not "all but": a read capability added for another system must not be
// declared here by default (the API would call a method this adapter does not have).
const BULLMQ_READS = [
  'queues',
  'jobs',
  'jobLookup',
  'timeline',
  'logs',
  'flows',
  'workers',
  'schedules',
  'metrics',
  'search',
  'deadLetters',
] as const satisfies readonly ReadCapability[];

export function createBullmqAdapter(
  config: BullmqSourceConfig,
  options: BullmqAdapterOptions,
): SourceAdapter {
  const client = new BullmqClient({
    sourceId: config.id,
    url: config.redis,
    onRoundTrip: options.onRoundTrip,
    timeoutMs: options.timeoutMs,
  });
  const discovery = new QueueDiscovery(client, {
    prefix: config.prefix,
    queues: config.queues,
    intervalMs: options.discoveryIntervalMs,
  });
  const ctx: ReadContext = { sourceId: config.id, prefix: config.prefix, client, discovery };
  // Mutations run on a connection of their own (opened on first use), never queued behind reads.
  const { actions, searchJobs, listDeadLetters } = createBullmqActions(ctx, config.redis);
  const capabilities: ReadonlySet<Capability> = new Set([
    ...BULLMQ_READS,
    ...actionCapabilitiesOf(actions),
  ]);
  // Opens its own connection only while the live hub runs an upstream for this source.
  const live = createBullmqLive(ctx, { url: config.redis, ...options.live });

  return {
    id: config.id,
    kind: 'bullmq',
    label: config.label ?? config.id,
    capabilities,
    ping: () => client.ping(),
    listQueues: () => listQueues(ctx),
    getQueue: (queue) => getQueue(ctx, queue),
    listJobs: (queue, listOptions) => listJobs(ctx, queue, listOptions),
    getJob: (queue, id) => getJob(ctx, queue, id),
    getPayload: (queue, id, field) => getPayload(ctx, queue, id, field),
    getJobLogs: (queue, id, page) => getJobLogs(ctx, queue, id, page),
    findJob: (id) => findJob(ctx, id),
    getTimeline: (ref) => getTimeline(ctx, ref),
    getFlow: (ref) => getFlow(ctx, ref),
    listWorkers: () => listWorkers(ctx),
    listSchedules: () => listSchedules(ctx),
    getMetrics: (queue) => getMetrics(ctx, queue),
    listQueueMetrics: (metricsOptions) => listQueueMetrics(ctx, metricsOptions),
    searchJobs,
    listDeadLetters,
    actions,
    live,
    async close() {
      await actions.close();
      await live.close();
      discovery.stop();
      await client.close();
    },
  };
}
