/**
 * Child process of `npm run bench:celery`: replays Celery task events onto the broker's channels in
 * the exact format a real 5.2 prefork worker sends (task-sent object from the client, then
 * task-received / task-started / task-succeeded each as a one-item `task.multi` array), at `rate`
 * events per second for `seconds`; shard `shard` of `shards` publishes tasks n ≡ shard (mod shards).
 *
 * Why it is built this way: the first version encoded every event with `published()` (~50-100 µs
 * of CPU per event on this shared 2-core machine) and sent each PUBLISH as an ioredis command
 * object, so on a busy machine it reached 1,264-4,332 events/s whatever rate it was asked for.
 * Now events come pre-encoded from templates (lib/adapters/celery/testing/replay.ts, ~10x less
 * CPU), PUBLISH commands are written as raw RESP in one buffer per 5 ms tick over a plain socket
 * (no per-command object or promise; replies are only counted), and several shards run as
 * separate processes. It says how far behind its schedule it ever fell, so "published" can be told
 * from "asked for".
 *
 * Prints `{"tasks", "events", "publishMs", "cpuMs", "maxBehindMs", "errors"}` when every PUBLISH is
 * answered.
 * Usage: tsx celery-publisher.ts <redis url> <db> <rate> <seconds> <run id> [shard shards]
 */
import { connect } from 'node:net';
import { taskReplayer } from '../../lib/adapters/celery/testing/replay';

const [url, dbText, rateText, secondsText, runId, shardText = '0', shardsText = '1'] = process.argv.slice(2);
const db = Number(dbText);
const rate = Number(rateText);
const seconds = Number(secondsText);
const shard = Number(shardText);
const shards = Number(shardsText);
const TICK_MS = 5;
/** PUBLISHes written but not yet answered, at most: beyond it the publisher waits for Redis. */
const MAX_UNANSWERED = 20_000;

// Fixed widths keep the templates' constant parts on 3-byte boundaries (replay.ts).
const digits = 8;
let idWidth = `${runId}-`.length + digits;
while ((idWidth + 2) % 3 !== 0) idWidth++;
const pad = idWidth - `${runId}-`.length;
const replayer = taskReplayer({ db, idWidth, argsWidth: 16 });

const resp = (channel: string, message: string) =>
  `*3\r\n$7\r\nPUBLISH\r\n$${channel.length}\r\n${channel}\r\n$${message.length}\r\n${message}\r\n`;

async function main(): Promise<void> {
  const target = new URL(url!);
  const socket = connect({ host: target.hostname, port: Number(target.port || 6379) });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let answered = 0;
  let errors = 0;
  let lineStart = true;
  const waiters: Array<() => void> = [];
  socket.on('data', (chunk: Buffer) => {
    // Every PUBLISH answers one line (`:<receivers>` or `-ERR ...`); count the lines.
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (lineStart && byte === 0x2d) errors++;
      lineStart = byte === 0x0a;
      if (lineStart) answered++;
    }
    while (waiters.length) waiters.shift()!();
  });
  const answeredAtLeast = async (count: number) => {
    while (answered < count) await new Promise<void>((resolve) => waiters.push(resolve));
  };

  const perShard = rate / shards;
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  let n = shard;
  let tasks = 0;
  let written = 0;
  let maxBehindMs = 0;
  while (Date.now() - started < seconds * 1000) {
    const elapsed = Date.now() - started;
    const due = Math.floor(((elapsed / 1000) * perShard) / replayer.eventsPerTask);
    if (due - tasks > 0) maxBehindMs = Math.max(maxBehindMs, ((due - tasks) * replayer.eventsPerTask * 1000) / perShard);
    let buffer = '';
    while (tasks < due && written - answered < MAX_UNANSWERED) {
      const task = { id: `${runId}-${String(n).padStart(pad, '0')}`, start: Date.now() / 1000, args: `[${100_000_000 + n}, 'x']` };
      for (const { channel, message } of replayer.encode(n, task)) buffer += resp(channel, message);
      written += replayer.eventsPerTask;
      tasks++;
      n += shards;
      if (buffer.length > 1 << 20) {
        if (!socket.write(buffer)) await new Promise((resolve) => socket.once('drain', resolve));
        buffer = '';
      }
    }
    if (buffer) socket.write(buffer);
    if (written - answered >= MAX_UNANSWERED) await answeredAtLeast(written - MAX_UNANSWERED / 2);
    else await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await answeredAtLeast(written);
  const publishMs = Date.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  console.log(JSON.stringify({ tasks, events: written, publishMs, cpuMs: Math.round((cpu.user + cpu.system) / 1000), maxBehindMs: Math.round(maxBehindMs), errors }));
  socket.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
