import { expect, test } from '@playwright/test';
import { expectNoHorizontalOverflow, queueCard } from './helpers';
import { SOURCE, seeded } from './seeded';

test('on a phone the overview, a queue and a job are usable without sideways scrolling', async ({ page }) => {
  expect(page.viewportSize()?.width).toBe(390);
  await page.goto('/');
  // Queues collapse into cards: every queue visible, counts readable without scrolling sideways.
  // Every source's table (the config has more than one source, so the locator may match several).
  await expect(page.getByTestId('source-main')).toBeVisible();
  for (const table of await page.getByTestId('queue-table').all()) await expect(table).toBeHidden();
  const emails = queueCard(page, seeded.emails.name);
  await expect(emails.getByTestId('count-failed')).toHaveText(String(seeded.emails.failed));
  await expect(emails.getByTestId('count-completed')).toHaveText(String(seeded.emails.completed));
  await expect(queueCard(page, seeded.tenant.name)).toBeVisible();
  await expectNoHorizontalOverflow(page);

  await emails.getByTestId('queue-link').click();
  await expect(page.getByRole('heading', { name: seeded.emails.name })).toBeVisible();
  await page.getByTestId('state-tabs').getByRole('tab', { name: /failed/ }).click();
  await expect(page.getByTestId('job-row').first()).toBeVisible();
  await expectNoHorizontalOverflow(page);

  await page.getByTestId('job-link').first().click();
  await expect(page.getByTestId('stacktrace').last()).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await expect(page).toHaveURL(new RegExp(`/sources/${SOURCE}/`));
});
