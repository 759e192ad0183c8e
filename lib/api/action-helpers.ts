/** Shared pieces of the action routes: route-factory specs, examples and the 404 lookups. */
import type { z } from 'zod';
import type { JobActionResult, JobRef, JobState } from '@/lib/adapters/types';
import type { JobActionResponse as JobActionAnswer } from './schemas-actions';
import { found, missingInQueue } from './source-access';

/** What a route factory (`jobActionRoute`, `bulkRoute`) is told about one action besides its call. */
export interface ActionRouteSpec<B extends z.ZodType, A> {
  summary: string;
  description?: string;
  body: B;
  /** The example request's JSON body, and the answer. */
  example: { body: string; answer: A };
}

export const exampleRef: JobRef = { queue: 'emails', id: '1042' };

export const jobAnswer = (action: string, result: JobActionResult): JobActionAnswer => ({
  action,
  job: result.job,
  state: result.state,
  nativeState: result.nativeState,
  from: result.from ?? null,
});

/** The example answer of a job action: `job` now in `state` (made `from` another job, if any). */
export const exampleJobAnswer = (
  action: string,
  state: JobState | null,
  job: JobRef = exampleRef,
  from: JobRef | null = null,
): JobActionAnswer => ({ action, job, state, nativeState: state, from });

/** An adapter's null for a job-scoped action → 404 naming the queue or the job. */
export async function orMissingJob<T>(
  value: T | null,
  adapter: Parameters<typeof missingInQueue>[0],
  queue: string,
  job: string,
): Promise<T> {
  if (value !== null) return value;
  throw await missingInQueue(adapter, queue, `job "${job}"`);
}

export function orMissingQueue<T>(value: T | null, source: string, queue: string): T {
  return found(value, () => `queue "${queue}" not found in source "${source}"`);
}
