/**
 * Random tasks and random queries in the task language, for the property tests that hold every
 * search implementation to the naive evaluation of the query on every task (task-query.test.ts
 * in memory, celery-search.int.test.ts on real Redis). Seeded, so a failure names its seed.
 */
import type { TaskUpdate } from '@/lib/store/celery-task-index';
import { seededRandom } from '@/lib/testing/seeded-random';

/** A seeded generator of numbers in [0, 1) (lib/testing/seeded-random.ts). */
export function random(seed: number): () => number {
  return seededRandom(seed).next;
}

export const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

const NAMES = ['tasks.add', 'tasks.mul', 'tasks.email.send', 'tasks.email.bounce', 'reports.build'];
const WORKERS = ['w1@alpha', 'w2@alpha', 'w10@beta'];
const QUEUES = ['celery', 'mail', undefined];
const STATES = ['PENDING', 'RECEIVED', 'STARTED', 'SUCCESS', 'FAILURE', 'RETRY', 'REVOKED', 'REJECTED', 'PROGRESS'];

/**
 * `count` tasks as one observation each (state, time and fields), their times within `spanMs`
 * before `base` so many share a millisecond (ties are the hard part of resuming).
 */
export function randomTasks(rand: () => number, count: number, base: number, spanMs: number): TaskUpdate[] {
  const tasks: TaskUpdate[] = [];
  for (let n = 0; n < count; n++) {
    const state = pick(rand, STATES);
    const at = base - Math.floor(rand() * spanMs);
    const fields: TaskUpdate['fields'] = {};
    if (rand() < 0.95) fields.name = pick(rand, NAMES);
    if (state !== 'PENDING' && rand() < 0.9) fields.worker = pick(rand, WORKERS);
    const queue = pick(rand, QUEUES);
    if (queue) fields.queue = queue;
    fields.args = `[${n % 13}, 'Invoice-${n % 7}']`;
    fields.kwargs = rand() < 0.5 ? `{'user': ${n % 5}}` : `{'user': ${n % 5}, 'flag': True}`;
    fields.received = String(at - Math.floor(rand() * 5_000));
    fields.retries = String(Math.floor(rand() * 3));
    if (state === 'SUCCESS') {
      fields.result = String(n % 9);
      fields.runtime = (rand() * 2).toFixed(3);
    }
    if (state === 'FAILURE' || state === 'RETRY') {
      fields.exception = rand() < 0.5 ? "ValueError('boom')" : "KeyError('Missing')";
      fields.traceback = 'Traceback (most recent call last):\n  File "x.py"\nDeepError\n';
    }
    if (state === 'RECEIVED' && rand() < 0.3) fields.eta = new Date(at + 60_000).toISOString();
    const id = `${(n * 7919) % 1000}`.padStart(3, '0') + '-' + Math.floor(rand() * 36 ** 3).toString(36);
    tasks.push({ id, state, at, type: 'fuzz', host: fields.worker ?? 'client', fields });
  }
  return tasks;
}

/** A random query text of up to `depth` levels of AND / OR / NOT / parentheses over the terms below. */
export function randomQuery(rand: () => number, base: number, depth = 3): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const terms = [
    () => `name:${pick(rand, NAMES)}`,
    () => 'name:tasks.email.*',
    () => 'name:tasks.add,reports.build',
    () => `state:${pick(rand, ['FAILURE', 'SUCCESS', 'RETRY', 'RECEIVED', 'PROGRESS', 'failed', 'completed', 'waiting', 'delayed', 'active'])}`,
    () => 'state:waiting,RETRY',
    () => `worker:${pick(rand, WORKERS)}`,
    () => 'worker:w1*',
    () => `queue:${pick(rand, ['celery', 'mail', '"(unknown)"'])}`,
    () => 'queue:ma*',
    () => `args:${pick(rand, ['invoice-3', '"[1,"', '12'])}`,
    () => `kwargs:user=${Math.floor(rand() * 5)}`,
    () => 'kwargs:flag',
    () => `result:${Math.floor(rand() * 9)}`,
    () => `exception:${pick(rand, ['boom', 'keyerror', 'deeperror'])}`,
    () => pick(rand, ['alpha', 'email', 'invoice-1', '"w10@"']),
    () => `since:${iso(base - Math.floor(rand() * 400))}`,
    () => `until:${iso(base - Math.floor(rand() * 400))}`,
    () => `received>${pick(rand, ['3s', '2s', '1s'])}`,
    () => `runtime>${(rand() * 2).toFixed(1)}`,
    () => `retries:${Math.floor(rand() * 3)}`,
    () => `retries>=${Math.floor(rand() * 3)}`,
  ];
  const node = (level: number): string => {
    const roll = rand();
    if (level >= depth || roll < 0.35) return pick(rand, terms)();
    if (roll < 0.45) return `${pick(rand, ['NOT ', '-', 'not '])}${node(level + 1)}`;
    const items = Array.from({ length: 2 + Math.floor(rand() * 2) }, () => node(level + 1));
    const joiner = roll < 0.7 ? pick(rand, [' ', ' AND ', ' and ']) : pick(rand, [' OR ', ' or ']);
    return `(${items.join(joiner)})`;
  };
  return node(0);
}
