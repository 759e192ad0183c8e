import { expect, test } from '@playwright/test';
import { SOURCE, seeded } from './seeded';

const jobUrl = (queue: string, id: string, tab?: string) =>
  `/sources/${SOURCE}/queues/${encodeURIComponent(queue)}/jobs/${encodeURIComponent(id)}${tab ? `?tab=${tab}` : ''}`;

test('an operator opens a failed job and reads its stack trace', async ({ page }) => {
  await page.goto(`/sources/${SOURCE}/queues/${seeded.emails.name}?state=failed`);
  await page.getByTestId('job-link').first().click();

  // Failed jobs open on the Error tab.
  await expect(page.getByTestId('job-tabs').getByRole('tab', { name: 'Error' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('failed-reason-full')).toContainText('SMTP 550: mailbox unavailable');
  const trace = page.getByTestId('stacktrace').last().getByTestId('text-block-content');
  await expect(trace).toBeVisible();
  await expect(trace).toContainText('Error: SMTP 550');
  await expect(trace).toContainText(seeded.emails.failureFunction);

  // The data tab shows the job's input as JSON text.
  await page.getByTestId('job-tabs').getByRole('tab', { name: 'Data' }).click();
  await expect(page.getByTestId('payload-data')).toContainText('"bounce": true');

  // Collapsing the tree's root hides its keys; expanding shows them again.
  const root = page.getByTestId('payload-data').locator('[data-testid="json-node"][data-path="data"]');
  const bounce = root.locator('[data-path="data.bounce"]');
  await root.getByTestId('json-toggle').first().click();
  await expect(bounce).toHaveCount(0);
  await root.getByTestId('json-toggle').first().click();
  await expect(bounce).toBeVisible();
  // The same JSON as text.
  await page.getByTestId('payload-data').getByTestId('json-mode-text').click();
  await expect(page.getByTestId('payload-data').getByTestId('text-block-content')).toContainText('"bounce": true');
});

test('job logs are paged', async ({ page }) => {
  const { name, logJobId, logLines } = seeded.images;
  await page.goto(jobUrl(name, logJobId, 'logs'));
  await expect(page.getByTestId('job-tabs').getByTestId('tab-count-logs')).toHaveText(String(logLines));
  const lines = page.getByTestId('log-lines');
  await expect(lines).toContainText(`Lines 1–100 of ${logLines}`);
  await expect(lines).toContainText('resizing step 100');
  await expect(lines).not.toContainText('resizing step 101');
  await page.getByTestId('logs-next').click();
  await expect(lines).toContainText(`Lines 101–${logLines} of ${logLines}`);
  await expect(lines).toContainText(`resizing step ${logLines}`);
  await expect(page.getByTestId('logs-next')).toBeDisabled();

  await page.getByTestId('job-tabs').getByRole('tab', { name: 'Return value' }).click();
  await expect(page.getByTestId('payload-returnValue')).toContainText('"thumbnails": 3');
  await expect(page.getByTestId('job-progress')).toContainText('100%');
});

test('a flow parent shows its children and links to them', async ({ page }) => {
  const { name, parentId, childIds } = seeded.flows;
  await page.goto(jobUrl(name, parentId, 'flow'));
  const tree = page.getByTestId('flow-tree');
  await expect(tree.getByTestId('flow-node')).toHaveCount(1 + childIds.length);
  await tree.locator(`[data-job-id="${childIds[0]}"]`).getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${childIds[0]}`));
  await expect(page.getByRole('heading', { name: `Job ${childIds[0]}` })).toBeVisible();
});

test('the timeline of a finished job runs from added to completed', async ({ page }) => {
  await page.goto(jobUrl(seeded.images.name, seeded.images.logJobId, 'timeline'));
  const events = page.getByTestId('timeline-event');
  await expect(events.first()).toBeVisible();
  expect(await events.count()).toBeGreaterThanOrEqual(2);
});

test('a payload over the inline limit is cut, and "load all" fetches the whole', async ({ page }) => {
  const { name, bigJobId, tailMarker } = seeded.uploads;
  await page.goto(jobUrl(name, bigJobId, 'data'));
  const payload = page.getByTestId('payload-data');
  await expect(payload.getByTestId('payload-truncated')).toContainText('Showing 256 KiB of 300 KiB');
  await expect(payload.getByTestId('text-block-content')).not.toContainText(tailMarker);

  await payload.getByTestId('payload-load-all').click();
  await expect(payload.getByTestId('payload-truncated')).toHaveCount(0);
  // Whole, it parses: a tree whose search finds the marker at the very end.
  await payload.getByTestId('json-search').fill(tailMarker);
  await expect(payload.getByTestId('json-match')).toHaveText(tailMarker);
});
