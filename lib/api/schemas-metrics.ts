/** Wire shapes of the many-queue metrics read (`GET /sources/{source}/metrics`). Pure module. */
import { z } from 'zod';
import { SourceMetrics } from '@/lib/adapters/types';

/** Minutes a sparkline may ask for: up to one day. */
export const MAX_METRIC_POINTS = 1_440;
export const DEFAULT_METRIC_POINTS = 60;

export const SourceMetricsQuery = z.object({
  /**
   * Comma-separated queue names; absent = every queue of the source (the only way to name a queue
   * whose name holds a comma).
   */
  queues: z
    .string()
    .max(100_000)
    .optional()
    .transform((value) =>
      value === undefined ? null : [...new Set(value.split(',').filter((name) => name.length > 0))],
    )
    .pipe(z.array(z.string().max(1000)).max(1000).nullable()),
  points: z.coerce.number().int().min(1).max(MAX_METRIC_POINTS).default(DEFAULT_METRIC_POINTS),
});
export type SourceMetricsQuery = z.infer<typeof SourceMetricsQuery>;

export const SourceMetricsResponse = SourceMetrics.extend({ source: z.string() });
export type SourceMetricsResponse = z.infer<typeof SourceMetricsResponse>;
