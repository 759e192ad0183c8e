'use client';
/**
 * The mutating side of the REST API from the browser: one function per action (POST/PUT/DELETE with
 * a JSON body and an Idempotency-Key, the answer parsed by its wire schema, failures as ApiError),
 * and TanStack `useMutation` hooks that hold one key per operator intent and refresh what changed.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MutateOptions, QueryKey } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { z } from 'zod';
import {
  BulkActionResponse,
  CancelJobResponse,
  ConcurrencyResponse,
  DeadLetterRetryResponse,
  IDEMPOTENCY_HEADER,
  JobActionResponse,
  MatchingActionResponse,
  PurgeResponse,
  QueueStateResponse,
  RateLimitResponse,
  SchedulerRemovedResponse,
  SchedulerResponse,
  SourceStateResponse,
} from '@/lib/api/schemas';
import type {
  AddJobBody,
  CancelJobBody,
  CleanBody,
  ConcurrencyBody,
  DeadLetterRetryBody,
  DrainBody,
  MatchingActionBody,
  ObliterateBody,
  RateLimitBody,
  RemoveJobBody,
  RetryAllBody,
  RetryJobBody,
  SchedulerBody,
  UpdateDataBody,
} from '@/lib/api/schemas';
import { ApiError, apiPath, basePath, isApiError, readApiResponse } from './api';
import { IntentKey } from './idempotency';
import { queryKeys } from './query-keys';

type Method = 'POST' | 'PUT' | 'DELETE';

/**
 * One mutation: JSON body (`{}` when it has none), the intent's key, the answer parsed with
 * `schema`. A request that never got an answer is `network_error`, so the caller may resend it
 * with the same key and the server applies it once.
 */
export async function sendJson<Schema extends z.ZodType>(
  method: Method,
  segments: readonly string[],
  body: unknown,
  schema: Schema,
  idempotencyKey: string,
): Promise<z.infer<Schema>> {
  const path = apiPath(segments);
  let response: Response;
  try {
    response = await fetch(`${basePath()}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        [IDEMPOTENCY_HEADER]: idempotencyKey,
      },
      body: JSON.stringify(body ?? {}),
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new ApiError('network_error', `cannot reach the server: ${(error as Error).message}`, 0);
  }
  return readApiResponse(response, path, schema);
}

// ---- targets and paths ----------------------------------------------------------------

export interface QueueTarget {
  source: string;
  queue: string;
}
export interface JobTarget extends QueueTarget {
  job: string;
}
export interface SchedulerTarget extends QueueTarget {
  scheduler: string;
}

const queueSegments = ({ source, queue }: QueueTarget) => ['sources', source, 'queues', queue];
const jobSegments = (target: JobTarget) => [...queueSegments(target), 'jobs', target.job];
const schedulerSegments = (target: SchedulerTarget) => [
  ...queueSegments(target),
  'schedulers',
  target.scheduler,
];

type Input<Schema extends z.ZodType> = z.input<Schema>;

// ---- job actions ----------------------------------------------------------------------

export type JobActionRequest =
  | { action: 'retry'; body?: Input<typeof RetryJobBody> }
  | { action: 'remove'; body?: Input<typeof RemoveJobBody> }
  | { action: 'promote' | 'duplicate'; body?: undefined }
  | { action: 'update-data'; body: Input<typeof UpdateDataBody> };

/** POST `<segments>/<action>` with the request's body (`{}` when it has none). */
function postAction<Schema extends z.ZodType>(
  segments: readonly string[],
  request: { action: string; body?: unknown },
  schema: Schema,
  key: string,
) {
  return sendJson('POST', [...segments, request.action], request.body ?? {}, schema, key);
}

export function jobAction(target: JobTarget, request: JobActionRequest, key: string) {
  return postAction(jobSegments(target), request, JobActionResponse, key);
}

export function cancelJob(target: JobTarget, body: Input<typeof CancelJobBody>, key: string) {
  return postAction(jobSegments(target), { action: 'cancel', body }, CancelJobResponse, key);
}

// ---- queue actions --------------------------------------------------------------------

export type BulkQueueRequest =
  | { action: 'retry-all'; body: Input<typeof RetryAllBody> }
  | { action: 'promote-all'; body?: undefined }
  | { action: 'clean'; body: Input<typeof CleanBody> }
  | { action: 'drain'; body: Input<typeof DrainBody> }
  | { action: 'obliterate'; body: Input<typeof ObliterateBody> };

export type BulkQueueAction = BulkQueueRequest['action'];

export function bulkQueueAction(target: QueueTarget, request: BulkQueueRequest, key: string) {
  return postAction(queueSegments(target), request, BulkActionResponse, key);
}

export function setQueuePaused(target: QueueTarget, paused: boolean, key: string) {
  const action = paused ? 'pause' : 'resume';
  return postAction(queueSegments(target), { action }, QueueStateResponse, key);
}

/** Celery: delete the messages waiting in the queue's broker lists. */
export function purgeQueue(target: QueueTarget, key: string) {
  return postAction(queueSegments(target), { action: 'purge' }, PurgeResponse, key);
}

export function addJob(target: QueueTarget, body: Input<typeof AddJobBody>, key: string) {
  return postAction(queueSegments(target), { action: 'add', body }, JobActionResponse, key);
}

export type MatchingAction = 'retry' | 'remove' | 'promote' | 'cancel';

export function matchingAction(
  target: QueueTarget,
  action: MatchingAction,
  body: Input<typeof MatchingActionBody>,
  key: string,
) {
  const request = { action: `${action}-matching`, body };
  return postAction(queueSegments(target), request, MatchingActionResponse, key);
}

export function setSourcePaused(source: string, paused: boolean, key: string) {
  const action = paused ? 'pause' : 'resume';
  return postAction(['sources', source], { action }, SourceStateResponse, key);
}

// ---- limits ---------------------------------------------------------------------------

/** `null` removes the limit. */
export function putRateLimit(
  target: QueueTarget,
  limit: Input<typeof RateLimitBody> | null,
  key: string,
) {
  const segments = [...queueSegments(target), 'rate-limit'];
  return limit === null
    ? sendJson('DELETE', segments, {}, RateLimitResponse, key)
    : sendJson('PUT', segments, limit, RateLimitResponse, key);
}

/** `null` removes the global concurrency. */
export function putConcurrency(target: QueueTarget, concurrency: number | null, key: string) {
  const segments = [...queueSegments(target), 'concurrency'];
  if (concurrency === null) return sendJson('DELETE', segments, {}, ConcurrencyResponse, key);
  const body: Input<typeof ConcurrencyBody> = { concurrency };
  return sendJson('PUT', segments, body, ConcurrencyResponse, key);
}

// ---- schedulers -----------------------------------------------------------------------

export function upsertScheduler(
  target: SchedulerTarget,
  body: Input<typeof SchedulerBody>,
  key: string,
) {
  return sendJson('PUT', schedulerSegments(target), body, SchedulerResponse, key);
}

export function removeScheduler(target: SchedulerTarget, key: string) {
  return sendJson('DELETE', schedulerSegments(target), {}, SchedulerRemovedResponse, key);
}

export function runScheduler(target: SchedulerTarget, key: string) {
  return sendJson('POST', [...schedulerSegments(target), 'run'], {}, JobActionResponse, key);
}

// ---- dead letters ---------------------------------------------------------------------

export function retryDeadLetters(body: Input<typeof DeadLetterRetryBody>, key: string) {
  return sendJson('POST', ['dead-letters', 'retry'], body, DeadLetterRetryResponse, key);
}

// ---- hooks ----------------------------------------------------------------------------

/** What an action may have changed: its source's views, the dead letters and the audit log. */
const affectedBySource = (source: string): QueryKey[] => [
  queryKeys.source(source),
  ['dead-letters'],
  ['audit'],
];

/**
 * useMutation with one Idempotency-Key per intent: every call for the same variables until the
 * intent settles (TanStack's resend after a lost answer, the operator's "try again" after a 503)
 * carries the same key. A second call while one is in flight is dropped here: the server would
 * answer it 409 "in progress" and that answer would hide the first one's. `newIntent()` makes the
 * next identical request a new action (a second duplicate on purpose).
 */
export function useIntentMutation<Variables, Result>(
  run: (variables: Variables, key: string) => Promise<Result>,
  affected: (variables: Variables) => QueryKey[],
) {
  const client = useQueryClient();
  const [intent] = useState(() => new IntentKey());
  const inFlight = useRef(false);
  const mutation = useMutation({
    mutationFn: (variables: Variables) => run(variables, intent.current(JSON.stringify(variables))),
    // Resend once when the answer was lost; the key makes the resend harmless.
    retry: (failures, error) => failures < 1 && isApiError(error, 'network_error'),
    onMutate: () => {
      inFlight.current = true;
    },
    onSettled: async (_result, error, variables) => {
      inFlight.current = false;
      intent.settle(
        error
          ? {
              code: isApiError(error) ? error.code : 'internal',
              status: isApiError(error) ? error.status : 500,
            }
          : null,
      );
      await Promise.all(
        affected(variables).map((queryKey) => client.invalidateQueries({ queryKey })),
      );
    },
  });
  const { mutate: mutateOnce } = mutation;
  const mutate = (variables: Variables, options?: MutateOptions<Result, Error, Variables>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    mutateOnce(variables, options);
  };
  return { ...mutation, mutate, newIntent: () => intent.reset() };
}

export function useJobAction(source: string, queue: string) {
  return useIntentMutation(
    ({ job, request }: { job: string; request: JobActionRequest }, key: string) =>
      jobAction({ source, queue, job }, request, key),
    () => affectedBySource(source),
  );
}

export function useCancelJob(source: string, queue: string) {
  return useIntentMutation(
    ({ job, body }: { job: string; body: Input<typeof CancelJobBody> }, key: string) =>
      cancelJob({ source, queue, job }, body, key),
    () => affectedBySource(source),
  );
}

export function useBulkQueueAction(source: string, queue: string) {
  return useIntentMutation(
    (request: BulkQueueRequest, key: string) => bulkQueueAction({ source, queue }, request, key),
    () => affectedBySource(source),
  );
}

export function usePurgeQueue(source: string, queue: string) {
  return useIntentMutation(
    (_: null, key: string) => purgeQueue({ source, queue }, key),
    () => affectedBySource(source),
  );
}

export function useQueuePaused(source: string, queue: string) {
  return useIntentMutation(
    (paused: boolean, key: string) => setQueuePaused({ source, queue }, paused, key),
    () => affectedBySource(source),
  );
}

export function useAddJob(source: string, queue: string) {
  return useIntentMutation(
    (body: Input<typeof AddJobBody>, key: string) => addJob({ source, queue }, body, key),
    () => affectedBySource(source),
  );
}

export function useMatchingAction(source: string, queue: string) {
  return useIntentMutation(
    (
      { action, body }: { action: MatchingAction; body: Input<typeof MatchingActionBody> },
      key: string,
    ) => matchingAction({ source, queue }, action, body, key),
    () => affectedBySource(source),
  );
}

export function useSourcePaused(source: string) {
  return useIntentMutation(
    (paused: boolean, key: string) => setSourcePaused(source, paused, key),
    () => affectedBySource(source),
  );
}

export function useRateLimit(source: string, queue: string) {
  return useIntentMutation(
    (limit: Input<typeof RateLimitBody> | null, key: string) =>
      putRateLimit({ source, queue }, limit, key),
    () => affectedBySource(source),
  );
}

export function useConcurrency(source: string, queue: string) {
  return useIntentMutation(
    (concurrency: number | null, key: string) =>
      putConcurrency({ source, queue }, concurrency, key),
    () => affectedBySource(source),
  );
}

export type SchedulerRequest =
  | { action: 'upsert'; queue: string; scheduler: string; body: Input<typeof SchedulerBody> }
  | { action: 'remove' | 'run'; queue: string; scheduler: string };

export function useSchedulerAction(source: string) {
  return useIntentMutation(
    (
      request: SchedulerRequest,
      key: string,
    ): Promise<SchedulerResponse | SchedulerRemovedResponse | JobActionResponse> => {
      const target = { source, queue: request.queue, scheduler: request.scheduler };
      if (request.action === 'upsert') return upsertScheduler(target, request.body, key);
      if (request.action === 'remove') return removeScheduler(target, key);
      return runScheduler(target, key);
    },
    () => affectedBySource(source),
  );
}

/** Dry runs count what a retry would touch (for the confirmation); they change nothing. */
export function useDeadLetterRetry() {
  return useIntentMutation(
    (body: Input<typeof DeadLetterRetryBody>, key: string) => retryDeadLetters(body, key),
    (body) => (body.dryRun ? [['audit']] : [['source'], ['dead-letters'], ['audit']]),
  );
}
