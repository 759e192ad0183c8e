/** Queue and source actions: pause/resume, retry-all, promote-all, clean, drain, obliterate, add, *-matching, search. */
import type { ApiRoute } from './define-route';
import { defineSourceRoute } from './define-route';
import { exampleJobRow } from './examples';
import { defineSourceMutation } from './mutation';
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
import { jobAnswer, orMissingQueue } from './action-helpers';

const exampleBulk = (action: string, state: BulkActionResponse['state'], touched: number) => ({
  action,
  source: 'main',
  queue: 'emails',
  state,
  touched,
  chunks: Math.max(1, Math.ceil(touched / 1000)),
});

function pauseRoute(action: 'pause' | 'resume'): ApiRoute {
  return defineSourceMutation({
    method: 'POST',
    path: `/sources/{source}/queues/{queue}/${action}`,
    tag: 'queue actions',
    summary:
      action === 'pause' ? 'Pause a queue (workers take no new jobs)' : 'Resume a paused queue',
    params: QueueParams,
    body: EmptyBody,
    response: QueueStateResponse,
    capability: 'pause',
    role: 'operator',
    action: `queue.${action}`,
    errors: [],
    example: {
      request: `POST /api/v1/sources/main/queues/emails/${action} {}`,
      response: { action, source: 'main', queue: 'emails', paused: action === 'pause' },
    },
    handler: async ({ params, actions }) => ({
      action,
      source: params.source,
      queue: params.queue,
      paused: orMissingQueue(
        await actions.setPaused(params.queue, action === 'pause'),
        params.source,
        params.queue,
      ),
    }),
  });
}

export function sourcePauseRoute(action: 'pause' | 'resume'): ApiRoute {
  return defineSourceMutation({
    method: 'POST',
    path: `/sources/{source}/${action}`,
    tag: 'queue actions',
    summary:
      action === 'pause' ? 'Pause every queue of a source' : 'Resume every queue of a source',
    params: SourceParams,
    body: EmptyBody,
    response: SourceStateResponse,
    capability: 'pause',
    role: 'operator',
    action: `source.${action}`,
    deadline: 'none',
    errors: [],
    example: {
      request: `POST /api/v1/sources/main/${action} {}`,
      response: { action, source: 'main', queues: ['emails', 'reports'] },
    },
    handler: async ({ params, actions }) => ({
      action,
      source: params.source,
      queues: await actions.setAllPaused(action === 'pause'),
    }),
  });
}

function matchingRoute(action: 'retry' | 'remove' | 'promote'): ApiRoute {
  return defineSourceMutation({
    method: 'POST',
    path: `/sources/{source}/queues/{queue}/${action}-matching`,
    tag: 'queue actions',
    summary: `${action[0]!.toUpperCase()}${action.slice(1)} the jobs of one state that match a filter`,
    description:
      'Looks at no more than `scanLimit` jobs of the state, newest first, and reports how many it ' +
      'scanned, matched and touched; `complete` says whether the whole state was scanned. ' +
      '`dryRun` counts without acting.',
    params: QueueParams,
    body: MatchingActionBody,
    response: MatchingActionResponse,
    capability: action,
    role: action === 'remove' ? 'admin' : 'operator',
    action: `queue.${action}-matching`,
    deadline: 'none',
    errors: [],
    example: {
      request: `POST /api/v1/sources/main/queues/emails/${action}-matching {"state":"failed","filter":{"reason":"SMTP"}}`,
      response: {
        action,
        source: 'main',
        queue: 'emails',
        state: action === 'promote' ? 'delayed' : 'failed',
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
    handler: async ({ params, body, actions }) => {
      const result = orMissingQueue(
        await actions.actOnMatching(params.queue, action, body),
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

export const queueRoutes: ApiRoute[] = [
  pauseRoute('pause'),
  pauseRoute('resume'),
  defineSourceMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/retry-all',
    tag: 'queue actions',
    summary: 'Retry every failed (or completed) job, in chunks',
    description:
      "BullMQ's batched retry script, 1,000 jobs per call, looping until done: the server never holds " +
      'the state in memory. Only jobs that finished before `before` (default: now) are retried.',
    params: QueueParams,
    body: RetryAllBody,
    response: BulkActionResponse,
    capability: 'retry',
    role: 'operator',
    action: 'queue.retry-all',
    deadline: 'none',
    errors: [],
    example: {
      request: 'POST /api/v1/sources/main/queues/emails/retry-all {"state":"failed"}',
      response: exampleBulk('retry-all', 'failed', 17),
    },
    handler: async ({ params, body, actions }) => ({
      action: 'retry-all',
      source: params.source,
      queue: params.queue,
      ...orMissingQueue(
        await actions.retryAll(params.queue, {
          state: body.state,
          before: body.before ?? Date.now(),
        }),
        params.source,
        params.queue,
      ),
    }),
  }),
  defineSourceMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/promote-all',
    tag: 'queue actions',
    summary: 'Run every delayed job now, in chunks',
    params: QueueParams,
    body: EmptyBody,
    response: BulkActionResponse,
    capability: 'promote',
    role: 'operator',
    action: 'queue.promote-all',
    deadline: 'none',
    errors: [],
    example: {
      request: 'POST /api/v1/sources/main/queues/emails/promote-all {}',
      response: exampleBulk('promote-all', 'delayed', 3),
    },
    handler: async ({ params, actions }) => ({
      action: 'promote-all',
      source: params.source,
      queue: params.queue,
      ...orMissingQueue(await actions.promoteAll(params.queue), params.source, params.queue),
    }),
  }),
  defineSourceMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/clean',
    tag: 'queue actions',
    summary: 'Delete the jobs of one state older than a grace period, in chunks of 10,000',
    params: QueueParams,
    body: CleanBody,
    response: BulkActionResponse,
    capability: 'clean',
    role: 'admin',
    action: 'queue.clean',
    deadline: 'none',
    errors: [],
    example: {
      request:
        'POST /api/v1/sources/main/queues/emails/clean {"state":"completed","graceMs":3600000}',
      response: exampleBulk('clean', 'completed', 10_000),
    },
    handler: async ({ params, body, actions }) => ({
      action: 'clean',
      source: params.source,
      queue: params.queue,
      ...orMissingQueue(await actions.clean(params.queue, body), params.source, params.queue),
    }),
  }),
  defineSourceMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/drain',
    tag: 'queue actions',
    summary: 'Delete every waiting (and optionally delayed) job',
    params: QueueParams,
    body: DrainBody,
    response: BulkActionResponse,
    capability: 'clean',
    role: 'admin',
    action: 'queue.drain',
    deadline: 'none',
    errors: [],
    example: {
      request: 'POST /api/v1/sources/main/queues/emails/drain {}',
      response: exampleBulk('drain', 'waiting', 12),
    },
    handler: async ({ params, body, actions }) => ({
      action: 'drain',
      source: params.source,
      queue: params.queue,
      ...orMissingQueue(await actions.drain(params.queue, body), params.source, params.queue),
    }),
  }),
  defineSourceMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/obliterate',
    tag: 'queue actions',
    summary: 'Destroy a paused queue and all its jobs',
    description:
      'The queue must be paused first (409 otherwise); with active jobs it also needs `force: true`.',
    params: QueueParams,
    body: ObliterateBody,
    response: BulkActionResponse,
    capability: 'obliterate',
    role: 'admin',
    action: 'queue.obliterate',
    deadline: 'none',
    errors: [],
    example: {
      request: 'POST /api/v1/sources/main/queues/emails/obliterate {"force":false}',
      response: exampleBulk('obliterate', null, 10_514),
    },
    handler: async ({ params, body, actions }) => ({
      action: 'obliterate',
      source: params.source,
      queue: params.queue,
      ...orMissingQueue(await actions.obliterate(params.queue, body), params.source, params.queue),
    }),
  }),
  defineSourceMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/add',
    tag: 'queue actions',
    summary: 'Add a job',
    params: QueueParams,
    body: AddJobBody,
    response: JobActionResponse,
    capability: 'add',
    role: 'operator',
    action: 'queue.add',
    errors: [],
    example: {
      request:
        'POST /api/v1/sources/main/queues/emails/add {"name":"send-welcome","data":{"to":"a@b.c"}}',
      response: {
        action: 'add',
        job: { queue: 'emails', id: '2002' },
        state: 'waiting',
        nativeState: 'waiting',
        from: null,
      },
    },
    handler: async ({ params, body, actions }) =>
      jobAnswer(
        'add',
        orMissingQueue(await actions.addJob(params.queue, body), params.source, params.queue),
      ),
  }),
  matchingRoute('retry'),
  matchingRoute('remove'),
  matchingRoute('promote'),
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
      const actions = adapter.actions!;
      const { state, scanLimit, limit, ...filter } = query;
      const result = orMissingQueue(
        await actions.search(params.queue, { state, scanLimit, limit, filter }),
        params.source,
        params.queue,
      );
      return { state, ...result };
    },
  }),
];
