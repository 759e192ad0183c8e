/**
 * An operator acts from the UI: retries failed jobs, pauses a queue, cancels a running job, and finds
 * them in the audit log. The spec seeds its own queues with real BullMQ and closes the worker before
 * acting, so a retried job stays waiting and every count it checks is exact; each effect is read back
 * from Redis. The cancel runs against a real Worker with Yardmaster's cancel helper.
 */
import { expect, test } from '@playwright/test';
import type { APIRequestContext } from '@playwright/test';
import { Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { attachCancelListener } from '../lib/worker';
import { SOURCE } from './seeded';

const RETRY_QUEUE = 'controls-retry';
/** Configured in playwright.config.ts: the same Redis, only RETRY_QUEUE, read-only. */
const READ_ONLY_SOURCE = 'frozen';
const PAUSE_QUEUE = 'controls-pause';
const CANCEL_QUEUE = 'controls-cancel';
const CANCEL_DEAF_QUEUE = 'controls-cancel-deaf';
const FAILED = 3;

test.describe.configure({ mode: 'serial' });

let redis: Redis;
let retryQueue: Queue;
let pauseQueue: Queue;

function connection() {
  const url = process.env.E2E_REDIS_URL;
  if (!url)
    throw new Error('E2E_REDIS_URL is not set: run the browser tests with `npm run test:e2e`.');
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), maxRetriesPerRequest: null };
}

/** Discovery runs every second; wait until the API knows the queue before opening its page. */
async function waitForQueue(request: APIRequestContext, queue: string, source = SOURCE) {
  const path = `/api/v1/sources/${source}/queues/${encodeURIComponent(queue)}`;
  await expect.poll(async () => (await request.get(path)).status()).toBe(200);
}

test.beforeAll(async () => {
  redis = new Redis(connection());
  retryQueue = new Queue(RETRY_QUEUE, { connection: connection() });
  pauseQueue = new Queue(PAUSE_QUEUE, { connection: connection() });

  await retryQueue.addBulk(
    Array.from({ length: FAILED }, (_, index) => ({
      name: 'charge',
      data: { invoice: index + 1 },
    })),
  );
  const worker = new Worker(
    RETRY_QUEUE,
    async (job) => {
      throw new Error(`card declined for invoice ${String(job.data.invoice)}`);
    },
    { connection: connection() },
  );
  await expect
    .poll(async () => (await retryQueue.getJobCounts('failed')).failed, { timeout: 20_000 })
    .toBe(FAILED);
  // No worker from here on: a retried job stays in waiting, where the spec can see it.
  await worker.close();

  await pauseQueue.addBulk([
    { name: 'export', data: { n: 1 } },
    { name: 'export', data: { n: 2 } },
  ]);
});

test.afterAll(async () => {
  await Promise.allSettled([retryQueue?.close(), pauseQueue?.close()]);
  redis?.disconnect();
});

test('an operator retries a failed job by clicking', async ({ page, request }) => {
  await waitForQueue(request, RETRY_QUEUE);
  await page.goto(`/sources/${SOURCE}/queues/${RETRY_QUEUE}?state=failed`);
  const failedCount = page.getByTestId('state-tabs').getByTestId('tab-count-failed');
  await expect(failedCount).toHaveText(String(FAILED));

  const firstRow = page.getByTestId('job-row').first();
  const jobId = await firstRow.getAttribute('data-job-id');
  expect(jobId).not.toBeNull();
  await firstRow.getByTestId('job-link').click();
  await expect(page.getByRole('heading', { name: `Job ${jobId}` })).toBeVisible();

  await page.getByTestId('job-action-retry').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Retry 1 failed job?');
  await dialog.getByRole('button', { name: 'Retry' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByTestId('job-action-status')).toContainText('is now waiting');
  await expect(page.getByTestId('job-header').getByTestId('state-badge')).toHaveText('waiting');
  expect(await retryQueue.getJobState(jobId!)).toBe('waiting');

  // Back on the failed list: the job has left it and the count dropped by exactly one.
  await page.goto(`/sources/${SOURCE}/queues/${RETRY_QUEUE}?state=failed`);
  await expect(failedCount).toHaveText(String(FAILED - 1));
  await expect(page.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`)).toHaveCount(0);
  await expect(page.getByTestId('job-row')).toHaveCount(FAILED - 1);
});

test('retry-all names how many failed jobs it will touch, and retries them all', async ({
  page,
}) => {
  await page.goto(`/sources/${SOURCE}/queues/${RETRY_QUEUE}?state=failed`);
  const tabs = page.getByTestId('state-tabs');
  await expect(tabs.getByTestId('tab-count-failed')).toHaveText(String(FAILED - 1));

  await page.getByTestId('queue-action-retry-all').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Retry ${FAILED - 1} failed jobs?`);
  // Cancelling changes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await retryQueue.getJobCounts('failed')).failed).toBe(FAILED - 1);

  await page.getByTestId('queue-action-retry-all').click();
  await dialog.getByRole('button', { name: 'Retry all' }).click();
  await expect(page.getByTestId('queue-action-status')).toContainText(`${FAILED - 1} jobs touched`);
  await expect(tabs.getByTestId('tab-count-failed')).toHaveText('0');
  await expect(tabs.getByTestId('tab-count-waiting')).toHaveText(String(FAILED));
  expect(await retryQueue.getJobCounts('failed', 'waiting')).toEqual({
    failed: 0,
    waiting: FAILED,
  });
});

test('on a read-only source the controls vanish and the API refuses', async ({ page, request }) => {
  await waitForQueue(request, RETRY_QUEUE, READ_ONLY_SOURCE);
  const [job] = await retryQueue.getJobs(['waiting'], 0, 0);
  const jobPath = (source: string) => `/sources/${source}/queues/${RETRY_QUEUE}/jobs/${job!.id}`;

  // The same job on the writable source has its actions…
  await page.goto(jobPath(SOURCE));
  await expect(page.getByTestId('job-actions')).toBeVisible();
  // …and none through the read-only one.
  await page.goto(jobPath(READ_ONLY_SOURCE));
  await expect(page.getByTestId('job-header')).toBeVisible();
  await expect(page.getByTestId('job-actions')).toHaveCount(0);

  await page.goto(`/sources/${READ_ONLY_SOURCE}/queues/${RETRY_QUEUE}`);
  await expect(page.getByTestId('read-only-note')).toBeVisible();
  await expect(page.getByTestId('queue-actions')).toHaveCount(0);
  await expect(page.getByTestId('rate-limit-value')).toHaveText('none');
  await expect(page.getByTestId('rate-limit-edit')).toHaveCount(0);
  await expect(page.getByTestId('concurrency-edit')).toHaveCount(0);

  const refused = await request.post(
    `/api/v1/sources/${READ_ONLY_SOURCE}/queues/${RETRY_QUEUE}/pause`,
    { data: {} },
  );
  expect(refused.status()).toBe(403);
  expect(await retryQueue.isPaused()).toBe(false);
});

test('an operator pauses a queue by clicking', async ({ page, request }) => {
  await waitForQueue(request, PAUSE_QUEUE);
  await page.goto(`/sources/${SOURCE}/queues/${PAUSE_QUEUE}`);
  const summary = page.getByTestId('queue-summary');
  await expect(summary.getByTestId('badge-paused')).toHaveCount(0);

  await page.getByTestId('queue-pause').click();
  await expect(summary.getByTestId('badge-paused')).toBeVisible();
  await expect(page.getByTestId('queue-resume')).toBeVisible();
  expect(await redis.hget(`bull:${PAUSE_QUEUE}:meta`, 'paused')).toBe('1');
  expect(await pauseQueue.isPaused()).toBe(true);
});

test('an operator cancels a running job from its page', async ({ page, request }) => {
  const queue = new Queue(CANCEL_QUEUE, { connection: connection() });
  // Runs until its AbortSignal fires (BullMQ passes it as the third argument), then fails with the
  // reason the dashboard sent.
  const worker = new Worker(
    CANCEL_QUEUE,
    (_job, _token, signal) =>
      new Promise<void>((_, reject) => {
        if (!signal) return reject(new Error('this BullMQ passes no AbortSignal'));
        signal.addEventListener('abort', () =>
          reject(new Error(`cancelled: ${String(signal.reason)}`)),
        );
      }),
    { connection: connection() },
  );
  try {
    await attachCancelListener(worker).ready;
    const job = await queue.add('render', { video: 7 });
    await expect.poll(() => job.getState(), { timeout: 20_000 }).toBe('active');
    await waitForQueue(request, CANCEL_QUEUE);

    const jobPage = `/sources/${SOURCE}/queues/${CANCEL_QUEUE}/jobs/${job.id}`;
    await page.goto(jobPage);
    const state = page.getByTestId('job-header').getByTestId('state-badge');
    await expect(state).toHaveText('active');

    await page.getByTestId('job-action-cancel').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Cancel 1 running job?');
    // The buttons say what they do: one cancels the job, the other leaves it running.
    await expect(dialog.getByTestId('confirm-cancel')).toHaveText('Keep running');
    await dialog.getByRole('button', { name: 'Cancel job' }).click();
    await expect(dialog).toBeHidden();

    const status = page.getByTestId('job-action-status');
    await expect(status).toContainText('acknowledged');
    await expect(status).toHaveAttribute('data-tone', 'success');
    await expect(state).toHaveText('failed');
    await expect(page.getByTestId('job-action-cancel')).toHaveCount(0);
    expect(await queue.getJobState(job.id!)).toBe('failed');
    const reason = (await Job.fromId(queue, job.id!))?.failedReason;
    expect(reason).toMatch(/^cancelled: /);

    await page.goto(`${jobPage}?tab=error`);
    await expect(page.getByTestId('failed-reason-full')).toHaveText(reason!);
  } finally {
    // Force: should the cancel not have landed, the job is still held and close() would wait on it.
    await worker.close(true);
    await queue.close();
  }
});

test('a search is a link: opening it runs the search, searching again rewrites it', async ({
  page,
}) => {
  // The cancelled job of the previous test is the one failed job of its queue.
  await page.goto(`/sources/${SOURCE}/queues/${CANCEL_QUEUE}?search=failed&reason=cancelled`);
  await expect(page.getByTestId('search-reason')).toHaveValue('cancelled');
  await expect(page.getByTestId('search-matched')).toHaveText('1');

  await page.getByTestId('search-reason').fill('no such reason');
  await page.getByTestId('search-submit').click();
  await expect(page).toHaveURL(/[?&]reason=no\+such\+reason(&|$)/);
  await expect(page.getByTestId('search-matched')).toHaveText('0');
});

test('the audit page shows the retry, the pause and the cancel', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('nav-audit').click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();

  // Other specs (Celery's) retry and cancel too: count only this spec's rows, by their target.
  const row = (action: string, queue: string) =>
    page
      .locator(`[data-testid="audit-row"][data-action="${action}"]`)
      .filter({ has: page.getByTestId('audit-target').filter({ hasText: queue }) });
  const retry = row('job.retry', RETRY_QUEUE);
  await expect(retry).toHaveCount(1);
  await expect(retry.getByTestId('audit-target')).toContainText(RETRY_QUEUE);
  await expect(retry.getByTestId('audit-result')).toContainText('ok');

  const pause = row('queue.pause', PAUSE_QUEUE);
  await expect(pause).toHaveCount(1);
  await expect(pause.getByTestId('audit-target')).toContainText(PAUSE_QUEUE);
  await expect(pause.getByTestId('audit-result')).toContainText('ok');

  const cancel = row('job.cancel', CANCEL_QUEUE);
  await expect(cancel).toHaveCount(1);
  await expect(cancel.getByTestId('audit-target')).toContainText(CANCEL_QUEUE);
});

test('a cancel no worker listens for reads as a warning, and the job runs on', async ({
  page,
  request,
}) => {
  const queue = new Queue(CANCEL_DEAF_QUEUE, { connection: connection() });
  // Honours its signal, but nothing relays the dashboard's request to it: no attachCancelListener.
  const worker = new Worker(
    CANCEL_DEAF_QUEUE,
    (_job, _token, signal) =>
      new Promise<void>((_, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('cancelled')));
      }),
    { connection: connection() },
  );
  try {
    const job = await queue.add('render', { video: 8 });
    await expect.poll(() => job.getState(), { timeout: 20_000 }).toBe('active');
    await waitForQueue(request, CANCEL_DEAF_QUEUE);

    await page.goto(`/sources/${SOURCE}/queues/${CANCEL_DEAF_QUEUE}/jobs/${job.id}`);
    await page.getByTestId('job-action-cancel').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Cancel job' }).click();
    await expect(dialog).toBeHidden();

    const status = page.getByTestId('job-action-status');
    await expect(status).toContainText('no worker');
    await expect(status).toHaveAttribute('data-tone', 'warning');
    expect(await queue.getJobState(job.id!)).toBe('active');
    await expect(page.getByTestId('job-header').getByTestId('state-badge')).toHaveText('active');
  } finally {
    await worker.close(true);
    await queue.close();
  }
});
