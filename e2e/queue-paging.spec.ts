import { expect, test } from '@playwright/test';
import { queueRow } from './helpers';
import { PAGE_SIZE, seeded } from './seeded';

test('an operator pages through the failed list of a queue', async ({ page }) => {
  const { name, failed } = seeded.emails;
  await page.goto('/');
  await queueRow(page, name).getByTestId('queue-link').click();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  const failedTab = page.getByTestId('state-tabs').getByRole('tab', { name: /failed/ });
  await expect(failedTab.getByTestId('tab-count-failed')).toHaveText(String(failed));
  await failedTab.click();
  await expect(page).toHaveURL(/state=failed/);

  const rows = page.getByTestId('job-row');
  const pageNumber = page.getByTestId('page-number');
  const seen = new Set<string>();
  const collect = async () => {
    // While the next page loads the previous one stays on screen, dimmed and busy: read the new one.
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    for (const id of await rows.evaluateAll((elements) => elements.map((el) => el.getAttribute('data-job-id')))) {
      if (id) seen.add(id);
    }
  };

  await expect(pageNumber).toHaveText('1');
  await expect(rows).toHaveCount(PAGE_SIZE);
  await expect(rows.first().getByTestId('state-badge')).toHaveText('failed');
  await expect(page.getByTestId('page-total')).toHaveText(String(failed));
  await collect();

  await page.getByTestId('page-next').click();
  await expect(pageNumber).toHaveText('2');
  await expect(page).toHaveURL(/cursor=/);
  await expect(rows).toHaveCount(PAGE_SIZE);
  await collect();

  await page.getByTestId('page-next').click();
  await expect(pageNumber).toHaveText('3');
  await expect(rows).toHaveCount(failed - 2 * PAGE_SIZE);
  await collect();
  // The last page: no next.
  await expect(page.getByTestId('page-next')).toHaveAttribute('aria-disabled', 'true');
  // Every failed job was listed exactly once across the three pages.
  expect(seen.size).toBe(failed);

  // The URL is the view: reloading it shows the same page, and previous goes back one.
  await page.reload();
  await expect(pageNumber).toHaveText('3');
  await expect(rows).toHaveCount(failed - 2 * PAGE_SIZE);
  await page.getByTestId('page-prev').click();
  await expect(pageNumber).toHaveText('2');
  await expect(rows).toHaveCount(PAGE_SIZE);
});

test('a queue whose name holds "/", spaces and "%" opens from the overview', async ({ page }) => {
  const { name, waiting } = seeded.tenant;
  await page.goto('/');
  await queueRow(page, name).getByTestId('queue-link').click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('job-row')).toHaveCount(waiting);
  await page.getByTestId('job-link').first().click();
  await expect(page.getByTestId('job-header')).toContainText(name);
});
