/**
 * Names of the kombu Redis transport's keys and channels (pure), verified against kombu 5.2 and a
 * real Celery 5.2 worker: `global_keyprefix` prefixes every key and channel; priority sub-lists are
 * `<queue>\x06\x16<step>` (step 0 is the queue itself); fanout channels are `/{db}.<exchange>`.
 */

/** kombu's separator inside binding entries and priority list names. */
export const SEP = '\x06\x16';

export interface BrokerKeys {
  prefix: string;
  db: number;
  prioritySteps: readonly number[];
}

/** The db number of a redis:// URL (its path), 0 when absent. */
export function dbOf(url: string): number {
  const path = new URL(url).pathname.replace(/^\//, '');
  const db = Number(path || 0);
  return Number.isInteger(db) && db >= 0 ? db : 0;
}

/** Every list a queue's messages sit in, one per priority step, step 0 first. */
export function priorityLists(keys: BrokerKeys, queue: string): string[] {
  const steps = [...new Set([0, ...keys.prioritySteps])].sort((a, b) => a - b);
  return steps.map((step) => `${keys.prefix}${queue}${step === 0 ? '' : `${SEP}${step}`}`);
}

export const bindingKey = (keys: BrokerKeys, exchange: string) =>
  `${keys.prefix}_kombu.binding.${exchange}`;
export const bindingPattern = (keys: BrokerKeys) => `${keys.prefix}_kombu.binding.*`;
export const unackedKey = (keys: BrokerKeys) => `${keys.prefix}unacked`;
export const unackedIndexKey = (keys: BrokerKeys) => `${keys.prefix}unacked_index`;

/** PSUBSCRIBE pattern of every Celery event channel. */
export const eventPattern = (keys: BrokerKeys) => `${keys.prefix}/${keys.db}.celeryev/*`;
/** The broadcast channel of the `celery.pidbox` fanout exchange. */
export const pidboxChannel = (keys: BrokerKeys) => `${keys.prefix}/${keys.db}.celery.pidbox`;

/** The result backend's record of a task (not prefixed: the backend is no kombu transport). */
export const taskMetaKey = (id: string) => `celery-task-meta-${id}`;
export const TASK_META_PATTERN = 'celery-task-meta-*';

/**
 * The exchange and queue of one `_kombu.binding.<exchange>` member
 * (`<routing_key>\x06\x16<pattern>\x06\x16<queue>`), or null when it is not one.
 */
export function parseBinding(member: string): { routingKey: string; queue: string } | null {
  const parts = member.split(SEP);
  if (parts.length !== 3) return null;
  return { routingKey: parts[0]!, queue: parts[2]! };
}

/** Exchanges that are Celery's own plumbing, not task queues. */
export function isInternalExchange(exchange: string): boolean {
  return (
    exchange === 'celeryev' ||
    exchange === 'celery.pidbox' ||
    exchange === 'reply.celery.pidbox' ||
    exchange.endsWith('.pidbox')
  );
}
