/**
 * The checks every page of e2e/pages.ts passes, shared by the wide and the phone spec: what a page
 * logs and answers while it loads, axe-core's serious and critical violations, and a screenshot.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { THEME_STORAGE_KEY } from '../components/shell/theme-boot-script';
import type { Theme } from '../components/shell/theme-boot-script';
import type { AppPage } from './pages';

export const THEMES: readonly Theme[] = ['light', 'dark'];
export const FRESH_LOADS = 10;

/** A context whose pages open in `theme`, stored as the theme toggle stores it, before any script. */
export async function themedContext(
  browser: Browser,
  theme: Theme,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ ...options, colorScheme: theme });
  await context.addInitScript(
    ([key, value]) => {
      try {
        localStorage.setItem(key, value);
      } catch {
        // A page without storage still follows colorScheme.
      }
    },
    [THEME_STORAGE_KEY, theme] as const,
  );
  return context;
}

export interface LoadProblems {
  console: string[];
  pageErrors: string[];
  /** `<status> <url>` of responses that mean a broken page: 404s and server errors. */
  responses: string[];
}

/**
 * Collects what goes wrong while a page loads. A down source answering 503 is by design (the
 * config has one); the browser's own "Failed to load resource" line for it is not a page error,
 * so resource failures are judged by their responses instead.
 */
export function watchProblems(page: Page): LoadProblems {
  const problems: LoadProblems = { console: [], pageErrors: [], responses: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().startsWith('Failed to load resource')) return;
    problems.console.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(`${error.name}: ${error.message}`));
  page.on('response', (response) => {
    const status = response.status();
    if (status === 404 || (status >= 500 && status !== 503)) {
      problems.responses.push(`${status} ${response.url()}`);
    }
  });
  return problems;
}

/** Opens `path` as a first visit does and waits for its content, not for a fixed time. */
export async function openAndWait(page: Page, path: string) {
  await page.goto(path, { waitUntil: 'load' });
  // Generous: the e2e machine is shared and small; only the outcome is asserted, never the time.
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible({ timeout: 30_000 });
  // Every widget has loaded (or failed) once its skeleton is gone.
  await expect(page.getByTestId('skeleton')).toHaveCount(0, { timeout: 30_000 });
}

export function expectNoProblems(problems: LoadProblems, where: string) {
  expect
    .soft(problems.pageErrors, `${where}: page errors (React #418 is a hydration mismatch)`)
    .toEqual([]);
  expect.soft(problems.console, `${where}: console errors`).toEqual([]);
  expect.soft(problems.responses, `${where}: 404 or server-error responses`).toEqual([]);
}

/** axe-core's serious and critical violations, one readable paragraph each (rule, why, where). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) =>
      [
        `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})`,
        ...violation.nodes.slice(0, 8).map((node) => {
          const summary = (node.failureSummary ?? '').split('\n').slice(1).join(' ').trim();
          return `    at ${node.target.join(' ')}\n       ${summary}`;
        }),
        ...(violation.nodes.length > 8 ? [`    …and ${violation.nodes.length - 8} more`] : []),
      ].join('\n'),
    );
}

export function screenshotPath(appPage: AppPage, theme: Theme, width: number) {
  return `test-results/screenshots/${appPage.name}-${theme}-${width}.png`;
}

/**
 * For each theme: open the page fresh, check axe-core, save a full-page screenshot. The 404 and
 * console checks apply to these loads too.
 */
export function accessibilityAndScreenshots(
  appPage: AppPage,
  viewport: { width: number; height: number },
) {
  for (const theme of THEMES) {
    test(`${appPage.name} (${theme}, ${viewport.width} px): no serious axe violation; screenshot`, async ({
      browser,
      request,
      isMobile,
      hasTouch,
      deviceScaleFactor,
    }) => {
      test.skip(appPage.pending !== undefined, appPage.pending);
      // axe-core over a whole page is a few seconds of CPU; no time is asserted.
      test.setTimeout(120_000);
      const path = await appPage.path(request);
      const context = await themedContext(browser, theme, {
        viewport,
        isMobile,
        hasTouch,
        deviceScaleFactor,
      });
      try {
        const page = await context.newPage();
        const problems = watchProblems(page);
        await openAndWait(page, path);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await page.screenshot({
          path: screenshotPath(appPage, theme, viewport.width),
          fullPage: true,
        });
        const violations = await seriousViolations(page);
        expectNoProblems(problems, path);
        // The count, so the report shows the readable list once rather than an escaped diff of it.
        expect(violations.length, `axe on ${path} (${theme}):\n${violations.join('\n')}`).toBe(0);
      } finally {
        await context.close();
      }
    });
  }
}
