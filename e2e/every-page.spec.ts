/**
 * Every page of e2e/pages.ts at 1440 px: ten fresh loads without a console error, a page error
 * (React's hydration error #418 among them) or a 404; no serious or critical axe-core violation in
 * the light and the dark theme; a full-page screenshot of each under test-results/screenshots/.
 */
import { test } from '@playwright/test';
import { APP_PAGES } from './pages';
import {
  FRESH_LOADS,
  accessibilityAndScreenshots,
  expectNoProblems,
  openAndWait,
  watchProblems,
} from './page-quality';

const viewport = { width: 1440, height: 900 };
test.use({ viewport });

for (const appPage of APP_PAGES) {
  test(`${appPage.name}: ${FRESH_LOADS} fresh loads without a console error, page error or 404`, async ({
    browser,
    request,
  }) => {
    test.skip(appPage.pending !== undefined, appPage.pending);
    // Ten cold loads on a busy 2-core machine; no time is asserted.
    test.setTimeout(FRESH_LOADS * 45_000);
    const path = await appPage.path(request);
    for (let load = 1; load <= FRESH_LOADS; load++) {
      // A new context each time: no cache, no storage, as a first visit.
      const context = await browser.newContext({ viewport });
      try {
        const page = await context.newPage();
        const problems = watchProblems(page);
        await openAndWait(page, path);
        expectNoProblems(problems, `${path}, load ${load}`);
      } finally {
        await context.close();
      }
    }
  });
  accessibilityAndScreenshots(appPage, viewport);
}
