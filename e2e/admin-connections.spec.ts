/**
 * Provider connections at /admin/connections, as an admin uses them: louis
 * (1001, admin through ADMIN_USER_IDS) creates a Libris connection pointed at
 * a local fake through the endpoint overrides, tests it (the sigels and their
 * levels), edits it leaving the secret empty (the stored one is kept: the test
 * still works), and creates a Bokbasen connection whose audience the client
 * may not have (the test says so). No page ever shows a secret. A librarian
 * and a patron get 403. The connections made here are deleted again, through
 * the page (and from the store if a step failed): other journeys share it.
 * Screenshots (E2E_SCREENSHOTS=1, e2e/screenshots.ts): connection-test and connection-form-errors.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO_CLIENT as BOKBASEN_CLIENT, startBokbasenSimulator } from '../simulators/bokbasen.mjs';
import { DEMO_CLIENT as LIBRIS_CLIENT, startLibrisSimulator } from '../simulators/libris.mjs';
import { deleteConnectionRow } from '../lib/store/connections';
import { deleteStaff, putStaff } from '../lib/store/staff';
import { E2E } from './env';
import { screenshot } from './screenshots';
import { signIn, withStore } from './helpers';
import { violations } from './axe';

const RUN = Date.now().toString(36);
const LIBRIS_ID = `libris-e2e-${RUN}`;
const BOKBASEN_ID = `bokbasen-e2e-${RUN}`;
const SECRETS = [LIBRIS_CLIENT.clientSecret, BOKBASEN_CLIENT.clientSecret];

let libris: Awaited<ReturnType<typeof startLibrisSimulator>>;
let bokbasen: Awaited<ReturnType<typeof startBokbasenSimulator>>;

async function axe(page: Page, what: string) {
  expect.soft(await violations(page), `axe on ${what}`).toEqual([]);
}

/** Neither the page's HTML (field values, the RSC payload included) nor its text holds a secret. */
async function expectNoSecret(page: Page) {
  const html = await page.content();
  const text = await page.locator('body').innerText();
  for (const secret of SECRETS) {
    expect(html).not.toContain(secret);
    expect(text).not.toContain(secret);
  }
}

test.beforeAll(async () => {
  libris = await startLibrisSimulator({ port: 0 });
  bokbasen = await startBokbasenSimulator({ port: 0 });
});

test.afterAll(async () => {
  await withStore(async (store) => {
    await deleteConnectionRow(store.db, LIBRIS_ID);
    await deleteConnectionRow(store.db, BOKBASEN_ID);
  });
  await libris?.close();
  await bokbasen?.close();
});

test('an admin creates, tests, edits and deletes provider connections; no page shows a secret', async ({ page }) => {
  // Two connections made, tested, edited and deleted through the pages, with axe on three of them:
  // 37–53 s measured on an idle 2-core machine, too close to the default minute when the other core is busy.
  test.setTimeout(180_000);
  await signIn(page, 'louis');
  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'Admin area' }).getByRole('link', { name: 'Connections' }).click();
  await expect(page).toHaveURL(`${E2E.appUrl}/admin/connections`);
  await expect(page.getByRole('heading', { name: 'Provider connections', level: 1 })).toBeVisible();

  // --- Libris, pointed at the fake through the endpoint overrides.
  await page.getByRole('link', { name: 'New Libris connection' }).click();
  await expect(page.getByRole('heading', { name: 'New Libris connection', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Client secret')).toHaveAttribute('type', 'password');
  await expect(page.getByLabel('Client secret')).toHaveAccessibleDescription(/not set/);
  await page.getByLabel('Connection id').fill(LIBRIS_ID);
  await page.getByLabel('Environment').selectOption('test');
  await page.getByLabel(/^Client id( \(required\))?$/).fill(LIBRIS_CLIENT.clientId);
  await page.getByLabel('Client secret').fill(LIBRIS_CLIENT.clientSecret);
  await page.getByLabel('Active sigel').fill('Xyz');
  await page.getByLabel('Token endpoint').fill(libris.endpoints.token);
  await page.getByLabel('API base').fill(libris.endpoints.api);
  await page.getByLabel('Verify endpoint').fill(libris.endpoints.verify);
  await axe(page, 'the new connection form');
  await page.getByRole('button', { name: 'Create connection' }).click();
  await expect(page).toHaveURL(`${E2E.appUrl}/admin/connections?created=${LIBRIS_ID}`);
  await expect(page.getByRole('status').filter({ hasText: 'was created' })).toContainText(`The connection “${LIBRIS_ID}” was created.`);
  const card = page.locator(`[data-connection="${LIBRIS_ID}"]`);
  await expect(card).toContainText('Libris');
  await expect(card).toContainText(LIBRIS_CLIENT.clientId);
  await expect(card.locator('[data-secret="clientSecret"]')).toContainText('stored');
  await expect(card.getByTestId(`status-${LIBRIS_ID}`)).toContainText('Ready');
  await expect(card.getByTestId(`last-test-${LIBRIS_ID}`)).toContainText('Not tested');
  await expectNoSecret(page);

  // Test: a token, its expiry and scope, the sigels and their levels.
  await card.getByRole('button', { name: `Test connection ${LIBRIS_ID}` }).click();
  const result = card.getByTestId(`test-result-${LIBRIS_ID}`);
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toContainText('It works: Libris issued a token.');
  await expect(result).toContainText('The token is valid until');
  await expect(result).toContainText('Scope: read write');
  await expect(result.locator('[data-sigel="Xyz"]')).toContainText('Level 2 (cataloger): bibliographic and holdings records');
  await expect(result.locator('[data-sigel="Xyz"]')).toContainText('active sigel');
  await expect(result.locator('[data-sigel="Xyzb"]')).toContainText('Level 1 (registrant): holdings records only');
  await expect(result).toBeFocused();
  await expect(card.getByTestId(`last-test-${LIBRIS_ID}`)).toContainText('Worked when tested on');
  await expectNoSecret(page);
  await axe(page, 'the connections with a test result');
  await screenshot(page, 'connection-test');

  // --- Edit, leaving the secret empty: the stored one is kept.
  await card.getByRole('link', { name: `Edit ${LIBRIS_ID}` }).click();
  await expect(page).toHaveURL(`${E2E.appUrl}/admin/connections/${LIBRIS_ID}`);
  const secret = page.getByLabel('Client secret');
  await expect(secret).toHaveValue('');
  await expect(secret).toHaveAccessibleDescription(/stored.*Leave empty to keep it/);
  await expect(page.getByLabel('Connection id')).toHaveValue(LIBRIS_ID);
  await expect(page.getByLabel('Token endpoint')).toHaveValue(libris.endpoints.token);
  await expectNoSecret(page);
  await page.getByLabel('Active sigel').fill('Xyzb');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(`${E2E.appUrl}/admin/connections?saved=${LIBRIS_ID}`);
  await expect(page.getByRole('status').filter({ hasText: 'were saved' })).toContainText(`Your changes to “${LIBRIS_ID}” were saved.`);
  await card.getByRole('button', { name: `Test connection ${LIBRIS_ID}` }).click();
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result.locator('[data-sigel="Xyzb"]')).toContainText('active sigel');
  await expectNoSecret(page);

  // --- Bokbasen: first a mistake, told next to the field; the typed secret is not sent back.
  await page.getByRole('link', { name: 'New Bokbasen connection' }).click();
  await page.getByLabel('Connection id').fill(BOKBASEN_ID);
  await page.getByLabel('Environment').selectOption('test');
  await page.getByLabel(/^Client id( \(required\))?$/).fill(BOKBASEN_CLIENT.clientId);
  await page.getByLabel('Client secret').fill(BOKBASEN_CLIENT.clientSecret);
  await page.getByLabel('Audience').fill('not an address');
  await page.getByLabel('Token endpoint').fill(bokbasen.endpoints.token);
  await page.getByLabel('API base').fill(bokbasen.endpoints.api);
  await page.getByRole('button', { name: 'Create connection' }).click();
  const problems = page.getByTestId('form-problems');
  await expect(problems).toBeFocused();
  await expect(problems).toContainText('Some fields need your attention; nothing was saved.');
  await expect(problems).toContainText('The secrets you typed were not kept');
  await expect(page.getByLabel('Audience')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Audience')).toHaveAccessibleDescription(/"audience" must be an https URL/);
  await expect(page.getByLabel('Connection id')).toHaveValue(BOKBASEN_ID);
  await expect(page.getByLabel('Client secret')).toHaveValue('');
  await expectNoSecret(page);
  await axe(page, 'the connection form with errors');
  await screenshot(page, 'connection-form-errors');

  // Then an audience this client has no access to.
  await page.getByLabel('Client secret').fill(BOKBASEN_CLIENT.clientSecret);
  await page.getByLabel('Audience').fill('https://api.bokbasen.io/reporting/');
  await page.getByRole('button', { name: 'Create connection' }).click();
  await expect(page).toHaveURL(`${E2E.appUrl}/admin/connections?created=${BOKBASEN_ID}`);
  const bokbasenCard = page.locator(`[data-connection="${BOKBASEN_ID}"]`);
  await bokbasenCard.getByRole('button', { name: `Test connection ${BOKBASEN_ID}` }).click();
  const refused = bokbasenCard.getByTestId(`test-result-${BOKBASEN_ID}`);
  await expect(refused).toHaveAttribute('data-ok', 'false');
  await expect(refused).toContainText('It does not work.');
  await expect(refused.locator('[data-failure="wrong_audience"]')).toContainText('This client has no access to that audience or resource.');
  await expect(refused).toContainText('no access to that audience (https://api.bokbasen.io/reporting/)');
  await expect(bokbasenCard.getByTestId(`last-test-${BOKBASEN_ID}`)).toContainText('Failed when tested on');
  await expectNoSecret(page);

  // The audit trail has the changes, without the secrets.
  await page.goto('/admin/audit');
  await expect(page.locator(`[data-action="connection.create"][data-target="${LIBRIS_ID}"]`)).toHaveCount(1);
  await expect(page.locator(`[data-action="connection.update"][data-target="${LIBRIS_ID}"]`)).toHaveCount(1);
  await expect(page.locator(`[data-action="connection.create"][data-target="${BOKBASEN_ID}"]`)).toHaveCount(1);
  await expectNoSecret(page);

  // --- Delete both, each after a confirmation.
  for (const id of [LIBRIS_ID, BOKBASEN_ID]) {
    await page.goto('/admin/connections');
    await page.locator(`[data-connection="${id}"]`).getByRole('link', { name: `Delete ${id}…` }).click();
    await expect(page.getByRole('heading', { name: `Delete the connection “${id}”?` })).toBeVisible();
    await page.getByRole('button', { name: `Delete ${id}` }).click();
    await expect(page).toHaveURL(`${E2E.appUrl}/admin/connections?deleted=${id}`);
    await expect(page.locator(`[data-connection="${id}"]`)).toHaveCount(0);
  }
  expect(await withStore((store) => store.db.selectFrom('connections').select('id').where('id', 'in', [LIBRIS_ID, BOKBASEN_ID]).execute())).toEqual([]);
});

test('a librarian and a patron who is not staff get 403 at /admin/connections, and no link to it', async ({ page }) => {
  await withStore((store) => putStaff(store.db, { userId: '1002', role: 'librarian', institutions: ['vs'] }, new Date()));
  try {
    await signIn(page, 'marie');
    await page.goto('/admin');
    await expect(page.getByText('Signed in as Marie Favre · librarian for vs')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Admin area' }).getByRole('link', { name: 'Connections' })).toHaveCount(0);
    expect((await page.goto('/admin/connections'))?.status()).toBe(403);
    expect((await page.goto('/admin/connections/new?provider=libris'))?.status()).toBe(403);

    await page.context().clearCookies();
    await signIn(page, 'noah');
    expect((await page.goto('/admin/connections'))?.status()).toBe(403);
  } finally {
    await withStore((store) => deleteStaff(store.db, '1002'));
  }
});
