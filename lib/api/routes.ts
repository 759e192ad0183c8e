/**
 * Every route of REST API v1, in one table (bull-board's routes.ts): method, path, schemas, summary,
 * example and handler. The router, the handler and the OpenAPI document all read this table.
 * Order matters only where a literal segment and a parameter could both match; none do today.
 */
import { z } from 'zod';
import { capabilities as capabilityOrder, jobActionStatesOf } from '@/lib/adapters/types';
import type { RegisteredSource } from '@/lib/adapters/registry';
import type { ApiRoute } from './define-route';
import { defineRoute, defineSourceRoute } from './define-route';
import {
  exampleFlow,
  exampleJobDetail,
  exampleJobRow,
  exampleMetrics,
  exampleQueue,
  exampleSchedule,
  exampleTimeline,
  exampleWorkers,
} from './examples';
import { notFound } from './errors';
import { OpenApiDocument, buildOpenApiDocument } from './openapi';
import {
  FlowResponse,
  HealthResponse,
  JobLookupResponse,
  JobParams,
  JobResponse,
  JobsResponse,
  ListJobsQuery,
  LogsQuery,
  LogsResponse,
  PayloadParams,
  PayloadResponse,
  QueueParams,
  QueueResponse,
  QueuesResponse,
  SchedulesResponse,
  SourceJobParams,
  SourceParams,
  SourceResponse,
  SourcesResponse,
  TimelineQuery,
  TimelineResponse,
  WorkersResponse,
} from './schemas';
import type { SourceSummary } from './schemas';
import type { Reachability } from './source-access';
import { found, missingInQueue, pingSource, resolveJobRef } from './source-access';
import { liveRoutes } from './routes-live';
import { actionRoutes } from './routes-actions';
import { meRoutes } from './routes-me';
import { metricsRoutes } from './routes-metrics';
import { taskRoutes } from './routes-tasks';
import { brokerRoutes } from './routes-broker';

const NoParams = z.object({});
const NoQuery = z.object({});

function toSourceSummary(source: RegisteredSource, reachability: Reachability): SourceSummary {
  const { adapter } = source;
  return {
    id: adapter.id,
    kind: adapter.kind,
    label: adapter.label,
    status: reachability.status,
    readOnly: source.readOnly,
    capabilities: capabilityOrder.filter((capability) => adapter.capabilities.has(capability)),
    jobActionStates: jobActionStatesOf(adapter.actions),
    ...(reachability.status === 'down' ? { error: reachability.error } : {}),
  };
}

export const routes: readonly ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/health',
    tag: 'meta',
    summary: 'Liveness and per-source reachability',
    description:
      'Always 200 while the server runs; `status` is `degraded` when any source does not answer a ping ' +
      'within the ping timeout. Sources are pinged in parallel.',
    params: NoParams,
    query: NoQuery,
    response: HealthResponse,
    errors: [],
    example: {
      request: 'GET /api/v1/health',
      response: {
        status: 'degraded',
        time: '2025-01-15T12:00:00.000Z',
        sources: [
          { id: 'main', kind: 'bullmq', status: 'up' },
          {
            id: 'legacy',
            kind: 'bullmq',
            status: 'down',
            error: 'source "legacy" is unavailable: ECONNREFUSED',
          },
        ],
      },
    },
    handler: async ({ registry, settings }) => {
      const sources = registry.list();
      const reachability = await Promise.all(
        sources.map((source) => pingSource(source, settings.pingTimeoutMs)),
      );
      return {
        status: reachability.every((entry) => entry.status === 'up')
          ? ('ok' as const)
          : ('degraded' as const),
        time: new Date().toISOString(),
        sources: sources.map(({ adapter }, index) => {
          const entry = reachability[index]!;
          return {
            id: adapter.id,
            kind: adapter.kind,
            status: entry.status,
            ...(entry.status === 'down' ? { error: entry.error } : {}),
          };
        }),
      };
    },
  }),

  defineRoute({
    method: 'GET',
    path: '/openapi.json',
    tag: 'meta',
    summary: 'This API as an OpenAPI 3.1 document, generated from the same zod schemas',
    params: NoParams,
    query: NoQuery,
    response: OpenApiDocument,
    errors: [],
    example: {
      request: 'GET /api/v1/openapi.json',
      response: {
        openapi: '3.1.0',
        info: { title: 'Yardmaster REST API', version: '1' },
        paths: {},
        components: { schemas: {} },
      },
    },
    handler: ({ routes: table, settings, registry }) =>
      buildOpenApiDocument(table, {
        basePath: settings.basePath,
        sources: registry.list().map(({ adapter }) => ({
          id: adapter.id,
          kind: adapter.kind,
          capabilities: adapter.capabilities,
        })),
      }),
  }),

  defineRoute({
    method: 'GET',
    path: '/sources',
    tag: 'sources',
    summary: 'Configured sources with reachability, capabilities and read-only mode',
    params: NoParams,
    query: NoQuery,
    response: SourcesResponse,
    errors: [],
    example: {
      request: 'GET /api/v1/sources',
      response: {
        sources: [
          {
            id: 'main',
            kind: 'bullmq',
            label: 'main',
            status: 'up',
            readOnly: false,
            capabilities: [
              'queues',
              'jobs',
              'jobLookup',
              'timeline',
              'logs',
              'flows',
              'workers',
              'schedules',
              'metrics',
              'job.retry',
              'job.cancel',
            ],
            jobActionStates: { retry: ['failed', 'completed'], cancel: ['active'] },
          },
        ],
      },
    },
    handler: async ({ registry, settings }) => {
      const sources = registry.list();
      const reachability = await Promise.all(
        sources.map((source) => pingSource(source, settings.pingTimeoutMs)),
      );
      return {
        sources: sources.map((source, index) => toSourceSummary(source, reachability[index]!)),
      };
    },
  }),

  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}',
    tag: 'sources',
    summary: 'One source with reachability and capabilities',
    params: SourceParams,
    query: NoQuery,
    response: SourceResponse,
    capability: null,
    errors: [],
    example: {
      request: 'GET /api/v1/sources/main',
      response: {
        source: {
          id: 'main',
          kind: 'bullmq',
          label: 'main',
          status: 'up',
          readOnly: false,
          capabilities: ['queues', 'jobs'],
          jobActionStates: {},
        },
      },
    },
    handler: async ({ source, settings }) => ({
      source: toSourceSummary(source, await pingSource(source, settings.pingTimeoutMs)),
    }),
  }),

  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/queues',
    tag: 'queues',
    summary: 'All queues of a source with counts per state, paused flag, limits and worker count',
    params: SourceParams,
    query: NoQuery,
    response: QueuesResponse,
    capability: 'queues',
    errors: [],
    example: {
      request: 'GET /api/v1/sources/main/queues',
      response: { source: 'main', queues: [exampleQueue] },
    },
    handler: async ({ adapter }) => ({ source: adapter.id, queues: await adapter.listQueues() }),
  }),

  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/queues/{queue}',
    tag: 'queues',
    summary: 'One queue in detail, with per-minute metrics where the workers record them',
    description: 'Queue names are URL-encoded path segments: `a/b` is sent as `a%2Fb`.',
    params: QueueParams,
    query: NoQuery,
    response: QueueResponse,
    capability: 'queues',
    errors: [],
    example: {
      request: 'GET /api/v1/sources/main/queues/emails',
      response: { queue: exampleQueue, metrics: exampleMetrics },
    },
    handler: async ({ adapter, params }) => {
      const [queue, metrics] = await Promise.all([
        adapter.getQueue(params.queue),
        adapter.capabilities.has('metrics')
          ? adapter.getMetrics(params.queue)
          : Promise.resolve(null),
      ]);
      return {
        queue: found(queue, () => `queue "${params.queue}" not found in source "${adapter.id}"`),
        metrics,
      };
    },
  }),

  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/queues/{queue}/jobs',
    tag: 'jobs',
    summary: 'One page of jobs in a state, newest first',
    description:
      'Cursor-paged: pass `nextCursor` back as `cursor`; it is null on the last page. `limit` is 1..500.',
    params: QueueParams,
    query: ListJobsQuery,
    response: JobsResponse,
    capability: 'jobs',
    errors: ['bad_request'],
    heavy: true,
    example: {
      request: 'GET /api/v1/sources/main/queues/emails/jobs?state=failed&limit=1',
      response: { state: 'failed', jobs: [exampleJobRow], total: 17, nextCursor: '1' },
    },
    handler: async ({ adapter, params, query }) =>
      found(
        await adapter.listJobs(params.queue, {
          state: query.state,
          limit: query.limit,
          cursor: query.cursor ?? null,
        }),
        () => `queue "${params.queue}" not found in source "${adapter.id}"`,
      ),
  }),

  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/queues/{queue}/jobs/{job}',
    tag: 'jobs',
    summary:
      'Job detail: data, options, return value, stacktrace, attempts, flow parent and children',
    description:
      'Payloads over 256 KiB come back truncated with their full size; fetch them whole from `/payload/{field}`.',
    params: JobParams,
    query: NoQuery,
    response: JobResponse,
    capability: 'jobs',
    errors: [],
    heavy: true,
    example: {
      request: 'GET /api/v1/sources/main/queues/emails/jobs/1042',
      response: { job: exampleJobDetail },
    },
    handler: async ({ adapter, params }) => {
      const job = await adapter.getJob(params.queue, params.job);
      if (!job) throw await missingInQueue(adapter, params.queue, `job "${params.job}"`);
      return { job };
    },
  }),

  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/logs',
    tag: 'jobs',
    summary: "A page of a job's log lines, oldest first",
    params: JobParams,
    query: LogsQuery,
    response: LogsResponse,
    capability: 'logs',
    errors: ['bad_request'],
    heavy: true,
    example: {
      request: 'GET /api/v1/sources/main/queues/emails/jobs/1042/logs?offset=0&limit=2',
      response: { lines: ['connecting to smtp', 'server answered 451'], total: 2, offset: 0 },
    },
    handler: async ({ adapter, params, query }) => {
      const page = await adapter.getJobLogs(params.queue, params.job, {
        offset: query.offset,
        limit: query.limit,
      });
      if (!page) throw await missingInQueue(adapter, params.queue, `job "${params.job}"`);
      return page;
    },
  }),

  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/payload/{field}',
    tag: 'jobs',
    summary: 'The whole of a job payload (`data` or `returnValue`) that job detail truncated',
    params: PayloadParams,
    query: NoQuery,
    response: PayloadResponse,
    capability: 'jobs',
    errors: ['bad_request'],
    heavy: true,
    example: {
      request: 'GET /api/v1/sources/main/queues/emails/jobs/1042/payload/data',
      response: exampleJobDetail.data,
    },
    handler: async ({ adapter, params }) => {
      const payload = await adapter.getPayload(params.queue, params.job, params.field);
      if (!payload) throw await missingInQueue(adapter, params.queue, `job "${params.job}"`);
      return payload;
    },
  }),

  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/flow',
    tag: 'jobs',
    summary: 'The flow tree a job belongs to, from its root',
    params: JobParams,
    query: NoQuery,
    response: FlowResponse,
    capability: 'flows',
    errors: [],
    example: {
      request: 'GET /api/v1/sources/main/queues/reports/jobs/r-1/flow',
      response: { flow: exampleFlow },
    },
    handler: async ({ adapter, params }) => {
      const flow = await adapter.getFlow({ queue: params.queue, id: params.job });
      if (!flow) throw await missingInQueue(adapter, params.queue, `job "${params.job}"`);
      return { flow };
    },
  }),

  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/jobs/{job}',
    tag: 'jobs',
    summary: 'Find a job without knowing its queue',
    description:
      'Answers the queue it was found in (`ref`) and its detail. Ids unique per queue only: the first match wins.',
    params: SourceJobParams,
    query: NoQuery,
    response: JobLookupResponse,
    capability: 'jobLookup',
    errors: [],
    heavy: true,
    example: {
      request: 'GET /api/v1/sources/main/jobs/1042',
      response: { ref: { queue: 'emails', id: '1042' }, job: exampleJobDetail },
    },
    handler: async ({ adapter, params }) => {
      const ref = await resolveJobRef(adapter, params.job);
      // The job can disappear between the lookup and the read (removed, cleaned).
      const job = found(
        await adapter.getJob(ref.queue, ref.id),
        () => `job "${params.job}" not found in source "${adapter.id}"`,
      );
      return { ref, job };
    },
  }),

  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/jobs/{job}/timeline',
    tag: 'jobs',
    summary: 'Ordered lifecycle events of a job: added, attempts, finish, flow children',
    description:
      'Name the queue with `?queue=` when the same id exists in several queues; otherwise it is looked up.',
    params: SourceJobParams,
    query: TimelineQuery,
    response: TimelineResponse,
    capability: 'timeline',
    errors: ['bad_request'],
    example: {
      request: 'GET /api/v1/sources/main/jobs/1042/timeline?queue=emails',
      response: exampleTimeline,
    },
    handler: async ({ adapter, params, query }) => {
      const ref = await resolveJobRef(adapter, params.job, query.queue);
      const timeline = await adapter.getTimeline(ref);
      if (timeline) return timeline;
      if (query.queue !== undefined)
        throw await missingInQueue(adapter, ref.queue, `job "${params.job}"`);
      throw notFound(`job "${params.job}" not found in source "${adapter.id}"`);
    },
  }),

  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/workers',
    tag: 'workers',
    summary: 'Workers connected to a source; `known: false` when the backend will not tell',
    params: SourceParams,
    query: NoQuery,
    response: WorkersResponse,
    capability: 'workers',
    errors: [],
    example: { request: 'GET /api/v1/sources/main/workers', response: exampleWorkers },
    handler: async ({ adapter }) => adapter.listWorkers(),
  }),

  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/schedules',
    tag: 'schedules',
    summary: 'Job schedulers of a source with their next run',
    params: SourceParams,
    query: NoQuery,
    response: SchedulesResponse,
    capability: 'schedules',
    errors: [],
    example: {
      request: 'GET /api/v1/sources/main/schedules',
      response: { schedules: [exampleSchedule] },
    },
    handler: async ({ adapter }) => ({ schedules: await adapter.listSchedules() }),
  }),
  ...liveRoutes,
  ...actionRoutes,
  ...meRoutes,
  ...metricsRoutes,
  ...taskRoutes,
  ...brokerRoutes,
];
