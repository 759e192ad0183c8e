/**
 * Reading a job, as an operator does: the lifecycle (added → started by a worker → finished, with
 * the durations between), only the tabs that have content, a flow parent blocked behind a failed
 * child, the JSON tree (copy-path, search, a 1 MB payload), the time format choice, action buttons
 * that hold their place, and no hydration error on a fresh load. The spec seeds its own queues
 * with real BullMQ workers and closes them before reading, so nothing moves under the assertions.
 */
import { expect, test } from '@playwright/test';
import type { APIRequestContext, Page } from '@playwright/test';
import { FlowProducer, Queue, Worker } from 'bullmq';
import { SOURCE } from './seeded';

const READING = 'jp-reading';
const FLOW = 'jp-flow';
const WORKER_NAME = 'jp-worker-1';
const BIG_ITEMS = 9_000;

test.describe.configure({ mode: 'serial' });

function connection() {
  const url = process.env.E2E_REDIS_URL;
  if (!url)
    throw new Error('E2E_REDIS_URL is not set: run the browser tests with `npm run test:e2e`.');
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), maxRetriesPerRequest: null };
}

const jobPage = (queue: string, id: string, tab?: string) =>
  `/sources/${SOURCE}/queues/${queue}/jobs/${id}${tab ? `?tab=${tab}` : ''}`;

/** Discovery runs every second; wait until the API knows the queue before opening its page. */
async function waitForQueue(request: APIRequestContext, queue: string) {
  await expect
    .poll(async () => (await request.get(`/api/v1/sources/${SOURCE}/queues/${queue}`)).status())
    .toBe(200);
}

async function tabNames(page: Page) {
  return page.getByTestId('job-tabs').getByRole('tab').allTextContents();
}

let queues: Queue[] = [];

test.beforeAll(async () => {
  const reading = new Queue(READING, { connection: connection() });
  const flow = new Queue(FLOW, { connection: connection() });
  queues = [reading, flow];

  await reading.add(
    'resize',
    {
      items: ['A', 'B', 'C', 'D', 'E'].map((sku, qty) => ({ sku: `${sku}-${qty}`, qty })),
      customer: { name: 'Ada' },
    },
    { jobId: 'done-1' },
  );
  await reading.add('flaky', { warehouse: 'eu-1' }, { jobId: 'flaky-1', attempts: 2 });
  await reading.add('broken', { path: '/var/tmp' }, { jobId: 'broken-1' });
  const items = Array.from({ length: BIG_ITEMS }, (_, index) => ({
    sku: `SKU-${index}`,
    qty: index % 7,
    note: 'x'.repeat(80),
  }));
  await reading.add('bulk-import', { items }, { jobId: 'big-1' });
  await reading.add('reminder', { to: 'ada@example.com' }, { jobId: 'later-1', delay: 3_600_000 });

  // A flow whose child fails with no failure option: the parent waits for ever (BullMQ's default).
  const producer = new FlowProducer({ connection: connection() });
  await producer.add({
    name: 'settle',
    queueName: FLOW,
    data: { month: '2026-11' },
    opts: { jobId: 'settle-1' },
    children: [
      {
        name: 'charge-card',
        queueName: FLOW,
        data: { customer: 'ada' },
        opts: { jobId: 'charge-1' },
      },
      {
        name: 'apply-credits',
        queueName: FLOW,
        data: { customer: 'ada' },
        opts: { jobId: 'credit-1' },
      },
    ],
  });
  await producer.close();

  const readingWorker = new Worker(
    READING,
    async (job) => {
      if (job.name === 'broken') throw new Error('disk full: /var/tmp');
      if (job.name === 'flaky' && job.attemptsMade === 0) throw new Error('warehouse timeout');
      if (job.name === 'bulk-import') return null;
      return { thumbnails: 3 };
    },
    { connection: connection(), name: WORKER_NAME },
  );
  const flowWorker = new Worker(
    FLOW,
    async (job) => {
      if (job.name === 'charge-card') throw new Error('card_declined: insufficient_funds');
      return { cents: 500 };
    },
    { connection: connection() },
  );
  await expect
    .poll(
      async () => JSON.stringify(await reading.getJobCounts('completed', 'failed', 'delayed')),
      { timeout: 30_000 },
    )
    .toBe(JSON.stringify({ completed: 3, failed: 1, delayed: 1 }));
  await expect
    .poll(
      async () =>
        JSON.stringify(await flow.getJobCounts('completed', 'failed', 'waiting-children')),
      { timeout: 30_000 },
    )
    .toBe(JSON.stringify({ completed: 1, failed: 1, 'waiting-children': 1 }));
  await Promise.all([readingWorker.close(), flowWorker.close()]);
});

test.afterAll(async () => {
  await Promise.allSettled(queues.map((queue) => queue.close()));
});

test('a completed job reads added → started by its worker → finished, then only the tabs with content', async ({
  page,
  request,
}) => {
  await waitForQueue(request, READING);
  await page.goto(jobPage(READING, 'done-1'));
  const lifecycle = page.getByTestId('job-lifecycle');
  await expect(lifecycle.getByTestId('lifecycle-added')).toContainText('Added');
  await expect(lifecycle.getByTestId('lifecycle-wait')).toContainText(/waited \d+ (ms|s)/);
  await expect(lifecycle.getByTestId('lifecycle-started')).toContainText(
    `Started by ${WORKER_NAME}`,
  );
  await expect(lifecycle.getByTestId('lifecycle-started')).toContainText('attempt 1');
  await expect(lifecycle.getByTestId('lifecycle-run')).toContainText(/ran \d+ (ms|s)/);
  await expect(lifecycle.getByTestId('lifecycle-finished')).toContainText('Completed');

  // No Error (it never failed), no Logs, no Flow (it is in none).
  expect(await tabNames(page)).toEqual(['Data', 'Options', 'Return value', 'Timeline']);
  await page.getByTestId('job-tabs').getByRole('tab', { name: 'Return value' }).click();
  await expect(page.getByTestId('payload-returnValue')).toContainText('"thumbnails": 3');
});

test('a delayed job has no Return value tab; a failed one opens on its error, by attempt', async ({
  page,
}) => {
  await page.goto(jobPage(READING, 'later-1'));
  await expect(page.getByTestId('lifecycle-delayed')).toContainText('Delayed until');
  expect(await tabNames(page)).toEqual(['Data', 'Options', 'Timeline']);

  // An old link to a tab with nothing in it opens the job's usual tab instead.
  await page.goto(jobPage(READING, 'later-1', 'return'));
  await expect(page.getByTestId('job-tabs').getByRole('tab', { name: 'Data' })).toHaveAttribute(
    'aria-selected',
    'true',
  );

  await page.goto(jobPage(READING, 'broken-1'));
  await expect(page.getByTestId('job-tabs').getByRole('tab', { name: 'Error' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByTestId('failed-reason-full')).toHaveText('disk full: /var/tmp');
  await expect(page.getByTestId('failed-reason-full')).toHaveAttribute('data-tone', 'alarm');
  await expect(page.getByTestId('stacktrace')).toContainText('Attempt 1 failed');
  await expect(page.getByTestId('lifecycle-finished')).toContainText('Failed');
  expect(await tabNames(page)).not.toContain('Return value');
});

test('a completed job that failed an attempt before keeps its old failure, muted, with its attempts', async ({
  page,
}) => {
  await page.goto(jobPage(READING, 'flaky-1', 'error'));
  await expect(page.getByTestId('earlier-failure-note')).toContainText('An earlier attempt failed');
  await expect(page.getByTestId('failed-reason-full')).toHaveAttribute('data-tone', 'muted');
  const attempts = page.getByTestId('attempt-row');
  await expect(attempts).toHaveCount(2);
  await expect(attempts.nth(0)).toHaveAttribute('data-outcome', 'failed');
  await expect(attempts.nth(0)).toContainText('warehouse timeout');
  await expect(attempts.nth(1)).toHaveAttribute('data-outcome', 'completed');
  await expect(page.getByTestId('stacktrace')).toContainText('Attempt 1 failed');
  await expect(page.getByTestId('lifecycle-started')).toContainText('attempt 2 of 2');
});

test('a flow parent blocked behind a failed child says so and links the child', async ({
  page,
  request,
}) => {
  await waitForQueue(request, FLOW);
  await page.goto(jobPage(FLOW, 'settle-1'));
  const blocked = page.getByTestId('job-blocked');
  await expect(blocked).toContainText(`Blocked: child ${FLOW} / charge-1 failed`);
  await expect(blocked).toContainText('card_declined: insufficient_funds');
  await expect(page.getByTestId('lifecycle-pending')).toContainText('Blocked: a child failed');
  // Its tabs count its flow children.
  expect(await tabNames(page)).toContainEqual(expect.stringMatching(/^Flow\s*2$/));

  await blocked.getByTestId('job-blocked-child').click();
  await expect(page).toHaveURL(new RegExp(`/jobs/charge-1$`));
  await expect(page.getByTestId('failed-reason-full')).toHaveText(
    'card_declined: insufficient_funds',
  );
  // The child is not blocked itself, and the sibling that completed blocks nothing.
  await expect(page.getByTestId('job-blocked')).toHaveCount(0);
});

test('the JSON tree opens by node, copies a path and searches a megabyte', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(jobPage(READING, 'done-1', 'data'));
  const tree = page.getByTestId('payload-data').getByTestId('json-tree');
  const node = (path: string) => tree.locator(`[data-testid="json-node"][data-path="${path}"]`);

  // Small containers of the first level are open; deeper ones wait for a click.
  await expect(node('data.items').getByTestId('json-summary').first()).toHaveText('[5 items]');
  await expect(node('data.items[3].sku')).toHaveCount(0);
  await node('data.items[3]').getByTestId('json-toggle').first().click();
  await expect(node('data.items[3].sku')).toContainText('"sku": "D-3"');
  await node('data.items[3].sku').getByTestId('json-copy-path').click();
  await expect(tree.getByTestId('json-copied')).toContainText('data.items[3].sku');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('data.items[3].sku');

  // 1 MB: cut at the inline limit first, then loaded whole and shown as a tree.
  await page.goto(jobPage(READING, 'big-1', 'data'));
  const payload = page.getByTestId('payload-data');
  await expect(payload.getByTestId('payload-truncated')).toBeVisible();
  await payload.getByTestId('payload-load-all').click();
  const big = payload.getByTestId('json-tree');
  const bigNode = (path: string) => big.locator(`[data-testid="json-node"][data-path="${path}"]`);
  await expect(bigNode('data.items').getByTestId('json-summary').first()).toHaveText(
    `[${BIG_ITEMS.toLocaleString('en-US')} items]`,
  );
  // Too big to open by default; opened, it shows the first 100 and offers more.
  await expect(bigNode('data.items[0]')).toHaveCount(0);
  await bigNode('data.items').getByTestId('json-toggle').first().click();
  await expect(bigNode('data.items[99]')).toBeVisible();
  await expect(bigNode('data.items[100]')).toHaveCount(0);
  await expect(big.getByTestId('json-show-more')).toHaveText(
    `Show 100 more of ${(BIG_ITEMS - 100).toLocaleString('en-US')} hidden`,
  );

  // Search finds a value far past the first page, opens the way to it and marks it.
  await big.getByTestId('json-search').fill('SKU-8765');
  await expect(big.getByTestId('json-search-count')).toHaveText('1 match');
  const hit = bigNode('data.items[8765].sku');
  await expect(hit).toBeVisible();
  await expect(hit).toHaveAttribute('data-matched', 'true');
  await expect(hit.getByTestId('json-match')).toHaveText('SKU-8765');
});

test('times read relative, absolute or both, and the choice holds across reloads and pages', async ({
  page,
}) => {
  const absolute = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
  await page.goto(jobPage(READING, 'done-1'));
  const added = page.getByTestId('lifecycle-added').locator('time');
  await expect(added).toHaveText(/ago$|^just now$/);

  await page.getByTestId('time-format').selectOption('absolute');
  await expect(added).toHaveText(absolute);
  await page.reload();
  await expect(added).toHaveText(absolute);

  // App-wide: the queue's job list reads the same way.
  await page.goto(`/sources/${SOURCE}/queues/${READING}?state=completed`);
  await expect(page.getByTestId('job-row').first().locator('time').first()).toHaveText(absolute);

  await page.goto(jobPage(READING, 'done-1'));
  // Hydrated: the local absolute form has replaced the UTC one the server sends.
  await expect(added).toHaveText(absolute);
  await page.getByTestId('time-format').selectOption('both');
  await expect(added).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d · (.+ ago|just now)$/);
});

test('the job actions are there from the first paint and never move the page', async ({
  page,
  request,
}) => {
  // The server sends the job and who is asking with the HTML: the actions are in it, enabled,
  // with no placeholder waiting on permissions (which holds their place when that read is late).
  const html = await (await request.get(jobPage(READING, 'done-1'))).text();
  expect(html).toContain('data-testid="job-action-retry"');
  expect(html).not.toContain('data-testid="job-actions-pending"');

  await page.goto(jobPage(READING, 'done-1'), { waitUntil: 'commit' });
  const tabs = page.getByTestId('job-tabs');
  await expect(tabs).toBeVisible();
  const before = await tabs.boundingBox();
  await expect(page.getByTestId('job-action-retry')).toBeEnabled();
  // Hydrated, the live feed up, every read of the page done: nothing above the tabs moved.
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');
  await expect(page.getByTestId('skeleton')).toHaveCount(0);
  expect((await tabs.boundingBox())?.y).toBe(before?.y);
});

test('no page logs a hydration error on a fresh load', async ({ page, request }) => {
  test.setTimeout(300_000);
  await waitForQueue(request, READING);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    // A missing resource (favicon) is not a render error; everything else printed as an error is.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      errors.push(`${page.url()}: ${message.text()}`);
  });
  // Each page with an element rendered from fetched data: once it shows, every part has hydrated.
  const pages: Array<[string, string]> = [
    [`/sources/${SOURCE}/queues/${READING}?state=failed`, '[data-testid="job-row"]'],
    [`/sources/${SOURCE}`, '[data-testid="queues-panel"] [data-testid="queue-row"]'],
    ['/', `[data-testid="source-${SOURCE}"] [data-testid="queue-row"]`],
    [jobPage(READING, 'done-1'), '[data-testid="job-header"]'],
  ];
  for (const [url, ready] of pages) {
    for (let load = 0; load < 10; load++) {
      await page.goto(url);
      await expect(page.locator(ready).first()).toBeVisible();
    }
  }
  expect(errors).toEqual([]);
});
