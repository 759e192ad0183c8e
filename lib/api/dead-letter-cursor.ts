/**
 * The dead-letter walk across sources: merging each source's page, the cursor of the next one, and
 * what each source resumes from. Pure. The order is lib/adapters/dead-letter-order.ts's, with the
 * source id between `failedAt` and queue; the cursor names one job's place (never a list of ties),
 * so its size is bounded by the longest source id, queue name and job id the API addresses
 * (MAX_DEAD_LETTER_CURSOR_CHARS).
 */
import { compareBytes, compareInSource } from '@/lib/adapters/dead-letter-order';
import type { DeadLetterPage, DeadLetterPosition, DeadLetterResume } from '@/lib/adapters/types';
import type { DeadLetter } from './schemas-dead-letters';

export interface WalkPosition extends DeadLetterPosition {
  source: string;
}

/** Negative when `a` comes first: newer, then greater source, queue, id (bytes). */
export function compareWalk(a: WalkPosition, b: WalkPosition): number {
  return b.failedAt - a.failedAt || compareBytes(b.source, a.source) || compareInSource(a, b);
}

/** Where `source` resumes after the job at `cursor` (null: from its newest). */
export function resumeIn(source: string, cursor: WalkPosition | null): DeadLetterResume | null {
  if (cursor === null) return null;
  const { failedAt } = cursor;
  const order = compareBytes(source, cursor.source);
  // A smaller source comes later at equal `failedAt`: all of its ties remain; a greater one's were shown.
  if (order < 0) return { failedAt, ties: 'all' };
  if (order > 0) return { failedAt, ties: 'none' };
  return { failedAt, ties: 'after', queue: cursor.queue, id: cursor.id };
}

export interface SourcePage extends DeadLetterPage {
  source: string;
}

/**
 * One merged page: the first `limit` jobs in walk order, none past the newest place where some
 * source stopped reading early (its later jobs are not known yet). The next page starts after the
 * last job shown, or, when fewer than `limit` could be shown, after that stopping place.
 */
export function mergeDeadLetterPages(
  pages: readonly SourcePage[],
  limit: number,
): { jobs: DeadLetter[]; next: WalkPosition | null } {
  let stop: WalkPosition | null = null;
  for (const page of pages) {
    if (page.scannedTo === null) continue;
    const place = { ...page.scannedTo, source: page.source };
    if (stop === null || compareWalk(place, stop) < 0) stop = place;
  }
  const merged = pages
    .flatMap((page) =>
      page.jobs.map((job) => ({
        place: {
          failedAt: job.failedAt,
          source: page.source,
          queue: job.row.queue,
          id: job.row.id,
        },
        job: { ...job.row, source: page.source },
      })),
    )
    .filter(({ place }) => stop === null || compareWalk(place, stop) <= 0)
    .sort((a, b) => compareWalk(a.place, b.place))
    .slice(0, limit);
  const next = merged.length === limit ? merged.at(-1)!.place : stop;
  return { jobs: merged.map(({ job }) => job), next };
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function toBase64Url(text: string): string {
  return Buffer.from(utf8.encode(text)).toString('base64url');
}

function fromBase64Url(part: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new Error('not base64url');
  return utf8Decoder.decode(Buffer.from(part, 'base64url'));
}

/** `failedAt~source~queue~id`, the names base64url (so any bytes survive a URL). */
export function encodeDeadLetterCursor(place: WalkPosition): string {
  return [String(place.failedAt), place.source, place.queue, place.id]
    .map((part, index) => (index === 0 ? part : toBase64Url(part)))
    .join('~');
}

/** The place a cursor names, or null when it is not one this API issued. */
export function decodeDeadLetterCursor(cursor: string): WalkPosition | null {
  const parts = cursor.split('~');
  if (parts.length !== 4) return null;
  const failedAt = Number(parts[0]);
  if (parts[0] === '' || !Number.isFinite(failedAt)) return null;
  try {
    const [source, queue, id] = parts.slice(1).map(fromBase64Url) as [string, string, string];
    return { failedAt, source, queue, id };
  } catch {
    return null;
  }
}
