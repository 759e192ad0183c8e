/**
 * The Redis Celery task index: per task a hash `t:<id>`, newest-first sorted sets per state, per
 * queue and state, per name and state and per worker (`i:…`, scored by the time of the event that
 * set the state), children per parent (`c:<id>`), workers' last reports. Keys live under
 * `yardmaster:celery:<source>:` on the broker's Redis or a configured one. Every write is one call
 * of APPLY_SCRIPT (celery-scripts.ts), so concurrent dashboards stay consistent.
 */
import 'server-only';
import type Redis from 'ioredis';
import type { QueueStart } from '@/lib/adapters/dead-letter-order';
import { READ_FROM_SCRIPT, readFromArgs } from '@/lib/adapters/dead-letter-script';
import { InvalidCursorError } from '@/lib/adapters/errors';
import type { JobState } from '@/lib/adapters/types';
import { jobStates } from '@/lib/adapters/types';
import type {
  ApplyResult,
  CeleryTaskIndex,
  RetentionPolicy,
  TaskChange,
  TaskField,
  TaskPage,
  TaskQuery,
  TaskRecord,
  TaskUpdate,
  WorkerPoolFacts,
  WorkerRecord,
  WorkerUpdate,
} from '../celery-task-index';
import { UNKNOWN_QUEUE, normaliseCeleryState, taskFields } from '../celery-task-index';
import type { TaskSearch, TaskSearchOptions, TaskSearchPage } from '../celery-task-search';
import { APPLY_SCRIPT, LIST_SCRIPT } from './celery-scripts';
import { backfillLexSets, defineSearchCommand, searchRedisIndex } from './celery-search';

export interface RedisTaskIndexOptions {
  /** An open connection, shared or owned (see `ownsConnection`). */
  redis: Redis;
  ownsConnection: boolean;
  sourceId: string;
  retention: RetentionPolicy;
  maxTasks: number;
  /** Tasks dropped by retention per apply call at most. */
  trimBudget?: number;
}

export function celeryIndexPrefix(sourceId: string): string {
  return `yardmaster:celery:${sourceId}:`;
}

/** Fields a list row needs; never the payloads. */
export const ROW_FIELDS = [
  'state',
  'nstate',
  'at',
  'name',
  'queue',
  'worker',
  'retries',
  'eta',
  'sent',
  'received',
  'started',
  'succeeded',
  'failed',
  'revoked',
  'exception',
  'argsBytes',
] as const;

const DEFAULT_SCAN_LIMIT = 10_000;

export function encodeTaskCursor(score: number, id: string): string {
  return Buffer.from(JSON.stringify({ s: score, m: id }), 'utf8').toString('base64url');
}

export function decodeTaskCursor(text: string): { score: number; id: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const { s, m } = (raw ?? {}) as { s?: unknown; m?: unknown };
  if (typeof s !== 'number' || !Number.isFinite(s) || typeof m !== 'string' || m === '')
    throw new InvalidCursorError();
  return { score: s, id: m };
}

export class RedisCeleryTaskIndex implements CeleryTaskIndex {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly trimBudget: number;

  constructor(private readonly options: RedisTaskIndexOptions) {
    this.redis = options.redis;
    this.prefix = celeryIndexPrefix(options.sourceId);
    this.trimBudget = options.trimBudget ?? 200;
    this.redis.defineCommand('ymCeleryApply', { numberOfKeys: 1, lua: APPLY_SCRIPT });
    this.redis.defineCommand('ymCeleryList', { lua: LIST_SCRIPT });
    this.redis.defineCommand('ymReadFrom', { numberOfKeys: 1, lua: READ_FROM_SCRIPT });
    defineSearchCommand(this.redis);
  }

  private lexSets: Promise<void> | null = null;

  /** A search in the task language's normalised form (celery-task-search.ts); see celery-search.ts. */
  search(search: TaskSearch, options: TaskSearchOptions): Promise<TaskSearchPage> {
    return searchRedisIndex(
      {
        redis: this.redis,
        prefix: this.prefix,
        rowFields: ROW_FIELDS,
        toRecord: toTaskRecord,
        ensureLexSets: () => {
          this.lexSets ??= backfillLexSets(this.redis, this.prefix).catch((error: unknown) => {
            this.lexSets = null;
            throw error;
          });
          return this.lexSets;
        },
      },
      search,
      options,
    );
  }

  private call(name: 'ymCeleryApply' | 'ymCeleryList' | 'ymReadFrom', ...args: Array<string | number>): Promise<unknown> {
    const command = (this.redis as unknown as Record<string, (...a: Array<string | number>) => Promise<unknown>>)[name]!;
    return command.apply(this.redis, args);
  }

  apply(tasks: readonly TaskUpdate[], workers: readonly WorkerUpdate[]): Promise<ApplyResult> {
    return this.run(tasks, workers, this.trimBudget);
  }

  async trim(budget = this.trimBudget): Promise<number> {
    return (await this.run([], [], budget)).trimmed;
  }

  private async run(
    tasks: readonly TaskUpdate[],
    workers: readonly WorkerUpdate[],
    trimBudget: number,
  ): Promise<ApplyResult> {
    const { retention } = this.options;
    const args: Array<string | number> = [
      this.prefix,
      Date.now(),
      retention.succeeded * 1000,
      retention.failed * 1000,
      retention.revoked * 1000,
      retention.unfinished * 1000,
      retention.offlineWorkers * 1000,
      this.options.maxTasks,
      trimBudget,
      UNKNOWN_QUEUE,
      tasks.length,
    ];
    for (const task of tasks) {
      const entries = Object.entries(task.fields).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
      );
      if (task.fields.args !== undefined || task.fields.kwargs !== undefined) {
        const bytes =
          Buffer.byteLength(task.fields.args ?? '') + Buffer.byteLength(task.fields.kwargs ?? '');
        entries.push(['argsBytes', String(bytes)]);
      }
      const state = normaliseCeleryState(task.state, Boolean(task.fields.eta));
      args.push(task.id, task.state, state, Math.round(task.at), task.type, task.host, entries.length);
      for (const [field, value] of entries) args.push(field, value);
    }
    args.push(workers.length);
    for (const worker of workers) {
      args.push(
        worker.hostname,
        Math.round(worker.at),
        JSON.stringify(worker),
        worker.type === 'worker-offline' ? 1 : 0,
      );
    }
    const reply = (await this.call('ymCeleryApply', ...args)) as Array<string | number>;
    const changes: TaskChange[] = [];
    for (let index = 1; index + 5 < reply.length; index += 6) {
      changes.push({
        id: String(reply[index]),
        queue: String(reply[index + 1]),
        state: String(reply[index + 2]) as JobState,
        nativeState: String(reply[index + 3]),
        previous: reply[index + 4] ? (String(reply[index + 4]) as JobState) : null,
        at: Number(reply[index + 5]),
      });
    }
    return { changes, trimmed: Number(reply[0]) };
  }

  async get(id: string): Promise<TaskRecord | null> {
    const hash = await this.redis.hgetall(`${this.prefix}t:${id}`);
    if (!hash.state) return null;
    return toTaskRecord(id, hash);
  }

  async states(ids: readonly string[]): Promise<Array<{ state: JobState; queue: string } | null>> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hmget(`${this.prefix}t:${id}`, 'nstate', 'queue');
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, value]) => {
      if (error) throw error;
      const [state, queue] = value as Array<string | null>;
      return state ? { state: state as JobState, queue: queue ?? UNKNOWN_QUEUE } : null;
    });
  }

  async readStateFrom(
    state: JobState,
    reads: ReadonlyArray<{ queue: string; start: QueueStart }>,
    count: number,
  ): Promise<Array<{ queue: string; size: number; entries: Array<{ id: string; score: number; record: TaskRecord | null }> }>> {
    if (reads.length === 0) return [];
    const places = this.redis.pipeline();
    for (const { queue, start } of reads) {
      const key = `${this.prefix}i:qs:${state}:${queue}`;
      places.zcard(key);
      (places as unknown as Record<string, (...a: string[]) => unknown>).ymReadFrom!(key, ...readFromArgs(start, count));
    }
    const placeReplies = (await places.exec()) ?? [];
    const read = reads.map(({ queue }, index) => {
      const [sizeError, size] = placeReplies[index * 2] ?? [new Error('missing reply'), 0];
      const [entriesError, flat] = placeReplies[index * 2 + 1] ?? [new Error('missing reply'), []];
      if (sizeError) throw sizeError;
      if (entriesError) throw entriesError;
      const entries: Array<{ id: string; score: number }> = [];
      const items = (flat as unknown[]).map(String);
      for (let i = 0; i + 1 < items.length; i += 2) entries.push({ id: items[i]!, score: Number(items[i + 1]) });
      return { queue, size: Number(size), entries };
    });
    const rows = this.redis.pipeline();
    for (const { entries } of read) for (const { id } of entries) rows.hmget(`${this.prefix}t:${id}`, ...ROW_FIELDS);
    const rowReplies = (await rows.exec()) ?? [];
    let at = 0;
    return read.map(({ queue, size, entries }) => ({
      queue,
      size,
      entries: entries.map(({ id, score }) => {
        const [error, values] = rowReplies[at++] ?? [new Error('missing reply'), []];
        if (error) throw error;
        const hash: Record<string, string> = {};
        ROW_FIELDS.forEach((field, offset) => {
          const value = (values as Array<string | null>)[offset];
          if (value !== null && value !== undefined) hash[field] = value;
        });
        // A task trimmed between the two reads keeps its place but has no record.
        return { id, score, record: hash.state ? toTaskRecord(id, hash) : null };
      }),
    }));
  }

  async children(id: string): Promise<string[]> {
    return this.redis.zrange(`${this.prefix}c:${id}`, 0, 999);
  }

  async list(query: TaskQuery): Promise<TaskPage> {
    const { keys, filters } = this.plan(query);
    const cursor = query.cursor ? decodeTaskCursor(query.cursor) : null;
    const windowMax = query.to ?? Infinity;
    const maxScore = cursor ? Math.min(cursor.score, windowMax) : windowMax;
    const args: Array<string | number> = [
      keys.length + 1,
      this.prefix,
      ...keys,
      scoreArg(maxScore),
      cursor && cursor.score <= windowMax ? cursor.id : '',
      query.from === undefined ? '-inf' : query.from,
      scoreArg(windowMax),
      query.limit,
      query.scanLimit ?? DEFAULT_SCAN_LIMIT,
      UNKNOWN_QUEUE,
      filters.length,
    ];
    for (const [field, value] of filters) args.push(field, value);
    const previewChars = query.previewChars ?? 0;
    args.push(previewChars, ...ROW_FIELDS);
    const reply = (await this.call('ymCeleryList', ...args)) as Array<string | null>;
    const complete = Number(reply[0]) === 1;
    const scanned = Number(reply[1]);
    const total = Number(reply[2]);
    const rows: TaskRecord[] = [];
    const width = 2 + ROW_FIELDS.length + (previewChars > 0 ? 2 : 0);
    const text = (value: string | null | undefined) => (value === null || value === undefined ? null : String(value));
    for (let index = 5; index + width <= reply.length; index += width) {
      const hash: Record<string, string> = {};
      ROW_FIELDS.forEach((field, offset) => {
        const value = reply[index + 2 + offset];
        if (value !== null && value !== undefined) hash[field] = String(value);
      });
      const record = toTaskRecord(String(reply[index]), hash);
      if (previewChars > 0) {
        const at = index + 2 + ROW_FIELDS.length;
        record.preview = { args: text(reply[at]), kwargs: text(reply[at + 1]) };
      }
      rows.push(record);
    }
    const page = rows.slice(0, query.limit);
    let nextCursor: string | null = null;
    if (rows.length > query.limit) {
      const last = page.at(-1)!;
      nextCursor = encodeTaskCursor(last.at, last.id);
    } else if (!complete) {
      nextCursor = encodeTaskCursor(Number(reply[3]), String(reply[4]));
    }
    return {
      tasks: page,
      total: total >= 0 ? total : page.length,
      scanned,
      complete: complete && (total >= 0 || rows.length <= query.limit),
      nextCursor,
    };
  }

  /**
   * The index sorted sets that answer a query, and the filters left for a bounded scan. Per state
   * (or over every state when none is asked), the first of queue, name, worker given picks the sets:
   * `i:qs:<state>:<queue>`, `i:ns:<state>:<name>`, `i:ws:<state>:<worker>`; with no state a worker
   * alone reads `i:w:<worker>` and nothing at all `i:all`. Several sets are merged by the script.
   */
  private plan(query: TaskQuery): { keys: string[]; filters: Array<[string, string]> } {
    const p = `${this.prefix}i:`;
    const filters: Array<[string, string]> = [];
    const { queue, name, worker } = query;
    const asked = [...new Set(query.states ?? (query.state ? [query.state] : []))];
    const perState = (key: (state: JobState) => string) => (asked.length > 0 ? asked : jobStates).map(key);
    let keys: string[];
    if (queue) {
      keys = perState((state) => `${p}qs:${state}:${queue}`);
      if (name) filters.push(['name', name]);
      if (worker) filters.push(['worker', worker]);
    } else if (name) {
      keys = perState((state) => `${p}ns:${state}:${name}`);
      if (worker) filters.push(['worker', worker]);
    } else if (worker) {
      keys = asked.length > 0 ? perState((state) => `${p}ws:${state}:${worker}`) : [`${p}w:${worker}`];
    } else {
      keys = asked.length > 0 ? perState((state) => `${p}s:${state}`) : [`${p}all`];
    }
    // ASCII only, as Lua's string.lower does on the stored side.
    if (query.text) filters.push(['~text', query.text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase())]);
    return { keys, filters };
  }

  async counts(queues: readonly string[]): Promise<Map<string, Record<JobState, number>>> {
    const result = new Map<string, Record<JobState, number>>();
    if (queues.length === 0) return result;
    const pipeline = this.redis.pipeline();
    for (const queue of queues)
      for (const state of jobStates) pipeline.zcard(`${this.prefix}i:qs:${state}:${queue}`);
    const replies = (await pipeline.exec()) ?? [];
    queues.forEach((queue, q) => {
      const counts = {} as Record<JobState, number>;
      jobStates.forEach((state, s) => {
        const [error, value] = replies[q * jobStates.length + s] ?? [new Error('missing reply'), 0];
        if (error) throw error;
        counts[state] = Number(value);
      });
      result.set(queue, counts);
    });
    return result;
  }

  async queues(): Promise<string[]> {
    return this.redis.zrange(`${this.prefix}queues`, 0, 9_999);
  }

  async workers(): Promise<WorkerRecord[]> {
    const [reports, first, pools] = await Promise.all([
      this.redis.hgetall(`${this.prefix}workers`),
      this.redis.hgetall(`${this.prefix}workers:first`),
      this.redis.hgetall(`${this.prefix}workers:pool`),
    ]);
    return Object.entries(reports).map(([hostname, json]) => {
      const pool = pools[hostname];
      return {
        ...(JSON.parse(json) as WorkerUpdate),
        hostname,
        firstSeenAt: Number(first[hostname] ?? 0),
        ...(pool ? { pool: JSON.parse(pool) as WorkerPoolFacts } : {}),
      };
    });
  }

  async rememberPools(pools: ReadonlyMap<string, WorkerPoolFacts>): Promise<void> {
    if (pools.size === 0) return;
    // Only for workers the index knows: retention drops the pool with the worker's reports.
    const known = await this.redis.hgetall(`${this.prefix}workers`);
    const entries = [...pools].filter(([host]) => host in known).flatMap(([host, pool]) => [host, JSON.stringify(pool)]);
    if (entries.length) await this.redis.hset(`${this.prefix}workers:pool`, ...entries);
  }

  async close(): Promise<void> {
    if (this.options.ownsConnection) this.redis.disconnect();
  }
}

function scoreArg(score: number): string {
  return score === Infinity ? '+inf' : String(score);
}

const FIELD_SET = new Set<string>(taskFields);

export function toTaskRecord(id: string, hash: Record<string, string>): TaskRecord {
  const fields: Partial<Record<TaskField, string>> = {};
  for (const [key, value] of Object.entries(hash))
    if (FIELD_SET.has(key)) fields[key as TaskField] = value;
  const log = (hash.log ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [at, type, ...host] = line.split(' ');
      return { at: Number(at), type: type ?? '', host: host.join(' ') };
    })
    .sort((a, b) => a.at - b.at);
  const state = hash.state ?? 'PENDING';
  return {
    id,
    state,
    normalisedState: (hash.nstate as JobState | undefined) ?? normaliseCeleryState(state),
    at: Number(hash.at ?? 0),
    fields,
    log,
  };
}
