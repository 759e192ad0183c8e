/**
 * `npm run bench:celery` — the Celery ingest and task index on the bench's own redis-server:
 * 1. events replayed by child processes in the exact format a real 5.2 worker sends, at rising
 *    rates, every task counted against what was sent (none may be lost). Per rate: the rate the
 *    publishers actually reached beside the rate asked for and the rate ingested, and the CPU of
 *    each party (this process = the dashboard: adapter + ingest; Redis; the publishers) beside the
 *    whole machine's and its load average, so a busy machine can be told from a real ceiling;
 * 2. the index filled to 1,000,000 tasks (in its own key layout), then page 1, a deep page, a
 *    name+state filter, the queue overview and the task search language (AND, OR, text, prefix,
 *    time window; walking the smallest index set vs a Redis intersection) timed, p50/p95.
 * Writes bench/results/celery.md. BENCH_CELERY_RATES="5000,10000,15000,20000" (events/s; rates
 * from 10,000 up run BENCH_CELERY_SECONDS=60, lower ones 10 s), BENCH_CELERY_PUBLISHERS=2
 * (processes), BENCH_CELERY_PARTS="ingest,reads", BENCH_CELERY_TASKS=1000000.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createCeleryAdapter } from '@/lib/adapters/celery/adapter';
import { parseTaskQuery, toTaskSearch } from '@/lib/adapters/celery/task-query';
import { CelerySourceConfig } from '@/lib/config';
import type { TaskSearchPage } from '@/lib/store/celery-task-search';
import { celeryIndexPrefix, encodeTaskCursor } from '@/lib/store/redis/celery-task-index';
// @ts-expect-error -- plain ESM helper shared with the tests and demo
import { startRedis } from '../scripts/services.mjs';
import { formatMs, markdownTable, percentile } from './support/measure';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RATES = (process.env.BENCH_CELERY_RATES ?? '5000,10000,15000,20000').split(',').map(Number);
const LONG_SECONDS = Number(process.env.BENCH_CELERY_SECONDS ?? 60);
const PUBLISHERS = Number(process.env.BENCH_CELERY_PUBLISHERS ?? 2);
const PARTS = new Set((process.env.BENCH_CELERY_PARTS ?? 'ingest,reads').split(','));
const INDEX_SIZE = Number(process.env.BENCH_CELERY_TASKS ?? 1_000_000);
const SOURCE = 'bench';

interface StartedRedis { url: string; port: number; stop(): Promise<void> }
interface Published { tasks: number; events: number; publishMs: number; cpuMs: number; maxBehindMs: number; errors: number }

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

function pct(value: number): string {
  return `${value.toFixed(0)} %`;
}

function publish(url: string, rate: number, seconds: number, runId: string, shard: number): Promise<Published> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench/support/celery-publisher.ts'), url, '0', String(rate), String(seconds), runId, String(shard), String(PUBLISHERS)],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Published) : reject(new Error(`publisher exited ${code}`)))),
  );
}

/** Busy and total jiffies of the whole machine (every core), from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const values = fields.map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

async function redisCpuSeconds(admin: Redis): Promise<number> {
  const info = String(await admin.info('cpu'));
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_sys') + field('used_cpu_user');
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
  const cores = (await import('node:os')).cpus().length;

  // 1. Ingest at rising rates.
  if (PARTS.has('ingest')) {
    const ingestRows: string[][] = [];
    for (const rate of RATES) {
      const seconds = rate >= 10_000 ? LONG_SECONDS : 10;
      const before = await admin.zcard(`${prefix}i:s:completed`);
      const droppedBefore = ingest.stats.dropped;
      const eventsBefore = ingest.stats.events;
      const downsBefore = downs.length;
      const cpuBefore = process.cpuUsage();
      const machineBefore = machineTicks();
      const redisBefore = await redisCpuSeconds(admin);
      const wallBefore = Date.now();
      let peakRss = 0;
      const loads: number[] = [];
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
      const loadSampler = setInterval(() => loads.push(loadavg()[0]!), 1_000);
      const shards = await Promise.all(Array.from({ length: PUBLISHERS }, (_, shard) => publish(redis.url, rate, seconds, `r${rate}`, shard)));
      const sent = shards.reduce(
        (sum, s) => ({ tasks: sum.tasks + s.tasks, events: sum.events + s.events, cpuMs: sum.cpuMs + s.cpuMs, errors: sum.errors + s.errors }),
        { tasks: 0, events: 0, cpuMs: 0, errors: 0 },
      );
      const publishMs = Math.max(...shards.map((s) => s.publishMs));
      const behindMs = Math.max(...shards.map((s) => s.maxBehindMs));
      // Everything published is on its way; wait for the ingest to have seen and stored it all.
      let seen = -1;
      while (seen !== ingest.stats.events) {
        seen = ingest.stats.events;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      await ingest.drained();
      const wall = Date.now() - wallBefore;
      clearInterval(sampler);
      clearInterval(loadSampler);
      const cpu = process.cpuUsage(cpuBefore);
      const machineAfter = machineTicks();
      const redisCpu = (await redisCpuSeconds(admin)) - redisBefore;
      const stored = (await admin.zcard(`${prefix}i:s:completed`)) - before;
      const lost = sent.tasks - stored;
      const machineBusy = ((machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total)) * 100;
      // The ingest's rate: events it took in over the time until it had stored the last of them.
      const ingested = ((ingest.stats.events - eventsBefore) / wall) * 1000;
      const load = loads.length ? `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}` : loadavg()[0]!.toFixed(1);
      ingestRows.push([
        rate.toLocaleString('en'),
        String(seconds),
        Math.round((sent.events / publishMs) * 1000).toLocaleString('en'),
        Math.round(ingested).toLocaleString('en'),
        sent.tasks.toLocaleString('en'),
        stored.toLocaleString('en'),
        String(lost),
        String(ingest.stats.dropped - droppedBefore),
        String(downs.length - downsBefore),
        pct(((cpu.user + cpu.system) / 1000 / wall) * 100),
        pct(((redisCpu * 1000) / wall) * 100),
        pct((sent.cpuMs / publishMs) * 100),
        `${pct(machineBusy * cores)} of ${cores * 100} %`,
        load,
        `${behindMs} ms`,
        mb(peakRss),
        String(ingest.stats.peakBuffered),
      ]);
      console.log(
        `rate ${rate}/s: published ${Math.round((sent.events / publishMs) * 1000)}/s, ingested ${Math.round(ingested)}/s, sent ${sent.tasks} tasks, stored ${stored}, lost ${lost}, machine ${machineBusy.toFixed(0)} % busy, load ${load}, errors ${sent.errors}`,
      );
    }
    out.push(`## Ingest (events replayed in a real worker's format, 4 events per task, ${PUBLISHERS} publisher processes)`, '');
    out.push(
      markdownTable(
        ['asked events/s', 's', 'published events/s', 'ingested events/s', 'tasks sent', 'tasks stored SUCCESS', 'lost', 'dropped by ingest', 'subscription drops', 'dashboard CPU', 'Redis CPU', 'publishers CPU', 'machine busy', 'load avg (1 min) during', 'publishers max behind', 'peak RSS', 'peak buffered events'],
        ingestRows,
      ),
    );
    out.push(
      '',
      'CPU columns are % of one core over the run (the machine has ' +
        `${cores}); "machine busy" counts every process on it, ours and others'. "Ingested" is events taken in over the time until the last was stored.`,
      '',
    );
  }

  if (!PARTS.has('reads')) return finish();

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

  // The seeded sets bypass the ingest, so the lex sets of names and workers are not there: the
  // first prefix search rebuilds them (SCAN of the keyspace), once.
  await admin.del(`${prefix}names`, `${prefix}tworkers`, `${prefix}lex:ready`);
  const search = (q: string, scanLimit = 10_000) => adapter.index.search(toTaskSearch(parseTaskQuery(q)), { limit: 50, scanLimit });
  const backfillStart = performance.now();
  await search('name:bench.task1*');
  const backfillMs = performance.now() - backfillStart;

  const queries: Array<[string, string]> = [
    ['AND, both clauses from the index', 'name:bench.task7 state:completed'],
    ['AND, worker checked on the name set (all match)', 'name:bench.task7 worker:w3@bench'],
    ['AND, worker checked on the name set (none match: bounded)', 'name:bench.task7 worker:w1@bench'],
    ['OR of two AND branches', '(name:bench.task3 state:completed) OR (worker:w0@bench state:failed)'],
    ['text in the failed set', 'state:failed exception:boom'],
    ['text alone, frequent (10 % match)', 'exception:boom'],
    ['text alone, one deep task (bounded)', 'args:"123456,"'],
    ['name prefix (11 names) + state', 'name:bench.task1* state:completed'],
    // Absolute times: the fill above takes minutes, so "since:50m" would drift off the seeded hour.
    ['time window (100,000 ms) + state', `since:${new Date(base + 600_000).toISOString()} until:${new Date(base + 700_000).toISOString()} state:failed`],
    ['NOT: completed but not task7', 'state:completed -name:bench.task7'],
  ];
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['queue overview (getQueue celery)', () => adapter.getQueue('celery')],
    ['completed page 1 (50 rows)', () => adapter.listJobs('celery', { state: 'completed', limit: 50 })],
    ['completed page at row 400,000', () => adapter.listJobs('celery', { state: 'completed', limit: 50, cursor: deepCursor })],
    ['name + state filter (bench.task7, completed)', () => adapter.index.list({ state: 'completed', name: 'bench.task7', limit: 50 })],
    ['task detail (getJob)', () => adapter.getJob('celery', 'seed-12345')],
    ...queries.map(([label, q]): [string, () => Promise<unknown>] => [`search: ${label} — \`${q}\``, () => search(q)]),
    // What an intersection would cost instead of the walk, for the sparse AND above.
    ['Redis ZINTERCARD name ∩ worker (count only)', () => admin.zintercard(2, `${prefix}i:ns:completed:bench.task7`, `${prefix}i:w:w1@bench`)],
    [
      'Redis ZINTERSTORE name ∩ worker + first 50',
      async () => {
        const tmp = `${prefix}tmp:inter`;
        await admin.pipeline().zinterstore(tmp, 2, `${prefix}i:ns:completed:bench.task7`, `${prefix}i:w:w3@bench`).zrevrange(tmp, 0, 49).del(tmp).exec();
      },
    ],
  ];
  const timings = new Map<string, number[]>(calls.map(([label]) => [label, []]));
  const last = new Map<string, unknown>();
  const ROUNDS = Number(process.env.BENCH_CELERY_ROUNDS ?? 100);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, call] of calls) {
      const t0 = performance.now();
      last.set(label, await call());
      timings.get(label)!.push(performance.now() - t0);
    }
  }
  const readRows = calls.map(([label]) => {
    const sorted = [...timings.get(label)!].sort((a, b) => a - b);
    const page = last.get(label) as TaskSearchPage | undefined;
    const how =
      label.startsWith('search:') && page && Array.isArray(page.branches)
        ? `${page.tasks.length} rows; ${page.branches.map((b) => `${b.index}: ${b.candidates.toLocaleString('en')} candidates, ${b.scanned.toLocaleString('en')} checked${b.stoppedEarly ? ', stopped at the scan limit' : ''}`).join(' | ')}`
        : '';
    return [label, formatMs(percentile(sorted, 50)), formatMs(percentile(sorted, 95)), how];
  });
  const memory = String(await admin.info('memory')).match(/used_memory_human:(\S+)/)?.[1] ?? '?';
  out.push(`## Reads at ${total.toLocaleString('en')} tasks in the index (${ROUNDS} rounds, interleaved; search scan limit 10,000, 50 rows)`, '');
  out.push(markdownTable(['call', 'p50 ms', 'p95 ms', 'how it was answered'], readRows));
  out.push(
    '',
    `Load average (1 min) at the end: ${loadavg()[0]!.toFixed(1)}. The first prefix search rebuilt the name/worker lex sets by SCAN in ${formatMs(backfillMs)} ms (once). Dashboard RSS after: ${mb(process.memoryUsage().rss)}; Redis used_memory: ${memory}.`,
    '',
  );
  return finish();

  async function finish(): Promise<void> {
    const text = out.join('\n');
    console.log(`\n${text}`);
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    writeFileSync(join(root, `bench/results/celery${PARTS.size === 1 ? `-${[...PARTS][0]}` : ''}.md`), `${text}\n`);
    await adapter.close();
    admin.disconnect();
    await redis.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
