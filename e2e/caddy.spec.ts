/**
 * docs/Caddyfile, run as written by Debian's Caddy 2.6 (e2e/caddy/start.mjs only changes
 * its ports), in front of a gateway whose APP_URL is the Caddy origin, a stand-in
 * e-resource at /cairn/ and /press/ that sets a cookie of its own, and the Libris fake
 * at /libris-api/. The browser sends forged X-Patron-* and X-Upstream-* headers
 * throughout: Caddy 2.6 passes on whatever the browser sent unless the config removes it.
 */
import { expect, test, type Page } from '@playwright/test';
import { CADDY } from './caddy/env';
import { E2E } from './env';
import { loginAtRero, simControl, simStats } from './helpers';
import { PSEUDONYM, served as servedBy, signInAt } from './nginx/helpers';

const served = () => servedBy(CADDY.upstreamUrl);
const signInThroughCaddy = (page: Page, username: string) => signInAt(page, CADDY.url, username);

/** What a browser could send to pass itself off as a patron, or to pick up the library's credentials. */
const FORGED = {
  'X-Patron-Id': '1001',
  'X-Patron-Institution': 'vs',
  'X-Patron-Type': 'vs-pm',
  'X-Patron-Email': 'forged@example.org',
  'X-Upstream-Authorization': 'Bearer forged',
  'X-Upstream-Cookie': 'gw_session=forged',
};

async function signInRedirect(page: Page, path: string) {
  const response = await page.request.get(`${CADDY.url}${path}`, { maxRedirects: 0, headers: FORGED });
  expect(response.status(), `${path} should answer the sign-in redirect`).toBe(302);
  expect(response.headers()['x-upstream']).toBeUndefined();
  expect(response.headers()['cache-control']).toContain('no-store');
  const location = new URL(response.headers().location ?? '', CADDY.url);
  expect(location.origin).toBe(CADDY.url);
  expect(location.pathname).toBe('/auth/login');
  return location.searchParams.get('returnTo');
}

test.describe('e-resources behind Caddy (docs/Caddyfile)', () => {
  test.beforeEach(async ({ page }) => {
    await page.setExtraHTTPHeaders(FORGED);
  });

  test('signed out, a deep link goes through RERO+ and lands on the e-resource with the gateway\'s headers, never the forged ones (401 → sign-in → 200)', async ({ page }) => {
    const path = '/cairn/search?q=Tom+%26+Jerry&page=2';
    const target = `${CADDY.url}${path}`;
    const before = (await served()).length;
    expect(await signInRedirect(page, path)).toBe(path);

    const statuses: number[] = [];
    page.on('response', (response) => {
      if (response.url() === target) statuses.push(response.status());
    });
    await page.goto(target);
    await expect(page.getByLabel('Username')).toBeVisible();
    await loginAtRero(page, 'louis');
    await expect(page).toHaveURL(target);
    await expect(page.getByRole('heading', { name: 'E-resource' })).toBeVisible();
    await expect(page.locator('[data-path]')).toHaveText(path);
    expect(statuses).toEqual([302, 200]);

    // Exactly what the release policy names (a pseudonym, institution, patron type); the
    // forged X-Patron-Email is gone, and nothing reached it before sign-in.
    const after = (await served()).slice(before);
    expect(after.map((r) => r.path)).toEqual([path]);
    expect(after[0]!.patron).toEqual({ 'x-patron-id': expect.stringMatching(PSEUDONYM), 'x-patron-institution': 'vs', 'x-patron-type': 'vs-pm' });

    // press releases nothing: not one X-Patron-* header, though the browser sent five.
    expect((await page.request.get(`${CADDY.url}/press/exactly`)).status()).toBe(200);
    expect((await served()).at(-1)).toMatchObject({ path: '/press/exactly', patron: {} });
  });

  test('a patron the rules refuse gets the gateway\'s 403 page saying why; the e-resource is not reached', async ({ page }) => {
    await signInThroughCaddy(page, 'marie');
    const before = (await served()).length;
    const response = await page.goto(`${CADDY.url}/cairn/articles/1`);
    expect(response?.status()).toBe(403);
    expect(response?.headers()['content-type']).toContain('text/html');
    await expect(page.getByRole('heading', { name: /No access to/ })).toBeVisible();
    await expect(page.getByText(/membership at vs expired/)).toBeVisible();
    await expect(page.locator('[data-upstream]')).toHaveCount(0);
    expect((await served()).length).toBe(before);
  });

  test('the refreshed session cookie reaches the browser; the e-resource gets neither the gateway\'s cookies nor a way to set its own', async ({ page }) => {
    await signInThroughCaddy(page, 'louis');
    const cookieOf = async () => (await page.context().cookies(CADDY.url)).find((c) => c.name === 'gw_session')?.value;
    const first = await cookieOf();
    expect(first).toBeTruthy();

    // RERO+ expires the access token; at the next revalidation the check refreshes it
    // (RERO+ rotates the refresh token too: the old cookie is worthless from then on).
    await simControl('expire-access-tokens', { user: 'louis' });
    const grantsBefore = (await simStats()).refreshGrants;
    await page.waitForTimeout(E2E.revalidateSeconds * 1000 + 500);
    const refreshed = await page.request.get(`${CADDY.url}/cairn/after-refresh`, { headers: { cookie: `gw_lang=fr; vendor=1; gw_session=${first}` } });
    expect(refreshed.status()).toBe(200);
    expect((await simStats()).refreshGrants - grantsBefore).toBe(1);
    const setCookies = refreshed.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value);
    expect(setCookies.filter((c) => c.startsWith('gw_session='))).toHaveLength(1);
    // The e-resource's own cookie never reaches the browser on the gateway's origin.
    expect(setCookies.filter((c) => c.startsWith('vendor_session='))).toEqual([]);
    const second = await cookieOf();
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);

    // The browser's other cookies reach the e-resource; the gateway's never do.
    expect((await served()).find((s) => s.path === '/cairn/after-refresh')?.cookie).toBe('vendor=1');
    // With the new cookie the patron goes on without another refresh.
    expect((await page.request.get(`${CADDY.url}/cairn/next`)).status()).toBe(200);
    expect((await simStats()).refreshGrants - grantsBefore).toBe(1);
    // Only the gateway's cookies: no Cookie header at all.
    await page.request.get(`${CADDY.url}/cairn/only-ours`, { headers: { cookie: `gw_a=1; gw_session=${second}` } });
    expect((await served()).find((s) => s.path === '/cairn/only-ours')?.cookie).toBeNull();
  });

  test('an API behind the library\'s connection: reached with the library\'s token, which the browser never sees; a POST is refused before it', async ({ page }) => {
    const librisStats = async () => (await (await fetch(`${E2E.librisUrl}/_sim/stats`)).json()) as { apiCalls: { method: string; path: string; bearer: boolean; activeSigel: string | null; status: number }[] };
    // Signed out, forged credentials get nowhere.
    const signedOut = await page.request.get(`${CADDY.url}/libris-api/fxql7jqr38b1dkf`, { maxRedirects: 0 });
    expect(signedOut.status()).toBe(302);

    await signInThroughCaddy(page, 'louis');
    const before = (await librisStats()).apiCalls.length;
    const response = await page.request.get(`${CADDY.url}/libris-api/fxql7jqr38b1dkf`);
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('Röda rummet');
    expect(Object.keys(response.headers()).filter((name) => name.startsWith('x-upstream') || name === 'authorization')).toEqual([]);
    const calls = (await librisStats()).apiCalls.slice(before);
    expect(calls.map((c) => [c.method, c.path, c.bearer, c.activeSigel, c.status])).toEqual([['GET', '/fxql7jqr38b1dkf', true, 'Xyz', 200]]);

    const post = await page.request.post(`${CADDY.url}/libris-api/data`, { data: '{}', headers: { 'content-type': 'application/ld+json' }, maxRedirects: 0 });
    expect(post.status()).toBe(403);
    expect(await post.text()).toContain('does not let this request through');
    expect((await librisStats()).apiCalls.length).toBe(before + 1);
  });
});
