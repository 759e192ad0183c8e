/**
 * The live feed in a real browser: an operator watches, a real BullMQ worker finishes jobs, and the
 * page changes by itself — no reload, and no REST refetch of the counts (they come in the stream).
 */
import { expect, test } from '@playwright/test';
import { Queue, Worker } from 'bullmq';
import type { ConnectionOptions, Job } from 'bullmq';
import { expectCount, queueRow } from './helpers';

function connection(): ConnectionOptions {
  const url = new URL(process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379');
  return { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
}

const closers: (() => Promise<unknown>)[] = [];
test.afterEach(async () => {
  await Promise.allSettled(closers.splice(0).map((close) => close()));
});

function openQueue(name: string) {
  const queue = new Queue(name, { connection: connection() });
  closers.push(() => queue.close());
  return queue;
}

test('a job completing changes the count on screen without a reload', async ({ page }) => {
  const name = `live-overview-${Date.now()}`;
  const queue = openQueue(name);
  await queue.add('greet', { to: 'ada' });

  await page.goto('/');
  const row = queueRow(page, name);
  await expectCount(row, 'waiting', 1);
  await expectCount(row, 'completed', 0);
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');

  // From here on the counts must arrive through the stream, not through a refetch.
  const refetches: string[] = [];
  page.on('request', (request) => {
    if (/\/api\/v1\/sources\/main\/queues(\?|$)/.test(request.url())) refetches.push(request.url());
  });
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => navigations.push(frame.url()));

  const worker = new Worker(name, async () => ({ greeted: true }), { connection: connection() });
  closers.push(() => worker.close());

  await expectCount(row, 'completed', 1);
  await expectCount(row, 'waiting', 0);
  expect(refetches).toEqual([]);
  expect(navigations).toEqual([]);
});

/** A promise and the function that settles it: the spec tells the worker when to take each step. */
function signal() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

test('an open job page shows progress and the state changing as they happen', async ({ page }) => {
  const name = `live-job-${Date.now()}`;
  const queue = openQueue(name);
  const started = signal();
  const goOn = signal();
  const finish = signal();
  // The worker itself reports each step, when the spec says so.
  const worker = new Worker(
    name,
    async (job: Job) => {
      await job.updateProgress(40);
      started.resolve();
      await goOn.promise;
      await job.updateProgress(75);
      await finish.promise;
      return { done: true };
    },
    { connection: connection() },
  );
  closers.push(async () => {
    goOn.resolve();
    finish.resolve();
    await worker.close();
  });
  const job = await queue.add('render', { page: 1 }, { jobId: 'live-1' });
  await started.promise;

  await page.goto(`/sources/main/queues/${encodeURIComponent(name)}/jobs/${job.id}`);
  const header = page.getByTestId('job-header');
  await expect(header.getByTestId('state-badge')).toHaveText(/active/);
  await expect(header.getByTestId('job-progress')).toContainText('40%');
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => navigations.push(frame.url()));

  goOn.resolve();
  await expect(header.getByTestId('job-progress')).toContainText('75%');
  await expect(header.getByTestId('state-badge')).toHaveText(/active/);

  finish.resolve();
  await expect(header.getByTestId('state-badge')).toHaveText(/completed/);
  expect(navigations).toEqual([]);
});

test('a long job list keeps its scroll position while its rows update', async ({ page }) => {
  const name = `live-scroll-${Date.now()}`;
  const queue = openQueue(name);
  // More completed jobs than a page holds, then more completing while the operator reads the list.
  const firstBatch = 80;
  const laterBatch = 10;
  await queue.addBulk(Array.from({ length: firstBatch }, (_, index) => ({ name: 'sync', data: { index } })));
  const worker = new Worker(name, async () => ({ synced: true }), { connection: connection() });
  closers.push(() => worker.close());
  await expect.poll(async () => (await queue.getJobCounts('completed')).completed).toBe(firstBatch);

  await page.goto(`/sources/main/queues/${encodeURIComponent(name)}?state=completed`);
  const rows = page.getByTestId('job-row');
  await expect(rows).toHaveCount(50);
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');
  const idsOnScreen = () => rows.evaluateAll((elements) => elements.map((el) => el.getAttribute('data-job-id')));
  const before = await idsOnScreen();

  // The operator scrolls down and reads row 15, brought to the middle of the screen: the list is
  // on screen above it (the browser anchors on a row, not on the panels above the list) and the
  // page has room below to move down by the rows that will be inserted above (a page holds 50 rows
  // either way, so near its bottom there is none).
  const reading = before[15]!;
  const readRow = page.locator(`[data-testid="job-row"][data-job-id="${reading}"]`);
  await readRow.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  const topOf = () => readRow.evaluate((element) => element.getBoundingClientRect().top);
  const scrollY = await page.evaluate(() => window.scrollY);
  const readTop = await topOf();
  expect(scrollY).toBeGreaterThan(0);
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => navigations.push(frame.url()));

  // New jobs complete: the list is told it changed, refetches, and the newest rows come in on top.
  await queue.addBulk(Array.from({ length: laterBatch }, (_, index) => ({ name: 'sync', data: { later: index } })));
  await expect.poll(async () => (await idsOnScreen())[0]).not.toBe(before[0]);
  await expect.poll(async () => (await idsOnScreen()).indexOf(reading)).toBe(15 + laterBatch);

  // The page did not jump: the row being read is where it was on screen, the page kept its scroll
  // (moved down by exactly what was inserted above, so what is on screen stays put), and the list
  // stayed a full page of rows throughout instead of a skeleton.
  await expect(readRow).toBeInViewport();
  expect(Math.abs((await topOf()) - readTop)).toBeLessThanOrEqual(1);
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThanOrEqual(scrollY);
  await expect(rows).toHaveCount(50);
  expect(navigations).toEqual([]);
});
