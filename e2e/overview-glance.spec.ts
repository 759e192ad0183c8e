/**
 * Seeing a queue at a glance (issue 7): per-queue state bars, a throughput sparkline from BullMQ's own
 * metrics, a state filter across sources kept in the URL, one tab stop per queue, and a source heading
 * that reads as words. The spec seeds its own `ov-` queues with real BullMQ (overview-glance-seed.ts).
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { BUSY, seedGlanceQueues, waitForQueues } from './overview-glance-seed';
import type { GlanceQueues } from './overview-glance-seed';
import { DOWN_SOURCE, SOURCE, seeded } from './seeded';

test.describe.configure({ mode: 'serial' });

let names: GlanceQueues;
let close: () => Promise<void>;

test.beforeAll(async ({ request }) => {
  ({ names, close } = await seedGlanceQueues('ov'));
  await waitForQueues(request, names);
});

test.afterAll(async () => {
  await close?.();
});

const mainPanel = (page: Page) => page.getByTestId(`source-${SOURCE}`);
const row = (page: Page, queue: string) =>
  mainPanel(page).locator(`[data-testid="queue-row"][data-queue="${queue}"]`);

test('each queue has a state bar whose segments are its states, in words for assistive tech', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('/?state=all');
  const bar = row(page, names.busy).getByTestId('state-bar');
  await expect(bar).toHaveAttribute('role', 'img');
  await expect(bar).toHaveAttribute(
    'aria-label',
    `Jobs by state: waiting ${BUSY.waiting} (33%), completed ${BUSY.completed} (44%), failed ${BUSY.failed} (22%)`,
  );
  const segments = bar.getByTestId('state-bar-segment');
  await expect(segments).toHaveCount(3);
  expect(
    await segments.evaluateAll((spans) => spans.map((span) => span.getAttribute('data-state'))),
  ).toEqual(['waiting', 'completed', 'failed']);
  // Widths follow the counts (4 completed > 3 waiting > 2 failed), and each state has its badge's hue.
  const widths = await segments.evaluateAll((spans) =>
    spans.map((span) => span.getBoundingClientRect().width),
  );
  expect(widths[1]!).toBeGreaterThan(widths[0]!);
  expect(widths[0]!).toBeGreaterThan(widths[2]!);
  const colours = await segments.evaluateAll((spans) =>
    spans.map((span) => getComputedStyle(span).backgroundColor),
  );
  expect(new Set(colours).size).toBe(3);

  // An empty state is not drawn; a paused queue's jobs are.
  await expect(
    row(page, names.paused).locator('[data-state="paused"][data-testid="state-bar-segment"]'),
  ).toHaveCount(1);
  // The filter is read from the URL on a prerendered page without a hydration mismatch.
  expect(errors.filter((text) => /hydrat|#418|#423|#425/i.test(text))).toEqual([]);
});

test("a sparkline shows the jobs BullMQ's metrics counted per minute, and says when there are none", async ({
  page,
  request,
}) => {
  const metrics = await request.get(
    `/api/v1/sources/${SOURCE}/metrics?queues=${names.busy},${names.noMetrics}&points=60`,
  );
  expect(metrics.status()).toBe(200);
  const body = (await metrics.json()) as {
    queues: { queue: string; completed: { total: number } | null }[];
  };
  expect(body.queues.map((entry) => [entry.queue, entry.completed?.total ?? null])).toEqual([
    [names.busy, BUSY.completed],
    [names.noMetrics, null],
  ]);

  await page.goto('/');
  const sparkline = row(page, names.busy).getByTestId('sparkline');
  await expect(sparkline.getByRole('img')).toHaveAccessibleName(
    new RegExp(
      `^Throughput, last 60 min: ${BUSY.completed} completed, ${BUSY.failed} failed; busiest minute ${BUSY.completed + BUSY.failed}`,
    ),
  );
  await expect(row(page, names.noMetrics).getByTestId('sparkline-none')).toHaveText('no metrics');

  // The source page shows the same bars and sparklines.
  await page.goto(`/sources/${SOURCE}`);
  const onSourcePage = page
    .getByTestId('queues-panel')
    .locator(`[data-testid="queue-row"][data-queue="${names.busy}"]`);
  await expect(onSourcePage.getByTestId('state-bar')).toBeVisible();
  await expect(onSourcePage.getByTestId('sparkline')).toHaveAttribute(
    'data-completed',
    String(BUSY.completed),
  );
});

test('the state filter shows only queues with jobs in that state, across sources, and stays in the URL', async ({
  page,
}) => {
  await page.goto('/');
  await expect(row(page, names.paused)).toBeVisible();
  await page.getByTestId('overview-filter').getByTestId('filter-failed').click();
  await expect(page).toHaveURL(/\/\?state=failed$/);
  await expect(page.getByTestId('filter-failed')).toHaveAttribute('aria-current', 'page');
  await expect(row(page, names.busy)).toBeVisible();
  await expect(row(page, seeded.emails.name)).toBeVisible();
  await expect(row(page, names.paused)).toHaveCount(0);
  await expect(row(page, names.noMetrics)).toHaveCount(0);
  // While filtering by a state, a queue opens on that state's jobs.
  await expect(row(page, names.busy).getByTestId('queue-link')).toHaveAttribute(
    'href',
    new RegExp(`/queues/${names.busy}\\?state=failed$`),
  );
  // A source that is down still says so.
  await expect(page.getByTestId(`source-${DOWN_SOURCE}`).getByTestId('error-box')).toBeVisible();

  // A reload (or a shared link) keeps the filter.
  await page.goto('/?state=paused');
  await expect(page.getByTestId('filter-paused')).toHaveAttribute('aria-current', 'page');
  await expect(row(page, names.paused)).toBeVisible();
  await expect(row(page, seeded.reports.name)).toBeVisible();
  await expect(row(page, names.busy)).toHaveCount(0);

  // The read-only source lists one queue without delayed jobs: it says so in a line.
  await page.goto('/?state=delayed');
  await expect(row(page, names.delayed)).toBeVisible();
  await expect(page.getByTestId('source-frozen').getByTestId('no-queues')).toHaveText(/^No queue/);

  await page.getByTestId('filter-all').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(row(page, names.paused)).toBeVisible();
});

test('the keyboard stops once per queue, at its name; a mouse click on a count opens that state', async ({
  page,
}) => {
  await page.goto('/');
  const table = mainPanel(page).getByTestId('queue-table');
  await expect(row(page, names.busy)).toBeVisible();
  const focusable = await table.evaluate(
    (element) =>
      element.querySelectorAll(
        'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])',
      ).length,
  );
  expect(focusable).toBe(await table.getByTestId('queue-row').count());
  await expectCountsAreText(page, names.busy);

  const links = table.getByTestId('queue-link');
  await links.first().focus();
  await page.keyboard.press('Tab');
  await expect(links.nth(1)).toBeFocused();

  await row(page, names.busy).getByTestId('count-failed').click();
  await expect(page).toHaveURL(new RegExp(`/queues/${names.busy}\\?state=failed$`));
  await page.goBack();
  await row(page, names.busy).getByTestId('count-workers').click();
  await expect(page).toHaveURL(new RegExp(`/queues/${names.busy}$`));
});

async function expectCountsAreText(page: Page, queue: string) {
  const cell = row(page, queue).getByTestId('count-completed');
  await expect(cell).toHaveText(String(BUSY.completed));
  await expect(cell.locator('a')).toHaveCount(0);
}

test('a source heading reads as label, kind and status', async ({ page }) => {
  await page.goto('/');
  await expect(mainPanel(page).getByTestId('source-heading')).toHaveText(
    'Main Redis · BullMQ · up',
  );
  await expect(page.getByTestId(`source-${DOWN_SOURCE}`).getByTestId('source-heading')).toHaveText(
    'Offline Redis · BullMQ · down',
  );
  await expect(page.getByTestId('source-frozen').getByTestId('source-heading')).toHaveText(
    'Frozen · BullMQ · up · read-only',
  );
});
