/**
 * Every page of e2e/pages.ts at phone width (390 px, the phone project): no serious or critical
 * axe-core violation in either theme, no 404 or console error on the load, and a full-page
 * screenshot of each under test-results/screenshots/. The ten-load hydration check runs wide only.
 */
import { test } from '@playwright/test';
import { APP_PAGES } from './pages';
import { accessibilityAndScreenshots } from './page-quality';

const viewport = { width: 390, height: 844 };
test.use({ viewport });

for (const appPage of APP_PAGES) accessibilityAndScreenshots(appPage, viewport);
