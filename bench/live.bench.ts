/**
 * `npm run bench:live` — the live feed under load, against bull-board's polling, on its own
 * redis-server with real bullmq workers completing ~1,000 jobs/s:
 *   (a) latency from BullMQ's `completed` (the time Redis wrote the event) to an SSE client, p50/p99;
 *   (b) Redis commands/s the dashboard causes with 1, 10, 100 SSE clients, and bull-board with 1, 10,
 *       100 pollers of GET /api/queues at its UI's default interval (5 s, `pollingInterval: 5` in
 *       @bull-board/ui's settings store), from INFO commandstats deltas. The workers' own ~46
 *       commands per job (~46,000/s) vary by more than the whole dashboard costs, so "total minus
 *       the 0-viewer load" is noise; instead the dashboard's commands are counted by name (XREAD,
 *       EVAL + the calls its script makes, CLIENT LIST, SCAN, TIME: none of which the workers send,
 *       checked with 0 viewers), and bull-board, whose polls do not depend on the flow, is measured
 *       exactly right after the flow stops, on the same queue contents;
 *   (c) the Yardmaster server's RSS with 100 clients (the server runs in its own process).
 * Prints a table and the targets, writes bench/results/live.md. Bounded in time; stops all it started.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { LiveEvent } from '@/lib/live/events';
import { readSse } from '@/lib/live/sse-parser';
// @ts-expect-error -- plain ESM helper shared with the tests and demo
import { startRedis } from '../scripts/services.mjs';
import { OVERVIEW_SCRIPT, overviewKeys } from '@/lib/adapters/bullmq/overview-script';
import type { CommandCounts } from './support/measure';
import { commandCounts, commandDelta, formatMs, markdownTable, percentile } from './support/measure';
import type { RunningServer } from './support/servers';
import { startBullBoard } from './support/servers';

const QUEUE = 'bench-live';
const RATE_PER_S = 1_000;
/** bull-board UI default: `pollingInterval: 5` (seconds) in @bull-board/ui 9's settings store. */
const BULL_BOARD_POLL_MS = 5_000;
const PHASE_MS = 10_000;
const BULL_BOARD_PHASE_MS = 15_000;
const CLIENT_COUNTS = [1, 10, 100] as const;
const TARGETS = { p99Ms: 100, loadRatio: 1.2, rssMb: 250 };

const root = fileURLToPath(new URL('..', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface StartedRedis {
  url: string;
  stop(): Promise<void>;
}

/** The job flow (bench/support/live-load.ts) in its own process; `completed()` is its last report. */
async function startLoad(redisUrl: string) {
  let completed = 0;
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['bench/support/live-load.ts'], {
    cwd: root,
    env: { ...process.env, REDIS_URL: redisUrl, QUEUE, RATE: String(RATE_PER_S) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      completed = (JSON.parse(line) as { completed: number }).completed;
    } catch {
      // not a report
    }
  });
  return {
    completed: () => completed,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The Yardmaster server in its own process (so its RSS is its own). */
async function startYardmaster(redisUrl: string): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  // tsx itself (not npx): it relays SIGTERM to the server process.
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['--conditions=react-server', 'bench/support/live-server.ts'], {
    cwd: root,
    env: { ...process.env, REDIS_URL: redisUrl, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        // not ours
      }
    });
    child.once('exit', (code) => reject(new Error(`live server exited with ${code}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The hub's counters and the server process' own RSS (tsx runs it as a grandchild: ask it). */
async function serverStats(
  url: string,
): Promise<{ clients: number; rss: number; heapUsed: number; dropped: number }> {
  const response = await fetch(`${url}/bench/stats`);
  return (await response.json()) as { clients: number; rss: number; heapUsed: number; dropped: number };
}

interface SseClient {
  close(): Promise<void>;
}

/** An SSE client of the overview kind (the source and the queue), optionally on the job firehose. */
function sseClient(baseUrl: string, topics: string[], onJob?: (event: Extract<LiveEvent, { type: 'job' }>) => void): SseClient {
  const abort = new AbortController();
  const done = (async () => {
    const response = await fetch(`${baseUrl}/api/v1/events?topics=${encodeURIComponent(topics.join(','))}`, {
      signal: abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`events answered ${response.status}`);
    await readSse(response.body, (message) => {
      if (message.event !== 'job' || !onJob) return;
      // The hub built it from the schema; the timing client skips a zod parse per event.
      onJob(JSON.parse(message.data) as Extract<LiveEvent, { type: 'job' }>);
    });
  })().catch(() => {});
  return {
    async close() {
      abort.abort();
      await done;
    },
  };
}

/** Commands only the dashboard sends (the workers send none of them; the 0-viewer window checks). */
const DASHBOARD_COMMANDS = ['xread', 'eval', 'client|list', 'scan', 'time'] as const;

/** Calls a single overview EVAL makes inside Redis (they appear in commandstats under their names). */
async function callsPerOverview(stats: Redis): Promise<number> {
  const keys = overviewKeys('bull', [QUEUE]);
  const before = await commandCounts(stats);
  await stats.eval(OVERVIEW_SCRIPT, keys.length, ...keys);
  let calls = 0;
  for (const [name, stat] of commandDelta(before, await commandCounts(stats))) if (name !== 'eval') calls += stat.calls;
  return calls;
}

/** Dashboard commands per second in a window: its own command kinds, plus its script's inner calls. */
function dashboardRate(delta: CommandCounts, seconds: number, perOverview: number): number {
  let calls = 0;
  for (const name of DASHBOARD_COMMANDS) calls += delta.get(name)?.calls ?? 0;
  calls += (delta.get('eval')?.calls ?? 0) * perOverview;
  return calls / seconds;
}

/** Commands in a window and jobs completed in it. */
async function window(stats: Redis, load: { completed(): number }, ms: number) {
  const before: CommandCounts = await commandCounts(stats);
  const jobsBefore = load.completed();
  const started = performance.now();
  await sleep(ms);
  const delta = commandDelta(before, await commandCounts(stats));
  const seconds = (performance.now() - started) / 1000;
  let calls = 0;
  for (const stat of delta.values()) calls += stat.calls;
  return { seconds, calls, jobs: load.completed() - jobsBefore, delta };
}

async function main() {
  const redis = (await startRedis()) as StartedRedis;
  const stats = new Redis(redis.url);
  const perOverview = await callsPerOverview(stats);
  const load = await startLoad(redis.url);
  let yardmaster: Awaited<ReturnType<typeof startYardmaster>> | null = null;
  let board: RunningServer | null = null;
  const clients: SseClient[] = [];
  const pollers: { stop(): void }[] = [];
  let loadStopped = false;
  try {
    yardmaster = await startYardmaster(redis.url);
    await sleep(3_000); // workers warm, queue discovered

    // The workers' own load with nobody watching, and the check that they send no "dashboard" command.
    const base = await window(stats, load, PHASE_MS);
    const perJob = base.calls / base.jobs;
    const jobsPerS = base.jobs / base.seconds;
    const baseDashboardKinds = dashboardRate(base.delta, base.seconds, perOverview);
    console.log(
      `workers: ${jobsPerS.toFixed(0)} jobs/s, ${perJob.toFixed(1)} Redis commands per job; ` +
        `dashboard-kind commands with 0 viewers: ${baseDashboardKinds.toFixed(1)}/s (subtracted)`,
    );

    const latencies: Record<number, number[]> = {};
    // The firehose client lives through every phase; it records into the current phase's list.
    let timing: number[] = [];
    const dashboard: Record<number, { perS: number; xread: number; evals: number }> = {};
    let rss100 = 0;
    let heap100 = 0;
    for (const count of CLIENT_COUNTS) {
      const samples: number[] = [];
      while (clients.length < count) {
        // The first client also takes the queue's job firehose, to time every `completed`.
        const first = clients.length === 0;
        clients.push(
          sseClient(
            yardmaster.url,
            first ? ['bull', `bull/${QUEUE}`, `bull/jobs/${QUEUE}`] : ['bull', `bull/${QUEUE}`],
            first
              ? (event) => {
                  if (event.event === 'completed' && event.at !== null) timing.push(Date.now() - event.at);
                }
              : undefined,
          ),
        );
      }
      await sleep(2_000);
      timing = samples;
      const measured = await window(stats, load, PHASE_MS);
      timing = [];
      latencies[count] = samples;
      const server = await serverStats(yardmaster.url);
      if (server.clients !== count) console.warn(`  expected ${count} clients, the hub has ${server.clients}`);
      if (count === 100) {
        rss100 = server.rss / 1024 / 1024;
        heap100 = server.heapUsed / 1024 / 1024;
      }
      dashboard[count] = {
        perS: dashboardRate(measured.delta, measured.seconds, perOverview) - baseDashboardKinds,
        xread: (measured.delta.get('xread')?.calls ?? 0) / measured.seconds,
        evals: (measured.delta.get('eval')?.calls ?? 0) / measured.seconds,
      };
      console.log(
        `  ${count} SSE clients: ${dashboard[count].perS.toFixed(0)} cmd/s by the dashboard ` +
          `(xread ${dashboard[count].xread.toFixed(1)}/s, eval ${dashboard[count].evals.toFixed(1)}/s), ` +
          `${samples.length} completions timed, server RSS ${(server.rss / 1024 / 1024).toFixed(0)} MB, dropped ${server.dropped}`,
      );
    }
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await yardmaster.stop();
    yardmaster = null;

    // bull-board: N pollers of GET /api/queues at its default interval, each at its own phase, counted
    // exactly once the flow has stopped (its polls read the same things either way).
    await load.stop();
    loadStopped = true;
    board = await startBullBoard(redis.url, [QUEUE]);
    const quiet = await window(stats, load, 3_000);
    const quietRate = quiet.calls / quiet.seconds;
    const boardLoad: Record<number, number> = {};
    for (const count of CLIENT_COUNTS) {
      while (pollers.length < count) {
        const offset = Math.random() * BULL_BOARD_POLL_MS;
        let timer: ReturnType<typeof setInterval> | null = null;
        const poll = () => void fetch(`${board!.url}/api/queues?page=1&jobsPerPage=10`).then((r) => r.arrayBuffer()).catch(() => {});
        const start = setTimeout(() => {
          poll();
          timer = setInterval(poll, BULL_BOARD_POLL_MS);
        }, offset);
        pollers.push({
          stop() {
            clearTimeout(start);
            if (timer) clearInterval(timer);
          },
        });
      }
      await sleep(BULL_BOARD_POLL_MS);
      const measured = await window(stats, load, BULL_BOARD_PHASE_MS);
      boardLoad[count] = measured.calls / measured.seconds - quietRate;
      console.log(`  bull-board, ${count} pollers: ${boardLoad[count].toFixed(0)} cmd/s`);
    }

    const lat = (count: number) => {
      const sorted = [...(latencies[count] ?? [])].sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
    };
    const rows = CLIENT_COUNTS.map((count) => {
      const l = lat(count);
      return [
        String(count),
        `${formatMs(l.p50)} / ${formatMs(l.p99)} (${l.n})`,
        dashboard[count]!.perS.toFixed(0),
        boardLoad[count]!.toFixed(0),
      ];
    });
    const table = markdownTable(
      ['viewers', 'completed → SSE p50 / p99 ms (n)', 'Yardmaster cmd/s', 'bull-board cmd/s'],
      rows,
    );
    const p99 = lat(100).p99;
    const ratio = dashboard[100]!.perS / dashboard[1]!.perS;
    const boardRatio = boardLoad[100]! / boardLoad[1]!;
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const targets = [
      `- p99 latency at 100 clients ${formatMs(p99)} ms (target ≤ ${TARGETS.p99Ms}): ${verdict(p99 <= TARGETS.p99Ms)}`,
      `- Redis load 100 clients / 1 client: ${ratio.toFixed(2)}× (target ≤ ${TARGETS.loadRatio}×): ${verdict(ratio <= TARGETS.loadRatio)}; bull-board: ${boardRatio.toFixed(1)}×`,
      `- server RSS with 100 clients ${rss100.toFixed(0)} MB (target ≤ ${TARGETS.rssMb}): ${verdict(rss100 <= TARGETS.rssMb)}`,
    ];
    const report = [
      `Workers: ${jobsPerS.toFixed(0)} jobs/s (${perJob.toFixed(1)} Redis commands per job, ~${((perJob * jobsPerS) / 1000).toFixed(0)}k/s of their own).`,
      'Yardmaster: its own commands counted by name during the flow; bull-board: counted exactly with the flow stopped.',
      `Server RSS with 100 SSE clients: ${rss100.toFixed(0)} MB (heap used ${heap100.toFixed(0)} MB).`,
      '',
      table,
      '',
      ...targets,
    ].join('\n');
    console.log(`\n${report}\n`);
    const out = join(root, 'bench/results/live.md');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `# bench:live\n\n${report}\n`);
  } finally {
    for (const poller of pollers) poller.stop();
    await Promise.allSettled(clients.map((client) => client.close()));
    await board?.close();
    await yardmaster?.stop();
    if (!loadStopped) await load.stop();
    await stats.quit();
    await redis.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
