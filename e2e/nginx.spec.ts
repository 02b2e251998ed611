/**
 * docs/nginx.conf, run as written (e2e/nginx/start.mjs only changes its ports), in front of
 * a gateway whose APP_URL is the nginx origin and of a stand-in e-resource at /cairn/ and /press/.
 * Resource `cairn`: institutions vs and rbnj, 18 or older, valid membership; it receives the
 * default release (a pseudonym, institution, patron type). Resource `press`: any member; it
 * receives nothing (`"id": "none", "attributes": []`).
 */
import { expect, test, type Page } from '@playwright/test';
import { E2E } from './env';
import { screenshot } from './screenshots';
import { loginAtRero, simControl } from './helpers';
import { NGINX } from './nginx/env';
import { PSEUDONYM, served as servedBy, signInAt } from './nginx/helpers';

/** What the stand-in e-resource has served so far, asked directly (not through nginx). */
const served = () => servedBy(NGINX.upstreamUrl);

/** Signs in through nginx, as a patron following the gateway's own sign-in link would. */
const signInThroughNginx = (page: Page, username: string) => signInAt(page, NGINX.url, username);

/** The sign-in redirect nginx answers for `path` when the gateway says 401. */
async function signInRedirect(page: Page, path: string, headers: Record<string, string> = {}) {
  const response = await page.request.get(`${NGINX.url}${path}`, { maxRedirects: 0, headers });
  expect(response.status(), `${path} should answer the sign-in redirect`).toBe(302);
  expect(response.headers()['x-upstream']).toBeUndefined();
  const location = new URL(response.headers().location ?? '', NGINX.url);
  expect(location.origin).toBe(NGINX.url);
  expect(location.pathname).toBe('/auth/login');
  return location.searchParams.get('returnTo');
}

test.describe('an e-resource behind nginx (docs/nginx.conf)', () => {
  test('signed out, a deep link goes through RERO+ and lands on the e-resource with the patron headers (401 → sign-in → 200)', async ({ page }) => {
    const path = '/cairn/some/page?x=1';
    const target = `${NGINX.url}${path}`;
    expect(await signInRedirect(page, path)).toBe(path);

    const statuses: number[] = [];
    page.on('response', (response) => {
      if (response.url() === target) statuses.push(response.status());
    });
    const before = (await served()).length;
    await page.goto(target);
    await expect(page.getByLabel('Username')).toBeVisible();
    expect(new URL(page.url()).origin).toBe(new URL(E2E.simulatorUrl).origin);

    await loginAtRero(page, 'louis');
    await expect(page).toHaveURL(target);
    await expect(page.getByRole('heading', { name: 'E-resource' })).toBeVisible();
    await expect(page.locator('[data-path]')).toHaveText(path);
    await expect(page.locator('[data-header="x-patron-id"]')).toHaveText(PSEUDONYM);
    await expect(page.locator('[data-header="x-patron-institution"]')).toHaveText('vs');
    await expect(page.locator('[data-header="x-patron-type"]')).toHaveText('vs-pm');
    expect(statuses).toEqual([302, 200]);

    const after = (await served()).slice(before);
    expect(after.map((r) => r.path)).toEqual([path]);
    expect(after[0]?.patronId).toBeTruthy();
  });

  test('the way back keeps every character of the URI asked for', async ({ page }) => {
    const path = '/cairn/search?q=Tom+%26+Jerry&page=2&lang=fr';
    expect(await signInRedirect(page, path)).toBe(path);
    await page.goto(`${NGINX.url}${path}`);
    await loginAtRero(page, 'louis');
    await expect(page).toHaveURL(`${NGINX.url}${path}`);
    await expect(page.locator('[data-path]')).toHaveText(path);
  });

  test('a patron with an expired membership gets a 403 page that says so, and the e-resource is not reached', async ({ page }) => {
    await signInThroughNginx(page, 'marie');
    const before = (await served()).length;
    const response = await page.goto(`${NGINX.url}/cairn/`);
    expect(response?.status()).toBe(403);
    expect(response?.headers()['x-upstream']).toBeUndefined();
    expect(response?.headers()['content-type']).toContain('text/html');
    await expect(page.getByRole('heading', { name: /No access to/ })).toBeVisible();
    await expect(page.getByText(/membership at vs expired/)).toBeVisible();
    await expect(page.locator('[data-upstream]')).toHaveCount(0);
    expect((await served()).length).toBe(before);
  });

  test('a minor gets a 403 page about age, and the e-resource is not reached', async ({ page }) => {
    await signInThroughNginx(page, 'lea');
    const before = (await served()).length;
    const response = await page.goto(`${NGINX.url}/cairn/articles/1`);
    expect(response?.status()).toBe(403);
    await expect(page.getByText(/aged 18 and over/)).toBeVisible();
    await expect(page.locator('[data-upstream]')).toHaveCount(0);
    expect((await served()).length).toBe(before);
  });

  test('without a valid session the e-resource is never reached: no cookie, a forged one, a tampered one, forged patron headers', async ({ page }) => {
    const before = (await served()).length;
    const forgedHeaders = { 'X-Patron-Id': '1001', 'X-Patron-Institution': 'vs', 'X-Patron-Type': 'vs-pm' };

    expect(await signInRedirect(page, '/cairn/private', forgedHeaders)).toBe('/cairn/private');

    await page.context().addCookies([{ name: 'gw_session', value: 'Fe26.2**forged**session**0**x~2', url: NGINX.url }]);
    expect(await signInRedirect(page, '/cairn/private', forgedHeaders)).toBe('/cairn/private');
    await page.goto(`${NGINX.url}/cairn/private`);
    await expect(page.getByLabel('Username')).toBeVisible();

    await page.context().clearCookies();
    await signInThroughNginx(page, 'louis');
    const session = (await page.context().cookies(NGINX.url)).find((c) => c.name === 'gw_session');
    expect(session).toBeDefined();
    await page.context().addCookies([{ ...session!, value: `${session!.value.slice(0, -12)}AAAAAAAAAA~2` }]);
    expect(await signInRedirect(page, '/cairn/private', forgedHeaders)).toBe('/cairn/private');

    expect((await served()).slice(before)).toEqual([]);
  });

  test('the e-resource receives the gateway\'s patron headers, not the browser\'s', async ({ page }) => {
    await signInThroughNginx(page, 'louis');
    const response = await page.request.get(`${NGINX.url}/cairn/whoami`, {
      headers: { 'X-Patron-Id': 'someone-else', 'X-Patron-Institution': 'nowhere', 'X-Patron-Type': 'staff' },
    });
    expect(response.status()).toBe(200);
    const html = await response.text();
    expect(html).not.toContain('someone-else');
    expect(html).not.toContain('nowhere');
    expect(html).toMatch(/data-header="x-patron-institution">vs</);
  });

  test('each e-resource receives exactly the headers its release policy names: all three for cairn, none for press', async ({ page }) => {
    await signInThroughNginx(page, 'louis');
    // What the gateway itself answers the check with (through nginx to the gateway).
    const verified = (await page.request.get(`${NGINX.url}/api/verify?resource=cairn`)).headers();
    expect(verified['x-patron-id']).toMatch(PSEUDONYM);
    expect(['1001', '11', '876']).not.toContain(verified['x-patron-id']);

    const before = (await served()).length;
    const spoofed = { 'X-Patron-Id': '1001', 'X-Patron-Institution': 'vs', 'X-Patron-Type': 'vs-pm' };
    expect((await page.request.get(`${NGINX.url}/cairn/exactly`)).status()).toBe(200);
    expect((await page.request.get(`${NGINX.url}/press/exactly`, { headers: spoofed })).status()).toBe(200);
    const [cairn, press] = (await served()).slice(before);
    expect(cairn?.path).toBe('/cairn/exactly');
    expect(cairn?.patron).toEqual({
      'x-patron-id': verified['x-patron-id'],
      'x-patron-institution': 'vs',
      'x-patron-type': 'vs-pm',
    });
    // `"id": "none", "attributes": []`: not one X-Patron-* header, though the browser sent all three.
    expect(press?.path).toBe('/press/exactly');
    expect(press?.patron).toEqual({});
    expect([...(cairn?.cookies ?? []), ...(press?.cookies ?? [])].filter((name) => name.startsWith('gw_'))).toEqual([]);
  });

  test('the e-resource never receives the gateway\'s cookies, however many and in whatever order', async ({ page }) => {
    await signInThroughNginx(page, 'louis');
    const session = (await page.context().cookies(NGINX.url)).find((c) => c.name === 'gw_session');
    expect(session).toBeDefined();
    const orders = [
      `gw_a=1; gw_b=1; gw_session=${session!.value}; gw_lang=fr; vendor=1`,
      `vendor=1; gw_lang=fr; gw_b=1; gw_session=${session!.value}; gw_a=1`,
      `gw_session=${session!.value}; gw_x=2; gw_y=3; gw_z=4; vendor=1; gw_signin=abc`,
    ];
    for (const [index, cookie] of orders.entries()) {
      const path = `/cairn/cookies-${index}`;
      const response = await page.request.get(`${NGINX.url}${path}`, { headers: { cookie } });
      expect(response.status()).toBe(200);
      const reached = (await served()).filter((s) => s.path === path);
      expect(reached).toHaveLength(1);
      expect(reached[0]!.cookie).toBe('vendor=1');
    }
    // Only the gateway's cookies: no Cookie header at all reaches the e-resource.
    const response = await page.request.get(`${NGINX.url}/cairn/cookies-none`, { headers: { cookie: `gw_a=1; gw_session=${session!.value}` } });
    expect(response.status()).toBe(200);
    expect((await served()).find((s) => s.path === '/cairn/cookies-none')?.cookie).toBeNull();
  });

  test('an API behind the library\'s connection: the patron reaches it with the library\'s token, which the browser never sees; a POST is refused before it', async ({ page }) => {
    const librisStats = async () => (await (await fetch(`${E2E.librisUrl}/_sim/stats`)).json()) as { tokenRequests: number; apiCalls: { method: string; path: string; bearer: boolean; activeSigel: string | null; status: number }[] };
    await signInThroughNginx(page, 'louis');
    const before = await librisStats();
    const responses: { headers: Record<string, string>; body: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await page.request.get(`${NGINX.url}/libris-api/fxql7jqr38b1dkf`);
      expect(response.status()).toBe(200);
      responses.push({ headers: response.headers(), body: await response.text() });
    }
    expect(responses[0]!.body).toContain('Röda rummet');
    const after = await librisStats();
    const calls = after.apiCalls.slice(before.apiCalls.length);
    // Each reached the API with the library's token and active sigel; one token for all of them.
    expect(calls.map((c) => [c.method, c.path, c.bearer, c.activeSigel, c.status])).toEqual(Array(3).fill(['GET', '/fxql7jqr38b1dkf', true, 'Xyz', 200]));
    expect(after.tokenRequests - before.tokenRequests).toBeLessThanOrEqual(1);
    // The browser never sees a credential: no X-Upstream-* or Authorization header, no token in any body.
    for (const { headers } of responses) {
      expect(Object.keys(headers).filter((name) => name.startsWith('x-upstream') || name === 'authorization')).toEqual([]);
    }
    // /api/verify, which anyone may call, never carries a credential.
    const verify = await page.request.get(`${NGINX.url}/api/verify?resource=libris-api`, { headers: { 'x-original-method': 'GET', 'x-original-uri': '/libris-api/fxql7jqr38b1dkf' } });
    expect(verify.status()).toBe(200);
    expect(Object.keys(verify.headers()).filter((name) => name.startsWith('x-upstream-') && name !== 'x-upstream-cookie')).toEqual([]);
    // A write through the GET-only resource is refused and never reaches the API.
    const post = await page.request.post(`${NGINX.url}/libris-api/data`, { data: '{}', headers: { 'content-type': 'application/ld+json' }, maxRedirects: 0 });
    expect(post.status()).toBe(403);
    expect((await librisStats()).apiCalls.length).toBe(after.apiCalls.length);
    // The admin list shows the connection's health beside the resource that uses it.
    await page.goto(`${NGINX.url}/admin`);
    await expect(page.locator('[data-resource="libris-api"] [data-upstream="libris-e2e"]')).toContainText('Credentials from the connection libris-e2e: last given');
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page.locator('[data-resource="libris-api"]'), `admin-upstream-health-${width}`);
    }
    // Signed out, nothing is added: sign-in first.
    await page.context().clearCookies();
    const signedOut = await page.request.get(`${NGINX.url}/libris-api/fxql7jqr38b1dkf`, { maxRedirects: 0 });
    expect(signedOut.status()).toBe(302);
    expect((await librisStats()).apiCalls.length).toBe(after.apiCalls.length);
  });

  test('while RERO+ fails, the e-resource is not reached and the gateway\'s page answers 503', async ({ page }) => {
    await signInThroughNginx(page, 'louis');
    await simControl('fault', { target: 'info', mode: '500' });
    try {
      // The gateway rides out a RERO+ failure for one more revalidation period, then gives up.
      await page.waitForTimeout(2 * E2E.revalidateSeconds * 1000 + 1000);
      const before = (await served()).length;
      const response = await page.goto(`${NGINX.url}/cairn/`);
      expect(response?.status()).toBe(503);
      expect(response?.headers()['content-type']).toContain('text/html');
      await expect(page.locator('[data-upstream]')).toHaveCount(0);
      expect((await served()).length).toBe(before);
    } finally {
      await simControl('fault', { target: 'info', mode: 'none' });
    }
  });

  test('after signing out through nginx, the e-resource asks for sign-in again', async ({ page }) => {
    await signInThroughNginx(page, 'louis');
    expect((await page.request.get(`${NGINX.url}/cairn/`)).status()).toBe(200);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(`${NGINX.url}/?signed-out=1`);
    expect(await signInRedirect(page, '/cairn/')).toBe('/cairn/');
  });
});
