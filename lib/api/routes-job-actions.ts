/** Job actions: POST /sources/{s}/queues/{q}/jobs/{job}/{retry|remove|promote|cancel|duplicate|update-data}. */
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
import { exampleRef, jobAnswer, orMissingJob } from './action-helpers';

export const jobRoutes: ApiRoute[] = [
  defineSourceMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/retry',
    tag: 'job actions',
    summary: 'Retry a failed (or, when asked, completed) job',
    description:
      'Moves the job back to waiting with BullMQ `job.retry(state)`. 409 `conflict` with ' +
      '`details.state` when the job is in another state.',
    params: JobParams,
    body: RetryJobBody,
    response: JobActionResponse,
    capability: 'retry',
    role: 'operator',
    action: 'job.retry',
    errors: [],
    example: {
      request: 'POST /api/v1/sources/main/queues/emails/jobs/1042/retry {}',
      response: {
        action: 'retry',
        job: exampleRef,
        state: 'waiting',
        nativeState: 'waiting',
        from: null,
      },
    },
    handler: async ({ params, body, adapter, actions }) =>
      jobAnswer(
        'retry',
        await orMissingJob(
          await actions.retryJob(params.queue, params.job, {
            resetAttempts: body.resetAttempts,
            ...(body.state ? { state: body.state } : {}),
          }),
          adapter,
          params.queue,
          params.job,
        ),
      ),
  }),
  defineSourceMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/remove',
    tag: 'job actions',
    summary: 'Remove a job (never one a worker holds the lock of)',
    description:
      'BullMQ `removeJob`, which refuses a locked job: a running job answers 409 `conflict` with ' +
      '`details.locked: true` — cancel it first.',
    params: JobParams,
    body: RemoveJobBody,
    response: JobActionResponse,
    capability: 'remove',
    role: 'operator',
    action: 'job.remove',
    errors: [],
    example: {
      request: 'POST /api/v1/sources/main/queues/emails/jobs/1042/remove {}',
      response: { action: 'remove', job: exampleRef, state: null, nativeState: null, from: null },
    },
    handler: async ({ params, body, adapter, actions }) =>
      jobAnswer(
        'remove',
        await orMissingJob(
          await actions.removeJob(params.queue, params.job, body),
          adapter,
          params.queue,
          params.job,
        ),
      ),
  }),
  defineSourceMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/promote',
    tag: 'job actions',
    summary: 'Run a delayed job now',
    params: JobParams,
    body: EmptyBody,
    response: JobActionResponse,
    capability: 'promote',
    role: 'operator',
    action: 'job.promote',
    errors: [],
    example: {
      request: 'POST /api/v1/sources/main/queues/emails/jobs/1042/promote {}',
      response: {
        action: 'promote',
        job: exampleRef,
        state: 'waiting',
        nativeState: 'waiting',
        from: null,
      },
    },
    handler: async ({ params, adapter, actions }) =>
      jobAnswer(
        'promote',
        await orMissingJob(
          await actions.promoteJob(params.queue, params.job),
          adapter,
          params.queue,
          params.job,
        ),
      ),
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
  defineSourceMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/duplicate',
    tag: 'job actions',
    summary: 'Add a new job with the same name, data and options (not the id)',
    params: JobParams,
    body: EmptyBody,
    response: JobActionResponse,
    capability: 'add',
    role: 'operator',
    action: 'job.duplicate',
    errors: [],
    example: {
      request: 'POST /api/v1/sources/main/queues/emails/jobs/1042/duplicate {}',
      response: {
        action: 'duplicate',
        job: { queue: 'emails', id: '2001' },
        state: 'waiting',
        nativeState: 'waiting',
        from: exampleRef,
      },
    },
    handler: async ({ params, adapter, actions }) =>
      jobAnswer(
        'duplicate',
        await orMissingJob(
          await actions.duplicateJob(params.queue, params.job),
          adapter,
          params.queue,
          params.job,
        ),
      ),
  }),
  defineSourceMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/update-data',
    tag: 'job actions',
    summary: "Replace a job's input data",
    params: JobParams,
    body: UpdateDataBody,
    response: JobActionResponse,
    capability: 'updateData',
    role: 'operator',
    action: 'job.update-data',
    errors: [],
    example: {
      request:
        'POST /api/v1/sources/main/queues/emails/jobs/1042/update-data {"data":{"to":"a@b.c"}}',
      response: {
        action: 'update-data',
        job: exampleRef,
        state: 'failed',
        nativeState: 'failed',
        from: null,
      },
    },
    handler: async ({ params, body, adapter, actions }) =>
      jobAnswer(
        'update-data',
        await orMissingJob(
          await actions.updateJobData(params.queue, params.job, body.data),
          adapter,
          params.queue,
          params.job,
        ),
      ),
  }),
];
