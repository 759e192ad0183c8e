/**
 * Celery events exactly as a real 5.2 prefork worker publishes them (captured from one: every task
 * event alone in a `task.multi` array, worker events as objects), for the store tests and the bench.
 */
import { randomUUID } from 'node:crypto';

export type RawEvent = Record<string, unknown> & { type: string };

const base = (hostname: string, timestamp: number, clock: number) => ({ hostname, utcoffset: 0, pid: 4242, clock, timestamp });

export function taskEvents(
  id: string,
  options: { name?: string; hostname?: string; start?: number; outcome?: 'succeeded' | 'failed'; args?: string } = {},
): RawEvent[] {
  const hostname = options.hostname ?? 'w1@test';
  const t = options.start ?? Date.now() / 1000;
  const name = options.name ?? 'fixture.add';
  const events: RawEvent[] = [
    { ...base('gen1@test', t, 1), uuid: id, root_id: id, parent_id: null, name, args: options.args ?? '[1, 2]', kwargs: '{}', retries: 0, eta: null, expires: null, queue: 'celery', exchange: '', routing_key: 'celery', type: 'task-sent' },
    { ...base(hostname, t + 0.001, 2), uuid: id, name, args: options.args ?? '[1, 2]', kwargs: '{}', root_id: id, parent_id: null, retries: 0, eta: null, expires: null, type: 'task-received' },
    { ...base(hostname, t + 0.002, 3), uuid: id, type: 'task-started' },
  ];
  if (options.outcome === 'failed') {
    events.push({ ...base(hostname, t + 0.003, 4), uuid: id, exception: "ValueError('boom')", traceback: 'Traceback (most recent call last):\nValueError: boom\n', type: 'task-failed' });
  } else {
    events.push({ ...base(hostname, t + 0.003, 4), uuid: id, result: '3', runtime: 0.0012, type: 'task-succeeded' });
  }
  return events;
}

export function workerEvent(type: 'worker-online' | 'worker-heartbeat' | 'worker-offline', hostname: string, timestamp = Date.now() / 1000): RawEvent {
  return { ...base(hostname, timestamp, 1), freq: 2.0, active: 0, processed: 7, loadavg: [0.5, 0.4, 0.3], sw_ident: 'py-celery', sw_ver: '5.2.6', sw_sys: 'Linux', type };
}

/** The kombu envelope a worker PUBLISHes on `/{db}.celeryev/<routing key>`. */
export function eventMessage(body: RawEvent | RawEvent[], routingKey: string, hostname = 'w1@test'): string {
  return JSON.stringify({
    body: Buffer.from(JSON.stringify(body), 'utf8').toString('base64'),
    'content-encoding': 'utf-8',
    'content-type': 'application/json',
    headers: { hostname },
    properties: {
      delivery_mode: 1,
      delivery_info: { exchange: 'celeryev', routing_key: routingKey },
      priority: 0,
      body_encoding: 'base64',
      delivery_tag: randomUUID(),
    },
  });
}

/** Channel and message of one event as a real worker sends it: task events as one-item task.multi arrays. */
export function published(event: RawEvent, db: number, prefix = ''): { channel: string; message: string } {
  if (event.type.startsWith('task-') && event.type !== 'task-sent') {
    return { channel: `${prefix}/${db}.celeryev/task.multi`, message: eventMessage([event], 'task.multi', String(event.hostname)) };
  }
  const routingKey = event.type.replace(/-/g, '.');
  return { channel: `${prefix}/${db}.celeryev/${routingKey}`, message: eventMessage(event, routingKey, String(event.hostname)) };
}
