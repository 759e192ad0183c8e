// What Next itself would answer badly, checked on the real server: malformed escapes and unknown
// methods are refused by the proxy with a 4xx (the envelope under the API), and every page carries
// its security headers with a script nonce that Next puts on the scripts it renders.
import { expect, test } from '@playwright/test';
import { SOURCE } from './seeded';

const MALFORMED = ['%ZZ', '%', '%E0%A4%A', '%ED%A0%80', '%C0%AE%C0%AE'];

test('a malformed percent-escape gets a 400, in the envelope under the API', async ({ request }) => {
  for (const segment of MALFORMED) {
    const api = await request.get(`/api/v1/sources/${SOURCE}/queues/${segment}`);
    expect(api.status(), segment).toBe(400);
    expect(await api.json()).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining(segment) } });
    const page = await request.get(`/sources/${SOURCE}/queues/${segment}`);
    expect(page.status(), segment).toBe(400);
    expect(page.headers()['content-type']).toContain('text/plain');
  }
});

test('a method no route answers gets a 405 naming what is allowed', async ({ request }) => {
  for (const method of ['PROPFIND', 'SEARCH']) {
    const answer = await request.fetch('/api/v1/health', { method });
    expect(answer.status(), method).toBe(405);
    expect(answer.headers().allow).toContain('GET');
    expect(await answer.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
  }
});

test('pages carry a nonce-based CSP, no framing, nosniff; and run under it', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto(`/sources/${SOURCE}`);
  const headers = response!.headers();
  const csp = headers['content-security-policy']!;
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  const scripts = csp.split('; ').find((part) => part.startsWith('script-src '))!;
  expect(scripts).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  // Next put the nonce on its scripts, and the page is alive: client navigation works.
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  await page.getByRole('link', { name: /^Audit/ }).first().click();
  await expect(page).toHaveURL(/\/audit$/);
  expect(violations).toEqual([]);

  const again = await page.request.get(`/sources/${SOURCE}`);
  expect(/'nonce-([^']+)'/.exec(again.headers()['content-security-policy']!)?.[1]).not.toBe(nonce);
});

test('the not-found page is rendered per request, so its scripts carry the nonce and run', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response!.status()).toBe(404);
  const nonce = /'nonce-([^']+)'/.exec(response!.headers()['content-security-policy']!)?.[1];
  expect(nonce).toBeTruthy();
  const html = await response!.text();
  expect(html).toContain(`nonce="${nonce}"`);
  // Alive: the live feed connects, which only the hydrated page does.
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-status', 'live');
});
