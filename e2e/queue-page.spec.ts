/**
 * The queue page as an operator uses it: it opens on the jobs that matter, reads a failure without
 * a click, expands a row for the stack and the data, searches where the list is, moves through the
 * state tabs by keyboard, writes a rate limit one way and offers no bulk action that has nothing
 * to act on. Every queue is seeded here with real BullMQ (names prefixed `qp-`).
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { SOURCE } from './seeded';
import {
  closeSeeded,
  queuePath,
  seedFailing,
  seedFlow,
  seedPaused,
  seedRateLimited,
  waitForQueue,
} from './queue-page-seed';

const FAILING = 'qp-failing';
const PAUSED = 'qp-paused';
const FLOW_PARENT = 'qp-flow-parent';
const FLOW_CHILD = 'qp-flow-child';
const LIMITED = 'qp-limited';
const PAUSED_JOBS = 8;
const FAILED = 3;

test.beforeAll(async () => {
  await seedFailing(FAILING, { completed: 2, failed: FAILED });
  await seedPaused(PAUSED, PAUSED_JOBS);
  await seedFlow(FLOW_PARENT, FLOW_CHILD);
  await seedRateLimited(LIMITED, 5, 1_000);
});

test.afterAll(closeSeeded);

const tab = (page: Page, state: string) =>
  page.getByTestId('state-tabs').getByTestId(`tab-${state}`);

test('a paused queue opens on its paused jobs, never on an empty waiting tab', async ({
  page,
  request,
}) => {
  await waitForQueue(request, PAUSED);
  await page.goto(queuePath(PAUSED));
  await expect(tab(page, 'paused')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('job-row')).toHaveCount(PAUSED_JOBS);
  await expect(page.getByTestId('page-total')).toHaveText(String(PAUSED_JOBS));
  await expect(page.getByTestId('jobs-empty')).toHaveCount(0);

  // An empty state, asked for by its link, says so plainly and has no pager counting to zero.
  await page.goto(queuePath(PAUSED, '?state=failed'));
  await expect(tab(page, 'failed')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('jobs-empty')).toContainText('No failed jobs');
  await expect(page.getByTestId('pager')).toHaveCount(0);
  await expect(page.getByText(/Page 1 of 0/)).toHaveCount(0);
});

test('a flow parent queue opens on the parent waiting for its children', async ({
  page,
  request,
}) => {
  await waitForQueue(request, FLOW_PARENT);
  await page.goto(queuePath(FLOW_PARENT));
  await expect(tab(page, 'waiting-children')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('job-row')).toHaveCount(1);
});

test('a queue with failures opens on them, and an explicit state in the link is kept', async ({
  page,
  request,
}) => {
  await waitForQueue(request, FAILING);
  await page.goto(queuePath(FAILING));
  await expect(tab(page, 'failed')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('job-row')).toHaveCount(FAILED);
  // The cause is readable in the row, without a click.
  await expect(page.getByTestId('failed-reason').first()).toBeVisible();
  await expect(page.getByTestId('failed-reason').first()).toContainText(
    'card declined for invoice',
  );

  await page.goto(queuePath(FAILING, '?state=completed'));
  await expect(tab(page, 'completed')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('job-row')).toHaveCount(2);
});

test('the first paint already shows the jobs: the server sends the rows and the opened tab in its HTML', async ({
  request,
}) => {
  await waitForQueue(request, FAILING);
  // The HTML alone, before any script runs or any API call is made.
  const html = await (await request.get(queuePath(FAILING))).text();
  expect(html.match(/data-testid="job-row"/g) ?? []).toHaveLength(FAILED);
  expect(html).toMatch(/aria-selected="true"[^>]*data-testid="tab-failed"/);
  expect(html).toContain('card declined for invoice');
  // The sidebar lists the queue with its failure count in the same HTML.
  expect(html).toContain(`data-queue="${FAILING}"`);

  // A job page likewise: its failure is in the HTML.
  const listed = await (
    await request.get(`/api/v1/sources/${SOURCE}/queues/${FAILING}/jobs?state=failed&limit=1`)
  ).json();
  const job = listed.jobs[0];
  const jobHtml = await (
    await request.get(`${queuePath(FAILING)}/jobs/${encodeURIComponent(job.id)}`)
  ).text();
  // (up to its apostrophe, which HTML writes as an entity)
  expect(jobHtml).toContain(job.failedReason.split(':')[0]);
});

test('a row expands in place to the failure, its stack trace and the data, by mouse and by keyboard', async ({
  page,
}) => {
  await page.goto(queuePath(FAILING, '?state=failed'));
  const row = page.getByTestId('job-row').first();
  const toggle = row.getByTestId('job-expand');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const details = page.getByTestId('job-details');
  await expect(details).toHaveCount(1);
  await expect(details.getByTestId('failed-reason-full')).toContainText(
    'card declined for invoice',
  );
  await expect(details.getByTestId('stacktrace').last()).toContainText('chargeCard');
  await expect(details.getByTestId('payload-data')).toContainText('"customer"');
  // The page did not change: the row opened where it is.
  await expect(page).toHaveURL(/state=failed$/);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(details).toHaveCount(0);

  // Keyboard: the disclosure is a button, Enter and Space both work.
  const second = page.getByTestId('job-row').nth(1).getByTestId('job-expand');
  await second.focus();
  await page.keyboard.press('Enter');
  await expect(second).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('job-details').getByTestId('failed-reason-full')).toBeVisible();
  await page.keyboard.press('Space');
  await expect(second).toHaveAttribute('aria-expanded', 'false');
});

test('search results replace the list, under a header that clears them', async ({ page }) => {
  await page.goto(queuePath(FAILING, '?state=completed'));
  await expect(page.getByTestId('job-row')).toHaveCount(2);
  await page.getByTestId('search-toggle').click();
  await page.getByTestId('search-reason').fill('invoice 4');
  await page.getByTestId('search-submit').click();

  const results = page.getByTestId('search-results');
  await expect(results).toBeVisible();
  await expect(
    page.getByTestId('jobs-section').getByRole('heading', { name: /Search results/ }),
  ).toBeVisible();
  await expect(page.getByTestId('search-matched')).toHaveText('1');
  // Only the results are listed: the completed list they were typed over is gone, not below them.
  await expect(page.getByTestId('jobs-table')).toHaveCount(1);
  await expect(page.getByTestId('job-row')).toHaveCount(1);
  await expect(page.getByTestId('job-row').getByTestId('failed-reason')).toContainText('invoice 4');
  await expect(results).toBeInViewport();

  await page.getByTestId('search-clear').click();
  await expect(page).not.toHaveURL(/search=/);
  await expect(page.getByTestId('search-results')).toHaveCount(0);
  await expect(tab(page, 'completed')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('job-row')).toHaveCount(2);
});

test('the state tabs move by arrow keys, Home and End, and Enter opens one', async ({ page }) => {
  await page.goto(queuePath(FAILING, '?state=completed'));
  const tabs = page.getByTestId('state-tabs').getByRole('tab');
  const selected = tab(page, 'completed');
  await expect(selected).toHaveAttribute('aria-selected', 'true');
  // One tab stop for the whole list: the selected tab.
  await expect(page.getByTestId('state-tabs').locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
  await expect(selected).toHaveAttribute('tabindex', '0');

  await selected.focus();
  await page.keyboard.press('ArrowRight');
  await expect(tab(page, 'failed')).toBeFocused();
  // Past the last tab, the first; before the first, the last.
  await page.keyboard.press('ArrowRight');
  await expect(tabs.first()).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(tabs.last()).toBeFocused();
  await page.keyboard.press('Home');
  await expect(tabs.first()).toBeFocused();
  await page.keyboard.press('End');
  await expect(tabs.last()).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  const second = tabs.nth(1);
  await expect(second).toBeFocused();
  // Focus moved, nothing opened: opening is Enter's (or Space's) job.
  await expect(page).toHaveURL(/state=completed$/);
  const secondKey = (await second.getAttribute('data-testid'))!.replace(/^tab-/, '');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`state=${secondKey}`));
  await expect(tab(page, secondKey)).toHaveAttribute('aria-selected', 'true');
  await expect(tab(page, secondKey)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Space');
  await expect(tab(page, 'waiting')).toHaveAttribute('aria-selected', 'true');
});

test('one rate limit is written one way everywhere on the page', async ({ page, request }) => {
  await waitForQueue(request, LIMITED);
  await page.goto(queuePath(LIMITED));
  await expect(page.getByTestId('badge-rate-limit')).toContainText('5 per second');
  await expect(page.getByTestId('fact-rate-limit')).toHaveText('5 per second');
  await expect(page.getByTestId('rate-limit-value')).toHaveText('5 per second');
});

test('retry all and promote all are offered only when there is something to act on', async ({
  page,
}) => {
  await page.goto(queuePath(PAUSED));
  const retryAll = page.getByTestId('queue-action-retry-all');
  const promoteAll = page.getByTestId('queue-action-promote-all');
  await expect(retryAll).toBeDisabled();
  await expect(retryAll).toHaveAttribute('title', /no failed or completed jobs/i);
  await expect(retryAll).toHaveAccessibleDescription(/no failed or completed jobs/i);
  await expect(promoteAll).toBeDisabled();
  await expect(promoteAll).toHaveAccessibleDescription(/no delayed jobs/i);

  await page.goto(queuePath(FAILING));
  await expect(page.getByTestId('queue-action-retry-all')).toBeEnabled();
});

test('the controls are there from the first paint and never move the job list', async ({
  page,
  request,
}) => {
  // The queue, the source and who is asking come with the HTML: the controls are in it.
  const html = await (await request.get(queuePath(FAILING, '?state=failed'))).text();
  expect(html).toContain('data-testid="queue-action-retry-all"');
  expect(html).toContain('data-testid="rate-limit-edit"');

  await page.goto(queuePath(FAILING, '?state=failed'), { waitUntil: 'commit' });
  const tabs = page.getByTestId('state-tabs');
  await expect(tabs).toBeVisible();
  const before = (await tabs.boundingBox())!.y;
  await expect(page.getByTestId('queue-action-retry-all')).toBeVisible();
  await expect(page.getByTestId('job-row')).toHaveCount(FAILED);
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');
  await expect(page.getByTestId('skeleton')).toHaveCount(0);
  expect((await tabs.boundingBox())!.y).toBe(before);
});
