/**
 * Worker detail and worker controls, limits per task type, and purge of a queue's broker messages
 * (Celery's remote control; shapes in schemas-workers.ts). Each control is one verb of the
 * `worker`, `taskType` or `broker` group, so a source without it answers 409 unsupported.
 */
import type { z } from 'zod';
import type { ActionMethod, VerbOf, WorkerReplies, WorkerTarget } from '@/lib/adapters/types';
import type { ApiRoute } from './define-route';
import { defineSourceRoute } from './define-route';
import { ApiError } from './errors';
import { defineActionMutation } from './mutation';
import { QueueParams } from './schemas';
import { EmptyBody } from './schemas-actions';
import type { Role } from './schemas-actions';
import {
  AutoscaleBody,
  ConsumerBody,
  ConsumerParams,
  PoolBody,
  PurgeResponse,
  TaskRateLimitBody,
  TaskTimeLimitBody,
  TaskTypeLimitResponse,
  TaskTypeParams,
  WorkerControlResponse,
  WorkerDetailQuery,
  WorkerDetailResponse,
  WorkerParams,
} from './schemas-workers';
import { found } from './source-access';

const exampleReplies: WorkerReplies = {
  replies: { 'celery@web-1': { ok: 'pool will grow' } },
  noReply: ['celery@web-2'],
  addressed: ['celery@web-1', 'celery@web-2'],
  deadlineMs: 2000,
};

/** `*` addresses every worker. */
const targetOf = (worker: string): WorkerTarget => (worker === '*' ? null : worker);

function workerControlRoute<P extends typeof WorkerParams, B extends z.ZodType, V extends VerbOf<'worker'>>(spec: {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  params: P;
  verb: V;
  action: string;
  summary: string;
  description?: string;
  body: B;
  role: Role;
  exampleBody: string;
  act: (act: ActionMethod<'worker', V>, target: WorkerTarget, params: z.output<P>, body: z.output<B>) => Promise<WorkerReplies>;
}): ApiRoute {
  return defineActionMutation({
    method: spec.method,
    path: spec.path,
    tag: 'workers',
    summary: spec.summary,
    description: [
      spec.description,
      '`{worker}` is a hostname or `*` for every worker; `replies` holds each answer, `noReply` ' +
        'names the workers addressed (for `*`: online by their heartbeats) that did not answer in time.',
    ]
      .filter(Boolean)
      .join('\n\n'),
    params: spec.params,
    body: spec.body,
    response: WorkerControlResponse,
    group: 'worker',
    verb: spec.verb,
    role: spec.role,
    action: `worker.${spec.action}`,
    // A shutdown waits for the worker to go offline, which may outlast the request deadline.
    deadline: spec.verb === 'shutdown' ? 'none' : 'request',
    target: (params) => ({ queue: null, job: null, worker: targetOf(params.worker) }),
    summarize: ({ replies, noReply }) => ({ replies, noReply }),
    errors: [],
    example: {
      request: `${spec.method} /api/v1${spec.path.replace('{source}', 'tasks').replace('{worker}', 'celery@web-1').replace('{queue}', 'reports')}${spec.exampleBody ? ` ${spec.exampleBody}` : ''}`,
      response: { action: spec.action, source: 'tasks', worker: 'celery@web-1', ...exampleReplies },
    },
    handler: async ({ params, body, act }) => ({
      action: spec.action,
      source: params.source,
      worker: targetOf(params.worker),
      ...(await spec.act(act, targetOf(params.worker), params, body)),
    }),
  });
}

/** PUT sets a task type's limit on every worker, DELETE removes it; both answer the replies. */
function taskTypeLimitRoutes<B extends z.ZodType, V extends VerbOf<'taskType'>>(limit: {
  name: 'rate-limit' | 'time-limit';
  verb: V;
  summary: { set: string; remove: string };
  description: string;
  body: B;
  exampleBody: string;
  apply: (act: ActionMethod<'taskType', V>, taskType: string, value: z.output<B> | null) => Promise<WorkerReplies>;
  echo: (value: z.output<B> | null) => Pick<TaskTypeLimitResponse, 'rateLimit' | 'timeLimit'>;
}): ApiRoute[] {
  return (['PUT', 'DELETE'] as const).map((method) => {
    const set = method === 'PUT';
    return defineActionMutation({
      method,
      path: `/sources/{source}/task-types/{name}/${limit.name}`,
      tag: 'limits',
      summary: set ? limit.summary.set : limit.summary.remove,
      description: limit.description,
      params: TaskTypeParams,
      body: set ? limit.body : EmptyBody,
      response: TaskTypeLimitResponse,
      group: 'taskType',
      verb: limit.verb,
      role: 'operator',
      action: `task-type.${limit.name}.${set ? 'set' : 'remove'}`,
      target: (params) => ({ queue: null, job: null, taskType: params.name }),
      summarize: ({ replies, noReply }) => ({ replies, noReply }),
      errors: [],
      example: {
        request: set
          ? `PUT /api/v1/sources/tasks/task-types/reports.render/${limit.name} ${limit.exampleBody}`
          : `DELETE /api/v1/sources/tasks/task-types/reports.render/${limit.name}`,
        response: {
          action: `${limit.name}.${set ? 'set' : 'remove'}`,
          source: 'tasks',
          taskType: 'reports.render',
          ...limit.echo(set ? (limit.body.parse(JSON.parse(limit.exampleBody)) as z.output<B>) : null),
          ...exampleReplies,
          replies: { 'celery@web-1': { ok: 'new rate limit set successfully' } },
        },
      },
      handler: async ({ params, body, act }) => {
        const value = set ? (limit.body.parse(body) as z.output<B>) : null;
        return {
          action: `${limit.name}.${set ? 'set' : 'remove'}`,
          source: params.source,
          taskType: params.name,
          ...limit.echo(value),
          ...(await limit.apply(act, params.name, value)),
        };
      },
    });
  });
}

export const workerRoutes: ApiRoute[] = [
  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/workers/{worker}',
    tag: 'workers',
    summary: 'One worker in detail: pool, active, reserved and scheduled tasks, task types, queues, stats, config',
    description:
      'Asks the worker itself (Celery inspect: stats, active, reserved, scheduled, revoked, registered, ' +
      'active_queues, conf) and waits up to `timeoutMs`; what it did not answer in time is named in ' +
      '`unanswered` (all of it, with `answered: false`, for a worker that is down or busy). 404 for a ' +
      'worker neither heartbeats nor answers know.',
    params: WorkerParams,
    query: WorkerDetailQuery,
    response: WorkerDetailResponse,
    capability: 'workerDetail',
    errors: ['bad_request'],
    example: {
      request: 'GET /api/v1/sources/tasks/workers/celery@web-1?timeoutMs=2000',
      response: {
        source: 'tasks',
        detail: {
          worker: {
            id: 'celery@web-1',
            name: 'celery@web-1',
            queues: ['celery'],
            address: null,
            ageSeconds: 3600,
            idleSeconds: null,
            status: 'online',
          },
          answered: true,
          unanswered: [],
          deadlineMs: 2000,
          pool: { implementation: 'prefork', maxConcurrency: 2, processes: [4101, 4102], maxTasksPerChild: null, timeouts: [null, null], autoscaler: null },
          active: [],
          reserved: [],
          scheduled: [],
          revoked: [],
          registered: [{ name: 'reports.render', rateLimit: '10/m', timeLimit: null, softTimeLimit: null }],
          activeQueues: [{ name: 'celery', exchange: 'celery', routingKey: 'celery' }],
          stats: { prefetch_count: 2 },
          conf: { task_acks_late: false },
        },
      },
    },
    handler: async ({ params, query, adapter, settings }) => {
      if (!adapter.getWorker) throw new ApiError('unsupported', `source "${adapter.id}" has no worker detail`);
      if (query.timeoutMs >= settings.sourceTimeoutMs) {
        throw new ApiError('bad_request', `invalid query: timeoutMs: must be below ${settings.sourceTimeoutMs}`, {
          issues: [{ in: 'query', path: 'timeoutMs', message: `must be below ${settings.sourceTimeoutMs}` }],
        });
      }
      const detail = found(
        await adapter.getWorker(params.worker, { timeoutMs: query.timeoutMs }),
        () => `worker "${params.worker}" not found in source "${adapter.id}"`,
      );
      return { source: adapter.id, detail };
    },
  }),
  workerControlRoute({
    method: 'POST',
    path: '/sources/{source}/workers/{worker}/pool/grow',
    params: WorkerParams,
    verb: 'poolGrow',
    action: 'pool.grow',
    summary: 'Add processes to a worker pool (Celery pool_grow)',
    description: 'Refused by a worker that autoscales (its reply says so): change the autoscale range instead.',
    body: PoolBody,
    role: 'operator',
    exampleBody: '{"n":1}',
    act: (grow, target, _params, body) => grow(target, body.n),
  }),
  workerControlRoute({
    method: 'POST',
    path: '/sources/{source}/workers/{worker}/pool/shrink',
    params: WorkerParams,
    verb: 'poolShrink',
    action: 'pool.shrink',
    summary: 'Take processes out of a worker pool (Celery pool_shrink)',
    body: PoolBody,
    role: 'operator',
    exampleBody: '{"n":1}',
    act: (shrink, target, _params, body) => shrink(target, body.n),
  }),
  workerControlRoute({
    method: 'PUT',
    path: '/sources/{source}/workers/{worker}/autoscale',
    params: WorkerParams,
    verb: 'autoscale',
    action: 'autoscale',
    summary: "Change an autoscaling worker's pool range (Celery autoscale)",
    description: 'Only a worker started with `--autoscale` can; the others answer an error.',
    body: AutoscaleBody,
    role: 'operator',
    exampleBody: '{"max":8,"min":2}',
    act: (autoscale, target, _params, body) => autoscale(target, body),
  }),
  workerControlRoute({
    method: 'POST',
    path: '/sources/{source}/workers/{worker}/consumers',
    params: WorkerParams,
    verb: 'addConsumer',
    action: 'consumer.add',
    summary: 'Make a worker consume from one more queue (Celery add_consumer)',
    body: ConsumerBody,
    role: 'operator',
    exampleBody: '{"queue":"reports"}',
    act: (add, target, _params, body) => add(target, body.queue),
  }),
  workerControlRoute({
    method: 'DELETE',
    path: '/sources/{source}/workers/{worker}/consumers/{queue}',
    params: ConsumerParams,
    verb: 'cancelConsumer',
    action: 'consumer.cancel',
    summary: 'Make a worker stop consuming from a queue (Celery cancel_consumer)',
    body: EmptyBody,
    role: 'operator',
    exampleBody: '',
    act: (cancel, target, params) => cancel(target, params.queue),
  }),
  workerControlRoute({
    method: 'POST',
    path: '/sources/{source}/workers/{worker}/shutdown',
    params: WorkerParams,
    verb: 'shutdown',
    action: 'shutdown',
    summary: 'Shut a worker down (warm: it finishes its running tasks)',
    description:
      'A worker never answers a shutdown: `replies` lists the workers seen going offline (their ' +
      '`worker-offline` event) within the deadline, `noReply` the others.',
    body: EmptyBody,
    role: 'admin',
    exampleBody: '{}',
    act: (shutdown, target) => shutdown(target),
  }),
  ...taskTypeLimitRoutes({
    name: 'rate-limit',
    verb: 'rateLimit',
    summary: {
      set: 'Limit how fast each worker starts tasks of one type (Celery rate_limit)',
      remove: 'Remove the rate limit of a task type',
    },
    description:
      'Told to every worker: each applies it to itself (a token bucket per worker), so N workers ' +
      'together run up to N times the rate. A worker started later does not know it. Replies name the ' +
      'workers that answered and those that did not.',
    body: TaskRateLimitBody,
    exampleBody: '{"rate":"10/m"}',
    apply: (rateLimit, taskType, value) => rateLimit(taskType, value?.rate ?? null),
    echo: (value) => ({ rateLimit: value?.rate ?? null }),
  }),
  ...taskTypeLimitRoutes({
    name: 'time-limit',
    verb: 'timeLimit',
    summary: {
      set: 'Set the soft and hard time limits of a task type (Celery time_limit)',
      remove: 'Remove the time limits of a task type',
    },
    description:
      'Seconds. The soft limit raises SoftTimeLimitExceeded inside the task; at the hard limit the ' +
      'process running it is killed and the task fails with TimeLimitExceeded. Prefork pools only. ' +
      'Celery 5.2 keeps the new limits on the task type at once (inspect `registered` shows them) but ' +
      'its request class read the old ones when the consumer started: tasks get the new limits after ' +
      "the worker's consumer restarts (a broker reconnect, a pool restart).",
    body: TaskTimeLimitBody,
    exampleBody: '{"soft":50,"hard":60}',
    apply: (timeLimit, taskType, value) => timeLimit(taskType, value ?? { soft: null, hard: null }),
    echo: (value) => ({ timeLimit: value ?? { soft: null, hard: null } }),
  }),
  defineActionMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/purge',
    tag: 'queue actions',
    summary: "Delete every message waiting in a queue's broker lists (Celery purge)",
    description:
      'Every priority list of the queue is emptied in one script; messages workers already hold ' +
      '(reserved, scheduled ETA tasks, unacknowledged) are not touched. This cannot be undone.',
    params: QueueParams,
    body: EmptyBody,
    response: PurgeResponse,
    group: 'broker',
    verb: 'purge',
    role: 'admin',
    action: 'queue.purge',
    errors: [],
    example: {
      request: 'POST /api/v1/sources/tasks/queues/reports/purge {}',
      response: { action: 'purge', source: 'tasks', queue: 'reports', purged: 120 },
    },
    handler: async ({ params, act }) => ({
      action: 'purge' as const,
      source: params.source,
      queue: params.queue,
      ...found(await act(params.queue), () => `queue "${params.queue}" not found in source "${params.source}"`),
    }),
  }),
];
