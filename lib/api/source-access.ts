/**
 * The lookups every source route goes through, written once (bull-board's queueProvider/jobProvider):
 * unknown source → 404, missing capability → 409 unsupported, an adapter's `null` → 404 naming what
 * was missing, and a backend that does not answer in time → 503 for that source only.
 */
import { SourceUnavailableError, stripCredentials } from '@/lib/adapters/errors';
import type { RegisteredSource } from '@/lib/adapters/registry';
import type { Capability, JobRef, SourceAdapter } from '@/lib/adapters/types';
import { ApiError, notFound } from './errors';

/** What the API needs of a registry; `SourceRegistry` fits, and so does a test double. */
export interface SourceDirectory {
  get(id: string): RegisteredSource | undefined;
  list(): RegisteredSource[];
}

export function requireSource(directory: SourceDirectory, id: string): RegisteredSource {
  const source = directory.get(id);
  if (!source) throw notFound(`source "${id}" is not configured`);
  return source;
}

export function requireCapability(source: RegisteredSource, capability: Capability): void {
  if (!source.adapter.capabilities.has(capability)) {
    throw new ApiError(
      'unsupported',
      `source "${source.adapter.id}" (${source.adapter.kind}) does not support ${capability}`,
      {
        source: source.adapter.id,
        capability,
      },
    );
  }
}

/**
 * Race a backend call against a deadline so a hung connection answers 503 instead of hanging the
 * request; the adapter's own timeouts normally fire first.
 */
export async function withDeadline<T>(
  sourceId: string,
  work: Promise<T>,
  timeoutMs: number,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new SourceUnavailableError(sourceId, new Error(`no answer within ${timeoutMs} ms`))),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export type Reachability = { status: 'up' } | { status: 'down'; error: string };

/** Ping one source; never throws, so one dead source cannot fail a listing of all of them. */
export async function pingSource(
  source: RegisteredSource,
  timeoutMs: number,
): Promise<Reachability> {
  try {
    await withDeadline(source.adapter.id, source.adapter.ping(), timeoutMs);
    return { status: 'up' };
  } catch (error) {
    const message = error instanceof SourceUnavailableError ? error.message : 'ping failed';
    if (!(error instanceof SourceUnavailableError)) {
      console.error(
        `[yardmaster api] ping of source "${source.adapter.id}" failed: ${stripCredentials(String(error))}`,
      );
    }
    return { status: 'down', error: stripCredentials(message) };
  }
}

/** Throw a 404 naming the missing thing when `value` is null. */
export function found<T>(value: T | null | undefined, describeMissing: () => string): T {
  if (value === null || value === undefined) throw notFound(describeMissing());
  return value;
}

/**
 * An adapter answered null for a queue-scoped call: say whether the queue or the thing inside it is
 * missing. Costs one extra call, only on the error path.
 */
export async function missingInQueue(
  adapter: SourceAdapter,
  queue: string,
  what: string,
): Promise<ApiError> {
  const existing = await adapter.getQueue(queue);
  return existing
    ? notFound(`${what} not found in queue "${queue}" of source "${adapter.id}"`)
    : notFound(`queue "${queue}" not found in source "${adapter.id}"`);
}

/** Resolve a job given by id, optionally with its queue, or 404. */
export async function resolveJobRef(
  adapter: SourceAdapter,
  id: string,
  queue?: string,
): Promise<JobRef> {
  if (queue !== undefined) return { queue, id };
  return found(
    await adapter.findJob(id),
    () => `job "${id}" not found in any queue of source "${adapter.id}"`,
  );
}
