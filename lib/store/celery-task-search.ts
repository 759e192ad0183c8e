/**
 * Search over the Celery task index: the store-level form of a query (a disjunction of
 * conjunctions of clauses, what `lib/adapters/celery/task-query.ts` parses the search language
 * into), what a store answers, and the store-independent parts of answering it: what a clause
 * means for one record, the newest-first order, the cursor, and how the branches' pages merge into
 * one page that resumes exactly. The Redis store (redis/celery-search.ts) walks each branch in
 * Lua; `searchRecords` walks them over records in memory (the reference the tests compare against,
 * and the core an embedded store can reuse). Pure: no I/O.
 */
import { z } from 'zod';
import { compareBytes } from '@/lib/adapters/dead-letter-order';
import { InvalidCursorError } from '@/lib/adapters/errors';
import { JobState } from '@/lib/adapters/types';
import type { TaskRecord } from './celery-task-index';
import { UNKNOWN_QUEUE } from './celery-task-index';

/** Hash fields a text clause can look in; `id` is the task id. */
export const searchTextFields = ['id', 'name', 'state', 'worker', 'queue', 'args', 'kwargs', 'result', 'exception', 'traceback'] as const;
export type SearchTextField = (typeof searchTextFields)[number];

/** Numeric fields a comparison can test: `at` (the time the task entered its state, the index score), event times (epoch ms), runtime (s), retries. */
export const searchNumberFields = ['at', 'sent', 'received', 'started', 'succeeded', 'failed', 'retried', 'revoked', 'rejected', 'runtime', 'retries'] as const;
export type SearchNumberField = (typeof searchNumberFields)[number];

/** A comparison's operand: a number, or a time relative to the moment the search started (epoch ms = now − ago). */
export const SearchOperand = z.union([z.object({ value: z.number() }), z.object({ agoMs: z.number().nonnegative() })]);
export type SearchOperand = z.infer<typeof SearchOperand>;

export const TaskClause = z.discriminatedUnion('kind', [
  /** The task is in one of these normalised states, or has one of these Celery state names. */
  z.object({
    kind: z.literal('state'),
    normalised: z.array(JobState),
    native: z.array(z.string().min(1)),
    negate: z.boolean(),
  }),
  /** name / worker / queue is one of `values` or starts with one of `prefixes` (exact, case-sensitive). */
  z.object({
    kind: z.literal('member'),
    field: z.enum(['name', 'worker', 'queue']),
    values: z.array(z.string().min(1)),
    prefixes: z.array(z.string().min(1)),
    negate: z.boolean(),
  }),
  /** One of `needles` (lower case, ASCII folding) is in one of `fields`, compared in ASCII lower case. */
  z.object({
    kind: z.literal('text'),
    fields: z.array(z.enum(searchTextFields)).min(1),
    needles: z.array(z.string().min(1)).min(1),
    negate: z.boolean(),
  }),
  /** A numeric field compared; a task without the field never satisfies it. */
  z.object({
    kind: z.literal('compare'),
    field: z.enum(searchNumberFields),
    op: z.enum(['>', '>=', '<', '<=', '=']),
    operand: SearchOperand,
    negate: z.boolean(),
  }),
]);
export type TaskClause = z.infer<typeof TaskClause>;

/** A task matches when every clause of at least one branch holds. No branch matches nothing; one empty branch matches every task. */
export const TaskSearch = z.object({ branches: z.array(z.array(TaskClause)) });
export type TaskSearch = z.infer<typeof TaskSearch>;

export interface TaskSearchOptions {
  limit: number;
  cursor?: string | null;
  /** Most tasks one branch checks one by one on a page (those its index sets do not answer). */
  scanLimit: number;
  /** Rows carry `preview`: their args and kwargs cut to this many bytes (0 or absent: none). */
  previewChars?: number;
  /** Epoch ms relative times count from on the first page (default: the clock); later pages use the cursor's. */
  now?: number;
}

export interface TaskSearchBranchReport {
  /** What answered the branch: the index sets it walked, e.g. `name tasks.add · state failed` or `all tasks`. */
  index: string;
  /** Entries of those sets in the branch's time window (from where this page started). */
  candidates: number;
  /** Tasks checked one by one on this page for clauses the sets do not answer. */
  scanned: number;
  /** True when the branch stopped at the scan limit (the cursor goes on from where it stopped). */
  stoppedEarly: boolean;
}

export interface TaskSearchPage {
  tasks: TaskRecord[];
  /** Tasks checked one by one on this page, over every branch (0 when the index sets answered everything). */
  scanned: number;
  /** False when a branch stopped at the scan limit: the page is short of what lies past it, `nextCursor` resumes there. */
  complete: boolean;
  /** How many tasks the query matches in all: on the first page, when one branch was answered entirely from index sets; otherwise null. */
  total: number | null;
  nextCursor: string | null;
  branches: TaskSearchBranchReport[];
}

/** A place in the newest-first order: by score (epoch ms) descending, then id descending by UTF-8 bytes, as Redis orders ties. */
export interface SearchPosition {
  score: number;
  id: string;
}

/** > 0 when a comes first (is newer) in the walk. */
export function compareNewestFirst(a: SearchPosition, b: SearchPosition): number {
  if (a.score !== b.score) return a.score - b.score;
  return compareBytes(a.id, b.id);
}

export interface SearchCursor {
  position: SearchPosition;
  /** The epoch ms relative times were resolved against on the first page. */
  now: number;
}

export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.position.score, m: cursor.position.id, n: cursor.now }), 'utf8').toString('base64url');
}

export function decodeSearchCursor(text: string): SearchCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const { s, m, n } = (raw ?? {}) as { s?: unknown; m?: unknown; n?: unknown };
  if (typeof s !== 'number' || !Number.isFinite(s) || typeof m !== 'string' || m === '' || typeof n !== 'number' || !Number.isFinite(n))
    throw new InvalidCursorError();
  return { position: { score: s, id: m }, now: n };
}

/** ASCII-only lower case, as Lua's string.lower does in Redis (so both stores fold alike). */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

export function operandValue(operand: SearchOperand, now: number): number {
  return 'value' in operand ? operand.value : now - operand.agoMs;
}

function fieldText(record: TaskRecord, field: SearchTextField): string | undefined {
  switch (field) {
    case 'id':
      return record.id;
    case 'state':
      return record.state;
    case 'queue':
      return record.fields.queue ?? UNKNOWN_QUEUE;
    default:
      return record.fields[field];
  }
}

function fieldNumber(record: TaskRecord, field: SearchNumberField): number | null {
  const raw = field === 'at' ? String(record.at) : record.fields[field];
  if (raw === undefined || raw === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

/** What one clause says of one record: the semantics every store implements. */
export function clauseHolds(clause: TaskClause, record: TaskRecord, now: number): boolean {
  let holds: boolean;
  switch (clause.kind) {
    case 'state':
      holds = clause.normalised.includes(record.normalisedState) || clause.native.includes(record.state);
      break;
    case 'member': {
      const value = clause.field === 'queue' ? (record.fields.queue ?? UNKNOWN_QUEUE) : record.fields[clause.field];
      holds = value !== undefined && (clause.values.includes(value) || clause.prefixes.some((prefix) => value.startsWith(prefix)));
      break;
    }
    case 'text':
      holds = clause.fields.some((field) => {
        const value = fieldText(record, field);
        if (value === undefined) return false;
        const folded = asciiLower(value);
        return clause.needles.some((needle) => folded.includes(needle));
      });
      break;
    case 'compare': {
      const value = fieldNumber(record, clause.field);
      const operand = operandValue(clause.operand, now);
      holds =
        value !== null &&
        (clause.op === '>' ? value > operand : clause.op === '>=' ? value >= operand : clause.op === '<' ? value < operand : clause.op === '<=' ? value <= operand : value === operand);
      break;
    }
  }
  return clause.negate ? !holds : holds;
}

export function branchHolds(branch: readonly TaskClause[], record: TaskRecord, now: number): boolean {
  return branch.every((clause) => clauseHolds(clause, record, now));
}

/** How one branch's walk of a page ended: `full` (found limit + 1), `cut` (scan limit), `done` (nothing more). */
export interface BranchWalk<T extends SearchPosition> {
  matches: T[];
  status: 'full' | 'cut' | 'done';
  /** The last place the branch looked at (its last match when `full`): beyond it the branch knows nothing yet. */
  frontier: SearchPosition | null;
  scanned: number;
}

/**
 * Merge the branches' walks of one page, newest first, each task once. A branch that stopped
 * (full or cut) knows nothing past its frontier, so the page holds nothing past the newest such
 * frontier and resumes right after it; so every page continues exactly where the previous one
 * ended, whatever the limits, and a page may be short (even empty) and still have a next one.
 */
export function mergeBranchWalks<T extends SearchPosition>(
  walks: ReadonlyArray<BranchWalk<T>>,
  limit: number,
): { rows: T[]; next: SearchPosition | null } {
  let frontier: SearchPosition | null = null;
  for (const walk of walks)
    if (walk.status !== 'done' && walk.frontier && (!frontier || compareNewestFirst(walk.frontier, frontier) > 0)) frontier = walk.frontier;
  const seen = new Set<string>();
  const merged: T[] = [];
  for (const walk of walks)
    for (const match of walk.matches) {
      if (seen.has(match.id)) continue;
      if (frontier && compareNewestFirst(match, frontier) < 0) continue;
      seen.add(match.id);
      merged.push(match);
    }
  merged.sort((a, b) => compareNewestFirst(b, a));
  if (merged.length > limit) {
    const rows = merged.slice(0, limit);
    const last = rows.at(-1)!;
    return { rows, next: { score: last.score, id: last.id } };
  }
  return { rows: merged, next: frontier };
}

/**
 * The in-memory search: each branch walks every record newest first from the cursor, checking
 * every clause (so every record it passes counts as scanned), with the same limits and merge as the
 * Redis store. `records` need not be sorted.
 */
export function searchRecords(records: readonly TaskRecord[], search: TaskSearch, options: TaskSearchOptions): TaskSearchPage {
  const cursor = options.cursor ? decodeSearchCursor(options.cursor) : null;
  const now = cursor?.now ?? options.now ?? Date.now();
  const ordered = records
    .map((record) => ({ record, score: record.at, id: record.id }))
    .sort((a, b) => compareNewestFirst(b, a))
    .filter((entry) => !cursor || compareNewestFirst(entry, cursor.position) < 0);
  const walks = search.branches.map((branch) => {
    const walk: BranchWalk<(typeof ordered)[number]> = { matches: [], status: 'done', frontier: null, scanned: 0 };
    for (const entry of ordered) {
      if (walk.scanned >= options.scanLimit) {
        walk.status = 'cut';
        break;
      }
      walk.scanned++;
      walk.frontier = { score: entry.score, id: entry.id };
      if (branchHolds(branch, entry.record, now)) walk.matches.push(entry);
      if (walk.matches.length > options.limit) {
        walk.status = 'full';
        break;
      }
    }
    return walk;
  });
  const { rows, next } = mergeBranchWalks(walks, options.limit);
  return {
    tasks: rows.map((row) => row.record),
    scanned: walks.reduce((sum, walk) => sum + walk.scanned, 0),
    complete: walks.every((walk) => walk.status !== 'cut'),
    total: null,
    nextCursor: next ? encodeSearchCursor({ position: next, now }) : null,
    branches: walks.map((walk) => ({ index: 'all tasks', candidates: ordered.length, scanned: walk.scanned, stoppedEarly: walk.status === 'cut' })),
  };
}
