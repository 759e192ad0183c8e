/** Global rate limit, global concurrency and job schedulers of a queue. */
import type { z } from 'zod';
import type { ActionMethod, VerbOf } from '@/lib/adapters/types';
import type { ApiRoute } from './define-route';
import { ApiError } from './errors';
import { exampleSchedule } from './examples';
import { defineActionMutation } from './mutation';
import { QueueParams } from './schemas';
import { EmptyBody, JobActionResponse } from './schemas-actions';
import {
  ConcurrencyBody,
  ConcurrencyResponse,
  RateLimitBody,
  RateLimitResponse,
  SchedulerBody,
  SchedulerParams,
  SchedulerRemovedResponse,
  SchedulerResponse,
} from './schemas-limits';
import { missingInQueue } from './source-access';
import { exampleJobAnswer, jobAnswer, orMissingQueue } from './action-helpers';

type QueueLimitAnswer<L> = { source: string; queue: string } & L;

/**
 * PUT sets a queue-wide limit, DELETE removes it; both answer the limit in force afterwards. The
 * adapter call gets the parsed PUT body, or null to remove.
 */
function queueLimitRoutes<
  B extends z.ZodObject,
  L extends object,
  V extends VerbOf<'queueLimit'>,
>(limit: {
  name: 'rate-limit' | 'concurrency';
  verb: V;
  summary: { set: string; remove: string };
  body: B;
  response: z.ZodType<QueueLimitAnswer<L>, QueueLimitAnswer<L>>;
  example: { body: string; limit: (set: boolean) => L };
  apply: (
    act: ActionMethod<'queueLimit', V>,
    queue: string,
    value: z.output<B> | null,
  ) => Promise<L | null>;
}): ApiRoute[] {
  return (['PUT', 'DELETE'] as const).map((method) => {
    const set = method === 'PUT';
    const path = `/sources/{source}/queues/{queue}/${limit.name}`;
    return defineActionMutation({
      method,
      path,
      tag: 'limits',
      summary: set ? limit.summary.set : limit.summary.remove,
      params: QueueParams,
      body: set ? limit.body : EmptyBody,
      response: limit.response,
      group: 'queueLimit',
      verb: limit.verb,
      role: 'operator',
      action: `queue.${limit.name}.${set ? 'set' : 'remove'}`,
      errors: [],
      example: {
        request: set
          ? `PUT /api/v1/sources/main/queues/emails/${limit.name} ${limit.example.body}`
          : `DELETE /api/v1/sources/main/queues/emails/${limit.name}`,
        response: { source: 'main', queue: 'emails', ...limit.example.limit(set) },
      },
      handler: async ({ params, body, act }) => ({
        source: params.source,
        queue: params.queue,
        ...orMissingQueue(
          await limit.apply(act, params.queue, set ? limit.body.parse(body) : null),
          params.source,
          params.queue,
        ),
      }),
    });
  });
}

/** The audit entry of a scheduler route names the scheduler where a job route names the job. */
const schedulerTarget = (params: z.output<typeof SchedulerParams>) => ({
  queue: params.queue,
  job: params.scheduler,
});

export const limitRoutes: ApiRoute[] = [
  ...queueLimitRoutes({
    name: 'rate-limit',
    verb: 'rateLimit',
    summary: {
      set: 'Set the global rate limit: at most `max` jobs per `durationMs` across all workers',
      remove: 'Remove the global rate limit',
    },
    body: RateLimitBody,
    response: RateLimitResponse,
    example: {
      body: '{"max":100,"durationMs":1000}',
      limit: (set) => ({
        rateLimit: set ? { max: 100, durationMs: 1000 } : null,
        rateLimitedForMs: 0,
      }),
    },
    apply: (rateLimit, queue, value) => rateLimit(queue, value),
  }),
  ...queueLimitRoutes({
    name: 'concurrency',
    verb: 'concurrency',
    summary: {
      set: 'Set the global concurrency: at most this many active jobs across all workers',
      remove: 'Remove the global concurrency',
    },
    body: ConcurrencyBody,
    response: ConcurrencyResponse,
    example: { body: '{"concurrency":4}', limit: (set) => ({ globalConcurrency: set ? 4 : null }) },
    apply: (concurrency, queue, value) => concurrency(queue, value?.concurrency ?? null),
  }),
  defineActionMutation({
    method: 'PUT',
    path: '/sources/{source}/queues/{queue}/schedulers/{scheduler}',
    tag: 'schedules',
    summary: 'Create or change a job scheduler (cron pattern or fixed interval)',
    params: SchedulerParams,
    body: SchedulerBody,
    response: SchedulerResponse,
    group: 'scheduler',
    verb: 'upsert',
    role: 'operator',
    action: 'scheduler.upsert',
    target: schedulerTarget,
    errors: [],
    example: {
      request:
        'PUT /api/v1/sources/main/queues/emails/schedulers/nightly-digest {"pattern":"0 3 * * *","tz":"Europe/Paris","template":{"name":"digest"}}',
      response: { schedule: exampleSchedule },
    },
    handler: async ({ params, body, act }) => ({
      schedule: orMissingQueue(
        await act(params.queue, params.scheduler, body),
        params.source,
        params.queue,
      ),
    }),
  }),
  defineActionMutation({
    method: 'DELETE',
    path: '/sources/{source}/queues/{queue}/schedulers/{scheduler}',
    tag: 'schedules',
    summary: 'Remove a job scheduler',
    params: SchedulerParams,
    body: EmptyBody,
    response: SchedulerRemovedResponse,
    group: 'scheduler',
    verb: 'remove',
    role: 'operator',
    action: 'scheduler.remove',
    target: schedulerTarget,
    errors: [],
    example: {
      request: 'DELETE /api/v1/sources/main/queues/emails/schedulers/nightly-digest',
      response: { source: 'main', queue: 'emails', id: 'nightly-digest', removed: true },
    },
    handler: async ({ params, act }) => {
      const removed = orMissingQueue(
        await act(params.queue, params.scheduler),
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
  defineActionMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/schedulers/{scheduler}/run',
    tag: 'schedules',
    summary: "Run a scheduler's job once now, outside its schedule",
    params: SchedulerParams,
    body: EmptyBody,
    response: JobActionResponse,
    group: 'scheduler',
    verb: 'run',
    role: 'operator',
    action: 'scheduler.run',
    target: schedulerTarget,
    errors: [],
    example: {
      request: 'POST /api/v1/sources/main/queues/emails/schedulers/nightly-digest/run {}',
      response: exampleJobAnswer('run', 'waiting', { queue: 'emails', id: '2003' }),
    },
    handler: async ({ params, adapter, act }) => {
      const result = await act(params.queue, params.scheduler);
      if (!result)
        throw await missingInQueue(adapter, params.queue, `scheduler "${params.scheduler}"`);
      return jobAnswer('run', result);
    },
  }),
];
