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

test('an open job page shows progress and the state changing as they happen', async ({ page }) => {
  const name = `live-job-${Date.now()}`;
  const queue = openQueue(name);
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const progressed = new Promise<void>((resolve) => {
    const worker = new Worker(
      name,
      async (job: Job) => {
        await job.updateProgress(40);
        resolve();
        await released;
        return { done: true };
      },
      { connection: connection() },
    );
    closers.push(() => worker.close());
  });
  const job = await queue.add('render', { page: 1 }, { jobId: 'live-1' });
  await progressed;

  await page.goto(`/sources/main/queues/${encodeURIComponent(name)}/jobs/${job.id}`);
  const header = page.getByTestId('job-header');
  await expect(header.getByTestId('state-badge')).toHaveText(/active/);
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');

  await job.updateProgress(75);
  await expect(header.getByTestId('job-progress')).toContainText('75%');

  release();
  await expect(header.getByTestId('state-badge')).toHaveText(/completed/);
});
