/**
 * Workflow routes (Temporal): terminate, signal and reset one workflow (verbs of the `workflow`
 * group; cancel is the shared job `cancel`), batch operations over a visibility query with a dry run
 * that counts first, a batch's progress, the raw history page by page (newest first by default) and
 * queries. Shapes in schemas-workflows.ts.
 */
import type { WorkflowActionResult } from '@/lib/adapters/types';
import type { ApiRoute } from './define-route';
import { defineSourceRoute } from './define-route';
import { orMissingJob } from './action-helpers';
import { defineActionMutation } from './mutation';
import { JobParams, SourceParams } from './schemas';
import {
  BatchBody,
  BatchParams,
  BatchQuery,
  BatchResponse,
  BatchStatusResponse,
  HistoryQuery,
  HistoryResponse,
  QueryJobQuery,
  QueryJobResponse,
  ResetBody,
  SignalBody,
  TerminateBody,
  WorkflowActionResponse,
} from './schemas-workflows';
import { found, missingInQueue } from './source-access';

const answer = (action: string, result: WorkflowActionResult): WorkflowActionResponse => ({
  action,
  job: result.job,
  state: result.state,
  nativeState: result.nativeState,
  runId: result.runId,
  newRunId: result.newRunId ?? null,
  resetEventId: result.resetEventId ?? null,
});

const exampleAnswer = (action: string, state: 'cancelled' | 'active', nativeState: string): WorkflowActionResponse => ({
  action,
  job: { queue: 'payments', id: 'order-1042' },
  state,
  nativeState,
  runId: '5b0c9d0e-2f7c-4d7a-9a55-0d2e6f1f4b11',
  newRunId: null,
  resetEventId: null,
});

export const workflowRoutes: ApiRoute[] = [
  defineActionMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/terminate',
    tag: 'workflow actions',
    summary: 'Terminate a running workflow (Temporal TerminateWorkflowExecution)',
    description: 'The run closes at once with the reason; its code gets no chance to clean up (cancel asks it to). 409 `conflict` with `details.state` when it is not running.',
    params: JobParams,
    body: TerminateBody,
    response: WorkflowActionResponse,
    group: 'workflow',
    verb: 'terminate',
    role: 'operator',
    action: 'workflow.terminate',
    errors: [],
    example: { request: 'POST /api/v1/sources/temporal/queues/payments/jobs/order-1042/terminate {"reason":"duplicate order"}', response: exampleAnswer('terminate', 'cancelled', 'Terminated') },
    handler: async ({ params, body, adapter, act }) =>
      answer('terminate', await orMissingJob(await act(params.queue, params.job, body), adapter, params.queue, params.job)),
  }),
  defineActionMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/signal',
    tag: 'workflow actions',
    summary: 'Send a signal with JSON arguments to a running workflow',
    params: JobParams,
    body: SignalBody,
    response: WorkflowActionResponse,
    group: 'workflow',
    verb: 'signal',
    role: 'operator',
    action: 'workflow.signal',
    errors: [],
    example: { request: 'POST /api/v1/sources/temporal/queues/payments/jobs/order-1042/signal {"name":"approve","args":[{"by":"ops"}]}', response: exampleAnswer('signal', 'active', 'Running') },
    handler: async ({ params, body, adapter, act }) =>
      answer('signal', await orMissingJob(await act(params.queue, params.job, body), adapter, params.queue, params.job)),
  }),
  defineActionMutation({
    method: 'POST',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/reset',
    tag: 'workflow actions',
    summary: 'Reset a workflow to a workflow task: a new run replays up to there (signals after it are reapplied)',
    description: '`{"eventId"}` of a workflow-task-completed event, or `{"to": "last" | "first"}` (found by reading the history from that end). A running run is terminated by the server. 400 when the event is not a workflow task.',
    params: JobParams,
    body: ResetBody,
    response: WorkflowActionResponse,
    group: 'workflow',
    verb: 'reset',
    role: 'operator',
    action: 'workflow.reset',
    errors: [],
    example: {
      request: 'POST /api/v1/sources/temporal/queues/payments/jobs/order-1042/reset {"to":"last"}',
      response: { ...exampleAnswer('reset', 'active', 'Running'), newRunId: '9d1e…', resetEventId: 17 },
    },
    handler: async ({ params, body, adapter, act }) =>
      answer(
        'reset',
        await orMissingJob(
          await act(params.queue, params.job, {
            point: body.eventId !== undefined ? { eventId: body.eventId } : { to: body.to! },
            reason: body.reason,
            runId: body.runId,
          }),
          adapter,
          params.queue,
          params.job,
        ),
      ),
  }),
  defineActionMutation({
    method: 'POST',
    path: '/sources/{source}/workflows/batch',
    tag: 'workflow actions',
    summary: 'Cancel, terminate, signal or reset every workflow a visibility query matches (a server batch operation)',
    description:
      'Counts first: `matched` is what the query matches (running workflows only for cancel, terminate and signal — the query sent is narrowed to `ExecutionStatus = \'Running\'`). With `dryRun: true` nothing else happens; otherwise the server starts a batch job, named by `jobId`, whose progress `GET /sources/{s}/batches/{jobId}` reads.',
    params: SourceParams,
    body: BatchBody,
    response: BatchResponse,
    group: 'workflow',
    verb: 'batch',
    role: 'operator',
    action: 'workflow.batch',
    errors: [],
    target: () => ({ queue: null, job: null }),
    example: {
      request: 'POST /api/v1/sources/temporal/workflows/batch {"operation":"terminate","query":"WorkflowType = \'ChargeCard\'","reason":"bad deploy","dryRun":true}',
      response: { action: 'batch', operation: 'terminate', namespace: 'default', query: "(WorkflowType = 'ChargeCard') AND ExecutionStatus = 'Running'", matched: 312, dryRun: true, jobId: null },
    },
    handler: async ({ body, act }) => ({ action: 'batch' as const, operation: body.operation, ...(await act(body)) }),
  }),
  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/batches/{batch}',
    tag: 'workflow actions',
    summary: 'Progress of a batch operation (Temporal DescribeBatchOperation)',
    params: BatchParams,
    query: BatchQuery,
    response: BatchStatusResponse,
    capability: 'workflow.batch',
    errors: [],
    example: {
      request: 'GET /api/v1/sources/temporal/batches/yardmaster-terminate-5b0c…',
      response: { jobId: 'yardmaster-terminate-5b0c…', namespace: 'default', operation: 'terminate', state: 'running', total: 312, completed: 120, failed: 0, startedAt: 1767225600000, closedAt: null, reason: 'bad deploy', query: "(WorkflowType = 'ChargeCard') AND ExecutionStatus = 'Running'" },
    },
    handler: async ({ params, query, adapter }) =>
      found(await adapter.getBatch!(params.batch, { namespace: query.namespace ?? null }), () => `batch "${params.batch}" not found in source "${params.source}"`),
  }),
  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/history',
    tag: 'jobs',
    summary: "One page of a workflow's history, newest first by default",
    description:
      'Newest first reads `GetWorkflowExecutionHistoryReverse`, so the latest events of a 51,200-event history arrive without reading the rest; `nextCursor` pages back. `oldest-first` pages from the start. Payloads are decoded (codec server when configured); `items` are the timeline items of the page, joined across pages by `key`.',
    params: JobParams,
    query: HistoryQuery,
    response: HistoryResponse,
    capability: 'history',
    errors: ['bad_request'],
    example: {
      request: 'GET /api/v1/sources/temporal/queues/payments/jobs/order-1042/history?limit=2',
      response: {
        job: { queue: 'payments', id: 'order-1042' },
        runId: '5b0c9d0e-2f7c-4d7a-9a55-0d2e6f1f4b11',
        order: 'newest-first',
        events: [{ eventId: 11, at: 1767225600000, type: 'WorkflowExecutionCompleted', category: 'workflow', summary: 'completed', failed: false, attributes: { result: { payloads: [{ charged: 10 }] } } }],
        items: [],
        totalEvents: 11,
        nextCursor: 'eyJyIjoi…',
        codecError: null,
      },
    },
    handler: async ({ params, query, adapter }) =>
      orMissingJob(
        await adapter.getHistory!({ queue: params.queue, id: params.job }, { order: query.order, limit: query.limit, cursor: query.cursor ?? null, runId: query.runId ?? null }),
        adapter,
        params.queue,
        params.job,
      ),
  }),
  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/queues/{queue}/jobs/{job}/query',
    tag: 'jobs',
    summary: "Ask a workflow's code a query (`__stack_trace` for its call stack, or one it defines)",
    description: 'A worker of its task queue must be polling: the server hands the query to one. 400 with the workflow\'s answer when it does not know the query type.',
    params: JobParams,
    query: QueryJobQuery,
    response: QueryJobResponse,
    capability: 'queries',
    errors: ['bad_request'],
    example: {
      request: 'GET /api/v1/sources/temporal/queues/payments/jobs/order-1042/query?type=__stack_trace',
      response: { job: { queue: 'payments', id: 'order-1042' }, queryType: '__stack_trace', result: 'at chargeCard (/app/workflows.ts:22:5)', rejected: null },
    },
    handler: async ({ params, query, adapter }) => {
      const result = await adapter.queryJob!({ queue: params.queue, id: params.job }, { type: query.type, args: query.args, runId: query.runId ?? null });
      if (result) return result;
      throw await missingInQueue(adapter, params.queue, `job "${params.job}"`);
    },
  }),
];
