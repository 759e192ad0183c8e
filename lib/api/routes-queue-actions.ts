/** Queue and source actions: pause/resume, retry-all, promote-all, clean, drain, obliterate, add, *-matching, search. */
import type { z } from 'zod';
import type { ActionMethod, BulkResult, VerbOf } from '@/lib/adapters/types';
import type { ApiRoute } from './define-route';
import { defineSourceRoute } from './define-route';
import { ApiError } from './errors';
import { exampleJobRow } from './examples';
import { defineActionMutation } from './mutation';
import { QueueParams, SourceParams } from './schemas';
import {
  AddJobBody,
  BulkActionResponse,
  CleanBody,
  DrainBody,
  EmptyBody,
  JobActionResponse,
  MatchingActionBody,
  MatchingActionResponse,
  ObliterateBody,
  QueueStateResponse,
  RetryAllBody,
  SearchQuery,
  SearchResponse,
  SourceStateResponse,
} from './schemas-actions';
import type { Role } from './schemas-actions';
import type { ActionRouteSpec } from './action-helpers';
import { exampleJobAnswer, jobAnswer, orMissingQueue } from './action-helpers';

const exampleBulk = (action: string, state: BulkActionResponse['state'], touched: number) => ({
  action,
  source: 'main',
  queue: 'emails',
  state,
  touched,
  chunks: Math.max(1, Math.ceil(touched / 1000)),
});

function pauseRoute(action: 'pause' | 'resume'): ApiRoute {
  return defineActionMutation({
    method: 'POST',
    path: `/sources/{source}/queues/{queue}/${action}`,
    tag: 'queue actions',
    summary:
      action === 'pause' ? 'Pause a queue (workers take no new jobs)' : 'Resume a paused queue',
    params: QueueParams,
    body: EmptyBody,
    response: QueueStateResponse,
    group: 'queue',
    verb: 'pause',
    role: 'operator',
    action: `queue.${action}`,
    errors: [],
    example: {
      request: `POST /api/v1/sources/main/queues/emails/${action} {}`,
      response: { action, source: 'main', queue: 'emails', paused: action === 'pause' },
    },
    handler: async ({ params, act }) => ({
      action,
      source: params.source,
      queue: params.queue,
      paused: orMissingQueue(
        await act(params.queue, action === 'pause'),
        params.source,
        params.queue,
      ),
    }),
  });
}

export function sourcePauseRoute(action: 'pause' | 'resume'): ApiRoute {
  return defineActionMutation({
    method: 'POST',
    path: `/sources/{source}/${action}`,
    tag: 'queue actions',
    summary:
      action === 'pause' ? 'Pause every queue of a source' : 'Resume every queue of a source',
    params: SourceParams,
    body: EmptyBody,
    response: SourceStateResponse,
    group: 'queue',
    verb: 'pauseAll',
    role: 'operator',
    action: `source.${action}`,
    deadline: 'none',
    errors: [],
    example: {
      request: `POST /api/v1/sources/main/${action} {}`,
      response: { action, source: 'main', queues: ['emails', 'reports'] },
    },
    handler: async ({ params, act }) => ({
      action,
      source: params.source,
      queues: await act(action === 'pause'),
    }),
  });
}

const matchingExampleState = {
  retry: 'failed',
  remove: 'failed',
  promote: 'delayed',
  cancel: 'waiting',
} as const;

function matchingRoute(action: VerbOf<'matching'>): ApiRoute {
  return defineActionMutation({
    method: 'POST',
    path: `/sources/{source}/queues/{queue}/${action}-matching`,
    tag: 'queue actions',
    summary: `${action[0]!.toUpperCase()}${action.slice(1)} the jobs of one state that match a filter`,
    description:
      'Looks at no more than `scanLimit` jobs of the state, newest first, and reports how many it ' +
      'scanned, matched and touched; `complete` says whether the whole state was scanned. ' +
      '`dryRun` counts without acting.' +
      (action === 'cancel'
        ? ' Celery: revokes every matching task that has not started (states waiting, delayed).'
        : ''),
    params: QueueParams,
    body: MatchingActionBody,
    response: MatchingActionResponse,
    group: 'matching',
    verb: action,
    role: action === 'remove' ? 'admin' : 'operator',
    action: `queue.${action}-matching`,
    deadline: 'none',
    errors: [],
    example: {
      request: `POST /api/v1/sources/main/queues/emails/${action}-matching {"state":"${matchingExampleState[action]}","filter":{"reason":"SMTP"}}`,
      response: {
        action,
        source: 'main',
        queue: 'emails',
        state: matchingExampleState[action],
        scanned: 17,
        matched: 12,
        touched: 12,
        skipped: [],
        complete: true,
        dryRun: false,
      },
    },
    summarize: ({ scanned, matched, touched, complete, skipped }) => ({
      scanned,
      matched,
      touched,
      complete,
      skipped: skipped.length,
    }),
    handler: async ({ params, body, act }) => {
      const result = orMissingQueue(
        await act(params.queue, body),
        params.source,
        params.queue,
      );
      return {
        action,
        source: params.source,
        queue: params.queue,
        state: body.state,
        ...result,
        dryRun: body.dryRun,
      };
    },
  });
}

/**
 * A whole-queue action that works through a state in bounded chunks and reports how many jobs it
 * touched: no request deadline (the chunks are bounded instead), 404 when the queue is missing.
 */
type BulkVerb = 'retryAll' | 'promoteAll' | 'clean' | 'drain' | 'obliterate';

function bulkRoute<B extends z.ZodType, V extends BulkVerb>(
  spec: ActionRouteSpec<B, BulkActionResponse> & {
    action: 'retry-all' | 'promote-all' | 'clean' | 'drain' | 'obliterate';
    verb: V;
    role: Role;
    act: (act: ActionMethod<'queue', V>, queue: string, body: z.output<B>) => Promise<BulkResult | null>;
  },
): ApiRoute {
  return defineActionMutation({
    method: 'POST',
    path: `/sources/{source}/queues/{queue}/${spec.action}`,
    tag: 'queue actions',
    summary: spec.summary,
    description: spec.description,
    params: QueueParams,
    body: spec.body,
    response: BulkActionResponse,
    group: 'queue',
    verb: spec.verb,
    role: spec.role,
    action: `queue.${spec.action}`,
    deadline: 'none',
    errors: [],
    example: {
      request: `POST /api/v1/sources/main/queues/emails/${spec.action} ${spec.example.body}`,
      response: spec.example.answer,
    },
    handler: async ({ params, body, act }) => ({
      action: spec.action,
      source: params.source,
      queue: params.queue,
      ...orMissingQueue(await spec.act(act, params.queue, body), params.source, params.queue),
    }),
  });
}

export const queueRoutes: ApiRoute[] = [
  pauseRoute('pause'),
  pauseRoute('resume'),
  bulkRoute({
    action: 'retry-all',
    summary: 'Retry every failed (or completed) job, in chunks',
    description:
      "BullMQ's batched retry script, 1,000 jobs per call, looping until done: the server never holds " +
      'the state in memory. Only jobs that finished before `before` (default: now) are retried.',
    body: RetryAllBody,
    verb: 'retryAll',
    role: 'operator',
    example: { body: '{"state":"failed"}', answer: exampleBulk('retry-all', 'failed', 17) },
    act: (retryAll, queue, body) =>
      retryAll(queue, { state: body.state, before: body.before ?? Date.now() }),
  }),
  bulkRoute({
    action: 'promote-all',
    summary: 'Run every delayed job now, in chunks',
    body: EmptyBody,
    verb: 'promoteAll',
    role: 'operator',
    example: { body: '{}', answer: exampleBulk('promote-all', 'delayed', 3) },
    act: (promoteAll, queue) => promoteAll(queue),
  }),
  bulkRoute({
    action: 'clean',
    summary: 'Delete the jobs of one state older than a grace period, in chunks of 10,000',
    body: CleanBody,
    verb: 'clean',
    role: 'admin',
    example: {
      body: '{"state":"completed","graceMs":3600000}',
      answer: exampleBulk('clean', 'completed', 10_000),
    },
    act: (clean, queue, body) => clean(queue, body),
  }),
  bulkRoute({
    action: 'drain',
    summary: 'Delete every waiting (and optionally delayed) job',
    body: DrainBody,
    verb: 'drain',
    role: 'admin',
    example: { body: '{}', answer: exampleBulk('drain', 'waiting', 12) },
    act: (drain, queue, body) => drain(queue, body),
  }),
  bulkRoute({
    action: 'obliterate',
    summary: 'Destroy a paused queue and all its jobs',
    description:
      'The queue must be paused first (409 otherwise); with active jobs it also needs `force: true`.',
    body: ObliterateBody,
    verb: 'obliterate',
    role: 'admin',
    example: { body: '{"force":false}', answer: exampleBulk('obliterate', null, 10_514) },
    act: (obliterate, queue, body) => obliterate(queue, body),
  }),
  defineActionMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/add',
    tag: 'queue actions',
    summary: 'Add a job',
    params: QueueParams,
    body: AddJobBody,
    response: JobActionResponse,
    group: 'queue',
    verb: 'add',
    role: 'operator',
    action: 'queue.add',
    errors: [],
    example: {
      request:
        'POST /api/v1/sources/main/queues/emails/add {"name":"send-welcome","data":{"to":"a@b.c"}}',
      response: exampleJobAnswer('add', 'waiting', { queue: 'emails', id: '2002' }),
    },
    handler: async ({ params, body, act }) =>
      jobAnswer('add', orMissingQueue(await act(params.queue, body), params.source, params.queue)),
  }),
  matchingRoute('retry'),
  matchingRoute('remove'),
  matchingRoute('promote'),
  matchingRoute('cancel'),
  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/queues/{queue}/search',
    tag: 'queue actions',
    summary: 'Bounded search in one state by id, name, failure reason, data substring and time',
    description:
      'Looks at no more than `scanLimit` jobs, newest first; `scanned`, `matched` and `complete` ' +
      'say how far it got. `q` matches the id, the name or the raw input data.',
    params: QueueParams,
    query: SearchQuery,
    response: SearchResponse,
    capability: 'search',
    heavy: true,
    errors: ['bad_request'],
    example: {
      request:
        'GET /api/v1/sources/main/queues/emails/search?state=failed&reason=SMTP&scanLimit=10000',
      response: {
        state: 'failed',
        jobs: [exampleJobRow],
        scanned: 17,
        matched: 1,
        total: 17,
        complete: true,
      },
    },
    handler: async ({ params, query, adapter }) => {
      if (!adapter.searchJobs) throw new ApiError('unsupported', `source "${adapter.id}" has no search`);
      const { state, scanLimit, limit, ...filter } = query;
      const result = orMissingQueue(
        await adapter.searchJobs(params.queue, { state, scanLimit, limit, filter }),
        params.source,
        params.queue,
      );
      return { state, ...result };
    },
  }),
];
