import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { SOURCE } from './seeded';

/** The overview row (wide screens) of one queue of the seeded source. */
export function queueRow(page: Page, queue: string): Locator {
  return page.getByTestId(`source-${SOURCE}`).locator(`[data-testid="queue-row"][data-queue="${queue}"]`);
}

/** The overview card (phones) of one queue of the seeded source. */
export function queueCard(page: Page, queue: string): Locator {
  return page.getByTestId(`source-${SOURCE}`).locator(`[data-testid="queue-card"][data-queue="${queue}"]`);
}

export async function expectCount(row: Locator, state: string, value: number) {
  await expect(row.getByTestId(`count-${state}`)).toHaveText(String(value));
}

/** Fails the test if any dialog (alert/confirm/prompt) opens: job data must never run as code. */
export function forbidDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return dialogs;
}

/** The page scrolls vertically only: nothing sticks out to the right. */
export async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/**
 * Wait until React has hydrated the page: only the hydrated page connects the live feed. Keys and
 * choices made before then reach no React handler (a Ctrl-K not heard, a select reverted).
 */
export async function waitForHydration(page: Page) {
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');
}
