/** Job actions: POST /sources/{s}/queues/{q}/jobs/{job}/{retry|remove|promote|cancel|duplicate|update-data}. */
import type { z } from 'zod';
import type { ActionMethod, CancelResult, JobActionResult, JobVerb } from '@/lib/adapters/types';
import type { ApiRoute } from './define-route';
import { defineActionMutation } from './mutation';
import { JobParams } from './schemas';
import {
  CancelJobBody,
  CancelJobResponse,
  EmptyBody,
  JobActionResponse,
  RemoveJobBody,
  RetryJobBody,
  UpdateDataBody,
} from './schemas-actions';
import type { ActionRouteSpec } from './action-helpers';
import { exampleJobAnswer, exampleRef, jobAnswer, orMissingJob } from './action-helpers';

/**
 * An operator's action on one job that answers where the job is now: 404 when the queue or the job
 * is missing, the audit entry `job.<action>`.
 */
function jobActionRoute<B extends z.ZodType, V extends Exclude<JobVerb, 'cancel'>>(
  spec: ActionRouteSpec<B, JobActionResponse> & {
    action: 'retry' | 'remove' | 'promote' | 'duplicate' | 'update-data';
    verb: V;
    act: (
      act: ActionMethod<'job', V>,
      params: z.output<typeof JobParams>,
      body: z.output<B>,
    ) => Promise<JobActionResult | null>;
  },
): ApiRoute {
  return defineActionMutation({
    method: 'POST',
    path: `/sources/{source}/queues/{queue}/jobs/{job}/${spec.action}`,
    tag: 'job actions',
    summary: spec.summary,
    description: spec.description,
    params: JobParams,
    body: spec.body,
    response: JobActionResponse,
    group: 'job',
    verb: spec.verb,
    role: 'operator',
    action: `job.${spec.action}`,
    errors: [],
    example: {
      request: `POST /api/v1/sources/main/queues/emails/jobs/1042/${spec.action} ${spec.example.body}`,
      response: spec.example.answer,
    },
    handler: async ({ params, body, adapter, act }) =>
      jobAnswer(
        spec.action,
        await orMissingJob(
          await spec.act(act, params, body),
          adapter,
          params.queue,
          params.job,
        ),
      ),
  });
}

/** What the operator is told after a cancel: acknowledged, revoked, or why not. */
function cancelMessage(result: CancelResult, waitMs: number): string {
  if (result.note) return result.note;
  if (result.replies) {
    const { replies, noReply, addressed } = result.replies;
    if (addressed.length === 0 && Object.keys(replies).length === 0)
      return 'revoke sent, but no worker is online to hear it: a worker that starts later will still run the task';
    const answered = Object.keys(replies).length;
    const missing = noReply.length ? `; no answer from ${noReply.join(', ')}` : '';
    return answered > 0
      ? `revoke sent; ${answered} worker(s) answered within ${waitMs} ms${missing}`
      : `revoke sent, but no worker answered within ${waitMs} ms${missing}`;
  }
  if (result.acknowledged) return 'the worker holding the job acknowledged the cancel request';
  return result.listeners === 0
    ? 'cancel requested, but no worker listens for cancel requests (add attachCancelListener to the worker)'
    : `cancel requested, but no worker acknowledged it within ${waitMs} ms`;
}

export const jobRoutes: ApiRoute[] = [
  jobActionRoute({
    action: 'retry',
    summary: 'Retry a failed (or, when asked, completed) job',
    description:
      'BullMQ: moves the job back to waiting with `job.retry(state)`. Celery: sends a NEW task with ' +
      'a new id, the exact args and kwargs and `parent_id` = this task (so the lineage shows); the ' +
      'answer names the new task as `job` and this one as `from`. 409 `conflict` with ' +
      '`details.state` when the job is in another state, or when a Celery task\'s exact args are ' +
      'not known (the message says what to enable).',
    body: RetryJobBody,
    verb: 'retry',
    example: { body: '{}', answer: exampleJobAnswer('retry', 'waiting') },
    act: (retry, params, body) =>
      retry(params.queue, params.job, {
        resetAttempts: body.resetAttempts,
        ...(body.state ? { state: body.state } : {}),
      }),
  }),
  jobActionRoute({
    action: 'remove',
    summary: 'Remove a job (never one a worker holds the lock of)',
    description:
      'BullMQ `removeJob`, which refuses a locked job: a running job answers 409 `conflict` with ' +
      '`details.locked: true` — cancel it first.',
    body: RemoveJobBody,
    verb: 'remove',
    example: { body: '{}', answer: exampleJobAnswer('remove', null) },
    act: (remove, params, body) => remove(params.queue, params.job, body),
  }),
  jobActionRoute({
    action: 'promote',
    summary: 'Run a delayed job now',
    body: EmptyBody,
    verb: 'promote',
    example: { body: '{}', answer: exampleJobAnswer('promote', 'waiting') },
    act: (promote, params) => promote(params.queue, params.job),
  }),
  defineActionMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/cancel',
    tag: 'job actions',
    summary: 'Cancel a job: abort a running BullMQ job, revoke a Celery task',
    description:
      'BullMQ: publishes a cancel request to the workers of the queue (see lib/worker). The worker ' +
      "holding the job calls `worker.cancelJob(id, reason)`, which fires the processor's AbortSignal, " +
      'and acknowledges. Without an acknowledgement before `waitMs` the answer says ' +
      '`acknowledged: false`.\n\nCelery: broadcasts `revoke` to every worker (a waiting task is ' +
      'then dropped when it arrives); with `terminate: true` the process running the task gets ' +
      '`signal` (default SIGTERM). `replies` holds what each worker answered within `waitMs`, and ' +
      '`noReply` names the online workers that did not.',
    params: JobParams,
    body: CancelJobBody,
    response: CancelJobResponse,
    group: 'job',
    verb: 'cancel',
    role: 'operator',
    action: 'job.cancel',
    extraTimeMs: (body) => body.waitMs,
    errors: [],
    example: {
      request: 'POST /api/v1/sources/main/queues/emails/jobs/1042/cancel {"reason":"stuck"}',
      response: {
        action: 'cancel',
        job: exampleRef,
        requestId: '5b0c9d0e-2f7c-4d7a-9a55-0d2e6f1f4b11',
        requested: true,
        acknowledged: true,
        listeners: 2,
        state: 'active',
        nativeState: 'active',
        message: 'the worker holding the job acknowledged the cancel request',
      },
    },
    handler: async ({ params, body, adapter, act }) => {
      const result = await orMissingJob(
        await act(params.queue, params.job, body),
        adapter,
        params.queue,
        params.job,
      );
      const message = cancelMessage(result, body.waitMs);
      return {
        action: 'cancel' as const,
        job: result.job,
        requestId: result.requestId,
        requested: true as const,
        acknowledged: result.acknowledged,
        listeners: result.listeners,
        state: result.state,
        nativeState: result.nativeState,
        message,
        ...(result.replies ? { replies: result.replies } : {}),
      };
    },
  }),
  jobActionRoute({
    action: 'duplicate',
    summary: 'Add a new job with the same name, data and options (not the id)',
    body: EmptyBody,
    verb: 'duplicate',
    example: {
      body: '{}',
      answer: exampleJobAnswer('duplicate', 'waiting', { queue: 'emails', id: '2001' }, exampleRef),
    },
    act: (duplicate, params) => duplicate(params.queue, params.job),
  }),
  jobActionRoute({
    action: 'update-data',
    summary: "Replace a job's input data",
    body: UpdateDataBody,
    verb: 'updateData',
    example: { body: '{"data":{"to":"a@b.c"}}', answer: exampleJobAnswer('update-data', 'failed') },
    act: (updateData, params, body) => updateData(params.queue, params.job, body.data),
  }),
];
