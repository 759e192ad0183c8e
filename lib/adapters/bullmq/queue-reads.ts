/** Queue-level reads: overview (one round trip for every queue), workers, schedulers, metrics. */
import 'server-only';
import type { Queue, QueueMetrics, Schedule, WorkerList } from '../types';
import type { Batch, BullmqClient, Replies, Slot } from './client';
import { OVERVIEW_SCRIPT, overviewKeys, toOverviewFacts } from './overview-script';
import type { QueueDiscovery } from './discovery';
import { metricsDataKey, queueKeys, schedulerKey } from './keys';
import { toQueue } from './map';
import { toMetricSeries, toSchedule } from './schedules';
import { parseClientList, toWorkers, workerConnections, workerCountsByQueue } from './workers';

export interface ReadContext {
  sourceId: string;
  prefix: string;
  client: BullmqClient;
  discovery: QueueDiscovery;
}

/** Schedulers read per queue; more than this is a configuration smell, not a dashboard row. */
const MAX_SCHEDULERS_PER_QUEUE = 1_000;
/** Metrics points returned: one day of minutes. */
const MAX_METRIC_POINTS = 1_440;

/** The overview of `names` as one script call queued on `batch`; read it with `readOverview`. */
function queueOverview(batch: Batch, prefix: string, names: readonly string[]) {
  return batch.evalArray(OVERVIEW_SCRIPT, overviewKeys(prefix, names));
}

function readOverview(
  ctx: ReadContext,
  names: readonly string[],
  reply: readonly unknown[],
  workers: Map<string, number> | null,
): Queue[] {
  return toOverviewFacts(reply, names.length).map((facts, index) => {
    const name = names[index] as string;
    return toQueue(ctx.sourceId, ctx.prefix, {
      name,
      ...facts,
      workerCount: workers ? (workers.get(name) ?? 0) : null,
    });
  });
}

/** Worker counts from the CLIENT LIST reply, or null for every queue when the server forbids it. */
function readWorkerCounts(
  ctx: ReadContext,
  replies: Replies,
  slot: Slot<string>,
  queues: readonly string[],
) {
  const list = replies.tryGet(slot);
  if (!list.ok) return null;
  return workerCountsByQueue(
    workerConnections(parseClientList(list.value), ctx.prefix, new Set(queues)),
  );
}

/** Every queue's overview; `workers: false` skips CLIENT LIST (workerCount null) for frequent reads. */
export async function listQueues(
  ctx: ReadContext,
  { workers: withWorkers = true }: { workers?: boolean } = {},
): Promise<Queue[]> {
  const names = await ctx.discovery.queues();
  if (names.length === 0) return [];
  const batch = ctx.client.batch();
  const overview = queueOverview(batch, ctx.prefix, names);
  const clients = withWorkers ? batch.clientList() : null;
  const replies = await ctx.client.exec(batch);
  const workers = clients ? readWorkerCounts(ctx, replies, clients, names) : null;
  return readOverview(ctx, names, replies.get(overview), workers);
}

/** Whether `queue` belongs to this source: configured, or (when discovering) it has a meta hash. */
export function isKnownQueue(ctx: ReadContext, queue: string, metaExists: boolean): boolean {
  if (ctx.discovery.isFixed) return !ctx.discovery.excludes(queue);
  if (metaExists) ctx.discovery.remember(queue);
  return metaExists;
}

export async function getQueue(ctx: ReadContext, name: string): Promise<Queue | null> {
  if (ctx.discovery.excludes(name)) return null;
  const batch = ctx.client.batch();
  const exists = batch.exists(queueKeys(ctx.prefix, name).meta);
  const overview = queueOverview(batch, ctx.prefix, [name]);
  const clients = batch.clientList();
  const replies = await ctx.client.exec(batch);
  if (!isKnownQueue(ctx, name, replies.get(exists))) return null;
  const workers = readWorkerCounts(ctx, replies, clients, [name]);
  return readOverview(ctx, [name], replies.get(overview), workers)[0] ?? null;
}

export async function listWorkers(ctx: ReadContext): Promise<WorkerList> {
  const names = await ctx.discovery.queues();
  const batch = ctx.client.batch();
  const clients = batch.clientList();
  const list = (await ctx.client.exec(batch)).tryGet(clients);
  if (!list.ok) return { known: false, workers: [] };
  return {
    known: true,
    workers: toWorkers(workerConnections(parseClientList(list.value), ctx.prefix, new Set(names))),
  };
}

/** Two round trips: every queue's `repeat` zset, then every scheduler's hash. */
export async function listSchedules(ctx: ReadContext): Promise<Schedule[]> {
  const names = await ctx.discovery.queues();
  const ranges = ctx.client.batch();
  const perQueue = names.map((name) => ({
    name,
    members: ranges.zrangeWithScores(
      queueKeys(ctx.prefix, name).repeat,
      0,
      MAX_SCHEDULERS_PER_QUEUE - 1,
    ),
  }));
  const rangeReplies = await ctx.client.exec(ranges);
  const hashes = ctx.client.batch();
  const found = perQueue.flatMap(({ name, members }) =>
    rangeReplies.get(members).map(([id, score]) => ({
      queue: name,
      id,
      next: Number.isFinite(score) ? score : null,
      hash: hashes.hgetall(schedulerKey(ctx.prefix, name, id)),
    })),
  );
  const hashReplies = await ctx.client.exec(hashes);
  return found
    .map(({ queue, id, next, hash }) => toSchedule(queue, id, next, hashReplies.get(hash)))
    .sort(
      (a, b) => (a.nextRunAt ?? Infinity) - (b.nextRunAt ?? Infinity) || a.id.localeCompare(b.id),
    );
}

export async function getMetrics(ctx: ReadContext, queue: string): Promise<QueueMetrics | null> {
  if (ctx.discovery.excludes(queue)) return null;
  const keys = queueKeys(ctx.prefix, queue);
  const batch = ctx.client.batch();
  const exists = batch.exists(keys.meta);
  const completedMeta = batch.hgetall(keys.metricsCompleted);
  const completedPoints = batch.lrange(
    metricsDataKey(keys.metricsCompleted),
    0,
    MAX_METRIC_POINTS - 1,
  );
  const failedMeta = batch.hgetall(keys.metricsFailed);
  const failedPoints = batch.lrange(metricsDataKey(keys.metricsFailed), 0, MAX_METRIC_POINTS - 1);
  const replies = await ctx.client.exec(batch);
  if (!isKnownQueue(ctx, queue, replies.get(exists))) return null;
  return {
    completed: toMetricSeries(replies.get(completedMeta), replies.get(completedPoints)),
    failed: toMetricSeries(replies.get(failedMeta), replies.get(failedPoints)),
  };
}
