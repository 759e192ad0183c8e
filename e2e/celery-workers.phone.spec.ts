/** The Celery worker and broker pages at phone width (390 px), on the real worker of globalSetup. */
import { expect, test } from '@playwright/test';
import { CELERY_E2E, sendCeleryE2e } from './celery-worker';
import { expectNoHorizontalOverflow } from './helpers';

const SOURCE = CELERY_E2E.source;
const WORKER = CELERY_E2E.hostname;

test('the workers list, the worker page and its tabs fit a phone, and a limit can be set by touch', async ({ page }) => {
  await page.goto(`/workers?source=${SOURCE}`);
  const row = page.locator('[data-testid="worker-row"]', { hasText: WORKER });
  await expect(row).toHaveAttribute('data-status', 'online');
  await expectNoHorizontalOverflow(page);
  await row.getByTestId('worker-link').tap();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(WORKER);
  await expect(page.getByTestId('pool-size')).toHaveText(/^\d+$/, { timeout: 15_000 });
  await expectNoHorizontalOverflow(page);

  await page.getByTestId('tab-limits').tap();
  const limited = page.locator('[data-testid="task-type-row"][data-name="fixture.limited"]');
  await limited.getByTestId('edit-limits').tap();
  await page.getByTestId('rate-input').fill('3/s');
  await page.getByTestId('rate-set').tap();
  await expect(limited.getByTestId('task-type-rate')).toHaveText('3/s');
  await page.getByTestId('rate-remove').tap();
  await expect(limited.getByTestId('task-type-rate')).toHaveText('none');
  await expectNoHorizontalOverflow(page);
});

test('the broker page fits a phone and peeks at a queue', async ({ page }) => {
  const { id } = await sendCeleryE2e(process.env.E2E_REDIS_URL!, 'call', 'fixture.add', CELERY_E2E.parked, '[1, 1]', '{}', 3600);
  await page.goto(`/sources/${SOURCE}/broker`);
  const row = page.locator(`[data-testid="broker-queue-row"][data-queue="${CELERY_E2E.parked}"]`);
  await row.getByTestId('broker-peek').tap();
  await expect(page.getByTestId('peek-message').filter({ hasText: id })).toHaveCount(1);
  await expectNoHorizontalOverflow(page);
});
