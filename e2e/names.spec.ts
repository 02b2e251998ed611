/**
 * Names, not codes: a directory this run makes up (names no other journey and
 * no fixture knows, markup in one of them) is imported through the command
 * line, as an operator would; patrons then read institutions and patron types
 * by those names on the home and denial pages, and librarians choose them from
 * pickers. The store is put back as it was at the end: other journeys of this
 * world share it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CriteriaDocument, Directory } from '../lib/access';
import { audit } from './axe';
import { E2E } from './env';
import { signIn, withStore } from './helpers';
import { criteriaVersion, getDirectory, getDocument, replaceDocument } from '../lib/store';

const RUN = Date.now().toString(36);
const VALAIS = { en: `Valais Media Library ${RUN}`, fr: `Médiathèque Valais ${RUN}` };
const ADULT = { en: `Adult reader ${RUN}`, fr: `Lecteur adulte ${RUN}` };
/** Markup in a name: it must reach every page as text. */
const JURA = `Jura <b>network</b> & co ${RUN}`;
const RENEW = `https://renew.example/${RUN}?card=1&lang=en`;

/** `npm run gateway -- <args>` against this world's store, as an operator types it. */
function gatewayCli(args: string[]) {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const result = spawnSync(process.execPath, [tsx, 'scripts/gateway.ts', ...args], { env: { ...process.env, ...E2E.appEnv }, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

/** Every code the stored resources name, each with a made-up name; vs and rbnj with the names above. */
function directoryFor(document: CriteriaDocument): Directory {
  const institutions = new Set(['vs', 'rbnj', ...document.resources.flatMap((r) => r.criteria.institutions)]);
  const types = new Set(['vs-pm', 'vs-junior', 'rbnj-adult', ...document.resources.flatMap((r) => r.criteria.patronTypes)]);
  return {
    institutions: [...institutions].map((code) =>
      code === 'vs'
        ? { code, names: VALAIS, renewUrl: RENEW }
        : code === 'rbnj'
          ? { code, names: { en: JURA }, contact: 'desk@jura.example' }
          : { code, names: { en: `Library ${code.toUpperCase()} ${RUN}` } },
    ),
    patronTypes: [...types].map((code) => ({
      institution: code.startsWith('rbnj') ? 'rbnj' : code.startsWith('vs') || !institutions.has(code.split('-')[0] ?? '') ? 'vs' : (code.split('-')[0] as string),
      code,
      names: code === 'vs-pm' ? ADULT : { en: `Type ${code.toUpperCase()} ${RUN}` },
    })),
  };
}

let original: CriteriaDocument;
let folder: string;

test.beforeAll(async () => {
  original = await withStore((store) => getDocument(store.db));
  folder = mkdtempSync(join(tmpdir(), 'gw-names-'));
});

test.afterAll(async ({ browser }) => {
  // Back as it was: the same resources, no directory (an empty one is none).
  await withStore((store) => replaceDocument(store.db, { ...original, directory: original.directory ?? { institutions: [], patronTypes: [] } }));
  rmSync(folder, { recursive: true, force: true });
  // The gateway reads the store's criteria again within about a second (lib/gate/criteria-cache.ts):
  // the next journey of this world starts once its pages no longer say these names.
  const page = await browser.newPage({ baseURL: E2E.appUrl });
  try {
    await signIn(page, 'louis');
    await expect(async () => {
      await page.goto('/');
      await expect(page.locator('[data-institution="vs"]')).not.toContainText(VALAIS.en, { timeout: 0 });
    }).toPass();
  } finally {
    await page.close();
  }
});

/** No code the directory names, as a word of the page's text (the codes are short words such as "vs"). */
async function expectNoCodes(page: Page, directory: Directory) {
  const text = await page.locator('main').innerText();
  for (const code of [...directory.institutions, ...directory.patronTypes].map((entry) => entry.code)) {
    expect.soft(text, `the code "${code}" on ${page.url()}`).not.toMatch(new RegExp(`(^|[^\\p{L}\\d-])${code}($|[^\\p{L}\\d-])`, 'u'));
  }
}

test.describe.serial('a directory of names', () => {
  let directory: Directory;

  test('imported from the command line: --dry-run changes nothing; the import is in the audit trail as cli', async ({ page }) => {
    directory = directoryFor(original);
    const file = join(folder, 'criteria.json');
    // Five more resources: with more than twelve, the home page has a filter box.
    const extra = Array.from({ length: 5 }, (_, i) => ({ slug: `extra-${i}-${RUN}`, name: `Extra ${i} ${RUN}`, url: `https://extra.example/${i}`, criteria: { institutions: ['vs'] }, description: { en: i === 0 ? 'Maps of the Alps' : 'Something else', fr: i === 0 ? 'Cartes des Alpes' : 'Autre chose' } }));
    writeFileSync(file, JSON.stringify({ ...original, resources: [...original.resources, ...extra], directory }));
    const before = await withStore((store) => criteriaVersion(store.db));

    const dry = gatewayCli(['import', '--dry-run', file]);
    expect(dry.status, dry.out).toBe(0);
    expect(dry.out).toContain('Resources: 5 added, 0 changed, 0 removed.');
    expect(dry.out).toContain(`+ institution vs (${VALAIS.en}), added`);
    expect(dry.out).toContain('Dry run: nothing was changed.');
    expect(await withStore((store) => criteriaVersion(store.db))).toBe(before);
    expect(await withStore((store) => getDirectory(store.db))).toEqual(original.directory);

    const applied = gatewayCli(['import', file]);
    expect(applied.status, applied.out).toBe(0);
    expect(await withStore((store) => criteriaVersion(store.db))).toBe(before + 1);
    expect((await withStore((store) => getDirectory(store.db)))?.institutions.map((i) => i.code)).toEqual(directory.institutions.map((i) => i.code));

    await signIn(page, 'louis');
    await page.goto('/admin/audit');
    const entry = page.locator('[data-action="criteria.import"]').first();
    await expect(entry).toContainText('the command line');
    await expect(entry).toContainText(`Institution “vs”: Names`);
    await expect(entry).toContainText(VALAIS.en);
  });

  test('marie reads names, that her membership expired and where to renew it, on the home and denial pages', async ({ page }) => {
    await signIn(page, 'marie');
    const membership = page.locator('[data-institution="vs"]');
    await expect(membership).toContainText(VALAIS.en);
    await expect(membership).toContainText(ADULT.en);
    await expect(membership).toContainText('Membership expired on 31 March 2024');
    await expect(membership.getByRole('link', { name: `Renew your membership at ${VALAIS.en}` })).toHaveAttribute('href', RENEW);
    // The expiry closes several resources: said once, above them, naming them.
    const shared = page.locator('[data-shared-reasons]');
    await expect(shared).toHaveCount(1);
    await expect(shared).toContainText(`Your membership at ${VALAIS.en} expired on 31 March 2024.`);
    await expect(shared).toContainText('Cairn.info');
    await expect(page.locator('[data-resource]').filter({ hasText: 'expired on 31 March 2024' })).toHaveCount(0);
    await expectNoCodes(page, directory);
    await audit(page, 'names-home-expired');

    // More than twelve resources: the filter box finds them by name or description, accents aside.
    const filter = page.getByLabel('Find an e-resource');
    await filter.fill('alpes');
    await expect(page.locator('[data-resource]:visible')).toHaveCount(0);
    await filter.fill('ALPS');
    await expect(page.locator('[data-resource]:visible')).toHaveCount(1);
    await expect(page.locator('[data-resource]:visible')).toContainText(`Extra 0 ${RUN}`);
    await filter.fill('cairn');
    await expect(page.locator('[data-resource]:visible').first()).toContainText('Cairn');
    await filter.fill('no such thing');
    await expect(page.getByRole('status').filter({ hasText: 'No e-resource matches your search.' })).toBeVisible();
    await filter.fill('');
    await expect(page.locator('[data-resource][hidden]')).toHaveCount(0);

    const denied = await page.goto('/go/cairn');
    expect(denied?.status()).toBe(403);
    await expect(page.getByText(`Your membership at ${VALAIS.en} expired on 31 March 2024.`)).toBeVisible();
    await expect(page.getByRole('link', { name: `Renew your membership at ${VALAIS.en}` })).toHaveAttribute('href', RENEW);
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expectNoCodes(page, directory);
    await audit(page, 'names-denied');

    // The header's language switcher leads back to the same denial, in French, with the French names.
    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Français' }).click();
    await expect(page).toHaveURL(`${E2E.appUrl}/go/cairn`);
    await expect(page.getByText(`Votre inscription auprès de ${VALAIS.fr} a expiré le 31 mars 2024.`)).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await expect(page.locator('[data-signed-out]')).toBeVisible();
  });

  test('a 12-year-old is told the rule, not her age', async ({ page }) => {
    await signIn(page, 'lea');
    const cairn = page.locator('[data-resource="cairn"]');
    await expect(page.locator('main')).toContainText('This resource is for readers aged 18 and over.');
    await expect(page.locator('main')).not.toContainText('you are 12');
    await expect(cairn).toContainText(`Type VS-JUNIOR ${RUN}`);
    await expectNoCodes(page, directory);
    // Léa is a member of vs only: a resource of rbnj alone is closed to her, by vs's name.
    await expect(page.locator('main')).toContainText(`Your library, ${VALAIS.en}, does not license this resource.`);
  });

  test('the editor chooses from the directory by name, refuses an unknown code, and "Try these rules" shows who loses access', async ({ page }) => {
    await signIn(page, 'louis');
    // His membership of rbnj, by a name with markup: shown as text, markup and all.
    await expect(page.locator('[data-institution="rbnj"]')).toContainText(JURA);
    expect(await page.locator('[data-institution="rbnj"] b').count()).toBe(0);
    await page.goto('/admin/resources/junior-library');
    const institutions = page.locator('fieldset[data-field="institutions"]');
    await expect(institutions.getByLabel(new RegExp(VALAIS.en))).toBeChecked();
    await expect(institutions.getByText(JURA)).toBeVisible();

    // Removing vs: Valais's members lose access, and the page says so above the table.
    await institutions.getByLabel(new RegExp(VALAIS.en)).uncheck();
    await institutions.getByLabel(/^Jura /).check();
    await expect(institutions.getByLabel(new RegExp(VALAIS.en))).not.toBeChecked();
    await page.getByRole('button', { name: 'Try these rules' }).click();
    await expect(page.getByTestId('trial-shut-out')).toContainText(`These rules take access away from every member of ${VALAIS.en} who had it.`);
    await expect(page.getByTestId('trial').locator('[data-change="closed"]').first()).toBeVisible();

    // A code the directory does not know (as a crafted form would send it) is refused, and nothing is stored.
    const before = await withStore((store) => criteriaVersion(store.db));
    await institutions.locator('input[type="checkbox"]').first().evaluate((box: HTMLInputElement) => {
      box.value = `vsx${Date.now()}`;
      box.checked = true;
    });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByTestId('form-problems')).toBeVisible();
    await expect(page.locator('main')).toContainText('The directory has no institution');
    expect(await withStore((store) => criteriaVersion(store.db))).toBe(before);
  });

  const ADMIN_PAGES: [string, string][] = [
    ['/admin', 'admin-resources'],
    ['/admin/resources/new', 'admin-resource-new'],
    ['/admin/resources/cairn', 'admin-resource-edit'],
    ['/admin/resources/cairn/delete', 'admin-resource-delete'],
    ['/admin/try', 'admin-try'],
    ['/admin/transfer', 'admin-transfer'],
    ['/admin/usage', 'admin-usage'],
    ['/admin/audit', 'admin-audit'],
    ['/admin/staff', 'admin-staff'],
    ['/admin/connections', 'admin-connections'],
    ['/admin/connections/new', 'admin-connection-new'],
    ['/admin/directory', 'admin-directory'],
    ['/admin/directory/institutions/new', 'admin-institution-new'],
    ['/admin/directory/institutions/vs', 'admin-institution-edit'],
    ['/admin/directory/patron-types/new', 'admin-patron-type-new'],
    ['/admin/directory/patron-types/vs-pm', 'admin-patron-type-edit'],
  ];
  // Three pages to a journey: each page is read by axe four times and measured at three widths.
  for (let first = 0; first < ADMIN_PAGES.length; first += 3) {
    const pages = ADMIN_PAGES.slice(first, first + 3);
    test(`admin pages with the directory pass axe in light and dark at 375 and 1280 px: ${pages.map(([path]) => path).join(', ')}`, async ({ page }) => {
      // axe is CPU-bound: with the other worker busy, a page's four reads can take 20 s.
      test.setTimeout(180_000);
      await signIn(page, 'louis');
      if (first === 0) await audit(page, 'names-home-staff');
      for (const [path, name] of pages) {
        const response = await page.goto(path);
        expect({ path, status: response?.status() }).toEqual({ path, status: 200 });
        await audit(page, name);
      }
    });
  }

  test('the directory page and "Try a patron" speak in the directory\'s names', async ({ page }) => {
    await signIn(page, 'louis');
    // The directory page names what the library calls its institutions, markup as text.
    await page.goto('/admin/directory');
    await expect(page.locator('main')).toContainText(JURA);
    // "Try a patron", filled in: its verdicts by name.
    await page.goto('/admin/try');
    await page.getByLabel('Patron details from RERO+').fill(JSON.stringify({ user_id: 1002, birthdate: '1990-09-30', patron_info: { vs: { patron_pid: '12', institution: 'vs', patron_type: 'vs-pm', expiration_date: '2024-03-31T00:00:00' } } }));
    await page.getByRole('button', { name: 'Try this patron' }).click();
    await expect(page.locator('main')).toContainText(`Your membership at ${VALAIS.en} expired on 31 March 2024.`);
    await audit(page, 'admin-try-result');
  });
});
