/**
 * A queue's throughput sparkline (pure): the per-minute series of GET /sources/{s}/metrics (newest
 * first) → SVG polyline points, oldest on the left, and the same numbers in words.
 */

export interface Throughput {
  /** Jobs completed per minute, newest first; null when no worker records metrics. */
  completed: number[] | null;
  failed: number[] | null;
}

/**
 * "x,y x,y …" for an SVG polyline of `values` (oldest first) in a `width` × `height` box, scaled to
 * `max` (a flat line on the bottom edge when `max` is 0). Strokes need room: `inset` keeps the line
 * inside the box.
 */
export function sparklinePoints(
  values: readonly number[],
  { width, height, max, inset = 1 }: { width: number; height: number; max: number; inset?: number },
): string {
  if (values.length === 0) return '';
  const step = values.length > 1 ? (width - 2 * inset) / (values.length - 1) : 0;
  const usable = height - 2 * inset;
  return values
    .map((value, index) => {
      const x = inset + index * step;
      const y = inset + usable - (max > 0 ? (Math.min(value, max) / max) * usable : 0);
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Oldest first, as a line is drawn. */
export const chronological = (newestFirst: readonly number[]): number[] =>
  [...newestFirst].reverse();

const total = (values: readonly number[] | null) =>
  (values ?? []).reduce((sum, value) => sum + value, 0);

export interface ThroughputSummary {
  completed: number;
  failed: number;
  /** The busiest minute (completed + failed). */
  peak: number;
  /** Jobs finished in the last finished minute. */
  lastMinute: number;
  /** Everything in one sentence, for the accessible name and the tooltip. */
  label: string;
}

export function summarizeThroughput(
  { completed, failed }: Throughput,
  minutes: number,
): ThroughputSummary {
  const length = Math.max(completed?.length ?? 0, failed?.length ?? 0);
  const perMinute = Array.from(
    { length },
    (_, index) => (completed?.[index] ?? 0) + (failed?.[index] ?? 0),
  );
  const summary = {
    completed: total(completed),
    failed: total(failed),
    peak: Math.max(0, ...perMinute),
    lastMinute: perMinute[0] ?? 0,
  };
  const count = (value: number) => value.toLocaleString('en-US');
  const window = `last ${minutes} min`;
  const label =
    summary.completed + summary.failed === 0
      ? `Throughput, ${window}: no jobs finished`
      : `Throughput, ${window}: ${count(summary.completed)} completed, ${count(summary.failed)} failed; ` +
        `busiest minute ${count(summary.peak)}, last minute ${count(summary.lastMinute)}`;
  return { ...summary, label };
}
