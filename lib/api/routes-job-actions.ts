/** Job actions: POST /sources/{s}/queues/{q}/jobs/{job}/{retry|remove|promote|cancel|duplicate|update-data}. */
import type { z } from 'zod';
import type { JobActionResult, SourceActions } from '@/lib/adapters/types';
import type { ApiRoute } from './define-route';
import { defineSourceMutation } from './mutation';
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
function jobActionRoute<B extends z.ZodType>(
  spec: ActionRouteSpec<B, JobActionResponse> & {
    action: 'retry' | 'remove' | 'promote' | 'duplicate' | 'update-data';
    act: (
      actions: SourceActions,
      params: z.output<typeof JobParams>,
      body: z.output<B>,
    ) => Promise<JobActionResult | null>;
  },
): ApiRoute {
  return defineSourceMutation({
    method: 'POST',
    path: `/sources/{source}/queues/{queue}/jobs/{job}/${spec.action}`,
    tag: 'job actions',
    summary: spec.summary,
    description: spec.description,
    params: JobParams,
    body: spec.body,
    response: JobActionResponse,
    capability: spec.capability,
    role: 'operator',
    action: `job.${spec.action}`,
    errors: [],
    example: {
      request: `POST /api/v1/sources/main/queues/emails/jobs/1042/${spec.action} ${spec.example.body}`,
      response: spec.example.answer,
    },
    handler: async ({ params, body, adapter, actions }) =>
      jobAnswer(
        spec.action,
        await orMissingJob(
          await spec.act(actions, params, body),
          adapter,
          params.queue,
          params.job,
        ),
      ),
  });
}

export const jobRoutes: ApiRoute[] = [
  jobActionRoute({
    action: 'retry',
    summary: 'Retry a failed (or, when asked, completed) job',
    description:
      'Moves the job back to waiting with BullMQ `job.retry(state)`. 409 `conflict` with ' +
      '`details.state` when the job is in another state.',
    body: RetryJobBody,
    capability: 'retry',
    example: { body: '{}', answer: exampleJobAnswer('retry', 'waiting') },
    act: (actions, params, body) =>
      actions.retryJob(params.queue, params.job, {
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
    capability: 'remove',
    example: { body: '{}', answer: exampleJobAnswer('remove', null) },
    act: (actions, params, body) => actions.removeJob(params.queue, params.job, body),
  }),
  jobActionRoute({
    action: 'promote',
    summary: 'Run a delayed job now',
    body: EmptyBody,
    capability: 'promote',
    example: { body: '{}', answer: exampleJobAnswer('promote', 'waiting') },
    act: (actions, params) => actions.promoteJob(params.queue, params.job),
  }),
  defineSourceMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/cancel',
    tag: 'job actions',
    summary: 'Cancel a running job (its worker must run the Yardmaster cancel listener)',
    description:
      'Publishes a cancel request to the workers of the queue (see lib/worker). The worker holding the ' +
      "job calls `worker.cancelJob(id, reason)`, which fires the processor's AbortSignal, and " +
      'acknowledges. Without an acknowledgement before `waitMs` the answer says `acknowledged: false`.',
    params: JobParams,
    body: CancelJobBody,
    response: CancelJobResponse,
    capability: 'cancelActive',
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
    handler: async ({ params, body, adapter, actions }) => {
      const result = await orMissingJob(
        await actions.cancelJob(params.queue, params.job, body),
        adapter,
        params.queue,
        params.job,
      );
      const message = result.acknowledged
        ? 'the worker holding the job acknowledged the cancel request'
        : result.listeners === 0
          ? 'cancel requested, but no worker listens for cancel requests (add attachCancelListener to the worker)'
          : `cancel requested, but no worker acknowledged it within ${body.waitMs} ms`;
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
      };
    },
  }),
  jobActionRoute({
    action: 'duplicate',
    summary: 'Add a new job with the same name, data and options (not the id)',
    body: EmptyBody,
    capability: 'add',
    example: {
      body: '{}',
      answer: exampleJobAnswer('duplicate', 'waiting', { queue: 'emails', id: '2001' }, exampleRef),
    },
    act: (actions, params) => actions.duplicateJob(params.queue, params.job),
  }),
  jobActionRoute({
    action: 'update-data',
    summary: "Replace a job's input data",
    body: UpdateDataBody,
    capability: 'updateData',
    example: { body: '{"data":{"to":"a@b.c"}}', answer: exampleJobAnswer('update-data', 'failed') },
    act: (actions, params, body) => actions.updateJobData(params.queue, params.job, body.data),
  }),
];
