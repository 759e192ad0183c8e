/**
 * `npm run bench:ui` — what an operator waits for in Chromium: the overview, a queue and a job, as
 * first loads (a new browser context: no cache) and as in-app navigations (overview → queue → job →
 * back), for Yardmaster (the built app under `next start`) and bull-board 9 (its own UI on express)
 * on the same demo-like Redis in the same run, timed round-robin. Each time is until the page's
 * content is visible (a selector per page, checked every frame), in the page's own clock; each
 * page's Cumulative Layout Shift is summed from `layout-shift` entries without recent input until
 * it has been still for SETTLE_MS. Prints and writes bench/results/ui.md. Never part of `npm test`.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
// @ts-expect-error -- plain ESM helper shared with the tests and demo
import { freePort, startRedis } from '../scripts/services.mjs';
import { formatMs, markdownTable, percentile } from './support/measure';
import type { RunningServer } from './support/servers';
import { startBullBoard } from './support/servers';
import { UI_QUEUES, seedUi } from './support/ui-seed';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_ID = 'bullmq';
const QUEUE = 'emails';
const PLAN = { completed: 600, failed: 150, delayed: 20, waiting: 30 };
/** Rounds after one warm-up round; each round runs both apps, in alternating order. */
const ROUNDS = 8;
/** How long a page must have been on screen before its layout shift is read. */
const SETTLE_MS = 1_000;
const VIEWPORT = { width: 1440, height: 900 };
const TARGETS = { warmNavigationMs: 300, firstLoadMs: 1_000, cls: 0.05 };

interface StartedRedis {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** A page is shown once its path matches and every selector has a visible element. */
interface Target {
  path: RegExp;
  selectors: string[];
}

interface App {
  label: string;
  base: string;
  overview: string;
  queue: string;
  /** Filled in from the queue page: the job its first link opens. */
  job?: string;
  targets: { overview: Target; queue: Target; job: Target };
  /** The link the operator clicks on the overview and on the queue page. */
  queueLink: string;
  jobLink: string;
}

function yardmaster(base: string): App {
  const queue = `/sources/${SOURCE_ID}/queues/${QUEUE}`;
  return {
    label: 'Yardmaster',
    base,
    overview: '/',
    queue,
    targets: {
      overview: { path: /^\/$/, selectors: [`main a[href="${queue}"]`] },
      queue: { path: new RegExp(`^${queue}$`), selectors: [`main a[href^="${queue}/jobs/"]`] },
      // The job's header and its open tab (data, or the error of a failed job).
      job: {
        path: new RegExp(`^${queue}/jobs/`),
        selectors: ['main [data-testid="job-header"]', 'main [role="tabpanel"]'],
      },
    },
    queueLink: `main a[href="${queue}"]`,
    jobLink: `main a[href^="${queue}/jobs/"]`,
  };
}

function bullBoard(base: string): App {
  const queue = `/bb/queue/${QUEUE}`;
  return {
    label: 'bull-board',
    base: base.replace(/\/bb$/, ''),
    overview: '/bb/',
    queue,
    targets: {
      // The sidebar lists queues at once; the overview's own content is each queue's card.
      overview: { path: /^\/bb\/?$/, selectors: [`main a[href="${queue}?status=failed"]`] },
      queue: { path: new RegExp(`^${queue}$`), selectors: [`main a[href^="${queue}/"]`] },
      // Only the job page has a "back to the queue" link, and its tabs hold the job's data.
      job: {
        path: new RegExp(`^${queue}/`),
        selectors: [`main a[href="${queue}"] .lucide-chevron-left`, 'main [role="tabpanel"]'],
      },
    },
    queueLink: `main a[href="${queue}"]`,
    jobLink: `main a[href^="${queue}/"]`,
  };
}

/** Installed in every page before its scripts: layout shifts and the last click, in page time. */
function installProbes() {
  const probe = { cls: 0, clickAt: 0 };
  (window as unknown as { __bench: typeof probe }).__bench = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<
      PerformanceEntry & { value: number; hadRecentInput: boolean }
    >) {
      if (!entry.hadRecentInput) probe.cls += entry.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
  addEventListener('click', (event) => (probe.clickAt = event.timeStamp), true);
}

/** Page time (ms since navigation start) when `target` is first visible, checked every frame. */
async function shownAt(page: Page, target: Target): Promise<number> {
  const handle = await page.waitForFunction(
    ({ path, selectors }) => {
      if (!new RegExp(path).test(location.pathname)) return false;
      const visible = selectors.every((selector) => {
        const element = document.querySelector(selector);
        if (!element) return false;
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.height > 0;
      });
      return visible ? performance.now() : false;
    },
    { path: target.path.source, selectors: target.selectors },
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function settledShift(page: Page): Promise<number> {
  await page.waitForTimeout(SETTLE_MS);
  return page.evaluate(() => (window as unknown as { __bench: { cls: number } }).__bench.cls);
}

const resetShift = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { __bench: { cls: number } }).__bench.cls = 0;
  });

interface Sample {
  ms: number;
  cls: number;
}
type Step =
  | 'first load: overview'
  | 'first load: queue'
  | 'first load: job'
  | 'overview → queue'
  | 'queue → job'
  | 'job → back to queue';
type Samples = Map<Step, Sample[]>;

function record(samples: Samples, step: Step, sample: Sample) {
  samples.set(step, [...(samples.get(step) ?? []), sample]);
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(installProbes);
  return context;
}

async function firstLoad(
  browser: Browser,
  app: App,
  path: string,
  target: Target,
): Promise<Sample> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(app.base + path, { waitUntil: 'commit' });
    const ms = await shownAt(page, target);
    return { ms, cls: await settledShift(page) };
  } finally {
    await context.close();
  }
}

/** Click `link` and time until `target` shows, from the click event's own timestamp. */
async function clickThrough(page: Page, link: string, target: Target): Promise<Sample> {
  await resetShift(page);
  await page.locator(link).first().click();
  const at = await shownAt(page, target);
  const clickAt = await page.evaluate(
    () => (window as unknown as { __bench: { clickAt: number } }).__bench.clickAt,
  );
  return { ms: at - clickAt, cls: await settledShift(page) };
}

async function runApp(browser: Browser, app: App, samples: Samples | null) {
  const keep = (step: Step, sample: Sample) => samples && record(samples, step, sample);
  // The operator's walk, in one context: a cold overview, then in-app navigation.
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(app.base + app.overview, { waitUntil: 'commit' });
    const overviewMs = await shownAt(page, app.targets.overview);
    keep('first load: overview', { ms: overviewMs, cls: await settledShift(page) });
    keep('overview → queue', await clickThrough(page, app.queueLink, app.targets.queue));
    keep('queue → job', await clickThrough(page, app.jobLink, app.targets.job));
    app.job ??= new URL(page.url()).pathname;
    await resetShift(page);
    const backAt = await page.evaluate(() => {
      const at = performance.now();
      history.back();
      return at;
    });
    const shown = await shownAt(page, app.targets.queue);
    keep('job → back to queue', { ms: shown - backAt, cls: await settledShift(page) });
  } finally {
    await context.close();
  }
  keep('first load: queue', await firstLoad(browser, app, app.queue, app.targets.queue));
  keep('first load: job', await firstLoad(browser, app, app.job!, app.targets.job));
}

interface NextServer extends RunningServer {
  child: ChildProcess;
}

/** The built app under `next start` on a free port, in its own process group (stopped by pid). */
async function startNext(redisUrl: string): Promise<NextServer> {
  if (!existsSync(join(root, '.next', 'BUILD_ID'))) {
    console.log('no build in .next: running next build once…');
    const build = spawn('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => build.once('exit', resolve));
    if (code !== 0) throw new Error(`next build exited with ${code}`);
  }
  const port: number = await freePort();
  const sources = { sources: [{ id: SOURCE_ID, kind: 'bullmq', redis: redisUrl }] };
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules', 'next', 'dist', 'bin', 'next'),
      'start',
      '--hostname',
      '127.0.0.1',
      '--port',
      String(port),
    ],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production', YARDMASTER_SOURCES: JSON.stringify(sources) },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${url}/`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error('next start did not answer');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    url,
    child,
    async close() {
      if (child.exitCode === null) {
        process.kill(-child.pid!, 'SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      }
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      await step().catch((error: unknown) => console.error('cleanup step failed:', error));
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the browser, both servers and redis-server`);
    void cleanup().finally(() => process.exit(130));
  });
}

const STEPS: Step[] = [
  'first load: overview',
  'first load: queue',
  'first load: job',
  'overview → queue',
  'queue → job',
  'job → back to queue',
];
const isFirstLoad = (step: Step) => step.startsWith('first load');

function summary(samples: Sample[]) {
  const ms = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  return {
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    worstCls: Math.max(...samples.map((sample) => sample.cls)),
  };
}

function report(ours: Samples, theirs: Samples, context: string[]): string {
  const rows = STEPS.map((step) => {
    const a = summary(ours.get(step) ?? []);
    const b = summary(theirs.get(step) ?? []);
    const target = isFirstLoad(step) ? TARGETS.firstLoadMs : TARGETS.warmNavigationMs;
    const verdict = a.p95 < target && a.worstCls < TARGETS.cls ? 'PASS' : 'FAIL';
    return [
      step,
      `${formatMs(a.p50)} / ${formatMs(a.p95)}`,
      `${formatMs(b.p50)} / ${formatMs(b.p95)}`,
      `${(b.p50 / a.p50).toFixed(1)}×`,
      `${a.worstCls.toFixed(3)} / ${b.worstCls.toFixed(3)}`,
      `< ${target} ms, CLS < ${TARGETS.cls}: ${verdict}`,
    ];
  });
  const table = markdownTable(
    [
      'step',
      'Yardmaster p50 / p95 ms',
      'bull-board p50 / p95 ms',
      'ratio (p50, bb ÷ ym)',
      'worst CLS (ym / bb)',
      'target (Yardmaster p95)',
    ],
    rows,
  );
  return ['# UI bench', '', ...context, '', table, ''].join('\n');
}

async function main() {
  const redis = (await startRedis()) as StartedRedis;
  cleanups.push(() => redis.stop());
  console.log(
    `redis-server pid ${redis.pid} on ${redis.url}; seeding ${UI_QUEUES.length} queues with real BullMQ workers…`,
  );
  const seeded = await seedUi(redis.port, PLAN);
  const seedLine = `Seeded ${UI_QUEUES.length} queues × (${PLAN.completed} completed, ${PLAN.failed} failed, ${PLAN.delayed} delayed, ${PLAN.waiting} waiting) = ${seeded.jobs.toLocaleString('en')} jobs by real BullMQ workers in ${(seeded.ms / 1000).toFixed(1)} s.`;
  console.log(seedLine);

  const next = await startNext(redis.url);
  cleanups.push(() => next.close());
  const board = await startBullBoard(redis.url, [...UI_QUEUES]);
  cleanups.push(() => board.close());
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  cleanups.push(() => browser.close());
  console.log(
    `Yardmaster ${next.url} (next start, pid ${next.child.pid}); bull-board ${board.url}; Chromium ${browser.version()}`,
  );

  const apps = [yardmaster(next.url), bullBoard(board.url)] as const;
  const samples = new Map<string, Samples>(apps.map((app) => [app.label, new Map()]));
  // One untimed round: compiles nothing (both are production builds) but fills server caches.
  for (const app of apps) await runApp(browser, app, null);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? apps : ([apps[1], apps[0]] as const);
    for (const app of order) await runApp(browser, app, samples.get(app.label)!);
    console.log(`round ${round + 1}/${ROUNDS} done`);
  }

  const context = [
    `${new Date().toISOString()} · node ${process.version} · Chromium ${browser.version()} (headless) at ${VIEWPORT.width}×${VIEWPORT.height} · ${seedLine}`,
    '',
    `Yardmaster: the production build under \`next start\` (one BullMQ source). bull-board: @bull-board/express 9 with its UI, read-only, on express 5. Same Redis, same run; ${ROUNDS} rounds (after one untimed), the two apps alternating first.`,
    `Each time runs until the page's content is visible (a selector per page, checked every frame, in the page's own clock): from navigation start for a first load (a new context, no cache), from the click event for an in-app navigation, from \`history.back()\` for back. CLS sums \`layout-shift\` entries without recent input from the navigation until the page has been on screen ${SETTLE_MS} ms; the worst of the rounds is shown.`,
    `Queue: \`${QUEUE}\` as each app opens it from its overview (Yardmaster: its default state tab; bull-board: "latest"); job: the first job link on that page.`,
  ];
  const text = report(samples.get(apps[0].label)!, samples.get(apps[1].label)!, context);
  console.log(`\n${text}`);
  const out = join(root, 'bench', 'results', 'ui.md');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${text}\n`);
  console.log(`written to ${out}`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
