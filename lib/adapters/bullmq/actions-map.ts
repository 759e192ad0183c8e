/** Pure decisions of the BullMQ actions: which options a duplicate keeps, which jobs a filter matches. */
import type { JobFilterOptions, JobState } from '../types';
import type { JobFields } from './map';
import { integer } from './map';

/**
 * Options that tie a job to its original identity or place and must not be copied onto a duplicate:
 * its id, its scheduler, its flow parent, its deduplication key (the copy would be swallowed as a
 * duplicate of the original), and bookkeeping BullMQ writes itself.
 */
const NOT_COPIED = new Set([
  'jobId',
  'repeat',
  'repeatJobKey',
  'rjk',
  'prevMillis',
  'parent',
  'failParentOnFailure',
  'continueParentOnFailure',
  'ignoreDependencyOnFailure',
  'removeDependencyOnFailure',
  'deduplication',
  'debounce',
  'de',
  'timestamp',
  'telemetry',
  'tm',
  'omc',
]);

/** The opts a duplicate is added with: the original's, minus what names the original. */
export function duplicateOptions(opts: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(opts)) if (!NOT_COPIED.has(key)) copy[key] = value;
  return copy;
}

/** Which timestamp a time window applies to: finished for completed/failed, created otherwise. */
export function windowTime(state: JobState, fields: JobFields): number | null {
  return state === 'completed' || state === 'failed'
    ? integer(fields.finishedOn)
    : integer(fields.timestamp);
}

/** Whether a job (by its small fields) passes the filter; `q` against id and name only here. */
export function matchesSmallFields(
  id: string,
  state: JobState,
  fields: JobFields,
  filter: JobFilterOptions,
): 'yes' | 'no' | 'needs-data' {
  if (filter.name !== undefined && fields.name !== filter.name) return 'no';
  if (filter.reason !== undefined && !(fields.failedReason ?? '').includes(filter.reason)) {
    return 'no';
  }
  if (filter.from !== undefined || filter.to !== undefined) {
    const at = windowTime(state, fields);
    if (at === null) return 'no';
    if (filter.from !== undefined && at < filter.from) return 'no';
    if (filter.to !== undefined && at > filter.to) return 'no';
  }
  if (filter.q === undefined) return 'yes';
  if (id.includes(filter.q) || (fields.name ?? '').includes(filter.q)) return 'yes';
  return 'needs-data';
}

/** Whether any field of the filter needs the job hash at all (an empty filter matches everything). */
export function filterNeedsFields(filter: JobFilterOptions): boolean {
  return (
    filter.name !== undefined ||
    filter.reason !== undefined ||
    filter.q !== undefined ||
    filter.from !== undefined ||
    filter.to !== undefined
  );
}

/** `lifo` from a raw opts JSON string, without parsing a possibly big object twice. */
export function isLifo(optsText: string | undefined): boolean {
  if (!optsText) return false;
  try {
    const opts = JSON.parse(optsText) as unknown;
    return typeof opts === 'object' && opts !== null && (opts as { lifo?: unknown }).lifo === true;
  } catch {
    return false;
  }
}
