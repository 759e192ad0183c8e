/**
 * Getting around, as an operator does: the sidebar of sources and queues (live, filterable), the
 * Ctrl-K palette and the go-to-job box, one not-found page for whatever does not exist (with the
 * live feed never asked about it), the skip link, and the favicon.
 */
import { expect, test } from '@playwright/test';
import type { APIRequestContext, Page } from '@playwright/test';
import { Queue } from 'bullmq';
import { waitForHydration } from './helpers';
import { DOWN_SOURCE, SOURCE, seeded } from './seeded';

function connection() {
  const url = process.env.E2E_REDIS_URL;
  if (!url) throw new Error('E2E_REDIS_URL is not set: run the browser tests with `npm run test:e2e`.');
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), maxRetriesPerRequest: null };
}

const closers: (() => Promise<unknown>)[] = [];
test.afterEach(async () => {
  await Promise.allSettled(closers.splice(0).map((close) => close()));
});

/** Discovery runs every second; wait until the API knows the queue before looking for it. */
async function waitForQueue(request: APIRequestContext, queue: string) {
  const path = `/api/v1/sources/${SOURCE}/queues/${encodeURIComponent(queue)}`;
  await expect.poll(async () => (await request.get(path)).status()).toBe(200);
}

const sidebarQueue = (page: Page, source: string, queue: string) =>
  page.getByTestId(`sidebar-source-${source}`).locator(`[data-testid="sidebar-queue"][data-queue="${queue}"]`);

/** Every topic the page's live feed asked for, and every answer it got, from the first request on. */
function watchLiveFeed(page: Page) {
  const topics: string[] = [];
  const statuses: number[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('/api/v1/events')) topics.push(...(url.searchParams.get('topics') ?? '').split(','));
  });
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('/api/v1/events')) statuses.push(response.status());
  });
  return { topics, statuses };
}

test('the sidebar lists every source’s queues with live counts and marks, and filters them', async ({ page, request }) => {
  const name = `shell-sidebar-${Date.now()}`;
  const queue = new Queue(name, { connection: connection() });
  closers.push(() => queue.close());
  await queue.add('ping', {});
  await waitForQueue(request, name);

  await page.goto('/');
  for (const seededQueue of [seeded.emails, seeded.reports, seeded.images, seeded.flows, seeded.tenant])
    await expect(sidebarQueue(page, SOURCE, seededQueue.name)).toBeVisible();
  await expect(sidebarQueue(page, SOURCE, seeded.emails.name).getByTestId('sidebar-count-failed')).toHaveText(
    `${seeded.emails.failed} failed`,
  );
  await expect(sidebarQueue(page, SOURCE, seeded.reports.name).getByTestId('sidebar-paused')).toBeVisible();
  await expect(sidebarQueue(page, SOURCE, seeded.emails.name).getByTestId('sidebar-paused')).toHaveCount(0);
  // The source that is down says so in its own group; the others are listed all the same.
  await expect(page.getByTestId(`sidebar-source-${DOWN_SOURCE}`).getByTestId('sidebar-source-down')).toBeVisible();

  // Counts follow the live feed: one more waiting job shows without a reload.
  const mine = sidebarQueue(page, SOURCE, name);
  await expect(mine.getByTestId('sidebar-count-waiting')).toHaveText('1 waiting');
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');
  await queue.add('ping', {});
  await expect(mine.getByTestId('sidebar-count-waiting')).toHaveText('2 waiting');

  // The filter keeps what matches every word typed.
  await page.getByTestId('sidebar-filter').fill('acme');
  await expect(sidebarQueue(page, SOURCE, seeded.tenant.name)).toBeVisible();
  await expect(sidebarQueue(page, SOURCE, seeded.emails.name)).toHaveCount(0);
  await page.getByTestId('sidebar-filter').fill('');
  await expect(sidebarQueue(page, SOURCE, seeded.emails.name)).toBeVisible();

  // A queue is one tab stop, whatever its counts; following it lights it as the current page.
  await sidebarQueue(page, SOURCE, seeded.emails.name).click();
  await expect(page.getByRole('heading', { name: seeded.emails.name, exact: true })).toBeVisible();
  await expect(sidebarQueue(page, SOURCE, seeded.emails.name)).toHaveAttribute('aria-current', 'page');
});

test('Workers, Schedules, Dead letters and Audit are one click from any page', async ({ page }) => {
  await page.goto(`/sources/${SOURCE}/queues/${seeded.emails.name}`);
  await page.getByTestId('nav-workers').click();
  await expect(page.getByRole('heading', { name: 'Workers', exact: true })).toBeVisible();
  await expect(page.getByTestId(`source-panel-${SOURCE}`).getByTestId('workers-empty')).toBeVisible();
  // A source that is down says so in its panel only.
  await expect(page.getByTestId(`source-panel-${DOWN_SOURCE}`).getByTestId('error-box')).toHaveAttribute(
    'data-code',
    'source_unavailable',
  );

  await page.getByTestId('nav-schedules').click();
  await expect(page.getByRole('heading', { name: 'Schedules', exact: true })).toBeVisible();
  await expect(page.getByTestId(`source-panel-${SOURCE}`)).toBeVisible();
  await expect(page.getByTestId(`source-panel-${DOWN_SOURCE}`).getByTestId('error-box')).toBeVisible();

  await page.getByTestId('nav-dead-letters').click();
  await expect(page).toHaveURL(/\/dead-letters$/);
  await page.getByTestId('nav-audit').click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await page.getByTestId('nav-overview').click();
  await expect(page.getByRole('heading', { name: 'Overview', exact: true })).toBeVisible();
});

test('Ctrl-K jumps to a queue by part of its name, by keyboard, and gives focus back on Escape', async ({ page }) => {
  await page.goto('/');
  await waitForHydration(page);
  const filter = page.getByTestId('sidebar-filter');
  await filter.focus();
  await page.keyboard.press('Control+k');
  const input = page.getByTestId('palette-input');
  await expect(input).toBeFocused();
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('command-palette')).toBeHidden();
  await expect(filter).toBeFocused();

  await page.keyboard.press('Control+k');
  await input.fill('acme');
  const options = page.getByRole('option');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(options.first()).toContainText(seeded.tenant.name);
  // Arrows move the active option (and wrap); the input says which one is active.
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(input).toHaveAttribute('aria-activedescendant', (await options.first().getAttribute('id'))!);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((url) => url.pathname === `/sources/${SOURCE}/queues/${encodeURIComponent(seeded.tenant.name)}`);
  await expect(page.getByRole('heading', { name: seeded.tenant.name })).toBeVisible();
});

test('Ctrl-K opens a job by id in whatever queue and source holds it, and says when none does', async ({ page }) => {
  await page.goto('/');
  await waitForHydration(page);
  await page.keyboard.press('Control+k');
  const input = page.getByTestId('palette-input');
  await input.fill(seeded.images.logJobId);
  await expect(page.getByRole('option', { name: `Go to job ${seeded.images.logJobId}` })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`/sources/${SOURCE}/queues/${seeded.images.name}/jobs/${seeded.images.logJobId}`);
  await expect(page.getByTestId('job-header')).toBeVisible();

  await page.keyboard.press('Control+k');
  await input.fill('no-such-job-anywhere');
  await page.getByRole('option', { name: 'Go to job no-such-job-anywhere' }).click();
  await expect(page.getByTestId('palette-status')).toContainText('Job “no-such-job-anywhere” not found');
  // The source that is down could not be asked, and the answer says so.
  await expect(page.getByTestId('palette-status')).toContainText(`${DOWN_SOURCE} did not answer`);
  await expect(page).toHaveURL(/\/jobs\/thumbnail-1$/);
});

test('the go-to-job box opens a job by id and says "not found" for a wrong one', async ({ page }) => {
  await page.goto(`/sources/${SOURCE}`);
  await waitForHydration(page);
  const box = page.getByTestId('go-to-job');
  await box.getByTestId('go-to-job-input').fill('no-such-job');
  await box.getByTestId('go-to-job-input').press('Enter');
  await expect(box.getByTestId('go-to-job-result')).toContainText('Job “no-such-job” not found');
  await expect(page).toHaveURL(`/sources/${SOURCE}`);

  await box.getByTestId('go-to-job-input').fill(seeded.flows.parentId);
  await box.getByTestId('go-to-job-submit').click();
  await expect(page).toHaveURL(`/sources/${SOURCE}/queues/${seeded.flows.name}/jobs/${seeded.flows.parentId}`);
  await expect(page.getByRole('heading', { name: `Job ${seeded.flows.parentId}` })).toBeVisible();
  await expect(box.getByTestId('go-to-job-input')).toHaveValue('');
});

const unknownPages = [
  { what: 'source', path: '/sources/no-such-source', title: 'Source “no-such-source” not found', back: '/', topics: ['no-such-source'] },
  {
    what: 'queue',
    path: `/sources/${SOURCE}/queues/no-such-queue`,
    title: 'Queue “no-such-queue” not found',
    back: `/sources/${SOURCE}`,
    topics: [`${SOURCE}/no-such-queue`],
  },
  {
    what: 'job',
    path: `/sources/${SOURCE}/queues/${seeded.emails.name}/jobs/no-such-job`,
    title: 'Job “no-such-job” not found',
    back: `/sources/${SOURCE}/queues/${seeded.emails.name}`,
    topics: [`${SOURCE}/job/${seeded.emails.name}/no-such-job`],
  },
  {
    what: 'queue of a job',
    path: `/sources/${SOURCE}/queues/no-such-queue/jobs/1`,
    title: 'Queue “no-such-queue” not found',
    back: `/sources/${SOURCE}`,
    topics: [`${SOURCE}/no-such-queue`, `${SOURCE}/job/no-such-queue/1`],
  },
  { what: 'page', path: '/no/such/page', title: 'Page not found', back: '/', topics: [] },
];

for (const unknown of unknownPages) {
  test(`an unknown ${unknown.what} gets one not-found page with a way back, and no live topic`, async ({ page }) => {
    const feed = watchLiveFeed(page);
    await page.goto(unknown.path);
    const notFound = page.getByTestId('not-found');
    await expect(notFound.getByRole('heading', { level: 1 })).toHaveText(unknown.title);
    // Only the not-found page: no error boxes, no controls, tabs or search around it.
    const main = page.getByRole('main');
    await expect(main.getByTestId('error-box')).toHaveCount(0);
    for (const widget of ['queue-controls', 'state-tabs', 'search-panel', 'job-tabs', 'queues-panel'])
      await expect(page.getByTestId(widget)).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);

    // The feed is up, on the sources the sidebar shows, and was never asked about what is not there.
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');
    expect(feed.topics).toContain(SOURCE);
    for (const topic of unknown.topics) expect(feed.topics).not.toContain(topic);
    expect(feed.statuses.filter((status) => status !== 200)).toEqual([]);

    await notFound.getByTestId('not-found-back').click();
    await expect(page).toHaveURL(unknown.back);
    await expect(page.getByTestId('not-found')).toHaveCount(0);
  });
}

test('a source that is down is not "not found": its page says it is down', async ({ page }) => {
  await page.goto(`/sources/${DOWN_SOURCE}`);
  // The page asks three times (a 503 may pass) before it says so.
  await expect(page.getByTestId('queues-panel').getByTestId('error-box')).toHaveAttribute('data-code', 'source_unavailable', {
    timeout: 20_000,
  });
  await expect(page.getByTestId('not-found')).toHaveCount(0);
});

test('"Skip to content" is the first tab stop, shows when focused, and moves focus to the page', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('sidebar-queue').first()).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  const box = await skip.boundingBox();
  expect(box && box.width > 20 && box.height > 10).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  // The next tab stop is inside the page, past the header and the sidebar.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
});

test('the page names an icon that the server serves (no favicon 404)', async ({ page, request }) => {
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await page.goto('/');
  const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(href).toBeTruthy();
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/');
  await expect(page.getByTestId('sidebar-queue').first()).toBeVisible();
  expect(missing).toEqual([]);
});
