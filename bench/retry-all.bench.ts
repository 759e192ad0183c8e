/**
 * `npm run bench:retry-all` — retry-all over 1,000,000 failed jobs: Yardmaster's
 * `POST /sources/{s}/queues/{q}/retry-all` against bull-board's retry-all handler
 * (`PUT /api/queues/{q}/retry/failed`), each on the same freshly seeded data in the same run. Each side
 * serves from its own child process, so its peak RSS (VmHWM) is its own. Reports wall time, peak RSS
 * and RSS growth of the serving process, checks that every job moved, and writes
 * bench/results/retry-all.md.
 *
 * Child mode (internal): `--serve=yardmaster|bull-board --redis=<url>` starts one server and prints
 * its URL as one JSON line.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { SourceRegistry } from '@/lib/adapters/registry';
import { createApiHandler } from '@/lib/api/handler';
import { YardmasterConfig } from '@/lib/config';
// @ts-expect-error -- plain ESM helper shared with the tests and demo
import { freePort, startRedis } from '../scripts/services.mjs';
import { formatCount, markdownTable } from './support/measure';
import { PREFIX, seedFailedQueue } from './support/seed';
import { serveWebHandler } from './support/servers';

const QUEUE = 'dead';
const JOBS = Number(process.env.RETRY_ALL_JOBS ?? 1_000_000);
/** bull-board loads jobs 100 at a time and retries them one by one; give it long enough, but bounded. */
const SIDE_TIMEOUT_MS = Number(process.env.RETRY_ALL_TIMEOUT_MS ?? 20 * 60_000);
const SAMPLE_MS = 100;
const here = dirname(fileURLToPath(import.meta.url));

type Side = 'yardmaster' | 'bull-board';

// ---- child: one server ----------------------------------------------------

async function serve(side: Side, redisUrl: string): Promise<void> {
  if (side === 'yardmaster') {
    const registry = new SourceRegistry(
      YardmasterConfig.parse({
        sources: [
          { id: 'bullmq', kind: 'bullmq', redis: redisUrl, prefix: PREFIX, queues: [QUEUE] },
        ],
      }),
    );
    const server = await serveWebHandler(
      createApiHandler({ registry, validateResponses: 'light' }),
    );
    console.log(
      JSON.stringify({
        url: `${server.url}/api/v1/sources/bullmq/queues/${QUEUE}/retry-all`,
        method: 'POST',
      }),
    );
    return;
  }
  // bull-board 9 as its users deploy it: express 5, a bullmq Queue, not read-only.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE, { connection, prefix: PREFIX });
  await queue.waitUntilReady();
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath('/bb');
  type BoardServerAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];
  createBullBoard({
    queues: [new BullMQAdapter(queue)],
    // See bench/support/servers.ts: two copies of @bull-board/api whose private fields clash in types.
    serverAdapter: serverAdapter as unknown as BoardServerAdapter,
  });
  const express = createRequire(import.meta.url)('express') as () => {
    use(path: string, handler: unknown): void;
    listen(port: number, host: string, done: () => void): unknown;
  };
  const app = express();
  app.use('/bb', serverAdapter.getRouter());
  const port: number = await freePort();
  await new Promise<void>((resolve) => app.listen(port, '127.0.0.1', resolve));
  console.log(
    JSON.stringify({
      url: `http://127.0.0.1:${port}/bb/api/queues/${QUEUE}/retry/failed`,
      method: 'PUT',
    }),
  );
}

// ---- parent: seed, run each side, measure ---------------------------------

interface Memory {
  rssKiB: number;
  hwmKiB: number;
}

function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}

function send(url: string, method: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method, headers: { 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.setTimeout(SIDE_TIMEOUT_MS, () =>
      req.destroy(new Error(`no answer within ${SIDE_TIMEOUT_MS} ms`)),
    );
    req.on('error', reject);
    req.end('{}');
  });
}

async function startChild(
  side: Side,
  redisUrl: string,
): Promise<{ child: ChildProcess; url: string; method: string }> {
  // node itself (not npx/tsx wrappers), so the pid measured is the serving process.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=react-server',
      join(here, 'retry-all.bench.ts'),
      `--serve=${side}`,
      `--redis=${redisUrl}`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: join(here, '..') },
  );
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ url: string; method: string }>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`${side} server exited (${code}) before it was ready`)),
    );
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { url?: string; method?: string };
        if (parsed.url && parsed.method) resolve({ url: parsed.url, method: parsed.method });
      } catch {
        // other output
      }
    });
  });
  return { child, ...ready };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface Outcome {
  side: Side;
  seedMs: number;
  ms: number;
  status: number;
  answer: string;
  baseline: Memory;
  peak: Memory;
  retried: number;
  leftFailed: number;
  finished: boolean;
}

async function runSide(
  side: Side,
  redis: { url: string; port: number },
  client: Redis,
): Promise<Outcome> {
  await client.flushall();
  const seedMs = await seedFailedQueue(redis.port, QUEUE, JOBS);
  const { child, url, method } = await startChild(side, redis.url);
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const baseline = memoryOf(child.pid!);
    let peakRss = baseline.rssKiB;
    const sampler = setInterval(() => {
      try {
        peakRss = Math.max(peakRss, memoryOf(child.pid!).rssKiB);
      } catch {
        // exited
      }
    }, SAMPLE_MS);
    const started = performance.now();
    let status = 0;
    let answer = '';
    let finished = true;
    try {
      ({ status, body: answer } = await send(url, method));
    } catch (error) {
      finished = false;
      answer = String(error);
    }
    const ms = performance.now() - started;
    clearInterval(sampler);
    const peak = memoryOf(child.pid!);
    const retried = await client.llen(`${PREFIX}:${QUEUE}:wait`);
    const leftFailed = await client.zcard(`${PREFIX}:${QUEUE}:failed`);
    return {
      side,
      seedMs,
      ms,
      status,
      answer: answer.slice(0, 200),
      baseline,
      peak: { rssKiB: peakRss, hwmKiB: peak.hwmKiB },
      retried,
      leftFailed,
      finished,
    };
  } finally {
    await stopChild(child);
  }
}

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const serveArg = process.argv.find((arg) => arg.startsWith('--serve='));
  if (serveArg) {
    const redisArg = process.argv.find((arg) => arg.startsWith('--redis='))!;
    await serve(serveArg.slice('--serve='.length) as Side, redisArg.slice('--redis='.length));
    return;
  }
  const redis = (await startRedis()) as { url: string; port: number; stop(): Promise<void> };
  const client = new Redis(redis.url);
  const outcomes: Outcome[] = [];
  try {
    for (const side of ['yardmaster', 'bull-board'] as const) {
      console.log(`seeding ${formatCount(JOBS)} failed jobs, then ${side} retry-all…`);
      const outcome = await runSide(side, redis, client);
      console.log(
        `${side}: ${(outcome.ms / 1000).toFixed(1)} s, HTTP ${outcome.status}, peak RSS ${mib(outcome.peak.hwmKiB)} ` +
          `(baseline ${mib(outcome.baseline.rssKiB)}), retried ${formatCount(outcome.retried)}, left failed ${formatCount(outcome.leftFailed)}`,
      );
      outcomes.push(outcome);
    }
  } finally {
    client.disconnect();
    await redis.stop();
  }

  const [ym, bb] = outcomes as [Outcome, Outcome];
  const rows = outcomes.map((o) => [
    o.side,
    o.finished
      ? `${(o.ms / 1000).toFixed(1)} s`
      : `did not finish in ${(SIDE_TIMEOUT_MS / 1000).toFixed(0)} s`,
    mib(o.peak.hwmKiB),
    mib(o.baseline.rssKiB),
    mib(Math.max(0, o.peak.hwmKiB - o.baseline.rssKiB)),
    formatCount(o.retried),
    formatCount(o.leftFailed),
    String(o.status),
  ]);
  const checks = [
    `${ym.retried === JOBS && ym.leftFailed === 0 ? 'PASS' : 'FAIL'} Yardmaster moved every job: ${formatCount(ym.retried)} waiting, ${formatCount(ym.leftFailed)} failed left`,
    `${ym.peak.hwmKiB <= 250 * 1024 ? 'PASS' : 'FAIL'} Yardmaster server peak RSS ≤ 250 MB (DESIGN.md): ${mib(ym.peak.hwmKiB)}`,
    `INFO time ratio bull-board / Yardmaster: ${bb.finished ? (bb.ms / ym.ms).toFixed(1) + '×' : 'bull-board did not finish'}`,
  ];
  const report = [
    '# Retry-all bench',
    '',
    `${new Date().toISOString()} · node ${process.version} · ${formatCount(JOBS)} failed jobs in one queue, seeded afresh for each side (raw RESP pipelines, ${(ym.seedMs / 1000).toFixed(1)} s).`,
    '',
    "Each side serves from its own child process (node + tsx), one request, measured from the parent: wall time of the HTTP call, the child's peak RSS (`VmHWM` from /proc) and its RSS just before the call. Yardmaster: `POST /api/v1/sources/bullmq/queues/dead/retry-all` (BullMQ's batched retry script, 1,000 jobs per call). bull-board 9: `PUT /api/queues/dead/retry/failed` (its handler loads jobs 100 at a time with `getJobs` and retries each with `job.retry`).",
    '',
    markdownTable(
      [
        'side',
        'time',
        'peak RSS',
        'RSS before',
        'growth',
        'jobs now waiting',
        'failed left',
        'HTTP',
      ],
      rows,
    ),
    '',
    ...checks.map((line) => `- ${line}`),
    '',
    `Yardmaster answered: \`${ym.answer}\``,
    '',
  ].join('\n');
  const out = join(here, 'results', 'retry-all.md');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, report);
  console.log(`\n${report}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
