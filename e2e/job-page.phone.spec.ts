/**
 * A job page on a 390 px phone: the header reads without sideways scrolling, and every tab is
 * reachable — the tab row scrolls within its own box, the page itself does not.
 */
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { FlowProducer, Queue, Worker } from 'bullmq';
import { expectNoHorizontalOverflow } from './helpers';
import { SOURCE } from './seeded';

const QUEUE = 'jp-phone';
const CHILD = 'reconcile-ledger-entries-for-november';

function connection() {
  const url = process.env.E2E_REDIS_URL;
  if (!url) throw new Error('E2E_REDIS_URL is not set: run the browser tests with `npm run test:e2e`.');
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), maxRetriesPerRequest: null };
}

let queue: Queue;

test.beforeAll(async () => {
  queue = new Queue(QUEUE, { connection: connection() });
  const producer = new FlowProducer({ connection: connection() });
  // A child with every tab: data, options, logs, an error, a timeline and a flow.
  await producer.add({
    name: 'close-month-for-a-customer-with-a-long-name',
    queueName: QUEUE,
    data: { customer: 'grace@example.com' },
    opts: { jobId: 'phone-parent' },
    children: [{ name: CHILD, queueName: QUEUE, data: { ledger: 'eu-1', entries: 1_204 }, opts: { jobId: 'phone-child' } }],
  });
  await producer.close();
  const worker = new Worker(
    QUEUE,
    async (job) => {
      for (let line = 1; line <= 3; line++) await job.log(`reconciling batch ${line}`);
      throw new Error('ledger out of balance by 12.40 EUR: entry 88731 has no counterpart');
    },
    { connection: connection(), name: 'ledger-worker-eu-west-1' },
  );
  await expect.poll(async () => (await queue.getJobCounts('failed')).failed, { timeout: 30_000 }).toBe(1);
  await worker.close();
});

test.afterAll(async () => {
  await queue?.close();
});

/** The element's box lies within the viewport's width. */
async function expectWithinWidth(page: Page, locator: Locator) {
  const width = page.viewportSize()!.width;
  const box = (await locator.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
}

test('on a phone a job header reads and every job tab is reachable', async ({ page, request }) => {
  expect(page.viewportSize()?.width).toBe(390);
  await expect.poll(async () => (await request.get(`/api/v1/sources/${SOURCE}/queues/${QUEUE}`)).status()).toBe(200);
  await page.goto(`/sources/${SOURCE}/queues/${QUEUE}/jobs/phone-child`);
  await expect(page.getByTestId('failed-reason-full')).toContainText('ledger out of balance');
  await expectNoHorizontalOverflow(page);
  await expectWithinWidth(page, page.getByTestId('job-header'));
  // The row of tabs may be wider than the screen; the box it scrolls in may not.
  await expectWithinWidth(page, page.getByTestId('job-tabs').locator('xpath=..'));
  // The job's name breaks only where it must, nothing of it is clipped, and its id stays whole.
  const name = page.getByTestId('job-name');
  expect(await name.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  expect(await page.getByTestId('job-id').evaluate((element) => element.getClientRects().length)).toBe(1);

  const tabs = page.getByTestId('job-tabs').getByRole('tab');
  const labels = await tabs.allTextContents();
  expect(labels.map((label) => label.replace(/\d+$/, ''))).toEqual(['Data', 'Options', 'Logs', 'Error', 'Timeline', 'Flow']);
  // Every tab in sight at once, none cut at the edge.
  for (let index = 0; index < labels.length; index++) await expect(tabs.nth(index)).toBeInViewport({ ratio: 1 });
  for (let index = 0; index < labels.length; index++) {
    const tab = tabs.nth(index);
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await expect(tab).toBeInViewport({ ratio: 1 });
    await expectNoHorizontalOverflow(page);
  }
  await expectWithinWidth(page, page.getByTestId('job-lifecycle-card'));
});
