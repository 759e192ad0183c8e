/**
 * `npm run bench:celery` — the Celery ingest and task index on the bench's own redis-server:
 * 1. events replayed by a child process in the exact format a real 5.2 worker sends, at rising
 *    rates, every task counted against what was sent (none may be lost), with this process's CPU
 *    and peak RSS (this process is the dashboard: adapter + ingest);
 * 2. the index filled to 1,000,000 tasks (in its own key layout), then page 1, a deep page, a
 *    name+state filter and the queue overview timed, p50/p95.
 * Writes bench/results/celery.md. Rates and the long run's length: BENCH_CELERY_RATES="2500,5000,10000",
 * BENCH_CELERY_SECONDS=60 (the top rate; lower ones run 10 s).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createCeleryAdapter } from '@/lib/adapters/celery/adapter';
import { CelerySourceConfig } from '@/lib/config';
import { celeryIndexPrefix, encodeTaskCursor } from '@/lib/store/redis/celery-task-index';
// @ts-expect-error -- plain ESM helper shared with the tests and demo
import { startRedis } from '../scripts/services.mjs';
import { formatMs, markdownTable, percentile } from './support/measure';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RATES = (process.env.BENCH_CELERY_RATES ?? '2500,5000,10000,12500').split(',').map(Number);
const LONG_SECONDS = Number(process.env.BENCH_CELERY_SECONDS ?? 60);
const INDEX_SIZE = Number(process.env.BENCH_CELERY_TASKS ?? 1_000_000);
const SOURCE = 'bench';

interface StartedRedis { url: string; port: number; stop(): Promise<void> }

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

async function publish(url: string, rate: number, seconds: number, runId: string): Promise<{ tasks: number; events: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/support/celery-publisher.ts'), url, '0', String(rate), String(seconds), runId], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return JSON.parse(out.trim().split('\n').at(-1)!) as { tasks: number; events: number };
}

async function main(): Promise<void> {
  const redis = (await startRedis()) as StartedRedis;
  const url = `${redis.url}/0`;
  const admin = new Redis(url);
  const config = CelerySourceConfig.parse({ id: SOURCE, kind: 'celery', broker: url, enableEventsEveryMs: 0, maxTasks: 2_000_000, queues: ['celery'] });
  const adapter = createCeleryAdapter(config, { discoveryIntervalMs: 10_000 });
  const ingest = adapter.ingest!;
  const downs: number[] = [];
  ingest.subscribe({ status: (status) => status === 'down' && downs.push(Date.now()) });
  while (ingest.status !== 'up') await new Promise((resolve) => setTimeout(resolve, 50));
  const prefix = celeryIndexPrefix(SOURCE);
  const out: string[] = [`# Celery bench (${new Date().toISOString()})`, ''];

  // 1. Ingest at rising rates.
  const ingestRows: string[][] = [];
  for (const [n, rate] of RATES.entries()) {
    const seconds = n === RATES.length - 1 || rate === 10_000 ? LONG_SECONDS : 10;
    const before = await admin.zcard(`${prefix}i:s:completed`);
    const droppedBefore = ingest.stats.dropped;
    const cpuBefore = process.cpuUsage();
    const wallBefore = Date.now();
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
    const sent = await publish(redis.url, rate, seconds, `r${rate}`);
    // Everything published is on its way; wait for the ingest to have seen and stored it all.
    let seen = -1;
    while (seen !== ingest.stats.events) {
      seen = ingest.stats.events;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await ingest.drained();
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpuBefore);
    const wall = Date.now() - wallBefore;
    const stored = (await admin.zcard(`${prefix}i:s:completed`)) - before;
    const lost = sent.tasks - stored;
    const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
    ingestRows.push([
      String(rate),
      String(seconds),
      String(Math.round(sent.events / seconds)),
      String(sent.events),
      String(sent.tasks),
      String(stored),
      String(lost),
      String(ingest.stats.dropped - droppedBefore),
      `${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(0)} %`,
      mb(peakRss),
      String(ingest.stats.peakBuffered),
      load,
    ]);
    console.log(`rate ${rate}/s: sent ${sent.tasks} tasks, stored ${stored}, lost ${lost}, load ${load}`);
  }
  out.push('## Ingest (events replayed in a real worker\'s format, 4 events per task)', '');
  out.push(markdownTable(['target events/s', 's', 'sent events/s', 'events sent', 'tasks sent', 'tasks stored SUCCESS', 'lost', 'dropped by ingest', 'dashboard CPU', 'peak RSS', 'peak buffered events', 'load avg'], ingestRows));
  out.push('', `Subscription drops during the runs: ${downs.length}. The publisher is a separate process on the same 2 cores; "sent events/s" is what it achieved.`, '');

  // 2. Fill the index to INDEX_SIZE tasks in its own layout, then time the reads.
  const have = await admin.zcard(`${prefix}i:all`);
  const base = Date.now() - 3_600_000;
  for (let start = have; start < INDEX_SIZE; start += 2_000) {
    const pipeline = admin.pipeline();
    const sets = new Map<string, Array<string | number>>();
    const add = (key: string, score: number, id: string) => {
      let list = sets.get(key);
      if (!list) sets.set(key, (list = []));
      list.push(score, id);
    };
    for (let n = start; n < Math.min(start + 2_000, INDEX_SIZE); n++) {
      const id = `seed-${n}`;
      const failed = n % 10 === 0;
      const state = failed ? 'failed' : 'completed';
      const name = `bench.task${n % 20}`;
      const worker = `w${n % 4}@bench`;
      const at = base + n;
      pipeline.hset(`${prefix}t:${id}`, {
        state: failed ? 'FAILURE' : 'SUCCESS', nstate: state, at, name, queue: 'celery', worker, args: `[${n}, 'x']`, kwargs: '{}', argsBytes: 12,
        retries: 0, received: at - 3, started: at - 2, [failed ? 'failed' : 'succeeded']: at, ...(failed ? { exception: "ValueError('boom')" } : { result: '3' }),
        log: `${at - 3} task-received ${worker}\n${at - 2} task-started ${worker}\n${at} ${failed ? 'task-failed' : 'task-succeeded'} ${worker}`,
      });
      add(`${prefix}i:all`, at, id);
      add(`${prefix}i:s:${state}`, at, id);
      add(`${prefix}i:qs:${state}:celery`, at, id);
      add(`${prefix}i:ns:${state}:${name}`, at, id);
      add(`${prefix}i:w:${worker}`, at, id);
    }
    for (const [key, members] of sets) pipeline.zadd(key, ...members);
    await pipeline.exec();
  }
  const total = await admin.zcard(`${prefix}i:all`);
  const middle = await admin.zrevrange(`${prefix}i:qs:completed:celery`, 400_000, 400_000, 'WITHSCORES');
  const deepCursor = middle.length === 2 ? encodeTaskCursor(Number(middle[1]), middle[0]!) : null;
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['queue overview (getQueue celery)', () => adapter.getQueue('celery')],
    ['completed page 1 (50 rows)', () => adapter.listJobs('celery', { state: 'completed', limit: 50 })],
    ['completed page at row 400,000', () => adapter.listJobs('celery', { state: 'completed', limit: 50, cursor: deepCursor })],
    ['name + state filter (bench.task7, completed)', () => adapter.index.list({ state: 'completed', name: 'bench.task7', limit: 50 })],
    ['task detail (getJob)', () => adapter.getJob('celery', 'seed-12345')],
  ];
  const timings = new Map<string, number[]>(calls.map(([label]) => [label, []]));
  for (let round = 0; round < 200; round++) {
    for (const [label, call] of calls) {
      const t0 = performance.now();
      await call();
      timings.get(label)!.push(performance.now() - t0);
    }
  }
  const readRows = calls.map(([label]) => {
    const sorted = [...timings.get(label)!].sort((a, b) => a - b);
    return [label, formatMs(percentile(sorted, 50)), formatMs(percentile(sorted, 95))];
  });
  const memory = String(await admin.info('memory')).match(/used_memory_human:(\S+)/)?.[1] ?? '?';
  out.push(`## Reads at ${total.toLocaleString('en')} tasks in the index (200 rounds, interleaved)`, '');
  out.push(markdownTable(['call', 'p50 ms', 'p95 ms'], readRows));
  out.push('', `Dashboard RSS after: ${mb(process.memoryUsage().rss)}; Redis used_memory: ${memory}.`, '');
  const text = out.join('\n');
  console.log(`\n${text}`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/celery.md'), `${text}\n`);
  await adapter.close();
  admin.disconnect();
  await redis.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
