import { chronological, sparklinePoints, summarizeThroughput } from '@/lib/client/sparkline';
import type { Throughput } from '@/lib/client/sparkline';

const WIDTH = 88;
const HEIGHT = 22;

/**
 * Jobs finished per minute as a small line (completed green, failed red on the same scale), with
 * the last minute's count beside it. `loading` keeps the space; `unavailable` says so politely.
 */
export function Sparkline({
  throughput,
  minutes,
}: {
  throughput: Throughput | 'loading' | 'unavailable';
  minutes: number;
}) {
  if (throughput === 'loading') {
    return (
      <span
        className="inline-block align-middle"
        style={{ width: WIDTH, height: HEIGHT }}
        data-testid="sparkline-loading"
      />
    );
  }
  if (
    throughput === 'unavailable' ||
    (throughput.completed === null && throughput.failed === null)
  ) {
    return (
      <span
        className="text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400"
        title="No worker of this queue records metrics (BullMQ Worker option `metrics`)."
        data-testid="sparkline-none"
      >
        no metrics
      </span>
    );
  }
  const summary = summarizeThroughput(throughput, minutes);
  const completed = chronological(throughput.completed ?? []);
  const failed = chronological(throughput.failed ?? []);
  const max = Math.max(1, ...completed, ...failed);
  const box = { width: WIDTH, height: HEIGHT, max };
  const completedLine = sparklinePoints(completed, box);
  return (
    <span
      className="inline-flex items-center gap-1.5 align-middle"
      data-testid="sparkline"
      data-completed={summary.completed}
      data-failed={summary.failed}
    >
      <svg
        role="img"
        aria-label={summary.label}
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="shrink-0 overflow-visible"
      >
        <title>{summary.label}</title>
        {/* Failed under completed, so quiet minutes read as one green baseline. */}
        {summary.failed > 0 ? (
          <polyline
            points={sparklinePoints(failed, box)}
            fill="none"
            strokeWidth={1.25}
            className="stroke-red-500 dark:stroke-red-400"
          />
        ) : null}
        {completedLine ? (
          <>
            <polygon
              points={`1,${HEIGHT - 1} ${completedLine} ${WIDTH - 1},${HEIGHT - 1}`}
              className="fill-emerald-500/15 dark:fill-emerald-400/15"
            />
            <polyline
              points={completedLine}
              fill="none"
              strokeWidth={1.5}
              className="stroke-emerald-600 dark:stroke-emerald-400"
            />
          </>
        ) : null}
      </svg>
      <span
        className="tabular text-xs whitespace-nowrap text-zinc-500 dark:text-zinc-400"
        aria-hidden="true"
      >
        {summary.lastMinute.toLocaleString('en-US')}/min
      </span>
    </span>
  );
}
