/** The overview at a glance on a 390 px phone: cards with their bar and sparkline, the filter, no sideways scroll. */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { expectNoHorizontalOverflow } from './helpers';
import { BUSY, seedGlanceQueues, waitForQueues } from './overview-glance-seed';
import type { GlanceQueues } from './overview-glance-seed';
import { SOURCE } from './seeded';

let names: GlanceQueues;
let close: () => Promise<void>;

test.beforeAll(async ({ request }) => {
  ({ names, close } = await seedGlanceQueues('ov-phone'));
  await waitForQueues(request, names);
});

test.afterAll(async () => {
  await close?.();
});

const card = (page: Page, queue: string) =>
  page.getByTestId(`source-${SOURCE}`).locator(`[data-testid="queue-card"][data-queue="${queue}"]`);

async function expectInsideViewport(page: Page, selector: ReturnType<Page['locator']>) {
  const box = await selector.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

test('queue cards carry their state bar and sparkline, and fit the screen', async ({ page }) => {
  expect(page.viewportSize()?.width).toBe(390);
  await page.goto('/');
  const busy = card(page, names.busy);
  await expect(busy.getByTestId('count-failed')).toHaveText(String(BUSY.failed));
  await expect(busy.getByTestId('state-bar')).toBeVisible();
  await expect(busy.getByTestId('sparkline')).toHaveAttribute(
    'data-completed',
    String(BUSY.completed),
  );
  await expectInsideViewport(page, busy.getByTestId('state-bar'));
  await expectInsideViewport(page, busy.getByTestId('sparkline'));
  await expect(card(page, names.noMetrics).getByTestId('sparkline-none')).toBeVisible();
  // One link per card: the counts are text.
  await expect(busy.locator('a')).toHaveCount(1);
  await expect(page.getByTestId(`source-${SOURCE}`).getByTestId('source-heading')).toHaveText(
    'Main Redis · BullMQ · up',
  );
  await expectNoHorizontalOverflow(page);

  // A tap anywhere on the card opens the queue; on a count, or a segment of the bar, that state.
  await busy.getByTestId('count-workers').click();
  await expect(page).toHaveURL(new RegExp(`/queues/${names.busy}$`));
  await page.goBack();
  await card(page, names.busy).getByTestId('count-failed').click();
  await expect(page).toHaveURL(new RegExp(`/queues/${names.busy}\\?state=failed$`));
});

test('the state filter works on a phone and the page still fits', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('filter-failed').click();
  await expect(page).toHaveURL(/\?state=failed$/);
  await expect(card(page, names.busy)).toBeVisible();
  await expect(card(page, names.paused)).toHaveCount(0);
  await expectNoHorizontalOverflow(page);

  await page.goto(`/sources/${SOURCE}`);
  const onSourcePage = page
    .getByTestId('queues-panel')
    .getByTestId('queue-cards')
    .locator(`[data-queue="${names.busy}"]`);
  await expect(onSourcePage.getByTestId('sparkline')).toBeVisible();
  await expect(onSourcePage.getByTestId('state-bar')).toBeVisible();
  await expectNoHorizontalOverflow(page);
});
