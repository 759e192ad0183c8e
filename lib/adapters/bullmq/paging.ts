/** Opaque offset cursors and the Redis index windows they turn into (pure). */

import { InvalidCursorError } from '../errors';

export { InvalidCursorError };

export interface PageCursor {
  offset: number;
  /** Length of the state's list when the cursor was issued: lets the next page index from the nearer end. */
  total: number;
}

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify({ o: cursor.offset, t: cursor.total }), 'utf8').toString(
    'base64url',
  );
}

export function decodeCursor(text: string | null | undefined): PageCursor {
  if (!text) return { offset: 0, total: 0 };
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof raw !== 'object' || raw === null) throw new InvalidCursorError();
  const { o, t } = raw as { o?: unknown; t?: unknown };
  if (!isCount(o) || !isCount(t)) throw new InvalidCursorError();
  return { offset: o, total: t };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Inclusive LRANGE/ZREVRANGE indexes. */
export interface IndexWindow {
  start: number;
  stop: number;
}

/** Window for a sorted set: rank lookups are O(log N) from either end, so plain offsets are fine. */
export function rankWindow(offset: number, limit: number): IndexWindow {
  return { start: offset, stop: offset + limit - 1 };
}

/**
 * Window for a list. LRANGE walks from the nearer end it is given, so an offset in the far half of the
 * list (as known when the cursor was issued) becomes negative indexes counted from the tail: page
 * 10,000 of a long wait list costs what page 1 costs.
 */
export function listWindow(offset: number, limit: number, knownTotal: number): IndexWindow {
  if (knownTotal > 0 && offset > knownTotal / 2 && offset < knownTotal) {
    const start = offset - knownTotal;
    return { start, stop: Math.min(start + limit - 1, -1) };
  }
  return rankWindow(offset, limit);
}

/** The cursor of the page after this one, or null when this page reaches the end. */
export function nextCursor(offset: number, limit: number, total: number): string | null {
  const next = offset + limit;
  return next < total ? encodeCursor({ offset: next, total }) : null;
}
