/**
 * What an e-resource learns about a patron, asked of /api/verify as a reverse proxy
 * would, against the strict RERO+ simulator. e2e/fixtures/criteria.json gives each
 * release policy a resource:
 *
 *   cairn             default: a pseudonym, institution, patron type (vs before rbnj)
 *   junior-library    default, another sector
 *   cairn-info        default, but `"sector": "cairn"` and institutions rbnj before vs
 *   press-pid         `"id": "patron-pid"`, institutions vs before rbnj
 *   legacy-catalogue  `"id": "user-id", "attributes": ["institution"]`, rbnj only
 *   press             `"id": "none", "attributes": []`, any member
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startInstance, startSimulator } from '../bench/fixtures.mjs';
import { signInAtGateway } from '../simulators/drive.mjs';
import { DOCUMENT_EXAMPLE } from '../simulators/rero-plus.mjs';
import { E2E } from './env';
import { addSimPatron, signIn, zurichDate } from './helpers';
import { PSEUDONYM } from './nginx/helpers';


/** The X-Patron-* headers /api/verify answers for `slug` with this page's session. */
async function released(page: Page, slug: string): Promise<Record<string, string>> {
  const response = await page.request.get(`/api/verify?resource=${slug}`, { maxRedirects: 0 });
  expect(response.status(), `/api/verify?resource=${slug}`).toBe(200);
  return Object.fromEntries(Object.entries(response.headers()).filter(([name]) => name.startsWith('x-patron-')));
}

/** The document's own example patron (rbnj without a patron type), with memberships valid for a year from today. */
async function addJean() {
  const { records, ...patron } = DOCUMENT_EXAMPLE.patron;
  await addSimPatron({ ...patron, records: records.map((record) => ({ ...record, expirationDate: zurichDate(365) })) });
}

test.describe('what each e-resource receives', () => {
  test('by default a pseudonym: neither the user_id nor a patron_pid, stable across sign-ins, different between resources and patrons', async ({ page }) => {
    await signIn(page, 'louis');
    const cairn = await released(page, 'cairn');
    expect(cairn['x-patron-id']).toMatch(PSEUDONYM);
    expect(['1001', '11', '876']).not.toContain(cairn['x-patron-id']);
    expect(cairn).toEqual({ 'x-patron-id': cairn['x-patron-id'], 'x-patron-institution': 'vs', 'x-patron-type': 'vs-pm' });

    const junior = await released(page, 'junior-library');
    expect(junior['x-patron-id']).toMatch(PSEUDONYM);
    expect(junior['x-patron-id']).not.toBe(cairn['x-patron-id']);
    // Same sector, same pseudonym; rbnj comes first in this resource's list.
    expect(await released(page, 'cairn-info')).toEqual({ 'x-patron-id': cairn['x-patron-id'], 'x-patron-institution': 'rbnj', 'x-patron-type': 'rbnj-adult' });

    await page.context().clearCookies();
    await signIn(page, 'louis');
    expect((await released(page, 'cairn'))['x-patron-id']).toBe(cairn['x-patron-id']);
    expect((await released(page, 'junior-library'))['x-patron-id']).toBe(junior['x-patron-id']);

    await page.context().clearCookies();
    await signIn(page, 'lea');
    const lea = await released(page, 'junior-library');
    expect(lea['x-patron-id']).toMatch(PSEUDONYM);
    expect(lea['x-patron-id']).not.toBe(junior['x-patron-id']);
  });

  test('"patron-pid": the patron_pid of the membership that qualified, the first in the resource\'s order', async ({ page }) => {
    await signIn(page, 'louis');
    // press-pid lists vs before rbnj: louis's vs membership (patron_pid 11), every time.
    for (let i = 0; i < 2; i++) expect(await released(page, 'press-pid')).toEqual({ 'x-patron-id': '11', 'x-patron-institution': 'vs', 'x-patron-type': 'vs-pm' });
  });

  test('"user-id" with the institution only: RERO+\'s user_id and nothing more', async ({ page }) => {
    await signIn(page, 'louis');
    expect(await released(page, 'legacy-catalogue')).toEqual({ 'x-patron-id': '1001', 'x-patron-institution': 'rbnj' });
  });

  test('"none" and no attributes: not a single X-Patron-* header', async ({ page }) => {
    await signIn(page, 'louis');
    expect(await released(page, 'press')).toEqual({});
  });

  test('a membership without a patron type (the document\'s rbnj example): no X-Patron-Type, and /api/me shows each patronPid', async ({ page }) => {
    await addJean();
    await signIn(page, 'jean');
    expect(await released(page, 'legacy-catalogue')).toEqual({ 'x-patron-id': '7653', 'x-patron-institution': 'rbnj' });
    const viaRbnj = await released(page, 'cairn-info');
    expect(viaRbnj).toEqual({ 'x-patron-id': viaRbnj['x-patron-id'], 'x-patron-institution': 'rbnj' });
    expect(await released(page, 'press-pid')).toEqual({ 'x-patron-id': '316784', 'x-patron-institution': 'vs', 'x-patron-type': 'vs-pm' });

    const me = await page.request.get('/api/me');
    expect(me.status()).toBe(200);
    const body = (await me.json()) as { userId: string; institutions: { code: string; patronPid: string | null; patronType: string | null }[] };
    expect(body.userId).toBe('7653');
    expect(body.institutions.map(({ code, patronPid, patronType }) => ({ code, patronPid, patronType }))).toEqual([
      { code: 'rbnj', patronPid: '876', patronType: null },
      { code: 'vs', patronPid: '316784', patronType: 'vs-pm' },
    ]);
  });

  test('/api/me answers the gateway\'s own pages only', async ({ page }) => {
    await signIn(page, 'louis');
    expect((await page.request.get('/api/me')).status()).toBe(200);
    // What a browser sends for a script on a sibling host name, or on another site.
    const sibling = await page.request.get('/api/me', { headers: { 'sec-fetch-site': 'same-site', origin: `http://cairn.localhost:${E2E.appPort}` } });
    expect(sibling.status()).toBe(403);
    expect(await sibling.json()).toMatchObject({ error: 'cross_origin' });
    expect((await page.request.get('/api/me', { headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } })).status()).toBe(403);
    // A proxy forwarding it for another host name.
    expect((await page.request.get('/api/me', { headers: { 'x-forwarded-host': 'cairn.library.example.org' } })).status()).toBe(403);
    // From the gateway's own page, as its scripts would.
    await page.goto('/');
    expect(await page.evaluate(() => fetch('/api/me').then((response) => response.status))).toBe(200);
  });
});

test.describe('staff see what leaves the library', () => {
  test('"Try a patron" lists the headers each resource would receive, with "a pseudonym for this resource" in place of its value', async ({ page }) => {
    await signIn(page, 'louis');
    const pseudonym = (await released(page, 'cairn'))['x-patron-id'];
    await page.goto('/admin/try');
    await page.getByLabel('Patron details from RERO+').fill(
      JSON.stringify({
        user_id: 1001,
        birthdate: '1985-04-12',
        patron_info: {
          vs: { patron_pid: '11', institution: 'vs', patron_type: 'vs-pm', expiration_date: '2031-12-31T00:00:00' },
          rbnj: { patron_pid: '876', institution: 'rbnj', patron_type: 'rbnj-adult', expiration_date: '2031-06-30T00:00:00' },
        },
      }),
    );
    await page.getByRole('button', { name: 'Try this patron' }).click();
    const results = page.getByTestId('try-results');
    const cairn = results.locator('[data-resource="cairn"]');
    await expect(cairn.locator('[data-header="x-patron-id"]')).toContainText('X-Patron-Id: a pseudonym for this resource');
    await expect(cairn.locator('[data-header="x-patron-institution"]')).toContainText('vs');
    await expect(cairn.locator('[data-header="x-patron-type"]')).toContainText('vs-pm');
    await expect(results.locator('[data-resource="press-pid"] [data-header="x-patron-id"]')).toContainText('11');
    await expect(results.locator('[data-resource="legacy-catalogue"] [data-header="x-patron-id"]')).toContainText('1001');
    await expect(results.locator('[data-resource="press"]')).toContainText('No patron headers.');
    // The value itself is nowhere on the page.
    expect(await page.content()).not.toContain(pseudonym);
  });

  test('the resource editor shows "What the e-resource receives"; an admin changes it and /api/verify follows', async ({ page }) => {
    await signIn(page, 'louis');
    await page.goto('/admin/resources/legacy-catalogue');
    const section = page.locator('[data-section="release"]');
    await expect(section.getByRole('heading', { name: 'What the e-resource receives' })).toBeVisible();
    await expect(section.getByLabel('The RERO+ user id')).toBeChecked();
    await expect(section.locator('[data-warning="user-id"]')).toContainText('RERO+ reserves the user id for people who are not registered in a library');
    await expect(section.getByTestId('release-summary')).toContainText('X-Patron-Id: the RERO+ user id');

    try {
      await section.getByLabel('Nothing', { exact: true }).check();
      await section.getByLabel('Institution (X-Patron-Institution)').uncheck();
      await expect(section.getByTestId('release-summary')).toContainText('No patron headers: the e-resource learns nothing about the patron.');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect(page).toHaveURL(`${E2E.appUrl}/admin?saved=legacy-catalogue`);
      await expect(page.locator('[data-resource="legacy-catalogue"]')).toContainText('Receives nothing about the patron');
      expect(await released(page, 'legacy-catalogue')).toEqual({});
    } finally {
      // Put the fixture back as it was for the other journeys.
      await page.goto('/admin/resources/legacy-catalogue');
      await section.getByLabel('The RERO+ user id').check();
      await section.getByLabel('Institution (X-Patron-Institution)').check();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await expect(page).toHaveURL(`${E2E.appUrl}/admin?saved=legacy-catalogue`);
    }
    expect(await released(page, 'legacy-catalogue')).toEqual({ 'x-patron-id': '1001', 'x-patron-institution': 'rbnj' });
  });
});

test('the pseudonym survives a restart: the same for the same patron and resource after the gateway starts again on its store', async () => {
  test.setTimeout(120_000);
  const port = 3341;
  const origin = `http://localhost:${port}`;
  const simulator = await startSimulator([origin]);
  const store = mkdtempSync(join(tmpdir(), 'gw-restart-'));
  const databaseUrl = `file:${join(store, 'gateway.db')}`;
  const pseudonym = async () => {
    const cookie = await signInAtGateway(origin, { username: 'louis' });
    const response = await fetch(`${origin}/api/verify?resource=cairn`, { headers: { cookie } });
    expect(response.status).toBe(200);
    return response.headers.get('x-patron-id');
  };
  try {
    const first = await startInstance({ port, simulator, databaseUrl });
    const before = await pseudonym();
    first.kill();
    await first.exited;
    const second = await startInstance({ port, simulator, databaseUrl, importCriteria: false });
    try {
      const after = await pseudonym();
      expect(before).toMatch(PSEUDONYM);
      expect(after).toBe(before);
    } finally {
      second.kill();
      await second.exited;
    }
  } finally {
    await simulator.close();
    rmSync(store, { recursive: true, force: true });
  }
});
