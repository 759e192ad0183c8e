/**
 * The dashboard's own record of Celery tasks and workers (DESIGN.md "Data the dashboard keeps"):
 * every task seen in events or in the result backend, kept across restarts and shared by several
 * dashboard instances. Redis implementation in ./redis/; an embedded one comes later.
 * This module is pure types plus the state vocabulary both the store and the adapter use.
 */
import type { QueueStart } from '@/lib/adapters/dead-letter-order';
import type { JobState } from '@/lib/adapters/types';
import type { TaskSearch, TaskSearchOptions, TaskSearchPage } from './celery-task-search';

/** The fields a task record keeps (hash fields in the Redis implementation). */
export const taskFields = [
  'name',
  'args',
  'kwargs',
  'result',
  'exception',
  'traceback',
  'worker',
  'queue',
  'retries',
  'root',
  'parent',
  'eta',
  'expires',
  'runtime',
  /** Epoch ms of the last event of each kind. */
  'sent',
  'received',
  'started',
  'succeeded',
  'failed',
  'retried',
  'revoked',
  'rejected',
  /** Where the record came from last: `events` or `backend`. */
  'source',
  /** task-revoked: terminated / signum / expired, as `terminated=True signum=15`. */
  'revokedHow',
  /** Bytes of the args + kwargs reprs, so lists can show size without loading them. */
  'argsBytes',
] as const;
export type TaskField = (typeof taskFields)[number];

/**
 * One observation of a task: an event, or a result-backend record. `state` is Celery's name
 * (SUCCESS, RECEIVED, a custom state...); `at` is when it happened by the worker's clock, epoch ms.
 */
export interface TaskUpdate {
  id: string;
  state: string;
  at: number;
  /** The event type, for the task's own log (`task-started`, `backend`). */
  type: string;
  /** The node that reported it (worker hostname, or the client for task-sent). */
  host: string;
  fields: Partial<Record<TaskField, string>>;
}

export interface WorkerUpdate {
  hostname: string;
  type: 'worker-online' | 'worker-heartbeat' | 'worker-offline';
  /** Epoch ms of the event by the worker's clock. */
  at: number;
  /** Heartbeat interval, seconds. */
  freq: number;
  active: number | null;
  processed: number | null;
  loadavg: number[] | null;
  swIdent: string | null;
  swVer: string | null;
  swSys: string | null;
  pid: number | null;
}

/** A worker's pool as its last answered `stats` inspect described it. */
export interface WorkerPoolFacts {
  size: number | null;
  maxConcurrency: number | null;
  autoscaler: { max: number; min: number } | null;
  /** Epoch ms of the answer. */
  inspectedAt: number;
}

/** What a worker last said of itself, as stored; `firstSeenAt` is when the index first heard of it. */
export interface WorkerRecord extends WorkerUpdate {
  firstSeenAt: number;
  /** Its pool as last inspected; absent until a `stats` answer was remembered. */
  pool?: WorkerPoolFacts;
}

export interface TaskRecord {
  id: string;
  state: string;
  normalisedState: JobState;
  /** Epoch ms of the event that set `state`; the task's place in the newest-first indexes. */
  at: number;
  fields: Partial<Record<TaskField, string>>;
  /** Every distinct event seen, oldest first: `{at, type, host}`. */
  log: Array<{ at: number; type: string; host: string }>;
  /** List rows asked with `previewChars`: the args and kwargs reprs cut to that many bytes. */
  preview?: { args: string | null; kwargs: string | null };
}

/** A task's state changed (or it was first seen): what the live feed announces. */
export interface TaskChange {
  id: string;
  queue: string;
  state: JobState;
  nativeState: string;
  /** null when the task was new. */
  previous: JobState | null;
  at: number;
}

export interface ApplyResult {
  changes: TaskChange[];
  /** Tasks dropped by retention or the size cap during this call. */
  trimmed: number;
}

/**
 * Selective filters, answered from index structures; `state` is the normalised one (`states`: any
 * of several, merged newest first). One of queue, name, worker picks the index sets (in that order,
 * per state); the others, and `text`, are checked per record in a bounded scan (`scanLimit`).
 */
export interface TaskQuery {
  state?: JobState;
  states?: readonly JobState[];
  queue?: string;
  name?: string;
  worker?: string;
  /** Newest-first window on `at`, epoch ms, inclusive. */
  from?: number;
  to?: number;
  limit: number;
  cursor?: string | null;
  /** Upper bound of records looked at when a filter is not indexed (bounded scan). */
  scanLimit?: number;
  /** Case-insensitive (ASCII) substring of the args, kwargs, result or exception: always a scan. */
  text?: string;
  /** Rows carry `preview`: their args and kwargs cut to this many bytes (0 or absent: none). */
  previewChars?: number;
}

export interface TaskPage {
  tasks: TaskRecord[];
  /** Exact when `complete`; otherwise the matches found within the scan. */
  total: number;
  /** How many index entries were looked at beyond the matches (0 when fully indexed). */
  scanned: number;
  complete: boolean;
  nextCursor: string | null;
}

export interface RetentionPolicy {
  /** Seconds per final state group, and for tasks stuck unfinished. */
  succeeded: number;
  failed: number;
  revoked: number;
  unfinished: number;
  offlineWorkers: number;
}

export interface CeleryTaskIndex {
  /** Apply a batch of observations atomically with Celery's state precedence; idempotent. */
  apply(tasks: readonly TaskUpdate[], workers: readonly WorkerUpdate[]): Promise<ApplyResult>;
  get(id: string): Promise<TaskRecord | null>;
  /** Only the normalised state and queue of each id (null when unknown): canvas children. */
  states(ids: readonly string[]): Promise<Array<{ state: JobState; queue: string } | null>>;
  list(query: TaskQuery): Promise<TaskPage>;
  /**
   * The tasks of one state in each of `queues`, newest first from a place in the dead-letter walk
   * (lib/adapters/dead-letter-order.ts), at most `count` per queue, with each set's size; then their
   * list rows. Two round trips whatever the sizes.
   */
  readStateFrom(
    state: JobState,
    reads: ReadonlyArray<{ queue: string; start: QueueStart }>,
    count: number,
  ): Promise<Array<{ queue: string; size: number; entries: Array<{ id: string; score: number; record: TaskRecord | null }> }>>;
  /** Ids whose parent_id is `id`, oldest first. */
  children(id: string): Promise<string[]>;
  /** Per queue, the number of tasks in each normalised state. */
  counts(queues: readonly string[]): Promise<Map<string, Record<JobState, number>>>;
  /** Queue names that tasks in the index were routed to. */
  queues(): Promise<string[]>;
  workers(): Promise<WorkerRecord[]>;
  /** Remember what `stats` answers said of workers' pools (dropped with the worker by retention). */
  rememberPools(pools: ReadonlyMap<string, WorkerPoolFacts>): Promise<void>;
  /** Enforce retention and the size cap, at most `budget` tasks; answers how many went. */
  trim(budget?: number): Promise<number>;
  /**
   * One page of the tasks a search matches (a disjunction of conjunctions: the task language's
   * normalised form, lib/store/celery-task-search.ts), newest first by the time each entered its
   * state; selective clauses answered from index structures, the rest checked on at most
   * `scanLimit` candidates per branch per page; the cursor resumes exactly after the page.
   */
  search(search: TaskSearch, options: TaskSearchOptions): Promise<TaskSearchPage>;
  close(): Promise<void>;
}

/**
 * Celery state → normalised state. RECEIVED with an ETA waits for its time (delayed); RETRY waits
 * for its countdown; custom states (PROGRESS...) are set by running tasks.
 */
export function normaliseCeleryState(state: string, hasEta = false): JobState {
  switch (state) {
    case 'PENDING':
      return 'waiting';
    case 'RECEIVED':
      return hasEta ? 'delayed' : 'waiting';
    case 'STARTED':
      return 'active';
    case 'SUCCESS':
      return 'completed';
    case 'FAILURE':
    case 'REJECTED':
      return 'failed';
    case 'RETRY':
      return 'delayed';
    case 'REVOKED':
      return 'cancelled';
    default:
      return 'active';
  }
}

/** The task index's queue for tasks no event routed (task-sent is off and no backend meta says). */
export const UNKNOWN_QUEUE = '(unknown)';
