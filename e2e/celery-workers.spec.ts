/**
 * The Celery workers, worker and broker pages against the real Celery 5.2 worker globalSetup
 * started (e2e/celery-worker.ts): every fact the page shows is also read from the worker or the
 * broker through the API, and every control's effect is read back from the worker itself.
 */
import { expect, test } from '@playwright/test';
import type { APIRequestContext, Page } from '@playwright/test';
import { CELERY_E2E, sendCeleryE2e } from './celery-worker';

const SOURCE = CELERY_E2E.source;
const WORKER = CELERY_E2E.hostname;
const redisUrl = () => {
  const url = process.env.E2E_REDIS_URL;
  if (!url) throw new Error('E2E_REDIS_URL is not set: run through scripts/e2e.mjs');
  return url;
};
const workerPath = (tab?: string) => `/sources/${SOURCE}/workers/${encodeURIComponent(WORKER)}${tab ? `?tab=${tab}` : ''}`;

/** What the worker itself answers now (inspect), through the API. */
async function inspect(api: APIRequestContext) {
  const response = await api.get(`/api/v1/sources/${SOURCE}/workers/${encodeURIComponent(WORKER)}?timeoutMs=3000`);
  expect(response.status()).toBe(200);
  return (await response.json()).detail as {
    answered: boolean;
    pool: { processes: number[] } | null;
    registered: Array<{ name: string; rateLimit: string | null }>;
    activeQueues: Array<{ name: string }>;
  };
}

async function brokerQueue(api: APIRequestContext, queue: string) {
  const response = await api.get(`/api/v1/sources/${SOURCE}/broker`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { broker: { queues: Array<{ name: string; waiting: number; byPriority: Array<{ priority: number; waiting: number }> }> } };
  return body.broker.queues.find((entry) => entry.name === queue);
}

async function openWorker(page: Page, tab?: string) {
  await page.goto(workerPath(tab));
  await expect(page.getByTestId('inspect-pending')).toHaveCount(0, { timeout: 15_000 });
}

test.describe('Celery workers', () => {
  test('the worker shows online from its heartbeats and links to its page', async ({ page }) => {
    await page.goto(`/workers?source=${SOURCE}`);
    const row = page.locator('[data-testid="worker-row"]', { hasText: WORKER });
    await expect(row).toHaveAttribute('data-status', 'online');
    await expect(row.getByTestId('worker-status')).toHaveText('online');
    // Its processed count is what its heartbeats say: a number, not a dash.
    await expect(row.getByTestId('worker-processed')).toHaveText(/^\d[\d,]*$/);
    await row.getByTestId('worker-link').click();
    await expect(page).toHaveURL(new RegExp(`/sources/${SOURCE}/workers/`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(WORKER);
  });

  test('its page shows the pool, queues and task types the worker answers', async ({ page, request }) => {
    const answer = await inspect(request);
    expect(answer.answered).toBe(true);
    await openWorker(page);
    await expect(page.getByTestId('pool-size')).toHaveText(String(answer.pool!.processes.length));
    await expect(page.getByTestId('pool-facts-Implementation')).toContainText('prefork');

    await page.getByTestId('tab-queues').click();
    await expect(page).toHaveURL(/tab=queues/);
    const queues = page.getByTestId('worker-queue-row');
    await expect(queues).toHaveCount(answer.activeQueues.length);
    for (const queue of CELERY_E2E.queues) await expect(page.getByTestId('worker-queues')).toContainText(queue);

    await page.getByTestId('tab-limits').click();
    for (const name of ['fixture.add', 'fixture.limited', 'fixture.sleep'])
      await expect(page.locator(`[data-testid="task-type-row"][data-name="${name}"]`)).toHaveCount(1);
    await expect(page.getByTestId('task-type-row')).toHaveCount(answer.registered.length);
  });

  test('a running task shows on the Tasks tab and links to its task page', async ({ page }) => {
    test.setTimeout(120_000);
    // Long enough to still run however slowly Python starts and the page loads on a busy machine.
    const { id } = await sendCeleryE2e(redisUrl(), 'sleep', 60);
    await page.goto(workerPath('tasks'));
    const link = page.locator('[data-testid="worker-tasks-active"] [data-testid="worker-task-link"]', { hasText: id });
    // Asked again until the worker has taken it (the page asks when opened and on "Ask again").
    await expect(async () => {
      await page.getByTestId('worker-refresh').click();
      await expect(link).toHaveCount(1, { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(link).toHaveAttribute('href', `/sources/${SOURCE}/tasks/${id}`);
  });

  test('grows the pool by clicking, and reads the new size back from the worker', async ({ page, request }) => {
    const before = (await inspect(request)).pool!.processes.length;
    await openWorker(page);
    await expect(page.getByTestId('pool-size')).toHaveText(String(before));
    await page.getByTestId('pool-n').fill('1');
    await page.getByTestId('pool-grow').click();
    await expect(page.getByTestId('control-replies')).toContainText(`${WORKER}: pool will grow`);
    await expect(page.getByTestId('pool-size')).toHaveText(String(before + 1), { timeout: 15_000 });
    expect((await inspect(request)).pool!.processes).toHaveLength(before + 1);
    // Back to where it was, by clicking too.
    await page.getByTestId('pool-shrink').click();
    await expect(page.getByTestId('pool-size')).toHaveText(String(before), { timeout: 15_000 });
  });

  test('sets a rate limit by clicking, and reads it back from the worker', async ({ page, request }) => {
    await openWorker(page, 'limits');
    const row = page.locator('[data-testid="task-type-row"][data-name="fixture.limited"]');
    await row.getByTestId('edit-limits').click();
    const editor = page.getByTestId('limit-editor');
    await editor.getByTestId('rate-input').fill('7/m');
    await editor.getByTestId('rate-set').click();
    await expect(editor.getByTestId('limit-replies')).toContainText(`${WORKER}: new rate limit set successfully`);
    await expect(row.getByTestId('task-type-rate')).toHaveText('7/m');
    const limited = (await inspect(request)).registered.find((task) => task.name === 'fixture.limited');
    expect(limited?.rateLimit).toBe('7/m');
    // A bad rate is refused before anything is sent.
    await editor.getByTestId('rate-input').fill('fast');
    await expect(editor.getByTestId('rate-set')).toBeDisabled();
    await editor.getByTestId('rate-remove').click();
    await expect(row.getByTestId('task-type-rate')).toHaveText('none');
  });
});

test.describe('Celery broker', () => {
  test('peeks at a queue holding delayed and waiting messages, then purges it', async ({ page, request }) => {
    const queue = CELERY_E2E.parked;
    // To a queue no worker consumes: a countdown (an ETA header) and two at priority 6.
    const delayed = await sendCeleryE2e(redisUrl(), 'call', 'fixture.add', queue, '[40, 2]', '{"note": "<b>not html</b>"}', 3600);
    await sendCeleryE2e(redisUrl(), 'queued', queue, 6, 2);
    const facts = (await brokerQueue(request, queue))!;
    expect(facts.waiting).toBeGreaterThanOrEqual(3);

    await page.goto(`/sources/${SOURCE}/broker`);
    const row = page.locator(`[data-testid="broker-queue-row"][data-queue="${queue}"]`);
    await expect(row.getByTestId('broker-waiting')).toHaveText(facts.waiting.toLocaleString('en-US'));
    await row.getByTestId('broker-peek').click();
    const messages = page.getByTestId('peek-message');
    await expect(messages).toHaveCount(Math.min(facts.waiting, 10));
    const first = messages.filter({ hasText: delayed.id });
    await expect(first.getByTestId('peek-task')).toHaveText('fixture.add');
    await expect(first.getByTestId('peek-eta')).not.toHaveText('—');
    await expect(first.getByTestId('peek-args')).toHaveText('[ 40, 2 ]');
    // Sent values are text: the markup in a kwarg is shown, not rendered.
    await expect(first.getByTestId('peek-kwargs')).toContainText('<b>not html</b>');
    await expect(messages.filter({ has: page.getByTestId('peek-priority').getByText('6', { exact: true }) })).toHaveCount(2);

    await row.getByTestId('broker-purge').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(`Purge ${facts.waiting} waiting messages from ${queue}?`);
    await dialog.getByTestId('confirm-accept').click();
    await expect(page.getByTestId('broker-status')).toHaveText(`Purged ${facts.waiting} messages from ${queue}.`);
    await expect(row.getByTestId('broker-waiting')).toHaveText('0');
    await expect(page.getByTestId('peek-empty')).toBeVisible();
    expect((await brokerQueue(request, queue))!.waiting).toBe(0);
  });
});
