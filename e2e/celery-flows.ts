/**
 * What an operator does with Celery tasks, at any screen size (e2e/celery.spec.ts at 1280 px,
 * celery.phone.spec.ts at 390 px), against the real Celery worker scripts/e2e.mjs started: every
 * state the page shows comes from that worker's events, live, without a reload.
 */
import { randomBytes } from 'node:crypto';
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { CELERY_SOURCE, celerySeeded, sendSleep } from './celery-seed';

const tasksPage = (search = '') => `/sources/${CELERY_SOURCE}/tasks${search}`;
const taskPage = (id: string) => `/sources/${CELERY_SOURCE}/tasks/${encodeURIComponent(id)}`;
const uniqueId = (label: string) => `e2e-${label}-${randomBytes(4).toString('hex')}`;

/** Open the Tasks page on sleeping tasks, send one, and watch its row go from running to succeeded. */
export async function watchTaskSucceedLive(page: Page) {
  const id = uniqueId('watch');
  await page.goto(tasksPage('?name=fixture.sleep'));
  await expect(page.getByTestId('tasks-summary')).toBeVisible();
  // The live feed is up before the task is sent: what follows arrives as events, not a reload.
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');
  await sendSleep(id, 4);
  const row = page.locator(`[data-testid="task-row"][data-task-id="${id}"]`);
  await expect(row).toHaveAttribute('data-state', /^(waiting|active)$/);
  await expect(row).toHaveAttribute('data-state', 'active');
  await expect(row.getByTestId('state-badge')).toHaveText('active');
  await expect(row).toHaveAttribute('data-state', 'completed', { timeout: 30_000 });
  await expect(row.getByTestId('state-badge')).toHaveText('completed');
  // The row links to the task page, which shows its result.
  await row.getByTestId('task-link').click();
  await expect(page).toHaveURL(taskPage(id));
  await expect(page.getByTestId('task-result')).toContainText('4');
}

/** Retry a failed task by clicking, follow the new task's link, and see its parent named. */
export async function retryFailedTask(page: Page, failedId: string) {
  await page.goto(taskPage(failedId));
  await expect(page.getByTestId('task-summary')).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('task-traceback')).toContainText('ValueError');
  await page.getByTestId('task-action-retry').click();
  const dialog = page.getByTestId('task-action-dialog');
  await expect(dialog).toContainText('same arguments');
  await dialog.getByRole('button', { name: 'Retry' }).click();
  const link = page.getByTestId('task-action-link');
  await expect(link).toBeVisible();
  const newId = (await link.textContent())!.trim();
  expect(newId).not.toBe(failedId);
  await link.click();
  await expect(page).toHaveURL(taskPage(newId));
  await expect(page.getByTestId('task-id')).toHaveText(newId);
  await expect(page.getByTestId('task-parent-link')).toHaveText(failedId);
  // The fixture task fails again, with the same argument: the retry really ran.
  await expect(page.getByTestId('task-summary')).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  await expect(page.getByTestId('task-args')).toContainText((await argsOf(page, failedId)) ?? '');
  // And the failed task now names it as its child.
  await page.getByTestId('task-parent-link').click();
  await expect(page.getByTestId('task-children')).toContainText(newId);
}

async function argsOf(page: Page, id: string): Promise<string | null> {
  const response = await page.request.get(`/api/v1/sources/${CELERY_SOURCE}/jobs/${encodeURIComponent(id)}`);
  const body = (await response.json()) as { job: { raw: Record<string, string> } };
  return body.job.raw.args ?? null;
}

/** Terminate a running (sleeping) task by clicking, choosing the signal, and see it revoked. */
export async function terminateRunningTask(page: Page) {
  const id = uniqueId('terminate');
  await sendSleep(id, 120);
  // Opened once the dashboard has heard of it (a page for an unknown id says "not found").
  await expect
    .poll(async () => (await page.request.get(`/api/v1/sources/${CELERY_SOURCE}/jobs/${encodeURIComponent(id)}`)).status())
    .toBe(200);
  await page.goto(taskPage(id));
  // Found once the ingest saw it; running once the worker started it (live on this page).
  const summary = page.getByTestId('task-summary');
  await expect(summary).toHaveAttribute('data-state', 'active', { timeout: 30_000 });
  await page.getByTestId('task-action-terminate').click();
  const dialog = page.getByTestId('task-action-dialog');
  await dialog.getByTestId('task-terminate-signal').selectOption('SIGKILL');
  await dialog.getByRole('button', { name: 'Terminate' }).click();
  await expect(page.getByTestId('task-action-status')).toBeVisible();
  await expect(summary).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
  await expect(page.getByTestId('task-state')).toHaveText('REVOKED');
}

export { celerySeeded };
