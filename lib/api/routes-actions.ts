/**
 * The mutating side of REST API v1 (issues 3 and 8): job, queue and source actions, limits, schedulers,
 * bounded search, dead letters and the audit log; worker detail, worker controls, task-type limits
 * and purge; workflow terminate / signal / reset / batch, history pages and queries (Temporal). Each
 * mutation is written with
 * `defineSourceMutation` (lib/api/mutation.ts): read-only, roles, idempotency and audit are handled
 * there. Wire shapes: lib/api/schemas-actions.ts, schemas-limits.ts, schemas-dead-letters.ts.
 */
import type { ApiRoute } from './define-route';
import { deadLetterRoutes } from './routes-dead-letters';
import { jobRoutes } from './routes-job-actions';
import { limitRoutes } from './routes-limits';
import { queueRoutes, sourcePauseRoute } from './routes-queue-actions';
import { workerRoutes } from './routes-workers';
import { workflowRoutes } from './routes-workflows';

export const actionRoutes: readonly ApiRoute[] = [
  ...jobRoutes,
  ...queueRoutes,
  sourcePauseRoute('pause'),
  sourcePauseRoute('resume'),
  ...limitRoutes,
  ...deadLetterRoutes,
  ...workerRoutes,
  ...workflowRoutes,
];
