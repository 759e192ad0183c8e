/**
 * Celery tasks in the browser, against a real Celery 5.2 worker (scripts/e2e.mjs starts it): a task
 * watched from received to succeeded live on the Tasks page, a failed task retried by clicking (the
 * new task names it as parent), a running task terminated by clicking (it ends revoked).
 */
import { expect, test } from '@playwright/test';
import { CELERY_SOURCE } from './celery-seed';
import { celerySeeded, retryFailedTask, terminateRunningTask, watchTaskSucceedLive } from './celery-flows';

test.describe.configure({ mode: 'serial' });
// A real worker on a loaded 2-core machine: patience, never a timing assertion.
test.setTimeout(120_000);

test('a task goes from received to succeeded on the Tasks page, live', async ({ page }) => {
  await watchTaskSucceedLive(page);
});

test('a failed task is retried by clicking; the new task links back to it as its parent', async ({ page }) => {
  await retryFailedTask(page, celerySeeded.failed);
});

test('a running task is terminated by clicking and ends revoked', async ({ page }) => {
  await terminateRunningTask(page);
});

test('the filters live in the URL: a state chip and a name narrow the list to exactly those tasks', async ({ page }) => {
  await page.goto(`/sources/${CELERY_SOURCE}/tasks`);
  await page.getByTestId('tasks-states').getByTestId('filter-failed').click();
  await expect(page).toHaveURL(/state=failed/);
  const states = await page.getByTestId('task-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')));
  expect(states.length).toBeGreaterThan(0);
  expect(new Set(states)).toEqual(new Set(['failed']));
  await page.getByTestId('tasks-filter-text').fill('declined on a phone');
  await page.getByTestId('tasks-filter-apply').click();
  await expect(page).toHaveURL(/text=declined/);
  await expect(page.getByTestId('task-row')).toHaveCount(1);
  await expect(page.getByTestId('task-row')).toHaveAttribute('data-task-id', celerySeeded.failedPhone);
  await expect(page.getByTestId('tasks-summary')).toContainText('looked at');
});

test('the sidebar and the source page lead to the Tasks, Workers and Broker pages; the chain links through', async ({ page }) => {
  await page.goto(`/sources/${CELERY_SOURCE}`);
  await expect(page.getByTestId('celery-link-workers')).toHaveAttribute('href', `/workers?source=${CELERY_SOURCE}`);
  await expect(page.getByTestId('celery-link-broker')).toHaveAttribute('href', `/sources/${CELERY_SOURCE}/broker`);
  await page.getByTestId(`sidebar-source-${CELERY_SOURCE}`).getByTestId('sidebar-tasks').click();
  await expect(page).toHaveURL(`/sources/${CELERY_SOURCE}/tasks`);
  await page.goto(`/sources/${CELERY_SOURCE}/tasks/${celerySeeded.chain[1]}`);
  await expect(page.getByTestId('task-parent-link')).toHaveText(celerySeeded.chain[0]);
  await expect(page.getByTestId('flow-tree')).toContainText('fixture.add');
  await page.getByTestId('task-parent-link').click();
  await expect(page.getByTestId('task-children')).toContainText(celerySeeded.chain[1]);
});
