/**
 * `npm run bench:read` — the read path against bull-board, side by side on one seeded Redis:
 * the overview of 201 queues, page 1 and page 10,000 of 1,000,000 completed jobs, page 1 of 100,000
 * waiting ones. Prints p50/p95, Redis commands and round trips per call, checks DESIGN.md's budgets
 * and writes the table to bench/results/read.md. Starts and stops everything it needs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createBullmqAdapter } from '@/lib/adapters/bullmq/adapter';
import { encodeCursor } from '@/lib/adapters/bullmq/paging';
import { SourceRegistry } from '@/lib/adapters/registry';
import type { SourceAdapter } from '@/lib/adapters/types';
import { createApiHandler } from '@/lib/api/handler';
import { YardmasterConfig } from '@/lib/config';
// @ts-expect-error -- plain ESM helper shared with the tests and demo
import { startRedis } from '../scripts/services.mjs';
import type { Accounting, Call, Timing, TimingOptions } from './support/measure';
import {
  account,
  formatCount,
  formatMs,
  httpCall,
  markdownTable,
  timeInterleaved,
} from './support/measure';
import { startRoundTripProxy } from './support/round-trip-proxy';
import { BIG_QUEUE, seed } from './support/seed';
import type { RunningServer } from './support/servers';
import { serveWebHandler, startBullBoard } from './support/servers';

const PLAN = { smallQueues: 200, bigCompleted: 1_000_000, bigWaiting: 100_000 };
const PAGE_SIZE = 50;
const FAR_PAGE = 10_000;
const SOURCE_ID = 'bullmq';
/** Every call once per round, round-robin; bounded in rounds and in time. */
const TIMING: TimingOptions = { warmup: 3, rounds: 50, minRounds: 10, maxMs: 120_000 };
/** Calls per untimed accounting pass (commands and round trips are deterministic; a few suffice). */
const ACCOUNT_CALLS = 3;

interface StartedRedis {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

interface Case {
  label: string;
  /** The same read straight on an adapter, without HTTP. */
  direct: (adapter: SourceAdapter) => Promise<unknown>;
  /** Path below /api/v1. */
  yardmaster: string;
  /** Path below bull-board's mount. */
  bullBoard: string;
  /** Id of the first job both sides must return, so the two really read the same page. */
  firstJobId: string | null;
}

interface Side {
  timing: Timing;
  accounting: Accounting;
}

interface Result {
  label: string;
  yardmaster: Side;
  bullBoard: Side;
  /** The adapter alone (no HTTP, no JSON), timed in the same rounds. */
  adapterOnly: Timing;
  /** From the adapter's onRoundTrip hook: one per pipeline exec. */
  yardmasterTrips: number;
  /** From the counting proxy, over HTTP through the registry: should agree with the hook. */
  yardmasterProxyTrips: number;
}

function cases(): Case[] {
  const jobs = `/sources/${SOURCE_ID}/queues/${BIG_QUEUE}/jobs`;
  const farOffset = (FAR_PAGE - 1) * PAGE_SIZE;
  // What the adapter itself hands out on page 9,999; clients treat it as opaque.
  const farCursor = encodeCursor({ offset: farOffset, total: PLAN.bigCompleted });
  const boardPage = (status: string, page: number) =>
    `/api/queues?activeQueue=${BIG_QUEUE}&status=${status}&page=${page}&jobsPerPage=${PAGE_SIZE}`;
  return [
    {
      label: 'overview (201 queues)',
      direct: (adapter) => adapter.listQueues(),
      yardmaster: `/sources/${SOURCE_ID}/queues`,
      bullBoard: '/api/queues',
      firstJobId: null,
    },
    {
      label: 'completed page 1 (of 1M)',
      direct: (adapter) => adapter.listJobs(BIG_QUEUE, { state: 'completed', limit: PAGE_SIZE }),
      yardmaster: `${jobs}?state=completed&limit=${PAGE_SIZE}`,
      bullBoard: boardPage('completed', 1),
      firstJobId: String(PLAN.bigCompleted),
    },
    {
      label: `completed page ${FAR_PAGE.toLocaleString('en')}`,
      direct: (adapter) =>
        adapter.listJobs(BIG_QUEUE, { state: 'completed', limit: PAGE_SIZE, cursor: farCursor }),
      yardmaster: `${jobs}?state=completed&limit=${PAGE_SIZE}&cursor=${farCursor}`,
      bullBoard: boardPage('completed', FAR_PAGE),
      firstJobId: String(PLAN.bigCompleted - farOffset),
    },
    {
      label: 'waiting page 1 (of 100k)',
      direct: (adapter) => adapter.listJobs(BIG_QUEUE, { state: 'waiting', limit: PAGE_SIZE }),
      yardmaster: `${jobs}?state=waiting&limit=${PAGE_SIZE}`,
      bullBoard: boardPage('waiting', 1),
      firstJobId: String(PLAN.bigCompleted + PLAN.bigWaiting),
    },
  ];
}

/** Both sides must return the same first job and a full page, or the comparison means nothing. */
async function checkSamePage(
  bench: Case,
  yardmasterBase: string,
  boardBase: string,
): Promise<void> {
  if (!bench.firstJobId) return;
  const ours = (await (await fetch(yardmasterBase + bench.yardmaster)).json()) as {
    jobs?: { id: string }[];
  };
  const theirs = (await (await fetch(boardBase + bench.bullBoard)).json()) as {
    queues?: { name: string; jobs: { id: string }[] }[];
  };
  const theirJobs = theirs.queues?.find((queue) => queue.name === BIG_QUEUE)?.jobs;
  const got = `yardmaster ${ours.jobs?.[0]?.id} (${ours.jobs?.length} rows), bull-board ${theirJobs?.[0]?.id} (${theirJobs?.length} rows)`;
  if (
    ours.jobs?.[0]?.id !== bench.firstJobId ||
    theirJobs?.[0]?.id !== bench.firstJobId ||
    ours.jobs.length !== PAGE_SIZE ||
    theirJobs.length !== PAGE_SIZE
  ) {
    throw new Error(
      `${bench.label}: expected first job ${bench.firstJobId} and ${PAGE_SIZE} rows; got ${got}`,
    );
  }
}

function bullmqConfig(redisUrl: string): YardmasterConfig {
  return YardmasterConfig.parse({
    sources: [{ id: SOURCE_ID, kind: 'bullmq', redis: redisUrl }],
    // Discovery scans on the first call; keep its periodic re-SCAN out of the measured window.
    discoveryIntervalMs: 3_600_000,
  });
}

/** Yardmaster as deployed: the registry built from config, the core handler, a Node HTTP host. */
async function startYardmaster(
  redisUrl: string,
): Promise<RunningServer & { registry: SourceRegistry }> {
  const registry = new SourceRegistry(bullmqConfig(redisUrl));
  // `light` is what production runs: heavy responses (job pages) skip the response-schema parse.
  const server = await serveWebHandler(createApiHandler({ registry, validateResponses: 'light' }));
  return {
    registry,
    url: `${server.url}/api/v1`,
    async close() {
      await server.close();
      await registry.close();
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | null = null;
/** Undo everything started so far, newest first; safe to call twice (error + signal). */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      await step().catch((error: unknown) => console.error('cleanup step failed:', error));
    }
  })();
  return cleaning;
}

/** Register the undo of what `start` returns before doing anything else. */
async function started<T extends { close(): Promise<void> }>(start: Promise<T>): Promise<T> {
  const thing = await start;
  cleanups.push(() => thing.close());
  return thing;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping redis-server and both servers`);
    void cleanup().finally(() => process.exit(130));
  });
}

const pair = (a: string, b: string) => `${a} / ${b}`;
const timingCell = (timing: Timing) => pair(formatMs(timing.p50), formatMs(timing.p95));

function report(results: Result[], context: string[]): { text: string; passed: boolean } {
  const table = markdownTable(
    [
      'call',
      'yardmaster p50 / p95 ms',
      'bull-board p50 / p95 ms',
      'ratio (p50)',
      'redis cmds/call (ym / bb)',
      'round trips/call (ym / bb)',
      'redis server ms/call (ym / bb)',
      'response KiB (ym / bb)',
    ],
    results.map((r) => [
      r.label,
      timingCell(r.yardmaster.timing),
      timingCell(r.bullBoard.timing),
      `${(r.bullBoard.timing.p50 / r.yardmaster.timing.p50).toFixed(1)}×`,
      pair(
        formatCount(r.yardmaster.accounting.commandsPerCall),
        formatCount(r.bullBoard.accounting.commandsPerCall),
      ),
      pair(
        formatCount(r.yardmasterTrips),
        formatCount(r.bullBoard.accounting.roundTripsPerCall ?? Number.NaN),
      ),
      pair(
        formatMs(r.yardmaster.accounting.redisMsPerCall),
        formatMs(r.bullBoard.accounting.redisMsPerCall),
      ),
      pair(
        (r.yardmaster.timing.bytes / 1024).toFixed(1),
        (r.bullBoard.timing.bytes / 1024).toFixed(1),
      ),
    ]),
  );
  const [overview, first, far, waiting] = results as [Result, Result, Result, Result];
  const pages = [first, far, waiting];
  const p50 = (r: Result) => r.yardmaster.timing.p50;
  const checks: [string, boolean, string][] = [
    [
      'overview ≥10× faster than bull-board (p50)',
      overview.bullBoard.timing.p50 >= 10 * p50(overview),
      `${(overview.bullBoard.timing.p50 / p50(overview)).toFixed(1)}×`,
    ],
    [
      'overview in one Redis round trip',
      overview.yardmasterTrips <= 1,
      formatCount(overview.yardmasterTrips),
    ],
    [
      'a page in ≤2 Redis round trips',
      pages.every((page) => page.yardmasterTrips <= 2),
      pages.map((page) => formatCount(page.yardmasterTrips)).join(', '),
    ],
    [
      `page ${FAR_PAGE.toLocaleString('en')} within 2× of page 1 (p50)`,
      p50(far) <= 2 * p50(first),
      `${formatMs(p50(far))} vs ${formatMs(p50(first))} ms = ${(p50(far) / p50(first)).toFixed(2)}×`,
    ],
  ];
  const targets = checks
    .map(([name, ok, detail]) => `- ${ok ? 'PASS' : 'FAIL'} ${name}: ${detail}`)
    .join('\n');
  const top = (accounting: Accounting) =>
    accounting.breakdown
      .slice(0, 6)
      .map(([name, calls]) => `${name} ${formatCount(calls)}`)
      .join(', ');
  const details = results
    .map(
      (r) =>
        `- ${r.label}: Yardmaster adapter alone (no HTTP/JSON) ${timingCell(r.adapterOnly)} ms; ` +
        `round trips by hook ${formatCount(r.yardmasterTrips)}, by proxy ${formatCount(r.yardmasterProxyTrips)}. ` +
        `Commands — yardmaster: ${top(r.yardmaster.accounting)} · bull-board: ${top(r.bullBoard.accounting)}`,
    )
    .join('\n');
  const iterations = results
    .map((r) => `${r.yardmaster.timing.iterations} / ${r.bullBoard.timing.iterations}`)
    .join(', ');
  const text = [
    '# Read bench',
    '',
    ...context,
    '',
    table,
    '',
    '## Targets (DESIGN.md)',
    '',
    targets,
    '',
    '## Details (commands per call, top 6, Lua-internal calls included)',
    '',
    details,
    '',
    `Timed calls per row (yardmaster / bull-board): ${iterations}.`,
  ].join('\n');
  return { text, passed: checks.every(([, ok]) => ok) };
}

async function main(): Promise<void> {
  const redis = (await startRedis()) as StartedRedis;
  // stop() ends redis-server by its own pid; it runs last, after everything that talks to it.
  cleanups.push(() => redis.stop());
  console.log(`redis-server pid ${redis.pid} on ${redis.url}`);
  const stats = new Redis(redis.url);
  cleanups.push(() =>
    stats.quit().then(
      () => undefined,
      () => stats.disconnect(),
    ),
  );

  console.log(
    `seeding ${PLAN.smallQueues} small queues + "${BIG_QUEUE}" (${PLAN.bigCompleted.toLocaleString('en')} completed, ` +
      `${PLAN.bigWaiting.toLocaleString('en')} waiting)…`,
  );
  const seeded = await seed(redis.port, PLAN);
  const memory = /used_memory_human:(\S+)/.exec(await stats.info('memory'))?.[1] ?? '?';
  const redisVersion = /redis_version:(\S+)/.exec(await stats.info('server'))?.[1] ?? '?';
  const keys = await stats.dbsize();
  const seedLine =
    `Seeded ${seeded.queueNames.length} queues, ${seeded.jobs.toLocaleString('en')} jobs, ${keys.toLocaleString('en')} keys ` +
    `in ${(seeded.ms / 1000).toFixed(1)} s (${seeded.commands.toLocaleString('en')} commands, raw RESP pipelines); ` +
    `Redis ${redisVersion} uses ${memory}.`;
  console.log(seedLine);

  // Timed: both servers straight on Redis.
  const ours = await started(startYardmaster(redis.url));
  const board = await started(startBullBoard(redis.url, seeded.queueNames));
  // Counted, untimed: a twin of each behind a round-trip counting proxy, and a bare adapter with the hook.
  const oursProxy = await started(startRoundTripProxy(redis.port));
  const boardProxy = await started(startRoundTripProxy(redis.port));
  const oursCounted = await started(startYardmaster(oursProxy.url));
  const boardCounted = await started(startBullBoard(boardProxy.url, seeded.queueNames));
  let hookTrips = 0;
  const hooked = createBullmqAdapter(
    { id: SOURCE_ID, kind: 'bullmq', redis: redis.url, prefix: 'bull', readOnly: true },
    { discoveryIntervalMs: 3_600_000, onRoundTrip: () => void hookTrips++ },
  );
  cleanups.push(() => hooked.close());
  const hookCounter = { read: () => hookTrips };

  const benches = cases();
  for (const bench of benches) await checkSamePage(bench, ours.url, board.url);
  console.log('both sides return the same pages; accounting (untimed)…');

  const accounted: { ours: Accounting; theirs: Accounting; hook: Accounting; proxy: Accounting }[] =
    [];
  for (const bench of benches) {
    accounted.push({
      ours: await account(
        httpCall(oursCounted.url + bench.yardmaster),
        stats,
        ACCOUNT_CALLS,
        oursProxy,
      ),
      theirs: await account(
        httpCall(boardCounted.url + bench.bullBoard),
        stats,
        ACCOUNT_CALLS,
        boardProxy,
      ),
      hook: await account(() => bench.direct(hooked), stats, ACCOUNT_CALLS, hookCounter),
      proxy: await account(
        httpCall(oursCounted.url + bench.yardmaster),
        stats,
        ACCOUNT_CALLS,
        oursProxy,
      ),
    });
  }

  console.log(`timing, interleaved: up to ${TIMING.rounds} rounds of every call…`);
  const calls: Call[] = benches.flatMap((bench) => [
    httpCall(ours.url + bench.yardmaster),
    httpCall(board.url + bench.bullBoard),
    async () => {
      await bench.direct(hooked);
      return 0;
    },
  ]);
  const timings = await timeInterleaved(calls, TIMING);

  const results = benches.map((bench, index): Result => {
    const counts = accounted[index]!;
    return {
      label: bench.label,
      yardmaster: { timing: timings[index * 3]!, accounting: counts.ours },
      bullBoard: { timing: timings[index * 3 + 1]!, accounting: counts.theirs },
      adapterOnly: timings[index * 3 + 2]!,
      yardmasterTrips: counts.hook.roundTripsPerCall ?? Number.NaN,
      yardmasterProxyTrips: counts.proxy.roundTripsPerCall ?? Number.NaN,
    };
  });

  const context = [
    `${new Date().toISOString()} · node ${process.version} · ${seedLine}`,
    '',
    'Both sides over HTTP + JSON on loopback in one process, timed round-robin (one call of each per round) so machine drift hits all alike.',
    `Yardmaster: \`createApiHandler\` over \`SourceRegistry\` (one bullmq source, discovered queues; response validation \`light\`, as in production) on node:http. ` +
      `bull-board 9 (\`@bull-board/api\` + \`@bull-board/express\` on express 5, defaults, so showWorkers is on) with all ${seeded.queueNames.length} queues as bullmq \`Queue\`s sharing one connection.`,
    'bull-board has no separate page call: `GET /api/queues?activeQueue=big&status=…&page=…&jobsPerPage=50` also loads counts, paused, concurrency, ' +
      'rate limit, scheduler count and workers of every queue; that is what its UI fetches and what is measured. Its overview is `GET /api/queues` ' +
      'with no parameters (the same per-queue work, no jobs).',
    "Commands and round trips come from untimed passes. Yardmaster's round trips from the adapter's `onRoundTrip` hook (one per pipeline); bull-board's " +
      'from a counting TCP proxy in front of Redis: a trip starts whenever the client sends after Redis has answered since its last send, so a ' +
      'pipeline or a burst of un-awaited commands counts once and an awaited command counts again (the same proxy agrees with the hook for Yardmaster).',
  ];
  const { text, passed } = report(results, context);
  console.log(`\n${text}\n`);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'read.md');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${text}\n`);
  console.log(`targets ${passed ? 'all met' : 'NOT all met'}; table saved to ${out}`);
}

main()
  .then(cleanup, async (error: unknown) => {
    // After Ctrl-C, whatever main was doing fails as its connections close: not worth printing.
    if (!interrupted) console.error(error);
    await cleanup();
    process.exitCode = 1;
  })
  .finally(() => {
    // Everything is closed by now; if some handle still holds the loop open, say so and leave anyway.
    setTimeout(() => {
      console.error('open handles remained after cleanup; exiting');
      process.exit(process.exitCode ?? 0);
    }, 5_000).unref();
  });
