/**
 * The queue page on a 390 px phone: a failed list whose job names and reasons are long reads
 * without sideways scrolling — names cut with an ellipsis (the whole name in the title), the
 * failure on screen — and an expanded row with its stack trace stays inside the page.
 */
import { expect, test } from '@playwright/test';
import { expectNoHorizontalOverflow } from './helpers';
import { closeSeeded, queuePath, seedFailing, waitForQueue } from './queue-page-seed';

const QUEUE = 'qp-phone';
const JOB_NAME = 'generate-quarterly-revenue-report-for-enterprise-customers';

test.beforeAll(async () => {
  await seedFailing(QUEUE, { completed: 0, failed: 4, jobName: JOB_NAME });
});
test.afterAll(closeSeeded);

test('a failed list with long names reads on a phone without sideways scrolling', async ({ page, request }) => {
  expect(page.viewportSize()?.width).toBe(390);
  await waitForQueue(request, QUEUE);
  await page.goto(queuePath(QUEUE));
  const row = page.getByTestId('job-row').first();
  // A first phone load (2x pixels) on a busy CI machine can take longer than the default 10 s.
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expectNoHorizontalOverflow(page);

  // The name is one line, cut with an ellipsis, whole in its title.
  const name = row.getByTestId('job-name');
  await expect(name).toHaveAttribute('title', JOB_NAME);
  const layout = await name.evaluate((element) => {
    const style = getComputedStyle(element);
    return {
      overflow: style.textOverflow,
      oneLine: element.getBoundingClientRect().height <= parseFloat(style.lineHeight) * 1.2,
      cut: element.scrollWidth > element.clientWidth,
    };
  });
  expect(layout).toEqual({ overflow: 'ellipsis', oneLine: true, cut: true });

  // The failure is on screen, inside the viewport's width, without a click.
  const reason = row.getByTestId('failed-reason');
  await expect(reason).toBeVisible();
  await expect(reason).toContainText('card declined for invoice');
  const box = (await reason.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);

  // Expanded, the stack trace scrolls inside its own box; the page still does not.
  await row.getByTestId('job-expand').click();
  await expect(page.getByTestId('job-details').getByTestId('stacktrace').last()).toBeVisible();
  await expectNoHorizontalOverflow(page);
  const details = (await page.getByTestId('job-details').boundingBox())!;
  expect(details.x + details.width).toBeLessThanOrEqual(390);
});
