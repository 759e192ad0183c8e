/**
 * The mutating side of REST API v1 (issue 3): job, queue and source actions, limits, schedulers,
 * bounded search, dead letters and the audit log. Each mutation is written with
 * `defineSourceMutation` (lib/api/mutation.ts): read-only, roles, idempotency and audit are handled
 * there. Wire shapes: lib/api/schemas-actions.ts, schemas-limits.ts, schemas-dead-letters.ts.
 */
import type { ApiRoute } from './define-route';
import { deadLetterRoutes } from './routes-dead-letters';
import { jobRoutes } from './routes-job-actions';
import { limitRoutes } from './routes-limits';
import { queueRoutes, sourcePauseRoute } from './routes-queue-actions';

export const actionRoutes: readonly ApiRoute[] = [
  ...jobRoutes,
  ...queueRoutes,
  sourcePauseRoute('pause'),
  sourcePauseRoute('resume'),
  ...limitRoutes,
  ...deadLetterRoutes,
];
