/** Global rate limit, global concurrency and job schedulers of a queue. */
import type { ApiRoute } from './define-route';
import { ApiError } from './errors';
import { exampleSchedule } from './examples';
import { defineSourceMutation } from './mutation';
import { QueueParams } from './schemas';
import {
  ConcurrencyBody,
  ConcurrencyResponse,
  EmptyBody,
  JobActionResponse,
  RateLimitBody,
  RateLimitResponse,
  SchedulerBody,
  SchedulerParams,
  SchedulerRemovedResponse,
  SchedulerResponse,
} from './schemas-actions';
import { missingInQueue } from './source-access';
import { jobAnswer, orMissingQueue } from './action-helpers';

export const limitRoutes: ApiRoute[] = [
  ...(['PUT', 'DELETE'] as const).map((method) =>
    defineSourceMutation({
      method,
      path: '/sources/{source}/queues/{queue}/rate-limit',
      tag: 'limits',
      summary:
        method === 'PUT'
          ? 'Set the global rate limit: at most `max` jobs per `durationMs` across all workers'
          : 'Remove the global rate limit',
      params: QueueParams,
      body: method === 'PUT' ? RateLimitBody : EmptyBody,
      response: RateLimitResponse,
      capability: 'rateLimit',
      role: 'operator',
      action: method === 'PUT' ? 'queue.rate-limit.set' : 'queue.rate-limit.remove',
      errors: [],
      example: {
        request:
          method === 'PUT'
            ? 'PUT /api/v1/sources/main/queues/emails/rate-limit {"max":100,"durationMs":1000}'
            : 'DELETE /api/v1/sources/main/queues/emails/rate-limit',
        response: {
          source: 'main',
          queue: 'emails',
          rateLimit: method === 'PUT' ? { max: 100, durationMs: 1000 } : null,
          rateLimitedForMs: 0,
        },
      },
      handler: async ({ params, body, actions }) => ({
        source: params.source,
        queue: params.queue,
        ...orMissingQueue(
          await actions.setRateLimit(
            params.queue,
            method === 'PUT' ? RateLimitBody.parse(body) : null,
          ),
          params.source,
          params.queue,
        ),
      }),
    }),
  ),
  ...(['PUT', 'DELETE'] as const).map((method) =>
    defineSourceMutation({
      method,
      path: '/sources/{source}/queues/{queue}/concurrency',
      tag: 'limits',
      summary:
        method === 'PUT'
          ? 'Set the global concurrency: at most this many active jobs across all workers'
          : 'Remove the global concurrency',
      params: QueueParams,
      body: method === 'PUT' ? ConcurrencyBody : EmptyBody,
      response: ConcurrencyResponse,
      capability: 'concurrency',
      role: 'operator',
      action: method === 'PUT' ? 'queue.concurrency.set' : 'queue.concurrency.remove',
      errors: [],
      example: {
        request:
          method === 'PUT'
            ? 'PUT /api/v1/sources/main/queues/emails/concurrency {"concurrency":4}'
            : 'DELETE /api/v1/sources/main/queues/emails/concurrency',
        response: {
          source: 'main',
          queue: 'emails',
          globalConcurrency: method === 'PUT' ? 4 : null,
        },
      },
      handler: async ({ params, body, actions }) => ({
        source: params.source,
        queue: params.queue,
        ...orMissingQueue(
          await actions.setConcurrency(
            params.queue,
            method === 'PUT' ? ConcurrencyBody.parse(body).concurrency : null,
          ),
          params.source,
          params.queue,
        ),
      }),
    }),
  ),
  defineSourceMutation({
    method: 'PUT',
    path: '/sources/{source}/queues/{queue}/schedulers/{scheduler}',
    tag: 'schedules',
    summary: 'Create or change a job scheduler (cron pattern or fixed interval)',
    params: SchedulerParams,
    body: SchedulerBody,
    response: SchedulerResponse,
    capability: 'editSchedules',
    role: 'operator',
    action: 'scheduler.upsert',
    target: (params) => ({ queue: params.queue, job: params.scheduler }),
    errors: [],
    example: {
      request:
        'PUT /api/v1/sources/main/queues/emails/schedulers/nightly-digest {"pattern":"0 3 * * *","tz":"Europe/Paris","template":{"name":"digest"}}',
      response: { schedule: exampleSchedule },
    },
    handler: async ({ params, body, actions }) => ({
      schedule: orMissingQueue(
        await actions.upsertScheduler(params.queue, params.scheduler, body),
        params.source,
        params.queue,
      ),
    }),
  }),
  defineSourceMutation({
    method: 'DELETE',
    path: '/sources/{source}/queues/{queue}/schedulers/{scheduler}',
    tag: 'schedules',
    summary: 'Remove a job scheduler',
    params: SchedulerParams,
    body: EmptyBody,
    response: SchedulerRemovedResponse,
    capability: 'editSchedules',
    role: 'operator',
    action: 'scheduler.remove',
    target: (params) => ({ queue: params.queue, job: params.scheduler }),
    errors: [],
    example: {
      request: 'DELETE /api/v1/sources/main/queues/emails/schedulers/nightly-digest',
      response: { source: 'main', queue: 'emails', id: 'nightly-digest', removed: true },
    },
    handler: async ({ params, actions }) => {
      const removed = orMissingQueue(
        await actions.removeScheduler(params.queue, params.scheduler),
        params.source,
        params.queue,
      );
      if (!removed) {
        throw new ApiError(
          'not_found',
          `scheduler "${params.scheduler}" not found in queue "${params.queue}"`,
        );
      }
      return { source: params.source, queue: params.queue, id: params.scheduler, removed };
    },
  }),
  defineSourceMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/schedulers/{scheduler}/run',
    tag: 'schedules',
    summary: "Run a scheduler's job once now, outside its schedule",
    params: SchedulerParams,
    body: EmptyBody,
    response: JobActionResponse,
    capability: 'editSchedules',
    role: 'operator',
    action: 'scheduler.run',
    target: (params) => ({ queue: params.queue, job: params.scheduler }),
    errors: [],
    example: {
      request: 'POST /api/v1/sources/main/queues/emails/schedulers/nightly-digest/run {}',
      response: {
        action: 'run',
        job: { queue: 'emails', id: '2003' },
        state: 'waiting',
        nativeState: 'waiting',
        from: null,
      },
    },
    handler: async ({ params, adapter, actions }) => {
      const result = await actions.runScheduler(params.queue, params.scheduler);
      if (!result)
        throw await missingInQueue(adapter, params.queue, `scheduler "${params.scheduler}"`);
      return jobAnswer('run', result);
    },
  }),
];
