/**
 * `GET /sources/{source}/metrics`: per-minute throughput of many queues in one read, for the
 * overview's sparklines. A route of its own so the overview (`/queues`) stays one cheap round trip.
 */
import { ApiError } from './errors';
import type { ApiRoute } from './define-route';
import { defineSourceRoute } from './define-route';
import { exampleSourceMetrics } from './examples';
import { SourceParams } from './schemas';
import { SourceMetricsQuery, SourceMetricsResponse } from './schemas-metrics';

export const metricsRoutes: readonly ApiRoute[] = [
  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/metrics',
    tag: 'queues',
    summary: 'Jobs completed and failed per minute for many queues, on one clock',
    description:
      'From the metrics BullMQ workers record when created with the `metrics` option; a series is ' +
      'null where no worker records it. `points[0]` is the last finished minute (ending at `until`, ' +
      'the start of the current minute on the Redis clock), newest first, zeros for quiet minutes. ' +
      '`queues` is a comma-separated list (default: every queue of the source); unknown queues are ' +
      'left out. One Redis round trip for the whole list; metrics change once a minute, so poll slowly.',
    params: SourceParams,
    query: SourceMetricsQuery,
    response: SourceMetricsResponse,
    capability: 'metrics',
    errors: ['bad_request'],
    example: {
      request: 'GET /api/v1/sources/main/metrics?queues=emails,images&points=3',
      response: exampleSourceMetrics,
    },
    handler: async ({ adapter, query }) => {
      if (!adapter.listQueueMetrics) {
        throw new ApiError(
          'unsupported',
          `source "${adapter.id}" (${adapter.kind}) does not read many queues' metrics at once`,
          { source: adapter.id, capability: 'metrics' },
        );
      }
      const metrics = await adapter.listQueueMetrics({
        queues: query.queues,
        points: query.points,
      });
      return { source: adapter.id, ...metrics };
    },
  }),
];
