/**
 * Job schedulers and per-minute metrics → the normalised model (pure).
 *
 * Schedulers live in the `repeat` zset (member = scheduler id, score = next run ms) with a hash
 * `repeat:<id>` holding name, pattern | every, tz, limit, startDate, endDate, offset, `ic` (iterations
 * so far) and the job template as `data` / `opts` JSON (v5.16+ and v6). Legacy v5 repeatable jobs
 * have no hash; their member is `name:id:endDate:tz:pattern|every`.
 */
import type { QueueMetrics, Schedule } from '../types';
import { integer, parseJson, parseOpts } from './map';

export function toSchedule(
  queue: string,
  id: string,
  nextRunAt: number | null,
  hash: Record<string, string>,
): Schedule {
  if (Object.keys(hash).length === 0) return fromLegacyKey(queue, id, nextRunAt);
  const data = hash.data !== undefined ? parseJson(hash.data) : undefined;
  const template: Record<string, unknown> = {};
  if (hash.data !== undefined) template.data = data === undefined ? hash.data : data;
  if (hash.opts !== undefined) template.opts = parseOpts(hash.opts);
  return {
    id,
    queue,
    name: hash.name ?? id,
    pattern: hash.pattern || null,
    everyMs: integer(hash.every),
    tz: hash.tz || null,
    nextRunAt,
    iterations: integer(hash.ic),
    limit: integer(hash.limit),
    template: Object.keys(template).length > 0 ? template : null,
  };
}

function fromLegacyKey(queue: string, key: string, nextRunAt: number | null): Schedule {
  const parts = key.split(':');
  const rest = parts.length >= 5 ? parts.slice(4).join(':') : '';
  const every = /^\d+$/.test(rest) ? Number(rest) : null;
  return {
    id: key,
    queue,
    name: parts.length >= 5 ? (parts[0] ?? key) : key,
    pattern: rest && every === null ? rest : null,
    everyMs: every,
    tz: parts.length >= 5 ? parts[3] || null : null,
    nextRunAt,
    iterations: null,
    limit: null,
    template: null,
  };
}

/**
 * `metrics:<type>` hash (`count`, `prevTS`, `prevCount`) + its `:data` list (jobs per finished minute,
 * newest first) → a series; null when the workers never recorded metrics.
 */
export function toMetricSeries(
  meta: Record<string, string>,
  points: readonly string[],
): QueueMetrics['completed'] {
  if (meta.count === undefined && points.length === 0) return null;
  return {
    points: points.map((point) => Math.max(0, integer(point) ?? 0)),
    total: Math.max(0, integer(meta.count) ?? 0),
  };
}
