/**
 * A Celery task message (protocol v2) as a client writes it on the kombu Redis transport, and the
 * `task-sent` event a client with `task_send_sent_event` publishes: what the dashboard sends to
 * retry a task. Pure; the args and kwargs come in as JSON TEXT so numbers stay exact (`1.0` stays a
 * float, big ints keep every digit).
 */
import { randomUUID } from 'node:crypto';

export interface NewTaskMessage {
  id: string;
  task: string;
  queue: string;
  /** JSON text of the positional args (an array) and of the kwargs (an object). */
  argsJson: string;
  kwargsJson: string;
  argsrepr: string;
  kwargsrepr: string;
  rootId: string;
  parentId: string;
  /** Who sent it (`yardmaster@<host>`), as Celery's `origin` header says. */
  origin: string;
  retries?: number;
}

/** The message LPUSHed to the queue's list (priority 0 = the queue key itself). */
export function taskMessage(message: NewTaskMessage): string {
  const body = `[${message.argsJson}, ${message.kwargsJson}, {"callbacks": null, "errbacks": null, "chain": null, "chord": null}]`;
  return JSON.stringify({
    body: Buffer.from(body, 'utf8').toString('base64'),
    'content-encoding': 'utf-8',
    'content-type': 'application/json',
    headers: {
      lang: 'py',
      task: message.task,
      id: message.id,
      shadow: null,
      eta: null,
      expires: null,
      group: null,
      group_index: null,
      retries: message.retries ?? 0,
      timelimit: [null, null],
      root_id: message.rootId,
      parent_id: message.parentId,
      argsrepr: message.argsrepr,
      kwargsrepr: message.kwargsrepr,
      origin: message.origin,
      ignore_result: false,
    },
    properties: {
      correlation_id: message.id,
      reply_to: randomUUID(),
      delivery_mode: 2,
      delivery_info: { exchange: '', routing_key: message.queue },
      priority: 0,
      body_encoding: 'base64',
      delivery_tag: randomUUID(),
    },
  });
}

/** The `task-sent` event of that message, so every ingesting dashboard learns its queue. */
export function taskSentEvent(message: NewTaskMessage, now: number, clock: number): string {
  const event = {
    hostname: message.origin,
    utcoffset: 0,
    pid: process.pid,
    clock,
    uuid: message.id,
    root_id: message.rootId,
    parent_id: message.parentId,
    name: message.task,
    args: message.argsrepr,
    kwargs: message.kwargsrepr,
    retries: message.retries ?? 0,
    eta: null,
    expires: null,
    queue: message.queue,
    exchange: '',
    routing_key: message.queue,
    timestamp: now / 1000,
    type: 'task-sent',
  };
  return JSON.stringify({
    body: Buffer.from(JSON.stringify(event), 'utf8').toString('base64'),
    'content-encoding': 'utf-8',
    'content-type': 'application/json',
    headers: { hostname: message.origin },
    properties: {
      delivery_mode: 1,
      delivery_info: { exchange: 'celeryev', routing_key: 'task.sent' },
      priority: 0,
      body_encoding: 'base64',
      delivery_tag: randomUUID(),
    },
  });
}

/**
 * The raw JSON text of a top-level member of a JSON object (`args` of a backend record), so it can
 * be sent on without a parse losing `1.0`'s float-ness or a big int's digits; null when absent.
 */
export function rawJsonMember(text: string, key: string): string | null {
  let at = 0;
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const skipString = () => {
    at++;
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at++;
  };
  /** Past one JSON value starting at `at`. */
  const skipValue = () => {
    space();
    if (text[at] === '"') return skipString();
    if (text[at] === '{' || text[at] === '[') {
      let depth = 0;
      do {
        const ch = text[at];
        if (ch === '"') {
          skipString();
          continue;
        }
        if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') depth--;
        at++;
      } while (depth > 0 && at < text.length);
      return;
    }
    while (at < text.length && !',}]'.includes(text[at]!) && !' \t\n\r'.includes(text[at]!)) at++;
  };
  space();
  if (text[at] !== '{') return null;
  at++;
  for (;;) {
    space();
    if (text[at] !== '"') return null;
    const keyStart = at;
    skipString();
    let name: unknown;
    try {
      name = JSON.parse(text.slice(keyStart, at));
    } catch {
      return null;
    }
    space();
    if (text[at] !== ':') return null;
    at++;
    space();
    const valueStart = at;
    skipValue();
    if (name === key) {
      const raw = text.slice(valueStart, at);
      try {
        JSON.parse(raw);
      } catch {
        return null;
      }
      return raw;
    }
    space();
    if (text[at] !== ',') return null;
    at++;
  }
}
