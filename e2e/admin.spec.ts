/**
 * The librarians' side, as staff use it: louis (1001) is admin through
 * ADMIN_USER_IDS (e2e/env.ts); marie (1002) is made librarian of vs through
 * the staff page, and removed again at the end. Resources created here have
 * unique slugs and are deleted again: other journeys share the store.
 * Screenshots (E2E_SCREENSHOTS=1, e2e/screenshots.ts): resource-trial, usage-chart and denial-explanation.
 */
import { expect, test, type Page } from '@playwright/test';
import { parseCriteriaDocument } from '../lib/access';
import { deleteStaff } from '../lib/store/staff';
import { E2E } from './env';
import { screenshot } from './screenshots';
import { signIn, zurichDate, withStore } from './helpers';
import { addDecisionCounts, criteriaVersion, getDocument, getResource, replaceDocument } from '../lib/store';
import { violations } from './axe';

const RUN = Date.now().toString(36);

/** What marie's RERO+ /api/patrons/info says (see simulators/rero-plus.mjs): vs, expired on 31 March 2024. */
const MARIE_INFO = {
  barcode: '2050124312',
  fullname: 'Favre, Marie',
  birthdate: '1990-09-30',
  patron_info: { vs: { patron_pid: '12', institution: 'vs', patron_type: 'vs-pm', expiration_date: '2024-03-31T00:00:00' } },
  user_id: 1002,
};

/** Everything a refused change must leave as it was. */
function snapshot() {
  return withStore(async (store) => ({
    document: await getDocument(store.db),
    version: await criteriaVersion(store.db),
    audit: (await store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  }));
}

async function axe(page: Page, what: string) {
  expect.soft(await violations(page), `axe on ${what}`).toEqual([]);
}

test.describe('who gets into /admin', () => {
  test('a signed-out visitor is sent to sign in and back', async ({ page, request }) => {
    const response = await request.get('/admin/usage?from=2026-01-01', { maxRedirects: 0 });
    expect([303, 307]).toContain(response.status());
    expect(response.headers().location).toBe(`/auth/login?returnTo=${encodeURIComponent('/admin/usage?from=2026-01-01')}`);
    await page.goto('/admin');
    await expect(page.getByLabel('Username')).toBeVisible();
  });

  test('a signed-in patron who is not staff gets 403, on pages and route handlers', async ({ page }) => {
    await signIn(page, 'noah');
    const response = await page.goto('/admin');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'This page is for library staff' })).toBeVisible();
    expect((await page.goto('/admin/staff'))?.status()).toBe(403);
    expect((await page.request.get('/admin/export')).status()).toBe(403);
    const before = await snapshot();
    const posted = await page.request.post('/admin/import', { headers: { origin: E2E.appUrl, 'content-type': 'application/json' }, data: { resources: [] } });
    expect(posted.status()).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

test.describe('an admin (louis, from ADMIN_USER_IDS)', () => {
  test('creates a resource after trying its rules, and sees the change in the audit trail', async ({ page }) => {
    const slug = `e2e-created-${RUN}`;
    await signIn(page, 'louis');
    await page.goto('/admin');
    await expect(page.getByRole('heading', { name: 'E-resources', level: 1 })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Admin area' }).getByRole('link', { name: 'Staff' })).toBeVisible();
    await expect(page.locator('[data-resource="cairn"]')).toBeVisible();

    await page.getByRole('link', { name: 'New resource' }).click();
    await page.getByLabel('Short name (slug)').fill(slug);
    await page.getByLabel(/^Name( \(required\))?$/).fill('E2E Encyclopaedia');
    await page.getByLabel('Web address').fill(`${E2E.appUrl}/?arrived=e2e`);
    await page.getByLabel('Institutions').fill('vs');
    await page.getByLabel('Patron types').fill('vs-pm');
    await page.getByLabel('Minimum age').fill('18');

    // Before saving: the rules in the form, against patrons around their limits.
    await page.getByRole('button', { name: 'Try these rules' }).click();
    const trial = page.getByTestId('trial');
    await expect(trial.locator('[data-sample="typical"]')).toContainText('Allowed');
    await expect(trial.locator('[data-sample="too-young"]')).toContainText('This resource is for readers aged 18 and over.');
    await expect(trial.locator('[data-sample="other-type"]')).toContainText('Refused');
    await expect(page.getByRole('heading', { name: 'Try these rules before saving' })).toBeFocused();
    // The form keeps what was typed.
    await expect(page.getByLabel('Short name (slug)')).toHaveValue(slug);

    await page.getByRole('button', { name: 'Create resource' }).click();
    await expect(page).toHaveURL(`${E2E.appUrl}/admin?created=${slug}`);
    await expect(page.getByRole('status')).toContainText(`The resource “${slug}” was created.`);
    await expect(page.locator(`[data-resource="${slug}"]`)).toContainText('Members of vs');
    await expect(page.locator(`[data-resource="${slug}"]`)).toContainText('Aged 18 or over');

    // The gateway serves it at once.
    await page.goto(`/go/${slug}`);
    await expect(page).toHaveURL(`${E2E.appUrl}/?arrived=e2e`);

    await page.goto('/admin/audit');
    const entry = page.locator(`[data-action="resource.create"][data-target="${slug}"]`).first();
    await expect(entry).toContainText(`Created resource “${slug}”`);
    await expect(entry).toContainText('#1001');
    await expect(entry.locator('[data-path="criteria.minAge"]')).toContainText('18');
    await expect(entry.locator('[data-path="criteria.institutions"]')).toContainText('["vs"]');

    // Deleting asks once more, then the audit trail has it too.
    await page.goto(`/admin/resources/${slug}`);
    await page.getByRole('link', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Delete E2E Encyclopaedia' }).click();
    await expect(page).toHaveURL(`${E2E.appUrl}/admin?deleted=${slug}`);
    await expect(page.locator(`[data-resource="${slug}"]`)).toHaveCount(0);
    await page.goto('/admin/audit');
    await expect(page.locator(`[data-action="resource.delete"][data-target="${slug}"]`)).toHaveCount(1);
  });

  test('is told next to each field what is wrong, and nothing is stored', async ({ page }) => {
    await signIn(page, 'louis');
    await page.goto('/admin/resources/new');
    const before = await snapshot();
    await page.getByLabel('Short name (slug)').fill('Not A Slug');
    await page.getByLabel('Web address').fill('www.example.org');
    await page.getByLabel('Minimum age').fill('ten');
    await page.getByRole('button', { name: 'Create resource' }).click();
    const problems = page.getByTestId('form-problems');
    await expect(problems).toBeFocused();
    await expect(problems).toContainText('Some fields need your attention; nothing was saved.');
    const slug = page.getByLabel('Short name (slug)');
    await expect(slug).toHaveAttribute('aria-invalid', 'true');
    await expect(slug).toHaveAccessibleDescription(/Use only lowercase letters, digits and hyphens/);
    await expect(page.getByLabel(/^Name( \(required\))?$/)).toHaveAccessibleDescription(/Give the resource a name\./);
    await expect(page.getByLabel('Web address')).toHaveAccessibleDescription(/Enter a full web address starting with https:\/\//);
    await expect(page.getByLabel('Minimum age')).toHaveAccessibleDescription(/Enter a whole number of years from 0 to 150/);
    // The summary links to the field.
    await problems.getByRole('link', { name: /Give the resource a name/ }).click();
    await expect(page.getByLabel(/^Name( \(required\))?$/)).toBeFocused();
    expect(await snapshot()).toEqual(before);
    await axe(page, 'the resource editor with errors');
  });

  test('someone else’s change while editing: nothing is overwritten, they are told to reload', async ({ browser }) => {
    const slug = `e2e-conflict-${RUN}`;
    await withStore(async (store) => {
      const parsed = parseCriteriaDocument({ resources: [...(await getDocument(store.db)).resources, { slug, name: 'Conflict test', url: 'https://conflict.example/', criteria: { institutions: ['vs'] } }] });
      if (!parsed.ok) throw new Error('invalid');
      await replaceDocument(store.db, parsed.document);
    });
    const context = await browser.newContext();
    try {
      const first = await context.newPage();
      await signIn(first, 'louis');
      const second = await context.newPage();
      await first.goto(`/admin/resources/${slug}`);
      await second.goto(`/admin/resources/${slug}`);
      await first.getByLabel(/^Name( \(required\))?$/).fill('Changed first');
      await first.getByRole('button', { name: 'Save changes' }).click();
      await expect(first).toHaveURL(`${E2E.appUrl}/admin?saved=${slug}`);
      await second.getByLabel(/^Name( \(required\))?$/).fill('Changed second');
      await second.getByRole('button', { name: 'Save changes' }).click();
      await expect(second.getByTestId('form-problems')).toContainText('Someone else changed this resource while you were editing it');
      expect((await withStore((store) => getResource(store.db, slug)))?.name).toBe('Changed first');
      await second.getByRole('link', { name: 'Reload the current version' }).click();
      await expect(second.getByLabel(/^Name( \(required\))?$/)).toHaveValue('Changed first');
    } finally {
      await context.close();
      await withStore(async (store) => {
        const { resources } = await getDocument(store.db);
        await replaceDocument(store.db, { resources: resources.filter((r) => r.slug !== slug) });
      });
    }
  });

  test('tries changed rules of an existing resource before saving: who would gain or lose access; nothing is stored', async ({ page }) => {
    await signIn(page, 'louis');
    const before = await snapshot();
    // archives: vs, 30 days of grace. Without the grace, a membership that ended yesterday no longer opens it.
    await page.goto('/admin/resources/archives');
    await page.getByLabel('Days of grace after a membership ends').fill('0');
    await page.getByRole('button', { name: 'Try these rules' }).click();
    const trial = page.getByTestId('trial');
    await expect(trial.locator('[data-sample="expired-yesterday"]')).toHaveAttribute('data-change', 'closed');
    await expect(trial.locator('[data-sample="expired-yesterday"]')).toContainText('Loses access');
    // Sampled at the saved rules' edge too: a membership that ended 30 days ago no longer opens it either.
    await expect(trial.locator('[data-sample="within-grace"]')).toHaveAttribute('data-change', 'closed');
    await expect(trial.locator('[data-sample="typical"]')).toContainText('No change');
    await expect(page.getByRole('status').filter({ hasText: 'Judged on' })).toContainText('nobody gains access and 2 patrons lose it');
    // Members of vs with a valid membership keep it: no institution loses access altogether.
    await expect(page.getByTestId('trial-shut-out')).toHaveCount(0);
    await screenshot(page, 'resource-trial');
    await axe(page, 'the resource editor with a trial');
    expect(await snapshot()).toEqual(before);
  });

  test('tries a patron: every resource allowed or the reasons the patron would read', async ({ page }) => {
    await signIn(page, 'louis');
    await page.goto('/admin/try');
    await page.getByLabel('Patron details from RERO+').fill(JSON.stringify(MARIE_INFO, null, 2));
    await page.getByRole('button', { name: 'Try this patron' }).click();
    const results = page.getByTestId('try-results');
    await expect(results.getByRole('heading', { name: 'What the gateway answers patron #1002' })).toBeFocused();
    const cairn = results.locator('[data-resource="cairn"]');
    await expect(cairn).toContainText('Refused');
    await expect(cairn).toContainText('Your membership at vs expired on 31 March 2024.');
    await expect(cairn).toContainText('Cairn is licensed for adult members of the Valais and Neuchâtel networks.');
    await expect(results.locator('[data-resource="retired"]')).toContainText('This resource is currently unavailable.');
    await screenshot(page, 'denial-explanation');
    await axe(page, 'try a patron, with results');

    // On an earlier day the same membership was still valid.
    await page.getByLabel('Judge as on').fill('2024-03-31');
    await page.getByRole('button', { name: 'Try this patron' }).click();
    await expect(results.locator('[data-resource="junior-library"]')).toContainText('Allowed as a member of vs (vs-pm).');

    // Something that is not a patron answer is explained at the field.
    await page.getByLabel('Patron details from RERO+').fill('{"user": "marie"}');
    await page.getByRole('button', { name: 'Try this patron' }).click();
    await expect(page.getByLabel('Patron details from RERO+')).toHaveAccessibleDescription(/This is not a RERO\+ patron answer/);

    // Examples to start from.
    await page.getByRole('link', { name: 'a child' }).click();
    await page.getByRole('button', { name: 'Try this patron' }).click();
    await expect(results.locator('[data-resource="cairn"]')).toContainText('This resource is for readers aged 18 and over.');
  });

  test('reads usage as a chart per resource and day, with a date range and a CSV', async ({ page }) => {
    // Thirteen past days of counts (today is left to the journey that counts today's decisions).
    const outcomes = ['allowed', 'membership-expired', 'age', 'institution', 'patron-type'];
    await withStore((store) =>
      addDecisionCounts(store.db, 
        Array.from({ length: 13 }, (_, i) => zurichDate(-13 + i)).flatMap((day, i) => [
          { day, resource: 'cairn', outcome: 'allowed', count: 6 + ((i * 7) % 11) },
          { day, resource: 'cairn', outcome: outcomes[1 + (i % 4)] ?? 'age', count: 1 + (i % 4) },
          { day, resource: 'archives', outcome: 'allowed', count: 2 + (i % 3) },
          { day, resource: 'archives', outcome: 'membership-expired', count: i % 2 },
        ]),
      ),
    );
    await signIn(page, 'louis');
    const from = zurichDate(-13);
    const to = zurichDate(0);
    await page.goto('/admin/usage');
    await page.getByLabel('From', { exact: true }).fill(from);
    await page.getByLabel('To', { exact: true }).fill(to);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(`${E2E.appUrl}/admin/usage?from=${from}&to=${to}`);
    const cairn = page.locator('[data-usage="cairn"]');
    const chart = cairn.getByRole('img', { name: 'Allowed and refused per day: Cairn.info' });
    await expect(chart).toBeVisible();
    await expect(cairn.locator('svg rect').first()).toBeVisible();
    await expect(cairn.locator('figcaption')).toContainText('Refused: membership expired');
    await cairn.getByText('Show the numbers for Cairn.info as a table').click();
    await expect(cairn.getByRole('table')).toBeVisible();
    await expect(cairn.getByRole('table').locator('tfoot')).toContainText(/\d+/);
    await screenshot(page, 'usage-chart');
    await axe(page, 'usage');

    const csvLink = page.getByRole('link', { name: 'Download as CSV' });
    const csv = await page.request.get((await csvLink.getAttribute('href')) ?? '');
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('day,resource,outcome,count');
    expect(text).toContain(`${zurichDate(-13)},cairn,allowed,6`);

    await page.goto('/admin/usage?from=2026-02-30&to=2026-03-01');
    await expect(page.getByLabel('From', { exact: true })).toHaveAccessibleDescription('Enter a date such as 2026-03-31.');
  });

  test('import and export of the criteria document from the page', async ({ page }) => {
    await signIn(page, 'louis');
    await page.goto('/admin/transfer');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the criteria document' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^criteria-\d{4}-\d{2}-\d{2}\.json$/);
    const before = await snapshot();
    await page.getByLabel('Or paste the document').fill(JSON.stringify({ resources: [{ slug: 'Bad', name: '', url: 'x' }] }));
    await page.getByRole('button', { name: 'Show the changes' }).click();
    const outcome = page.getByTestId('import-outcome');
    await expect(outcome).toContainText('$.resources[0].slug');
    await expect(outcome).toContainText('$.resources[0].url');
    expect(await snapshot()).toEqual(before);
    // One resource pasted by mistake: the page shows every other resource going, and nothing goes until confirmed.
    const [first] = before.document.resources;
    await page.getByLabel('Or paste the document').fill(JSON.stringify({ resources: [first] }));
    await page.getByRole('button', { name: 'Show the changes' }).click();
    const difference = page.getByTestId('import-difference');
    await expect(difference.locator('[data-change="removed"]')).toHaveCount(before.document.resources.length - 1);
    await expect(difference.locator('[data-change="removed"]').first()).toContainText('Removed');
    await axe(page, 'the difference an import would make');
    expect(await snapshot()).toEqual(before);
    await page.getByRole('link', { name: 'Cancel' }).click();
    // The exported document imports as it is (same validation, atomic) and changes nothing: not even the version.
    await page.getByLabel('Or paste the document').fill(JSON.stringify(before.document));
    await page.getByRole('button', { name: 'Show the changes' }).click();
    await expect(difference).toContainText('This document changes nothing.');
    expect(await snapshot()).toEqual(before);
    await page.getByRole('button', { name: 'Import these changes' }).click();
    await expect(outcome).toContainText('Nothing changed: the store already holds this document.');
    expect(await snapshot()).toEqual(before);
  });
});

test('a librarian of vs sees only their institutions; a direct POST against another institution’s resource is refused and changes nothing', async ({ page }) => {
  // Two people sign in, staff rights change twice, and every admin page is read as a librarian:
  // 30–47 s measured on an idle 2-core machine, too close to the default minute when the other core is busy.
  test.setTimeout(180_000);
  try {
    // The admin gives marie (1002) librarian rights for vs.
    await signIn(page, 'louis');
    await page.goto('/admin/staff');
    await page.getByLabel('RERO+ user id').fill('1002');
    await page.getByLabel('Role').selectOption('librarian');
    await page.getByLabel('Institutions').fill('vs');
    await page.getByRole('button', { name: 'Save staff member' }).click();
    await expect(page.getByText('#1002 was added to the staff.')).toBeVisible();
    await expect(page.locator('[data-staff="1002"]')).toContainText('Librarian');
    await axe(page, 'staff');

    await page.context().clearCookies();
    await signIn(page, 'marie');
    await page.goto('/admin');
    await expect(page.getByText('Signed in as Marie Favre · librarian for vs')).toBeVisible();
    await expect(page.locator('[data-resource="junior-library"]')).toBeVisible();
    await expect(page.locator('[data-resource="archives"]')).toBeVisible();
    // cairn also names rbnj; retired is open to any institution.
    await expect(page.locator('[data-resource="cairn"]')).toHaveCount(0);
    await expect(page.locator('[data-resource="retired"]')).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Admin area' }).getByRole('link', { name: 'Staff' })).toHaveCount(0);
    await axe(page, 'the librarian’s dashboard');
    expect((await page.goto('/admin/staff'))?.status()).toBe(403);
    expect((await page.goto('/admin/resources/cairn'))?.status()).toBe(403);
    const exported = await page.request.get('/admin/export');
    expect(((await exported.json()) as { resources: { slug: string }[] }).resources.map((r) => r.slug)).toEqual(['junior-library', 'archives', 'libris-api']);

    // A form of her own resource, pointed at cairn (vs and rbnj) by hand, and posted.
    const before = await snapshot();
    await page.goto('/admin/resources/junior-library');
    await page.getByLabel(/^Name( \(required\))?$/).fill('Taken over');
    // Last, after React has rendered the form for the typing.
    await page.locator('input[name="original"]').evaluate((input: HTMLInputElement) => {
      input.value = 'cairn';
    });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByTestId('form-problems')).toContainText('You may only manage resources of your own institutions; nothing was saved.');
    // The route handler too, with the right Origin.
    const posted = await page.request.post('/admin/import', {
      headers: { origin: E2E.appUrl, 'content-type': 'application/json' },
      data: { resources: [{ slug: 'cairn', name: 'Taken over', url: 'https://evil.example/', criteria: { institutions: ['vs'] } }] },
    });
    expect(posted.status()).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((await withStore((store) => getResource(store.db, 'cairn')))?.name).toBe('Cairn.info');

    // The admin takes the rights back.
    await page.context().clearCookies();
    await signIn(page, 'louis');
    await page.goto('/admin/staff');
    // She signed in since she was added: the list names her. Removal asks first.
    await expect(page.locator('[data-staff="1002"]')).toContainText('Marie Favre');
    await page.getByRole('link', { name: 'Remove Marie Favre (#1002)' }).click();
    await expect(page.getByRole('heading', { name: 'Remove Marie Favre (#1002) from the staff?' })).toBeVisible();
    await axe(page, 'removing a staff member');
    await page.getByRole('button', { name: 'Remove Marie Favre (#1002)' }).click();
    await expect(page.getByText('#1002 is no longer staff.')).toBeVisible();
    await page.goto('/admin/audit');
    await expect(page.locator('[data-action="staff.remove"][data-target="1002"]')).toHaveCount(1);
    await axe(page, 'the audit trail');
  } finally {
    await withStore((store) => deleteStaff(store.db, '1002'));
  }
});
