/**
 * BullMQ's per-minute metrics → series aligned on one clock (pure).
 *
 * A Worker created with `metrics` keeps, per type (`completed`, `failed`), a hash
 * `<prefix>:<queue>:metrics:<type>` with `count` (jobs so far), `prevTS` (when the minute being
 * counted began to be counted) and `prevCount` (`count` at that moment), and a list `…:data` of
 * jobs per finished minute, newest first. The list grows only when a job finishes in a new minute:
 * that job pushes the count of `prevTS`'s minute, then a zero for each quiet minute since. So the
 * list's head is the minute before `prevTS`'s, the jobs of `prevTS`'s own minute are still only in
 * the hash (`count - prevCount`), and nothing is written while no job finishes — read as it is
 * (`Queue.getMetrics`), a queue that stopped an hour ago would look busy right now.
 */
import type { MetricSeries } from '../types';
import { integer } from './map';

export const MINUTE_MS = 60_000;

/** HMGET `count prevTS prevCount` and LRANGE of the `:data` list of one metrics type. */
export interface RawMetrics {
  count: string | null;
  prevTS: string | null;
  prevCount: string | null;
  data: readonly string[];
}

/** The start of the minute `nowMs` is in: where the newest finished minute ends. */
export function currentMinuteStart(nowMs: number): number {
  return Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
}

/**
 * The `points` finished minutes before `nowMs`'s minute, newest first, or null when no worker ever
 * recorded this type. Needs the list's first `points` entries only (`metricsRangeStop`) while the
 * workers' clocks are not ahead of Redis's.
 */
export function toAlignedSeries(
  raw: RawMetrics,
  nowMs: number,
  points: number,
): MetricSeries | null {
  const count = integer(raw.count);
  if (count === null && raw.data.length === 0) return null;
  const prevTS = integer(raw.prevTS);
  const nowMinute = Math.floor(nowMs / MINUTE_MS);
  // Workers stamp minutes with their own clock; one running ahead of Redis's has simply counted a
  // minute that is not shown yet.
  const countedMinute = prevTS === null ? null : Math.floor(prevTS / MINUTE_MS);
  const pending = Math.max(0, (count ?? 0) - (integer(raw.prevCount) ?? 0));
  const series: number[] = [];
  for (let age = 0; age < points; age += 1) {
    const minute = nowMinute - 1 - age;
    if (countedMinute === null || minute > countedMinute) series.push(0);
    else if (minute === countedMinute) series.push(pending);
    else series.push(Math.max(0, integer(raw.data[countedMinute - 1 - minute]) ?? 0));
  }
  return { points: series, total: Math.max(0, count ?? 0) };
}

/** The last list index `toAlignedSeries` can read for `points` minutes (LRANGE 0..stop). */
export function metricsRangeStop(points: number): number {
  return points - 1;
}
