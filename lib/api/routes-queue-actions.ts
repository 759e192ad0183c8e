/** Queue and source actions: pause/resume, retry-all, promote-all, clean, drain, obliterate, add, *-matching, search. */
import type { z } from 'zod';
import type { BulkResult, SourceActions } from '@/lib/adapters/types';
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

/**
 * A whole-queue action that works through a state in bounded chunks and reports how many jobs it
 * touched: no request deadline (the chunks are bounded instead), 404 when the queue is missing.
 */
function bulkRoute<B extends z.ZodType>(
  spec: ActionRouteSpec<B, BulkActionResponse> & {
    action: 'retry-all' | 'promote-all' | 'clean' | 'drain' | 'obliterate';
    role: Role;
    act: (actions: SourceActions, queue: string, body: z.output<B>) => Promise<BulkResult | null>;
  },
): ApiRoute {
  return defineSourceMutation({
    method: 'POST',
    path: `/sources/{source}/queues/{queue}/${spec.action}`,
    tag: 'queue actions',
    summary: spec.summary,
    description: spec.description,
    params: QueueParams,
    body: spec.body,
    response: BulkActionResponse,
    capability: spec.capability,
    role: spec.role,
    action: `queue.${spec.action}`,
    deadline: 'none',
    errors: [],
    example: {
      request: `POST /api/v1/sources/main/queues/emails/${spec.action} ${spec.example.body}`,
      response: spec.example.answer,
    },
    handler: async ({ params, body, actions }) => ({
      action: spec.action,
      source: params.source,
      queue: params.queue,
      ...orMissingQueue(await spec.act(actions, params.queue, body), params.source, params.queue),
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
    capability: 'retry',
    role: 'operator',
    example: { body: '{"state":"failed"}', answer: exampleBulk('retry-all', 'failed', 17) },
    act: (actions, queue, body) =>
      actions.retryAll(queue, { state: body.state, before: body.before ?? Date.now() }),
  }),
  bulkRoute({
    action: 'promote-all',
    summary: 'Run every delayed job now, in chunks',
    body: EmptyBody,
    capability: 'promote',
    role: 'operator',
    example: { body: '{}', answer: exampleBulk('promote-all', 'delayed', 3) },
    act: (actions, queue) => actions.promoteAll(queue),
  }),
  bulkRoute({
    action: 'clean',
    summary: 'Delete the jobs of one state older than a grace period, in chunks of 10,000',
    body: CleanBody,
    capability: 'clean',
    role: 'admin',
    example: {
      body: '{"state":"completed","graceMs":3600000}',
      answer: exampleBulk('clean', 'completed', 10_000),
    },
    act: (actions, queue, body) => actions.clean(queue, body),
  }),
  bulkRoute({
    action: 'drain',
    summary: 'Delete every waiting (and optionally delayed) job',
    body: DrainBody,
    capability: 'clean',
    role: 'admin',
    example: { body: '{}', answer: exampleBulk('drain', 'waiting', 12) },
    act: (actions, queue, body) => actions.drain(queue, body),
  }),
  bulkRoute({
    action: 'obliterate',
    summary: 'Destroy a paused queue and all its jobs',
    description:
      'The queue must be paused first (409 otherwise); with active jobs it also needs `force: true`.',
    body: ObliterateBody,
    capability: 'obliterate',
    role: 'admin',
    example: { body: '{"force":false}', answer: exampleBulk('obliterate', null, 10_514) },
    act: (actions, queue, body) => actions.obliterate(queue, body),
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
      response: exampleJobAnswer('add', 'waiting', { queue: 'emails', id: '2002' }),
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
