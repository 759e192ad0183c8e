import { expect, test } from '@playwright/test';
import { forbidDialogs } from './helpers';
import { SOURCE, XSS, XSS_JOB_ID, seeded } from './seeded';

test('job data that looks like HTML is shown as text and never runs', async ({ page }) => {
  const dialogs = forbidDialogs(page);
  await page.goto(`/sources/${SOURCE}/queues/${seeded.webhooks.name}?state=failed`);

  const row = page.locator(`[data-testid="job-row"][data-job-id="${XSS_JOB_ID}"]`);
  await expect(row).toContainText(XSS);
  await expect(row.getByTestId('failed-reason')).toContainText(XSS);

  await row.getByTestId('job-link').click();
  await expect(page.getByTestId('failed-reason-full')).toContainText(`rejected payload ${XSS}`);
  await page.getByTestId('job-tabs').getByRole('tab', { name: 'Data' }).click();
  await expect(page.getByTestId('payload-data')).toContainText(XSS);
  await expect(page.getByTestId('payload-data')).toContainText('<script>alert(2)</script>');

  // The markup stayed text: no element was made from it anywhere on the page.
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('main script')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});
