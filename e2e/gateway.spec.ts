import { expect, test } from '@playwright/test';
import { decisionCounts, openStore } from '../lib/store';
import { E2E } from './env';
import { addSimPatron, loginAtRero, signIn, zurichDate } from './helpers';

test.describe('the e-resource gateway', () => {
  test('signed out, /go/<slug> goes through sign-in and on to the resource', async ({ page }) => {
    await page.goto('/go/cairn');
    await loginAtRero(page, 'louis');
    await expect(page).toHaveURL(`${E2E.appUrl}/?arrived=cairn`);
  });

  test('a patron whose membership expired is told why, in words', async ({ page }) => {
    await signIn(page, 'marie');
    const response = await page.goto('/go/cairn');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'No access to Cairn.info' })).toBeVisible();
    await expect(page.getByText('Your membership at vs expired on 31 March 2024.')).toBeVisible();
    await expect(page.getByText('Cairn is licensed for adult members')).toBeVisible();
    expect((await page.goto('/go/archives'))?.status()).toBe(403);
  });

  test('grace days keep a membership that ended a few days ago open; the end day itself is still valid', async ({ page }) => {
    await addSimPatron({
      id: 2001,
      username: 'recent',
      fullname: 'Rey, Anne',
      birthdate: '1970-01-01',
      records: [{ code: 'vs', pid: '91', patronType: 'vs-pm', expirationDate: zurichDate(-5) }],
    });
    await addSimPatron({
      id: 2002,
      username: 'lastday',
      fullname: 'Dumas, Paul',
      birthdate: '1970-01-01',
      records: [{ code: 'vs', pid: '92', patronType: 'vs-pm', expirationDate: zurichDate(0) }],
    });
    await signIn(page, 'recent');
    expect((await page.goto('/go/cairn'))?.status()).toBe(403);
    await page.goto('/go/archives');
    await expect(page).toHaveURL(`${E2E.appUrl}/?arrived=archives`);
    await page.context().clearCookies();
    await signIn(page, 'lastday');
    await page.goto('/go/cairn');
    await expect(page).toHaveURL(`${E2E.appUrl}/?arrived=cairn`);
  });

  test('a minor is refused an adults-only resource but reaches the junior one', async ({ page }) => {
    await signIn(page, 'lea');
    const response = await page.goto('/go/cairn');
    expect(response?.status()).toBe(403);
    await expect(page.getByText('This resource is for readers aged 18 and over.')).toBeVisible();
    await expect(page.locator('main')).not.toContainText('you are');
    await page.goto('/go/junior-library');
    await expect(page).toHaveURL(`${E2E.appUrl}/?arrived=junior-library`);
  });

  test('a user without a patron record and a disabled resource are refused; an unknown slug is 404', async ({ page }) => {
    await signIn(page, 'noah');
    expect((await page.goto('/go/cairn'))?.status()).toBe(403);
    await expect(page.getByText('not registered as a patron')).toBeVisible();
    expect((await page.goto('/go/retired'))?.status()).toBe(403);
    expect((await page.goto('/go/no-such-thing'))?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'No such e-resource' })).toBeVisible();
  });

  test('home lists every enabled resource, open or with the reason it is closed', async ({ page }) => {
    await signIn(page, 'marie');
    await expect(page.locator('[data-resource="cairn"]')).toContainText('Closed to you');
    // The expiry closes several resources: said once, above the list, naming them; not on each.
    const shared = page.locator('[data-shared-reasons]');
    await expect(shared).toContainText('Your membership at vs expired on 31 March 2024.');
    await expect(shared).toContainText('Cairn.info');
    await expect(page.locator('[data-resource="cairn"]')).not.toContainText('expired on 31 March 2024');
    await expect(page.locator('[data-resource="retired"]')).toHaveCount(0);
    await page.context().clearCookies();
    await signIn(page, 'louis');
    await expect(page.locator('[data-resource="cairn"]').getByRole('link', { name: 'Open Cairn.info' })).toBeVisible();
    await page.locator('[data-resource="cairn"]').getByRole('link', { name: 'Open Cairn.info' }).click();
    await expect(page).toHaveURL(`${E2E.appUrl}/?arrived=cairn`);
  });

  test('/api/verify answers a reverse proxy with statuses and headers only', async ({ page, request }) => {
    const signedOut = await request.get('/api/verify?resource=cairn', { maxRedirects: 0 });
    expect(signedOut.status()).toBe(401);
    expect(await signedOut.text()).toBe('');
    expect((await request.get('/api/verify?resource=nope')).status()).toBe(404);
    expect((await request.get('/api/verify')).status()).toBe(400);

    await signIn(page, 'louis');
    const allowed = await page.request.get('/api/verify?resource=cairn', { maxRedirects: 0 });
    expect(allowed.status()).toBe(200);
    // cairn releases the default: a pseudonym, and the facts of the membership that qualified (vs: first in cairn's list).
    expect(allowed.headers()['x-patron-id']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(allowed.headers()['x-patron-institution']).toBe('vs');
    expect(allowed.headers()['x-patron-type']).toBe('vs-pm');

    await page.context().clearCookies();
    await signIn(page, 'marie');
    const denied = await page.request.get('/api/verify?resource=cairn', { maxRedirects: 0 });
    expect(denied.status()).toBe(403);
    expect(denied.headers()['x-access-denied-reason']).toBe('membership-expired');
    expect(denied.headers()['content-type'] ?? '').not.toContain('text/html');
  });
});

test('every /go and /api/verify decision is counted per resource, day and outcome', async ({ page }) => {
  const store = await openStore(E2E.databaseUrl);
  try {
    const day = zurichDate(0);
    const count = async (outcome: string) =>
      (await decisionCounts(store.db, day, day)).find((row) => row.resource === 'junior-library' && row.outcome === outcome)?.count ?? 0;
    const before = { allowed: await count('allowed'), expired: await count('membership-expired') };
    await signIn(page, 'louis');
    await page.request.get('/api/verify?resource=junior-library');
    await page.goto('/go/junior-library');
    await page.context().clearCookies();
    await signIn(page, 'marie');
    await page.request.get('/api/verify?resource=junior-library');
    // Counts are written in batches, off the request path: wait for the next flush.
    await expect.poll(() => count('allowed'), { timeout: 10_000 }).toBe(before.allowed + 2);
    await expect.poll(() => count('membership-expired'), { timeout: 10_000 }).toBe(before.expired + 1);
  } finally {
    await store.close();
  }
});
