/**
 * The Redis task index's search: each branch of a TaskSearch planned into the index sets that could
 * answer it (state, queue+state, name+state, worker, everything), one SEARCH_SCRIPT call per
 * branch (all of a page's branches in one pipeline, one round trip), then the branches' walks
 * merged newest first (celery-task-search.ts `mergeBranchWalks`).
 */
import 'server-only';
import type Redis from 'ioredis';
import { jobStates } from '@/lib/adapters/types';
import type { JobState } from '@/lib/adapters/types';
import type { TaskRecord } from '../celery-task-index';
import { UNKNOWN_QUEUE, normaliseCeleryState } from '../celery-task-index';
import type { BranchWalk, SearchPosition, TaskClause, TaskSearch, TaskSearchOptions, TaskSearchPage } from '../celery-task-search';
import { TaskSearch as TaskSearchSchema, decodeSearchCursor, encodeSearchCursor, mergeBranchWalks, operandValue } from '../celery-task-search';
import { SEARCH_SCRIPT } from './celery-search-script';

type ResolvedClause = Exclude<TaskClause, { kind: 'compare' }> | (Omit<Extract<TaskClause, { kind: 'compare' }>, 'operand'> & { value: number });

interface Source {
  type: 'all' | 'state' | 'queue' | 'name' | 'worker';
  label: string;
  guaranteed: boolean;
  states: readonly string[];
  values: readonly string[];
  prefixes: readonly string[];
}

export interface BranchPlan {
  clauses: ResolvedClause[];
  sources: Source[];
  /** Inclusive window on the index score, from the branch's positive `since` / `until` (at) clauses. */
  minScore: number;
  maxScore: number;
  /** Whether a source expands a name or worker prefix (those need the lex sets). */
  prefixes: boolean;
}

/** The normalised states a state clause allows (a custom Celery state is a running one). */
function statesOf(clause: Extract<TaskClause, { kind: 'state' }>): Set<JobState> {
  const states = new Set<JobState>(clause.normalised);
  for (const native of clause.native) {
    states.add(normaliseCeleryState(native));
    if (native === 'RECEIVED') states.add('delayed');
  }
  return states;
}

function list(values: readonly string[], limit = 3): string {
  return values.length <= limit ? values.join(',') : `${values.slice(0, limit).join(',')},… (${values.length})`;
}

/**
 * Which index sets could answer one branch, and what they answer. Null when the branch can match
 * nothing (its states or its window exclude each other). Pure.
 */
export function planBranch(branch: readonly TaskClause[], now: number): BranchPlan | null {
  const clauses: ResolvedClause[] = branch.map((clause) =>
    clause.kind === 'compare' ? { kind: 'compare', field: clause.field, op: clause.op, negate: clause.negate, value: operandValue(clause.operand, now) } : clause,
  );
  let minScore = -Infinity;
  let maxScore = Infinity;
  let states = new Set<JobState>(jobStates);
  const windowClauses = new Set<ResolvedClause>();
  const stateClauses = new Set<ResolvedClause>();
  let statesNarrowed = false;
  for (const clause of clauses) {
    if (clause.negate) continue;
    if (clause.kind === 'compare' && clause.field === 'at') {
      const v = clause.value;
      if (clause.op === '>=' || clause.op === '=') minScore = Math.max(minScore, Math.ceil(v));
      if (clause.op === '>') minScore = Math.max(minScore, Math.floor(v) + 1);
      if (clause.op === '<=' || clause.op === '=') maxScore = Math.min(maxScore, Math.floor(v));
      if (clause.op === '<') maxScore = Math.min(maxScore, Math.ceil(v) - 1);
      windowClauses.add(clause);
    } else if (clause.kind === 'state') {
      const allowed = statesOf(clause);
      states = new Set([...states].filter((state) => allowed.has(state)));
      statesNarrowed = true;
      // Only a clause of normalised states is answered by the state sets alone.
      if (clause.native.length === 0) stateClauses.add(clause);
    }
  }
  if (states.size === 0 || minScore > maxScore) return null;
  const stateList = jobStates.filter((state) => states.has(state));
  const stateLabel = statesNarrowed ? ` · state ${list(stateList)}` : '';
  const answers = (implied: Set<ResolvedClause>) => clauses.every((clause) => implied.has(clause) || windowClauses.has(clause));
  const sources: Source[] = [];
  let prefixes = false;
  for (const clause of clauses) {
    if (clause.kind !== 'member' || clause.negate) continue;
    const byState = clause.field !== 'worker';
    const implied = new Set<ResolvedClause>([clause, ...(byState ? stateClauses : [])]);
    if (clause.field !== 'queue' && clause.prefixes.length > 0) prefixes = true;
    sources.push({
      type: clause.field,
      label: `${clause.field} ${list([...clause.values, ...clause.prefixes.map((prefix) => `${prefix}*`)])}${byState ? stateLabel : ''}`,
      guaranteed: answers(implied),
      states: byState ? stateList : [],
      values: clause.values,
      prefixes: clause.prefixes,
    });
  }
  if (statesNarrowed)
    sources.push({ type: 'state', label: `state ${list(stateList)}`, guaranteed: answers(stateClauses), states: stateList, values: [], prefixes: [] });
  sources.push({ type: 'all', label: 'all tasks', guaranteed: answers(new Set()), states: [], values: [], prefixes: [] });
  return { clauses, sources, minScore, maxScore, prefixes };
}

function scoreArg(score: number): string {
  return score === Infinity ? '+inf' : score === -Infinity ? '-inf' : String(score);
}

function pushList(args: Array<string | number>, values: readonly (string | number)[]): void {
  args.push(values.length, ...values);
}

/** ARGV of SEARCH_SCRIPT for one branch from `start` (exclusive when it names an id). */
function scriptArgs(plan: BranchPlan, start: SearchPosition | null, want: number, options: TaskSearchOptions, rowFields: readonly string[]): Array<string | number> {
  let maxScore = plan.maxScore;
  let afterId = '';
  if (start && start.score <= plan.maxScore) {
    maxScore = start.score;
    afterId = start.id;
  }
  const args: Array<string | number> = [
    scoreArg(maxScore),
    afterId,
    scoreArg(plan.minScore),
    scoreArg(plan.maxScore),
    want,
    options.scanLimit,
    UNKNOWN_QUEUE,
    options.previewChars ?? 0,
  ];
  pushList(args, rowFields);
  args.push(plan.sources.length);
  for (const source of plan.sources) {
    args.push(source.type, source.label, source.guaranteed ? 1 : 0);
    pushList(args, source.states);
    pushList(args, source.values);
    pushList(args, source.prefixes);
  }
  args.push(plan.clauses.length);
  for (const clause of plan.clauses) {
    args.push(clause.kind, clause.negate ? 1 : 0);
    switch (clause.kind) {
      case 'state':
        pushList(args, clause.normalised);
        pushList(args, clause.native);
        break;
      case 'member':
        args.push(clause.field);
        pushList(args, clause.values);
        pushList(args, clause.prefixes);
        break;
      case 'text':
        pushList(args, clause.fields);
        pushList(args, clause.needles);
        break;
      case 'compare':
        args.push(clause.field, clause.op, clause.value);
        break;
    }
  }
  return args;
}

/** The script as an ioredis command (EVALSHA, loaded on first use), defined on a connection once. */
export const SEARCH_COMMAND = 'ymCelerySearch';

export function defineSearchCommand(redis: Redis): void {
  redis.defineCommand(SEARCH_COMMAND, { numberOfKeys: 1, lua: SEARCH_SCRIPT });
}

export interface RedisSearchContext {
  /** A connection `defineSearchCommand` was called on. */
  redis: Redis;
  prefix: string;
  rowFields: readonly string[];
  toRecord(id: string, hash: Record<string, string>): TaskRecord;
  /** Called once before a search that expands a name or worker prefix. */
  ensureLexSets(): Promise<void>;
}

type Row = SearchPosition & { record: TaskRecord };

export async function searchRedisIndex(context: RedisSearchContext, search: TaskSearch, options: TaskSearchOptions): Promise<TaskSearchPage> {
  const { branches } = TaskSearchSchema.parse(search);
  const cursor = options.cursor ? decodeSearchCursor(options.cursor) : null;
  const now = cursor?.now ?? options.now ?? Date.now();
  const limit = Math.max(1, Math.floor(options.limit));
  const scanLimit = Math.max(1, Math.floor(options.scanLimit));
  const plans = branches.map((branch) => planBranch(branch, now)).filter((plan): plan is BranchPlan => plan !== null);
  if (plans.length === 0) return { tasks: [], scanned: 0, complete: true, total: cursor ? null : 0, nextCursor: null, branches: [] };
  if (plans.some((plan) => plan.prefixes)) await context.ensureLexSets();
  const pipeline = context.redis.pipeline() as unknown as { exec(): Promise<Array<[Error | null, unknown]> | null> } & Record<typeof SEARCH_COMMAND, (...args: Array<string | number>) => void>;
  for (const plan of plans)
    pipeline[SEARCH_COMMAND](context.prefix, ...scriptArgs(plan, cursor?.position ?? null, limit + 1, { ...options, scanLimit }, context.rowFields));
  const replies = (await pipeline.exec()) ?? [];
  const preview = (options.previewChars ?? 0) > 0;
  const width = 2 + context.rowFields.length + (preview ? 2 : 0);
  const reports: TaskSearchPage['branches'] = [];
  let total: number | null = null;
  const walks = replies.map(([error, value]) => {
    if (error) throw error;
    const reply = value as Array<string | number | null>;
    const status = String(reply[0]) as BranchWalk<Row>['status'];
    const matches: Row[] = [];
    for (let at = 7; at + width <= reply.length; at += width) {
      const id = String(reply[at]);
      const hash: Record<string, string> = {};
      context.rowFields.forEach((field, offset) => {
        const v = reply[at + 2 + offset];
        if (v !== null && v !== undefined) hash[field] = String(v);
      });
      const record = context.toRecord(id, hash);
      if (preview) {
        const p = at + 2 + context.rowFields.length;
        const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
        record.preview = { args: text(reply[p]), kwargs: text(reply[p + 1]) };
      }
      matches.push({ score: Number(reply[at + 1]), id, record });
    }
    reports.push({ index: String(reply[4]), candidates: Number(reply[2]), scanned: Number(reply[1]), stoppedEarly: status === 'cut' });
    if (plans.length === 1 && Number(reply[3]) >= 0) total = Number(reply[3]);
    const frontier = reply[6] ? { score: Number(reply[5]), id: String(reply[6]) } : null;
    return { matches, status, frontier, scanned: Number(reply[1]) } satisfies BranchWalk<Row>;
  });
  const { rows, next } = mergeBranchWalks(walks, limit);
  return {
    tasks: rows.map((row) => row.record),
    scanned: walks.reduce((sum, walk) => sum + walk.scanned, 0),
    complete: walks.every((walk) => walk.status !== 'cut'),
    total: cursor ? null : total,
    nextCursor: next ? encodeSearchCursor({ position: next, now }) : null,
    branches: reports,
  };
}

/**
 * Fill the lex sets of task names and workers (`names`, `tworkers`, score 0) from the index sets'
 * keys, once per index: tasks indexed before the sets existed are then found by prefix too. SCAN,
 * so Redis is never blocked; the ingest keeps the sets up to date from then on.
 */
export async function backfillLexSets(redis: Redis, prefix: string): Promise<void> {
  const ready = `${prefix}lex:ready`;
  if (await redis.exists(ready)) return;
  let cursor = '0';
  do {
    const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}i:*`, 'COUNT', 2_000);
    cursor = nextCursor;
    const names = new Set<string>();
    const workers = new Set<string>();
    for (const key of keys) {
      const rest = key.slice(prefix.length);
      if (rest.startsWith('i:ns:')) {
        const name = rest.slice(rest.indexOf(':', 'i:ns:'.length) + 1);
        if (name) names.add(name);
      } else if (rest.startsWith('i:w:')) workers.add(rest.slice('i:w:'.length));
    }
    const pipeline = redis.pipeline();
    if (names.size > 0) pipeline.zadd(`${prefix}names`, ...[...names].flatMap((name) => [0, name]));
    if (workers.size > 0) pipeline.zadd(`${prefix}tworkers`, ...[...workers].flatMap((worker) => [0, worker]));
    if (pipeline.length > 0) await pipeline.exec();
  } while (cursor !== '0');
  await redis.set(ready, '1');
}
