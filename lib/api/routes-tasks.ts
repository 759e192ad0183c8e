/** The source-wide task list (Celery's task index): every task of a source, newest first, filtered. */
import type { ApiRoute } from './define-route';
import { defineSourceRoute } from './define-route';
import { SourceParams } from './schemas';
import { TasksQuery, TasksResponse } from './schemas-tasks';
import type { TaskRow } from './schemas-tasks';

const exampleTask: TaskRow = {
  id: '6f1c2b9e-8a4d-4c3e-9b7a-2d5e1f0a9c11',
  name: 'billing.charge',
  state: 'failed',
  nativeState: 'FAILURE',
  queue: 'billing',
  worker: 'celery@web-1',
  retries: 2,
  argsPreview: "['cus_42', 1999]",
  kwargsPreview: "{'currency': 'EUR'}",
  argsBytes: 33,
  sentAt: 1736942400000,
  receivedAt: 1736942400012,
  startedAt: 1736942400020,
  finishedAt: 1736942400950,
  runAt: null,
  stateAt: 1736942400950,
  exception: "CardDeclined('insufficient funds')",
};

export const taskRoutes: ApiRoute[] = [
  defineSourceRoute({
    method: 'GET',
    path: '/sources/{source}/tasks',
    tag: 'tasks',
    summary: 'Every task of a source, newest first, with filters (Celery task index)',
    description:
      'Newest first by the time each task entered its state. `state` takes one state or several ' +
      '(`failed,cancelled`); `since`/`until` (epoch ms or ISO 8601) bound that time. The states with ' +
      'one of `queue`, `name` or `worker` (the first given, in that order) and the time window are ' +
      "answered from the index's sorted sets, at any depth in O(log n + page). Any further filter " +
      'among those, and `text` (case-insensitive, ASCII, in args, kwargs, result and exception), is ' +
      'checked task by task, at most `scan` tasks per page: `scanned` says how many were looked at and ' +
      '`complete: false` that the scan stopped at its bound, with a `nextCursor` that looks on from ' +
      'there (a page may then hold fewer than `limit` tasks, even none). `total` is exact when ' +
      '`complete`, else the matches found so far.',
    params: SourceParams,
    query: TasksQuery,
    response: TasksResponse,
    capability: 'tasks',
    heavy: true,
    errors: ['bad_request'],
    example: {
      request: 'GET /api/v1/sources/tasks/tasks?state=failed&queue=billing&limit=50',
      response: { source: 'tasks', tasks: [exampleTask], total: 1, scanned: 0, complete: true, nextCursor: null },
    },
    handler: async ({ adapter, query }) => {
      const page = await adapter.listTasks!({
        states: query.state,
        ...(query.queue ? { queue: query.queue } : {}),
        ...(query.name ? { name: query.name } : {}),
        ...(query.worker ? { worker: query.worker } : {}),
        ...(query.since !== undefined ? { since: query.since } : {}),
        ...(query.until !== undefined ? { until: query.until } : {}),
        ...(query.text ? { text: query.text } : {}),
        limit: query.limit,
        cursor: query.cursor ?? null,
        scanLimit: query.scan,
      });
      return { source: adapter.id, ...page };
    },
  }),
];
