/**
 * Pure mapping of a Celery 5.2 worker's inspect replies (celery/worker/control.py: `stats`,
 * `active`, `reserved`, `scheduled`, `revoked`, `registered`, `active_queues`, `conf`) onto `WorkerDetail`.
 * Replies are untrusted JSON: every field is read defensively.
 */
import type { WorkerPoolFacts } from '@/lib/store/celery-task-index';
import type { InspectedTask, RegisteredTask, Worker, WorkerDetail } from '../types';

/** The inspect methods a worker detail asks, in the order they are sent. */
export const WORKER_INSPECTS = ['stats', 'active', 'reserved', 'scheduled', 'revoked', 'registered', 'active_queues', 'conf'] as const;
export type WorkerInspect = (typeof WORKER_INSPECTS)[number];

/** Task attributes `registered` is asked to print, so the limits in force show. */
export const REGISTERED_INFO_ITEMS = ['rate_limit', 'time_limit', 'soft_time_limit'];

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const int = (value: unknown): number | null => {
  const n = num(value);
  return n !== null && Number.isInteger(n) ? n : null;
};

/** `Request.info()` as active / reserved list it; scheduled entries wrap it in `request`. */
export function toInspectedTask(value: unknown): InspectedTask | null {
  const entry = record(value);
  const info = entry.request !== undefined ? record(entry.request) : entry;
  const id = str(info.id);
  if (!id) return null;
  const started = num(info.time_start);
  const delivery = record(info.delivery_info);
  return {
    id,
    name: str(info.name) ?? str(info.type),
    args: str(info.args) ?? (info.args === undefined ? null : JSON.stringify(info.args)),
    kwargs: str(info.kwargs) ?? (info.kwargs === undefined ? null : JSON.stringify(info.kwargs)),
    startedAt: started === null ? null : Math.round(started * 1000),
    workerPid: int(info.worker_pid),
    acknowledged: typeof info.acknowledged === 'boolean' ? info.acknowledged : null,
    queue: str(delivery.routing_key),
    eta: str(entry.eta),
  };
}

/** `fixture.add [rate_limit=10/m time_limit=5.0]` → its name and limits. */
export function toRegisteredTask(line: unknown): RegisteredTask | null {
  if (typeof line !== 'string' || line === '') return null;
  const match = /^(\S+)(?:\s+\[(.*)\])?$/.exec(line);
  if (!match) return { name: line, rateLimit: null, timeLimit: null, softTimeLimit: null };
  const info = new Map<string, string>();
  for (const pair of (match[2] ?? '').split(' ')) {
    const at = pair.indexOf('=');
    if (at > 0) info.set(pair.slice(0, at), pair.slice(at + 1));
  }
  const seconds = (key: string) => {
    const value = Number(info.get(key));
    return info.has(key) && Number.isFinite(value) ? value : null;
  };
  return {
    name: match[1]!,
    rateLimit: info.get('rate_limit') ?? null,
    timeLimit: seconds('time_limit'),
    softTimeLimit: seconds('soft_time_limit'),
  };
}

/**
 * Which pool runs the tasks. `stats` does not name it, but each pool class describes itself with its
 * own keys (celery/concurrency/*.py `_get_info`): prefork lists `processes`, threads `threads`,
 * eventlet and gevent `free-threads`; solo only `max-concurrency` (always 1).
 */
export function poolImplementation(pool: Record<string, unknown>): string | null {
  if ('processes' in pool) return 'prefork';
  if ('threads' in pool) return 'threads';
  if ('free-threads' in pool) return 'eventlet or gevent';
  if (Object.keys(pool).length === 1 && pool['max-concurrency'] === 1) return 'solo';
  return null;
}

function toPool(stats: Record<string, unknown>): WorkerDetail['pool'] {
  if (stats.pool === undefined) return null;
  const pool = record(stats.pool);
  const timeouts = list(pool.timeouts);
  const scaler = stats.autoscaler === undefined ? null : record(stats.autoscaler);
  return {
    implementation: poolImplementation(pool),
    maxConcurrency: int(pool['max-concurrency']),
    processes: list(pool.processes).map(int).filter((pid): pid is number => pid !== null),
    maxTasksPerChild: int(pool['max-tasks-per-child']),
    timeouts: [num(timeouts[0]), num(timeouts[1])],
    autoscaler:
      scaler && int(scaler.max) !== null && int(scaler.min) !== null
        ? { max: int(scaler.max)!, min: int(scaler.min)!, qty: int(scaler.qty) }
        : null,
  };
}

/**
 * The worker's answers (method → its reply; a method it did not answer is absent) and what its
 * heartbeats say of it, as one `WorkerDetail`.
 */
export function toWorkerDetail(
  worker: Worker,
  answers: Partial<Record<WorkerInspect, unknown>>,
  deadlineMs: number,
): WorkerDetail {
  const tasks = (method: 'active' | 'reserved' | 'scheduled') =>
    list(answers[method])
      .map(toInspectedTask)
      .filter((task): task is InspectedTask => task !== null);
  const stats = record(answers.stats);
  const unanswered = WORKER_INSPECTS.filter((method) => !(method in answers));
  return {
    worker: unanswered.length < WORKER_INSPECTS.length && worker.status !== 'online' ? { ...worker, status: 'online' } : worker,
    answered: unanswered.length < WORKER_INSPECTS.length,
    unanswered: [...unanswered],
    deadlineMs,
    pool: toPool(stats),
    active: tasks('active'),
    reserved: tasks('reserved'),
    scheduled: tasks('scheduled'),
    revoked: list(answers.revoked).filter((id): id is string => typeof id === 'string'),
    registered: list(answers.registered)
      .map(toRegisteredTask)
      .filter((task): task is RegisteredTask => task !== null),
    activeQueues: list(answers.active_queues).map((value) => {
      const queue = record(value);
      const exchange = queue.exchange;
      return {
        name: str(queue.name) ?? '',
        exchange: str(exchange) ?? str(record(exchange).name),
        routingKey: str(queue.routing_key),
      };
    }),
    stats,
    conf: record(answers.conf),
  };
}

/** What a `stats` answer says of the pool, to remember for the workers list; null without a pool. */
export function toPoolFacts(stats: unknown, inspectedAt: number): WorkerPoolFacts | null {
  const pool = toPool(record(stats));
  if (!pool) return null;
  return {
    size: pool.processes.length > 0 ? pool.processes.length : pool.maxConcurrency,
    maxConcurrency: pool.maxConcurrency,
    autoscaler: pool.autoscaler ? { max: pool.autoscaler.max, min: pool.autoscaler.min } : null,
    inspectedAt,
  };
}
