/**
 * The dead-letter walk's order, shared by the adapters (which read each queue from a place) and the
 * API (which merges sources and keeps the cursor). Pure: no I/O.
 *
 * Failed jobs are walked newest first by `failedAt`, then by source, queue and id, each descending by
 * UTF-8 bytes. That is a total order (no two jobs share all four), so a cursor naming one job's place
 * resumes exactly after it at any page size; and inside one failed set it is Redis's own order
 * (ZREVRANGE orders equal scores by member bytes, descending), so a queue can be read from a place.
 */
import type { DeadLetterPage, DeadLetterPosition, DeadLetterResume, JobRow } from './types';

/** The code point at `index` (a lone surrogate reads as U+FFFD, as UTF-8 encoding writes it). */
function scalarAt(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (unit < 0xd800 || unit > 0xdfff) return unit;
  const low = text.charCodeAt(index + 1);
  if (unit <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
    return 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
  }
  return 0xfffd;
}

/**
 * Byte order of the UTF-8 encodings (the order Redis keeps sorted-set members and ties in), without
 * encoding: UTF-8 orders as code points do, which UTF-16's `<` does not (U+FFFD vs an emoji).
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = scalarAt(a, i);
    const y = scalarAt(b, j);
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return (i < a.length ? 1 : 0) - (j < b.length ? 1 : 0);
}

/** Negative when `a` comes first in the walk inside one source (newer, or greater queue, then id). */
export function compareInSource(a: DeadLetterPosition, b: DeadLetterPosition): number {
  return b.failedAt - a.failedAt || compareBytes(b.queue, a.queue) || compareBytes(b.id, a.id);
}

/** How one queue's failed set is read after `resume`: from the start, or from a score onward. */
export type QueueStart =
  | { from: 'start' }
  /** Every job at `failedAt` and below. */
  | { from: 'ties'; failedAt: number }
  /** Only jobs below `failedAt`. */
  | { from: 'below'; failedAt: number }
  /** Jobs at `failedAt` whose id is below `id` (bytes), then every job below `failedAt`. */
  | { from: 'after-id'; failedAt: number; id: string };

export function queueStart(resume: DeadLetterResume | null, queue: string): QueueStart {
  if (resume === null) return { from: 'start' };
  const { failedAt } = resume;
  if (resume.ties !== 'after') return { from: resume.ties === 'all' ? 'ties' : 'below', failedAt };
  const order = compareBytes(queue, resume.queue);
  // A smaller queue comes later in the walk: all of its ties remain; a greater one's were all shown.
  if (order < 0) return { from: 'ties', failedAt };
  if (order > 0) return { from: 'below', failedAt };
  return { from: 'after-id', failedAt, id: resume.id };
}

/** One entry a queue read answered: its place, and its row unless it was gone or filtered out. */
export interface ReadEntry {
  place: DeadLetterPosition;
  row: JobRow | null;
}

/**
 * A source's page from what each queue read answered (each at most `window` entries, in the queue's
 * walk order): the first `limit` rows in walk order, none past the newest place where a queue's read
 * stopped at a full window (its later jobs are not known yet), and that place as `scannedTo`.
 */
export function pageInSource(
  reads: ReadonlyArray<readonly ReadEntry[]>,
  window: number,
  limit: number,
): Omit<DeadLetterPage, 'total'> {
  let scannedTo: DeadLetterPosition | null = null;
  for (const read of reads) {
    const last = read.at(-1);
    if (read.length === window && last) {
      if (scannedTo === null || compareInSource(last.place, scannedTo) < 0) scannedTo = last.place;
    }
  }
  const stop = scannedTo;
  const jobs = reads
    .flat()
    .filter((entry) => entry.row !== null)
    .filter((entry) => stop === null || compareInSource(entry.place, stop) <= 0)
    .sort((a, b) => compareInSource(a.place, b.place))
    .slice(0, limit)
    .map((entry) => ({ failedAt: entry.place.failedAt, row: entry.row! }));
  return { jobs, scannedTo };
}
