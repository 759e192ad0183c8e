/** The Celery task flows at 390 px (a phone): the same clicks, nothing hidden that they need. */
import { test } from '@playwright/test';
import { celerySeeded, retryFailedTask, terminateRunningTask, watchTaskSucceedLive } from './celery-flows';

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

test('phone: a task goes from received to succeeded on the Tasks page, live', async ({ page }) => {
  await watchTaskSucceedLive(page);
});

test('phone: a failed task is retried by clicking; the new task links back to it', async ({ page }) => {
  await retryFailedTask(page, celerySeeded.failedPhone);
});

test('phone: a running task is terminated by clicking and ends revoked', async ({ page }) => {
  await terminateRunningTask(page);
});
