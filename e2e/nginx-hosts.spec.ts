/**
 * docs/nginx-hosts.conf, run as written (e2e/nginx/start.mjs only puts in its ports, the
 * test domain and a self-signed certificate): the gateway on gateway.library.test, the
 * e-resources `cairn` (a pseudonym, institution, patron type) and `press` (nothing) each
 * on a host name of their own, one stand-in behind both. Chromium maps every host name
 * of the test domain to 127.0.0.1.
 *
 * What it shows: the session reaches each e-resource's access check; each receives
 * exactly what its release policy names, never a header the browser made up; and a
 * vendor's script on an e-resource's host name cannot read who the patron is.
 */
import https from 'node:https';
import { expect, test, type Page } from '@playwright/test';
import { CHROMIUM, E2E } from './env';
import { addSimPatron, loginAtRero, zurichDate } from './helpers';
import { HOSTS } from './nginx/env';
import { PSEUDONYM, served as servedBy, signInAt } from './nginx/helpers';

test.use({
  ignoreHTTPSErrors: true, // the self-signed certificate of library.test
  launchOptions: { ...CHROMIUM, args: [...CHROMIUM.args, HOSTS.resolverRule] },
});

const hostOf = (origin: string) => new URL(origin).host;

/** What the stand-in e-resource has served so far, asked directly (not through nginx). */
const served = () => servedBy(HOSTS.upstreamUrl);

/** A request to nginx on loopback for one of the test domain's names (outside Chromium, which alone maps the names). */
function statusThroughNginx(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const servername = headers.host?.split(':')[0];
    https
      .get({ host: '127.0.0.1', port: HOSTS.port, path, headers, rejectUnauthorized: false, ...(servername ? { servername } : {}) }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

/** Signs in at the gateway's own host name. */
const signInAtGateway = (page: Page, username: string) => signInAt(page, HOSTS.gateway, username);

/** The X-Patron-Id the stand-in e-resource at `origin` received, as its page shows it. */
async function receivedId(page: Page, origin: string): Promise<string> {
  const response = await page.goto(`${origin}/whoami`);
  expect(response?.status()).toBe(200);
  return (await page.locator('[data-header="x-patron-id"]').textContent()) ?? '';
}

test.describe('each e-resource on its own host name (docs/nginx-hosts.conf)', () => {
  test('signed out at an e-resource: sign-in at the gateway, then on to the resource; the session cookie is shared by the domain', async ({ page }) => {
    await page.goto(`${HOSTS.cairn}/articles/1?x=1`);
    await expect(page.getByLabel('Username')).toBeVisible();
    await loginAtRero(page, 'louis');
    // Sign-in returns only to paths of the gateway: through /go/cairn to the resource's url.
    await expect(page).toHaveURL(`${E2E.appUrl}/?arrived=cairn`);

    const session = (await page.context().cookies(HOSTS.cairn)).find((cookie) => cookie.name === 'gw_session');
    expect(session).toMatchObject({ domain: `.${HOSTS.domain}`, path: '/', httpOnly: true, secure: true, sameSite: 'Lax' });
    // The sign-in cookie stayed with the gateway's host name.
    expect((await page.context().cookies(HOSTS.cairn)).map((cookie) => cookie.name)).not.toContain('gw_signin');

    await page.goto(`${HOSTS.cairn}/articles/1?x=1`);
    await expect(page.getByRole('heading', { name: 'E-resource' })).toBeVisible();
    await expect(page.locator('[data-path]')).toHaveText('/articles/1?x=1');
    await expect(page.locator('[data-header="x-patron-id"]')).toHaveText(PSEUDONYM);
  });

  test('each e-resource receives exactly the headers it is released, and never one the browser sent', async ({ page }) => {
    await signInAtGateway(page, 'louis');
    const before = (await served()).length;
    await page.setExtraHTTPHeaders({ 'X-Patron-Id': '1001', 'X-Patron-Institution': 'nowhere', 'X-Patron-Type': 'staff' });
    await receivedId(page, HOSTS.cairn);
    await receivedId(page, HOSTS.press);
    const after = (await served()).slice(before);
    const cairn = after.find((request) => request.host === hostOf(HOSTS.cairn));
    const press = after.find((request) => request.host === hostOf(HOSTS.press));

    // cairn: the default policy. vs qualifies first (first in cairn's institutions).
    expect(Object.keys(cairn?.patron ?? {}).sort()).toEqual(['x-patron-id', 'x-patron-institution', 'x-patron-type']);
    expect(cairn?.patron['x-patron-id']).toMatch(PSEUDONYM);
    expect(cairn?.patron).toMatchObject({ 'x-patron-institution': 'vs', 'x-patron-type': 'vs-pm' });
    // press: `"id": "none", "attributes": []` — no X-Patron-* header at all, the browser's included.
    expect(press?.patron).toEqual({});
    // Neither ever sees the gateway's cookies.
    expect([...(cairn?.cookies ?? []), ...(press?.cookies ?? [])].filter((name) => name.startsWith('gw_'))).toEqual([]);
  });

  test('a vendor\'s script on its e-resource\'s host name cannot read who the patron is', async ({ page }) => {
    await signInAtGateway(page, 'louis');
    await page.goto(`${HOSTS.cairn}/vendor-page`);
    const read = await page.evaluate(async (gateway) => {
      const attempt = async (url: string, init?: RequestInit) => {
        try {
          const response = await fetch(url, init);
          return `${response.status} ${await response.text()}`;
        } catch {
          return 'blocked';
        }
      };
      return {
        me: await attempt(`${gateway}/api/me`, { credentials: 'include' }),
        home: await attempt(`${gateway}/`, { credentials: 'include' }),
        // On its own host name, /api/me is the vendor's own path: the gateway is not there.
        ownMe: await attempt('/api/me'),
        cookie: document.cookie,
      };
    }, HOSTS.gateway);
    // The gateway refuses a read from a sibling host name (what the browser sends with such a fetch),
    // and the browser would not hand its answer over anyway. (A fetch the browser blocks reports no response event.)
    expect(await statusThroughNginx('/api/me', { host: new URL(HOSTS.gateway).host, origin: HOSTS.cairn, 'sec-fetch-site': 'same-site' })).toBe(403);
    expect(read.me).toBe('blocked');
    expect(read.home).toBe('blocked');
    expect(read.ownMe).toMatch(/^200 /);
    expect(read.ownMe).not.toMatch(/Roduit|"patronPid"|"userId"/);
    expect(read.cookie).not.toContain('gw_session');

    // The gateway's own pages still read it.
    await page.goto(`${HOSTS.gateway}/`);
    const me = await page.evaluate(() => fetch('/api/me').then(async (response) => ({ status: response.status, body: await response.json() })));
    expect(me.status).toBe(200);
    expect(me.body.institutions).toContainEqual({ code: 'rbnj', patronPid: '876', patronType: 'rbnj-adult', expirationDate: '2031-06-30' });
  });

  test('the pseudonym is stable across sign-ins, and differs between resources and between patrons', async ({ page }) => {
    await signInAtGateway(page, 'louis');
    const louisAtCairn = await receivedId(page, HOSTS.cairn);
    expect(louisAtCairn).toMatch(PSEUDONYM);
    expect(['1001', '11', '876']).not.toContain(louisAtCairn);

    // What the gateway releases to another resource, asked from its own pages (same origin).
    await page.goto(`${HOSTS.gateway}/`);
    const verify = (slug: string) => page.evaluate((s) => fetch(`/api/verify?resource=${s}`).then((response) => response.headers.get('x-patron-id')), slug);
    expect(await verify('cairn')).toBe(louisAtCairn);
    const louisAtJunior = await verify('junior-library');
    expect(louisAtJunior).toMatch(PSEUDONYM);
    expect(louisAtJunior).not.toBe(louisAtCairn);
    // A renamed resource that keeps cairn's sector keeps its pseudonyms.
    expect(await verify('cairn-info')).toBe(louisAtCairn);

    // Signing out at the gateway clears the session for every host name…
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(`${HOSTS.gateway}/?signed-out=1`);
    expect((await page.context().cookies(HOSTS.cairn)).map((cookie) => cookie.name)).not.toContain('gw_session');
    await page.goto(`${HOSTS.cairn}/whoami`);
    await expect(page.getByLabel('Username')).toBeVisible();
    // …and signing in again gives the same pseudonym.
    await loginAtRero(page, 'louis');
    expect(await receivedId(page, HOSTS.cairn)).toBe(louisAtCairn);

    await page.context().clearCookies();
    await addSimPatron({ id: 2101, username: 'zoe', fullname: 'Zufferey, Zoé', birthdate: '1990-02-02', records: [{ code: 'vs', pid: '99', patronType: 'vs-pm', expirationDate: zurichDate(365) }] });
    await signInAtGateway(page, 'zoe');
    const zoeAtCairn = await receivedId(page, HOSTS.cairn);
    expect(zoeAtCairn).toMatch(PSEUDONYM);
    expect(zoeAtCairn).not.toBe(louisAtCairn);
  });

  test('a patron who may not enter is sent to the gateway\'s page that says why, on the gateway\'s host name', async ({ page }) => {
    await signInAtGateway(page, 'lea');
    const before = (await served()).length;
    await page.goto(`${HOSTS.cairn}/articles/2`);
    await expect(page).toHaveURL(`${HOSTS.gateway}/go/cairn`);
    await expect(page.getByText(/aged 18 and over/)).toBeVisible();
    expect((await served()).length).toBe(before);
  });
});
