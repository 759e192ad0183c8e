import { expect, test } from '@playwright/test';
import { expectCount, queueRow } from './helpers';
import { DOWN_SOURCE, SOURCE, seeded } from './seeded';

test.describe('overview', () => {
  test('shows every seeded queue with its exact counts', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();

    const emails = queueRow(page, seeded.emails.name);
    await expectCount(emails, 'completed', seeded.emails.completed);
    await expectCount(emails, 'failed', seeded.emails.failed);
    await expectCount(emails, 'waiting', 0);
    await expectCount(emails, 'active', 0);
    // Workers were closed after seeding.
    await expectCount(emails, 'workers', 0);

    const images = queueRow(page, seeded.images.name);
    await expectCount(images, 'delayed', seeded.images.delayed);
    await expectCount(images, 'waiting', seeded.images.waiting);
    await expectCount(images, 'completed', seeded.images.completed);

    const flows = queueRow(page, seeded.flows.name);
    await expectCount(flows, 'waiting', seeded.flows.childIds.length);
    await expectCount(flows, 'waiting-children', 1);

    await expectCount(queueRow(page, seeded.webhooks.name), 'failed', seeded.webhooks.failed);
    await expectCount(queueRow(page, seeded.tenant.name), 'waiting', seeded.tenant.waiting);
    await expectCount(queueRow(page, seeded.uploads.name), 'waiting', seeded.uploads.waiting);

    const reports = queueRow(page, seeded.reports.name);
    await expect(reports.getByTestId('badge-paused')).toBeVisible();
    // BullMQ 6 keeps a paused queue's jobs in `wait` behind a flag; the adapter reports them as paused.
    await expectCount(reports, 'paused', seeded.reports.jobs);
    await expectCount(reports, 'waiting', 0);
    await expect(emails.getByTestId('badge-paused')).toHaveCount(0);
  });

  test('a source that is down is shown as down while the others keep working', async ({ page }) => {
    await page.goto('/');
    const down = page.getByTestId(`source-${DOWN_SOURCE}`);
    await expect(down.getByTestId('error-box')).toBeVisible();
    await expect(down.getByTestId('error-box')).toHaveAttribute('data-code', 'source_unavailable');
    await expect(page.getByTestId(`source-${SOURCE}`).getByTestId('queue-row').first()).toBeVisible();
  });

  test('the theme toggle switches to dark and the choice survives a reload', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'light');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const lightBackground = await background();

    await page.getByTestId('theme-toggle').click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    expect(await background()).not.toBe(lightBackground);

    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('theme-toggle').click();
    await expect(html).toHaveAttribute('data-theme', 'light');
  });

  test('without a stored choice the theme follows the system preference', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });
});
