/**
 * The shell on a 390 px phone: the header stays on one line, and the sidebar is a drawer the menu
 * button opens — and Escape, the close button, the backdrop or following a link close.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { expectNoHorizontalOverflow } from './helpers';
import { SOURCE, seeded } from './seeded';

/** Every direct item of the header sits on the same line, and nothing is cut off sideways. */
async function expectHeaderOnOneLine(page: Page) {
  const header = page.getByTestId('app-header');
  const layout = await header.evaluate((element) => {
    const row = element.firstElementChild as HTMLElement;
    const items = [...row.children].filter((child) => (child as HTMLElement).offsetParent !== null);
    const tops = items.map((item) => Math.round(item.getBoundingClientRect().top + item.getBoundingClientRect().height / 2));
    return { tops, overflow: row.scrollWidth - row.clientWidth, right: Math.max(...items.map((item) => item.getBoundingClientRect().right)) };
  });
  expect(layout.tops.length).toBeGreaterThanOrEqual(4);
  expect(new Set(layout.tops).size).toBe(1);
  expect(layout.overflow).toBeLessThanOrEqual(0);
  expect(layout.right).toBeLessThanOrEqual(390);
}

test('at 390 px the header fits on one line and the sidebar is a drawer that opens and closes', async ({ page }) => {
  expect(page.viewportSize()?.width).toBe(390);
  await page.goto('/');
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');
  await expectHeaderOnOneLine(page);
  await expectNoHorizontalOverflow(page);

  const sidebar = page.getByTestId('sidebar');
  const menu = page.getByTestId('menu-button');
  await expect(sidebar).toBeHidden();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');

  // Open: focus moves into the drawer; Escape closes it and gives focus back to the menu button.
  await menu.click();
  await expect(sidebar).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('drawer-close')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(sidebar).toBeHidden();
  await expect(menu).toBeFocused();

  // The close button and the backdrop close it too.
  await menu.click();
  await page.getByTestId('drawer-close').click();
  await expect(sidebar).toBeHidden();
  await menu.click();
  await page.getByTestId('drawer-backdrop').click({ position: { x: 380, y: 400 } });
  await expect(sidebar).toBeHidden();

  // Following a queue in the drawer opens its page and closes the drawer.
  await menu.click();
  await sidebar.getByTestId('sidebar-filter').fill(seeded.emails.name);
  await sidebar.locator(`[data-testid="sidebar-queue"][data-queue="${seeded.emails.name}"]`).first().click();
  await expect(page).toHaveURL(`/sources/${SOURCE}/queues/${seeded.emails.name}`);
  await expect(page.getByRole('heading', { name: seeded.emails.name, exact: true })).toBeVisible();
  await expect(sidebar).toBeHidden();
  await expectHeaderOnOneLine(page);
  await expectNoHorizontalOverflow(page);

  // The go-to-job box is in the drawer, for those without a keyboard shortcut.
  await menu.click();
  await sidebar.getByTestId('go-to-job-input').fill(seeded.images.logJobId);
  await sidebar.getByTestId('go-to-job-input').press('Enter');
  await expect(page).toHaveURL(`/sources/${SOURCE}/queues/${seeded.images.name}/jobs/${seeded.images.logJobId}`);
  await expect(sidebar).toBeHidden();
  await expectHeaderOnOneLine(page);
});

test('at 390 px the palette opens from the header and the not-found page fits', async ({ page }) => {
  await page.goto('/sources/main/queues/no-such-queue');
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expectHeaderOnOneLine(page);
  await expectNoHorizontalOverflow(page);
  await page.getByTestId('palette-button').click();
  await expect(page.getByTestId('palette-input')).toBeFocused();
  await page.getByTestId('palette-input').fill('acme');
  await page.getByRole('option').first().click();
  await expect(page.getByRole('heading', { name: seeded.tenant.name })).toBeVisible();
});
