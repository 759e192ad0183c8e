/**
 * Throughput of many queues in ONE round trip, for the overview's sparklines: per queue and metrics
 * type an HMGET of the hash and an LRANGE of the first `points` entries of its list, plus EXISTS of
 * the queue's meta and one TIME for the whole read. Kept apart from the overview script on purpose:
 * the overview runs every few seconds, this once a minute (metrics have minute granularity).
 */
import 'server-only';
import type { SourceMetrics } from '../types';
import type { Batch } from './client';
import { metricsDataKey, queueKeys } from './keys';
import { MINUTE_MS, currentMinuteStart, metricsRangeStop, toAlignedSeries } from './metrics-map';
import type { ReadContext } from './queue-reads';
import { isKnownQueue } from './queue-reads';

const METRICS_FIELDS = ['count', 'prevTS', 'prevCount'] as const;

function queueSeries(batch: Batch, metricsKey: string, points: number) {
  return {
    meta: batch.hmget(metricsKey, METRICS_FIELDS),
    data: batch.lrange(metricsDataKey(metricsKey), 0, metricsRangeStop(points)),
  };
}

export async function listQueueMetrics(
  ctx: ReadContext,
  options: { queues: readonly string[] | null; points: number },
): Promise<SourceMetrics> {
  const names = (options.queues ?? (await ctx.discovery.queues())).filter(
    (name) => !ctx.discovery.excludes(name),
  );
  const batch = ctx.client.batch();
  const time = batch.time();
  const slots = names.map((name) => {
    const keys = queueKeys(ctx.prefix, name);
    return {
      name,
      exists: batch.exists(keys.meta),
      completed: queueSeries(batch, keys.metricsCompleted, options.points),
      failed: queueSeries(batch, keys.metricsFailed, options.points),
    };
  });
  const replies = await ctx.client.exec(batch);
  const now = replies.get(time);
  const read = (series: ReturnType<typeof queueSeries>) => {
    const [count, prevTS, prevCount] = replies.get(series.meta);
    return toAlignedSeries(
      {
        count: count ?? null,
        prevTS: prevTS ?? null,
        prevCount: prevCount ?? null,
        data: replies.get(series.data),
      },
      now,
      options.points,
    );
  };
  return {
    until: currentMinuteStart(now),
    intervalMs: MINUTE_MS,
    queues: slots
      .filter((slot) => isKnownQueue(ctx, slot.name, replies.get(slot.exists)))
      .map((slot) => ({
        queue: slot.name,
        completed: read(slot.completed),
        failed: read(slot.failed),
      })),
  };
}
