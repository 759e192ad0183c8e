/**
 * Writes BullMQ 6's exact key layout straight into Redis with raw RESP pipelines: far faster than
 * `Queue.add` + a Worker, and the dashboard only ever reads these keys, so the result is
 * indistinguishable from a real queue (`meta.version` makes bullmq treat it as one).
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';

export const PREFIX = 'bull';
export const BIG_QUEUE = 'big';
const BULLMQ_VERSION = 'bullmq:6.7.0';
/** Commands per pipeline; a few pipelines stay in flight at once so Redis never idles. */
const BATCH = 10_000;
const IN_FLIGHT = 4;

export interface SeedPlan {
  smallQueues: number;
  bigCompleted: number;
  bigWaiting: number;
}

export interface SeedResult {
  queueNames: string[];
  jobs: number;
  commands: number;
  ms: number;
}

type Command = [string, ...(string | number)[]];

/**
 * RESP-encodes commands into one reusable Buffer, one write per command. Every seed string is ASCII,
 * so a string's length is its byte length (latin1 writes one byte per character).
 */
class RespBuffer {
  private buffer = Buffer.allocUnsafe(8 * 1024 * 1024);
  length = 0;

  append(command: Command): void {
    let text = `*${command.length}\r\n`;
    for (const arg of command) {
      const value = typeof arg === 'number' ? String(arg) : arg;
      text += `$${value.length}\r\n${value}\r\n`;
    }
    if (this.length + text.length > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(
        Math.max(this.buffer.length * 2, this.length + text.length),
      );
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    this.length += this.buffer.write(text, this.length, 'latin1');
  }

  /** The encoded bytes so far (copied: the socket may still be sending them when this buffer is reused). */
  take(): Buffer {
    const out = Buffer.from(this.buffer.subarray(0, this.length));
    this.length = 0;
    return out;
  }
}

/**
 * Raw RESP pipelining over one socket, BATCH commands per write and at most IN_FLIGHT batches
 * unanswered. ioredis tops out near 30k commands/s here because it builds a Command object and a
 * promise per call; encoding RESP directly leaves Redis itself as the bottleneck. Every command the
 * seed sends (HSET, ZADD, LPUSH, SET) answers with exactly one line (`:n`, `+OK` or `-ERR`), so
 * counting CRLFs counts replies.
 */
class PipelinedWriter {
  private readonly batch = new RespBuffer();
  private batchSize = 0;
  private replies = 0;
  private tail = '';
  private failure: Error | null = null;
  private waiter: (() => void) | null = null;
  sent = 0;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.onReplies(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('redis connection closed while seeding')));
  }

  static open(port: number): Promise<PipelinedWriter> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve(new PipelinedWriter(socket));
      });
      socket.once('error', reject);
    });
  }

  private onReplies(chunk: string): void {
    const text = this.tail + chunk;
    let at = 0;
    for (let end = text.indexOf('\r\n'); end !== -1; end = text.indexOf('\r\n', at)) {
      if (text[at] === '-' && !this.failure)
        this.fail(new Error(`redis refused a seed command: ${text.slice(at, end)}`));
      this.replies++;
      at = end + 2;
    }
    this.tail = text.slice(at);
    this.wake();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  /** Resolves once no more than `outstanding` commands are unanswered. */
  private async settle(outstanding: number): Promise<void> {
    while (this.sent - this.replies > outstanding) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
    if (this.failure) throw this.failure;
  }

  async push(command: Command): Promise<void> {
    this.batch.append(command);
    if (++this.batchSize >= BATCH) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batchSize === 0) return;
    this.socket.write(this.batch.take());
    this.sent += this.batchSize;
    this.batchSize = 0;
    await this.settle(BATCH * (IN_FLIGHT - 1));
  }

  async done(): Promise<void> {
    await this.flush();
    await this.settle(0);
    this.socket.removeAllListeners('close');
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

const names = [
  'send-email',
  'resize-image',
  'charge-card',
  'sync-crm',
  'render-pdf',
  'notify-slack',
];
const FAILED_REASON = 'connect ECONNREFUSED 127.0.0.1:5432';
const STACKTRACE = JSON.stringify([
  `Error: ${FAILED_REASON}\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)`,
]);
const jobOpts = JSON.stringify({ attempts: 3, backoff: { type: 'exponential', delay: 1000 } });

function jobData(id: number): string {
  return JSON.stringify({
    userId: 10_000 + (id % 90_000),
    to: `user${id % 5000}@example.com`,
    template: 'welcome',
  });
}

/** The fields BullMQ 6 leaves on a job hash in each state (see PROTOCOLS.md), small and realistic. */
function jobHash(queue: string, id: number, state: string, at: number): Command {
  const failed = state === 'failed';
  const fields: Record<string, string | number> = {
    name: names[id % names.length]!,
    data: jobData(id),
    opts: jobOpts,
    timestamp: at,
    delay: state === 'delayed' ? 60_000 : 0,
    priority: state === 'prioritized' ? 5 : 0,
  };
  if (state === 'active' || state === 'completed' || failed) {
    Object.assign(fields, { processedOn: at + 20, ats: failed ? 3 : 1, atm: failed ? 3 : 1 });
  }
  if (state === 'completed') {
    Object.assign(fields, {
      finishedOn: at + 45,
      returnvalue: JSON.stringify({ ok: true, ms: 25 + (id % 40) }),
    });
  }
  if (failed) {
    Object.assign(fields, {
      finishedOn: at + 45,
      failedReason: FAILED_REASON,
      stacktrace: STACKTRACE,
    });
  }
  return ['hset', `${PREFIX}:${queue}:${id}`, ...Object.entries(fields).flat()];
}

function metaHash(queue: string, paused: boolean): Command {
  return [
    'hset',
    `${PREFIX}:${queue}:meta`,
    'opts.maxLenEvents',
    10_000,
    'version',
    BULLMQ_VERSION,
    ...(paused ? ['paused', 1] : []),
  ];
}

/** A small queue: a few dozen jobs spread over every state; some paused, some with a job scheduler. */
async function seedSmallQueue(
  writer: PipelinedWriter,
  queue: string,
  index: number,
  now: number,
): Promise<number> {
  const plan: [string, number][] = [
    ['waiting', 6],
    ['active', 2],
    ['prioritized', 2],
    ['delayed', 3],
    ['completed', 20],
    ['failed', 5],
  ];
  const key = (suffix: string) => `${PREFIX}:${queue}:${suffix}`;
  await writer.push(metaHash(queue, index % 20 === 7));
  let id = 0;
  for (const [state, count] of plan) {
    for (let n = 0; n < count; n++) {
      id++;
      const at = now - (40 - id) * 60_000;
      await writer.push(jobHash(queue, id, state, at));
      const member = String(id);
      switch (state) {
        case 'waiting':
          await writer.push(['lpush', key('wait'), member]);
          break;
        case 'active':
          await writer.push(['lpush', key('active'), member]);
          break;
        case 'prioritized':
          await writer.push(['zadd', key('prioritized'), 5 * 2 ** 32 + id, member]);
          break;
        case 'delayed':
          await writer.push(['zadd', key('delayed'), (at + 60_000) * 4096 + (id & 0xfff), member]);
          break;
        case 'completed':
        case 'failed':
          await writer.push(['zadd', key(state), at + 45, member]);
          break;
      }
    }
  }
  if (index % 20 === 3) {
    const next = now + 3_600_000;
    await writer.push(['zadd', key('repeat'), next, 'nightly-report']);
    await writer.push([
      'hset',
      key('repeat:nightly-report'),
      'name',
      'nightly-report',
      'pattern',
      '0 3 * * *',
      'ic',
      1,
    ]);
  }
  await writer.push(['set', key('id'), id]);
  return id;
}

/** `big`: `completed` zset scored by finishedOn + `wait` list (newest at the head, as LPUSH leaves it). */
async function seedBigQueue(writer: PipelinedWriter, plan: SeedPlan, now: number): Promise<number> {
  const key = (suffix: string) => `${PREFIX}:${BIG_QUEUE}:${suffix}`;
  await writer.push(metaHash(BIG_QUEUE, false));
  const total = plan.bigCompleted + plan.bigWaiting;
  const start = now - total * 10; // one job every 10 ms, oldest first
  const chunk = 500; // members per ZADD / LPUSH
  let members: (string | number)[] = [];
  for (let id = 1; id <= plan.bigCompleted; id++) {
    const at = start + id * 10;
    await writer.push(jobHash(BIG_QUEUE, id, 'completed', at));
    members.push(at + 45, String(id));
    if (members.length >= chunk * 2) {
      await writer.push(['zadd', key('completed'), ...members]);
      members = [];
    }
  }
  if (members.length) await writer.push(['zadd', key('completed'), ...members]);
  members = [];
  for (let id = plan.bigCompleted + 1; id <= total; id++) {
    await writer.push(jobHash(BIG_QUEUE, id, 'waiting', start + id * 10));
    members.push(String(id));
    if (members.length >= chunk) {
      await writer.push(['lpush', key('wait'), ...members]);
      members = [];
    }
  }
  if (members.length) await writer.push(['lpush', key('wait'), ...members]);
  await writer.push(['set', key('id'), total]);
  return total;
}

export function smallQueueName(index: number): string {
  return `queue-${String(index).padStart(3, '0')}`;
}

/** Seed the Redis on loopback `port`. */
export async function seed(port: number, plan: SeedPlan): Promise<SeedResult> {
  const started = performance.now();
  const writer = await PipelinedWriter.open(port);
  try {
    return await seedAll(writer, plan, started);
  } finally {
    writer.destroy();
  }
}

async function seedAll(
  writer: PipelinedWriter,
  plan: SeedPlan,
  started: number,
): Promise<SeedResult> {
  const now = Date.now();
  const queueNames: string[] = [];
  let jobs = 0;
  for (let index = 0; index < plan.smallQueues; index++) {
    const name = smallQueueName(index);
    queueNames.push(name);
    jobs += await seedSmallQueue(writer, name, index, now);
  }
  queueNames.push(BIG_QUEUE);
  jobs += await seedBigQueue(writer, plan, now);
  await writer.done();
  return { queueNames, jobs, commands: writer.sent, ms: performance.now() - started };
}

/**
 * `queue` with `count` failed jobs (the retry-all bench): job hashes as a worker leaves them and the
 * `failed` zset scored by finishedOn, oldest first. Returns the time it took, ms.
 */
export async function seedFailedQueue(port: number, queue: string, count: number): Promise<number> {
  const started = performance.now();
  const writer = await PipelinedWriter.open(port);
  try {
    const key = (suffix: string) => `${PREFIX}:${queue}:${suffix}`;
    await writer.push(metaHash(queue, false));
    const start = Date.now() - 60_000 - count * 10;
    let members: (string | number)[] = [];
    for (let id = 1; id <= count; id++) {
      const at = start + id * 10;
      await writer.push(jobHash(queue, id, 'failed', at));
      members.push(at + 45, String(id));
      if (members.length >= 1_000) {
        await writer.push(['zadd', key('failed'), ...members]);
        members = [];
      }
    }
    if (members.length) await writer.push(['zadd', key('failed'), ...members]);
    await writer.push(['set', key('id'), count]);
    await writer.done();
    return performance.now() - started;
  } finally {
    writer.destroy();
  }
}
