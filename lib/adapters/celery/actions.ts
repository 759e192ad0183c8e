/**
 * The Celery source's mutating side, spoken over the kombu Redis broker: revoke (cancel), retry as
 * a new task with lineage, bulk revoke / retry of what a filter matches, rate and time limits per
 * task type, pool, consumer and shutdown controls (pidbox), and purge of a queue's waiting
 * messages; plus the worker detail read (inspect broadcasts). Replies are collected per worker
 * until everyone addressed answered or the deadline passed (pidbox.ts).
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type Redis from 'ioredis';
import type { CeleryTaskIndex, TaskRecord, WorkerPoolFacts } from '@/lib/store/celery-task-index';
import { UNKNOWN_QUEUE } from '@/lib/store/celery-task-index';
import { ConflictError } from '../errors';
import type {
  CancelResult,
  JobActionResult,
  JobState,
  MatchingOptions,
  MatchingResult,
  ScanOptions,
  SourceActions,
  SourceAdapter,
  WorkerDetail,
  WorkerReplies,
  WorkerTarget,
} from '../types';
import type { WorkerInspect } from './inspect-map';
import { REGISTERED_INFO_ITEMS, WORKER_INSPECTS, toPoolFacts, toWorkerDetail } from './inspect-map';
import type { BrokerKeys } from './keys';
import { priorityLists, taskMetaKey } from './keys';
import { pythonRepr, toJobRow, toWorker, workerIsAlive } from './map';
import type { PidboxClient } from './pidbox';
import { parseCeleryRepr, toJsonText } from './python-literal';
import { rawJsonMember, taskMessage, taskSentEvent } from './task-message';

export interface CeleryActionContext {
  keys: BrokerKeys;
  broker: Redis;
  backend: Redis;
  index: CeleryTaskIndex;
  pidbox: PidboxClient;
  /** The task in `queue` (index, else result backend), or null. */
  recordIn(queue: string, id: string): Promise<TaskRecord | null>;
  hasQueue(queue: string): Promise<boolean>;
  /** How long an offline worker stays listed after its last report, ms (retention.offlineWorkers). */
  forgetWorkerAfterMs: number;
}

/** Deadline of a worker control when the caller names none. */
export const DEFAULT_REPLY_MS = 2_000;

/** The job states each Celery job verb applies in. */
const RETRYABLE: readonly JobState[] = ['failed', 'cancelled'];
const REVOCABLE: readonly JobState[] = ['waiting', 'delayed', 'active'];
/** Bulk revoke leaves running tasks alone: revoking one without terminate does not stop it. */
const BULK_REVOCABLE: readonly JobState[] = ['waiting', 'delayed'];
/** Task ids per revoke broadcast of a bulk cancel. */
const REVOKE_BATCH = 500;
const ORIGIN = `yardmaster@${hostname()}`;
/** How long a shutdown waits to see the worker go offline (a warm shutdown lets running tasks end). */
const SHUTDOWN_WAIT_MS = 30_000;

/** KEYS: every priority list of one queue. Counts and deletes them in one step. */
const PURGE_SCRIPT = `
local n = 0
for _, key in ipairs(KEYS) do n = n + redis.call('LLEN', key); redis.call('DEL', key) end
return n
`;

export function createCeleryActions(ctx: CeleryActionContext, replyMs: number = DEFAULT_REPLY_MS): {
  actions: SourceActions;
  getWorker(name: string, options: { timeoutMs: number }): Promise<WorkerDetail | null>;
  searchJobs: NonNullable<SourceAdapter['searchJobs']>;
  inspectPools(workers: string[]): Promise<void>;
} {
  let clock = 0;

  /** Who a command to `target` should hear from: that worker, or every worker online now. */
  const addressed = async (target: WorkerTarget): Promise<string[]> => {
    if (target !== null) return [target];
    const now = Date.now();
    return (await ctx.index.workers()).filter((worker) => workerIsAlive(worker, now)).map((worker) => worker.hostname);
  };

  const control = async (
    target: WorkerTarget,
    method: string,
    args: Record<string, unknown>,
    timeoutMs = replyMs,
    ticket?: string,
  ) =>
    ctx.pidbox.call(
      { method, arguments: args, ...(ticket ? { ticket } : {}) },
      { destination: target === null ? null : [target], expected: await addressed(target), timeoutMs },
    );

  const requireState = (record: TaskRecord, verb: string, allowed: readonly JobState[]) => {
    if (!allowed.includes(record.normalisedState)) {
      throw new ConflictError(
        `cannot ${verb} task "${record.id}": it is ${record.normalisedState} (${record.state}); ${verb} needs ${allowed.join(' or ')}`,
        'conflict',
        { state: record.normalisedState, nativeState: record.state },
      );
    }
  };

  /**
   * The exact args and kwargs a task was sent with, as JSON text: from the result backend's
   * extended record, else from the event's reprs when they parse as literals and were not cut.
   */
  const exactArguments = async (record: TaskRecord): Promise<{ argsJson: string; kwargsJson: string }> => {
    const meta = await ctx.backend.get(taskMetaKey(record.id));
    const args = meta ? rawJsonMember(meta, 'args') : null;
    const kwargs = meta ? rawJsonMember(meta, 'kwargs') : null;
    if (args !== null && kwargs !== null && args.startsWith('[') && kwargs.startsWith('{')) return { argsJson: args, kwargsJson: kwargs };
    const why: string[] = [];
    if (record.fields.args !== undefined && record.fields.kwargs !== undefined) {
      const parsedArgs = parseCeleryRepr(record.fields.args);
      const parsedKwargs = parseCeleryRepr(record.fields.kwargs);
      if (parsedArgs.ok && parsedKwargs.ok) {
        const argsJson = toJsonText(parsedArgs.node);
        const kwargsJson = toJsonText(parsedKwargs.node);
        if (argsJson.startsWith('[') && kwargsJson.startsWith('{')) return { argsJson, kwargsJson };
      }
      if (!parsedArgs.ok) why.push(`args repr: ${parsedArgs.reason}`);
      if (!parsedKwargs.ok) why.push(`kwargs repr: ${parsedKwargs.reason}`);
    } else {
      why.push('no task event carried its args');
    }
    throw new ConflictError(
      `cannot retry task "${record.id}" with its exact arguments: the result backend has no extended record of it and ${why.join('; ')}. ` +
        'Enable result_extended=True in the Celery app (the backend then keeps name, args and kwargs of every task).',
      'conflict',
      { reason: 'args-unknown', enable: 'result_extended' },
    );
  };

  const retry = async (queue: string, id: string): Promise<JobActionResult | null> => {
    const record = await ctx.recordIn(queue, id);
    if (!record) return null;
    requireState(record, 'retry', RETRYABLE);
    const task = record.fields.name;
    if (!task || queue === UNKNOWN_QUEUE) {
      throw new ConflictError(
        `cannot retry task "${id}": its ${task ? 'queue' : 'name'} is not known; enable task_send_sent_event or result_extended in the Celery app`,
        'conflict',
        { reason: 'route-unknown', enable: 'task_send_sent_event' },
      );
    }
    const { argsJson, kwargsJson } = await exactArguments(record);
    const message = {
      id: randomUUID(),
      task,
      queue,
      argsJson,
      kwargsJson,
      argsrepr: pythonRepr(JSON.parse(argsJson)),
      kwargsrepr: pythonRepr(JSON.parse(kwargsJson)),
      rootId: record.fields.root ?? id,
      parentId: id,
      origin: ORIGIN,
    };
    await ctx.broker
      .multi()
      .lpush(priorityLists(ctx.keys, queue)[0]!, taskMessage(message))
      .publish(`${ctx.keys.prefix}/${ctx.keys.db}.celeryev/task.sent`, taskSentEvent(message, Date.now(), ++clock))
      .exec();
    return { job: { queue, id: message.id }, state: 'waiting', nativeState: 'PENDING', from: { queue, id } };
  };

  const revoke = (ids: string[], options: { terminate?: boolean; signal?: string; waitMs: number }, ticket?: string) =>
    control(
      null,
      'revoke',
      { task_id: ids, terminate: options.terminate ?? false, signal: options.signal ?? 'SIGTERM' },
      options.waitMs,
      ticket,
    );

  const cancel = async (
    queue: string,
    id: string,
    options: { waitMs: number; terminate?: boolean; signal?: string },
  ): Promise<CancelResult | null> => {
    const record = await ctx.recordIn(queue, id);
    if (!record) return null;
    requireState(record, 'cancel', REVOCABLE);
    // The revoke's pidbox ticket: the workers' replies carry it.
    const requestId = randomUUID();
    const replies = await revoke([id], options, requestId);
    const now = await ctx.index.get(id);
    return {
      job: { queue, id },
      state: now?.normalisedState ?? record.normalisedState,
      nativeState: now?.state ?? record.state,
      requestId,
      listeners: Object.keys(replies.replies).length,
      acknowledged: Object.keys(replies.replies).length > 0,
      replies,
    };
  };

  /** Ids of the tasks of one state in `queue` that the filter matches, newest first, bounded. */
  const findMatching = async (queue: string, options: ScanOptions) => {
    const { filter } = options;
    const ids = filter.ids ? new Set(filter.ids) : null;
    const found: TaskRecord[] = [];
    let scanned = 0;
    let cursor: string | null = null;
    let complete = false;
    while (scanned < options.scanLimit) {
      const page = await ctx.index.list({
        state: options.state,
        queue,
        limit: Math.min(500, options.scanLimit - scanned),
        cursor,
        ...(filter.from !== undefined ? { from: filter.from } : {}),
        ...(filter.to !== undefined ? { to: filter.to } : {}),
      });
      for (const row of page.tasks) {
        scanned++;
        if (ids && !ids.has(row.id)) continue;
        if (filter.name && row.fields.name !== filter.name) continue;
        if (filter.reason && !(row.fields.exception ?? '').includes(filter.reason)) continue;
        if (filter.q) {
          const full = await ctx.index.get(row.id);
          const text = [row.id, full?.fields.name, full?.fields.args, full?.fields.kwargs, full?.fields.result, full?.fields.exception].join('\n');
          if (!text.includes(filter.q)) continue;
        }
        found.push(row);
      }
      cursor = page.nextCursor;
      if (!cursor) {
        complete = true;
        break;
      }
    }
    return { found, scanned, complete };
  };

  const matching = (verb: 'retry' | 'cancel', allowed: readonly JobState[]) =>
    async (queue: string, options: MatchingOptions): Promise<MatchingResult | null> => {
      if (!allowed.includes(options.state)) {
        throw new ConflictError(`cannot ${verb} ${options.state} tasks; ${verb} applies to ${allowed.join(', ')}`, 'conflict', { state: options.state });
      }
      if (!(await ctx.hasQueue(queue))) return null;
      const { found, scanned, complete } = await findMatching(queue, options);
      const result: MatchingResult = { scanned, matched: found.length, complete, touched: 0, skipped: [] };
      if (options.dryRun || found.length === 0) return result;
      if (verb === 'cancel') {
        for (let at = 0; at < found.length; at += REVOKE_BATCH) {
          await revoke(found.slice(at, at + REVOKE_BATCH).map((row) => row.id), { waitMs: replyMs });
        }
        result.touched = found.length;
        return result;
      }
      for (const row of found) {
        try {
          if (await retry(queue, row.id)) result.touched++;
          else result.skipped.push({ id: row.id, reason: 'gone' });
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          result.skipped.push({ id: row.id, reason: error.message });
        }
      }
      return result;
    };

  const getWorker = async (name: string, options: { timeoutMs: number }): Promise<WorkerDetail | null> => {
    const known = (await ctx.index.workers()).find((worker) => worker.hostname === name);
    const replies = await ctx.pidbox.request(
      WORKER_INSPECTS.map((method) => ({
        method,
        arguments: method === 'registered' ? { taskinfoitems: REGISTERED_INFO_ITEMS } : {},
      })),
      { destination: [name], expected: [name], timeoutMs: options.timeoutMs },
    );
    const answers: Partial<Record<WorkerInspect, unknown>> = {};
    WORKER_INSPECTS.forEach((method, i) => {
      if (name in replies[i]!.replies) answers[method] = replies[i]!.replies[name];
    });
    if (!known && Object.keys(answers).length === 0) return null;
    const now = Date.now();
    const pool = answers.stats === undefined ? null : toPoolFacts(answers.stats, now);
    if (pool && known) {
      await ctx.index.rememberPools(new Map([[name, pool]]));
      known.pool = pool;
    }
    const worker = known
      ? toWorker(known, now, [], ctx.forgetWorkerAfterMs)
      : { id: name, name, queues: [], address: null, ageSeconds: null, idleSeconds: null, status: 'unknown' as const };
    const detail = toWorkerDetail(worker, answers, options.timeoutMs);
    detail.worker.queues = detail.activeQueues.map((queue) => queue.name);
    return detail;
  };

  const shutdown = async (target: WorkerTarget): Promise<WorkerReplies> => {
    const expected = await addressed(target);
    // A worker told to shut down raises WorkerShutdown and never replies: its worker-offline
    // event (through the ingest) is the answer.
    await ctx.pidbox.cast({ method: 'shutdown' }, target === null ? null : [target]);
    const waitMs = Math.max(replyMs, SHUTDOWN_WAIT_MS);
    const deadline = Date.now() + waitMs;
    let offline: string[] = [];
    while (Date.now() < deadline) {
      const workers = await ctx.index.workers();
      offline = expected.filter((name) => workers.find((worker) => worker.hostname === name)?.type === 'worker-offline');
      if (offline.length === expected.length) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return {
      replies: Object.fromEntries(offline.map((name) => [name, { ok: 'went offline' }])),
      noReply: expected.filter((name) => !offline.includes(name)),
      addressed: expected,
      deadlineMs: waitMs,
    };
  };

  const actions: SourceActions = {
    job: {
      appliesTo: { retry: RETRYABLE, cancel: REVOCABLE },
      retry: (queue, id) => retry(queue, id),
      cancel,
    },
    matching: {
      retry: matching('retry', RETRYABLE),
      cancel: matching('cancel', BULK_REVOCABLE),
    },
    taskType: {
      rateLimit: (taskName, rate) => control(null, 'rate_limit', { task_name: taskName, rate_limit: rate }),
      timeLimit: (taskName, limits) => control(null, 'time_limit', { task_name: taskName, soft: limits.soft, hard: limits.hard }),
    },
    worker: {
      poolGrow: (target, n) => control(target, 'pool_grow', { n }),
      poolShrink: (target, n) => control(target, 'pool_shrink', { n }),
      autoscale: (target, limits) => control(target, 'autoscale', { max: limits.max, min: limits.min }),
      addConsumer: (target, queue) => control(target, 'add_consumer', { queue }),
      cancelConsumer: (target, queue) => control(target, 'cancel_consumer', { queue }),
      shutdown,
    },
    broker: {
      purge: async (queue) => {
        if (!(await ctx.hasQueue(queue))) return null;
        const lists = priorityLists(ctx.keys, queue);
        return { purged: Number(await ctx.broker.eval(PURGE_SCRIPT, lists.length, ...lists)) };
      },
    },
    close: async () => undefined,
  };
  /** The bounded search of the queue page, over the same walk the matching actions use. */
  const searchJobs: NonNullable<SourceAdapter['searchJobs']> = async (queue, options) => {
    if (!(await ctx.hasQueue(queue))) return null;
    const { found, scanned, complete } = await findMatching(queue, options);
    const total = (await ctx.index.counts([queue])).get(queue)?.[options.state] ?? 0;
    return { jobs: found.slice(0, options.limit).map(toJobRow), scanned, matched: found.length, complete, total };
  };

  /** Ask `workers` for their `stats` and remember their pools (the workers list shows them). */
  const inspectPools = async (workers: string[]): Promise<void> => {
    if (workers.length === 0) return;
    const { replies } = await ctx.pidbox.call({ method: 'stats' }, { destination: workers, expected: workers, timeoutMs: replyMs });
    const now = Date.now();
    const pools = new Map<string, WorkerPoolFacts>();
    for (const [host, stats] of Object.entries(replies)) {
      const pool = toPoolFacts(stats, now);
      if (pool) pools.set(host, pool);
    }
    await ctx.index.rememberPools(pools);
  };

  return { actions, getWorker, searchJobs, inspectPools };
}

