/** Shared pieces of the action routes: examples and the 404 lookups every action uses. */
import type { JobActionResult, JobRef } from '@/lib/adapters/types';
import type { JobActionResponse as JobActionAnswer } from './schemas-actions';
import { found, missingInQueue } from './source-access';

export const exampleRef: JobRef = { queue: 'emails', id: '1042' };
export const jobAnswer = (action: string, result: JobActionResult): JobActionAnswer => ({
  action,
  job: result.job,
  state: result.state,
  nativeState: result.nativeState,
  from: result.from ?? null,
});

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
