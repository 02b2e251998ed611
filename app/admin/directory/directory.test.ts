/**
 * The directory's pages and server actions, called as Next calls them (Next
 * itself replaced by the fakes of lib/admin/test-next.ts): who gets what, a
 * forged POST refused with nothing stored, and names the library wrote shown
 * as text — markup in them is never markup on the page.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import * as actions from '@/lib/admin/actions';
import { entryFingerprint } from '@/lib/admin/directory';
import { ADMIN, fixture, LIBRARIAN_VS, PATRON, type Fixture } from '@/lib/admin/test-fixtures';
import { formData, outcome, request } from '@/lib/admin/test-next';
import { countSignInCodes } from '@/lib/store/sign-in-codes';
import { getDirectory, getDocument } from '@/lib/store';

vi.mock('next/navigation', async () => (await import('@/lib/admin/test-next')).navigation);
vi.mock('next/cache', async () => (await import('@/lib/admin/test-next')).cache);
vi.mock('next/headers', async () => (await import('@/lib/admin/test-next')).nextHeaders);
vi.mock('next-intl/server', async () => (await import('@/lib/admin/test-next')).intl);
vi.mock('@/lib/runtime', async () => (await import('@/lib/admin/test-next')).runtime);

const serverActions = await import('./actions');
const { default: DirectoryPage } = await import('./page');

const MARKUP = '<img src=x onerror=alert(1)>Valais & "co"';

const state: { f?: Fixture } = {};

beforeEach(async () => {
  state.f = await fixture();
  request.path = '/admin/directory';
  request.services = { store: state.f.store };
  const { resources } = await getDocument(state.f.store.db);
  const directory = {
    institutions: [{ code: 'vs', names: { en: MARKUP }, contact: '<script>alert(2)</script>' }, { code: 'rbnj' }],
    patronTypes: [
      { institution: 'vs', code: 'vs-pm', names: { en: '<b>Adult</b>' } },
      { institution: 'rbnj', code: 'rbnj-adult' },
    ],
  };
  const imported = await actions.importDocument(ADMIN, { text: JSON.stringify({ resources, directory }) }, state.f.ctx);
  if (!imported.ok) throw new Error(JSON.stringify(imported));
});

afterEach(async () => {
  await state.f?.close();
  delete request.userId;
});

/** The fixture's query builder (the tests run after beforeEach made it). */
function fixtureDb() {
  if (!state.f) throw new Error('no fixture: beforeEach did not run');
  return state.f.store.db;
}

async function printOf(code: string): Promise<string> {
  const directory = await getDirectory(fixtureDb());
  const entry = directory?.institutions.find((i) => i.code === code) ?? directory?.patronTypes.find((p) => p.code === code);
  if (!entry) throw new Error(code);
  return entryFingerprint(entry);
}

async function page(): Promise<string> {
  return renderToStaticMarkup(await DirectoryPage({ searchParams: Promise.resolve({}) }));
}

describe('the directory page', () => {
  test('names the library wrote are text, escaped; the codes met at sign-in are listed to admins with their counts', async () => {
    request.userId = ADMIN.userId;
    await countSignInCodes(state.f!.store.db, [
      { kind: 'institution', institution: '', code: 'aoste' },
      { kind: 'institution', institution: '', code: 'aoste' },
      { kind: 'patron-type', institution: 'ju', code: 'ju-adult' },
    ]);
    const html = await page();
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>Adult');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;Valais &amp; &quot;co&quot;');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;Adult&lt;/b&gt;');
    expect(html).toMatch(/data-unknown="aoste"[^]*?>2</);
    expect(html).toContain('href="/admin/directory/institutions/new?code=aoste"');
    // A patron type whose institution is not in the directory: the institution first.
    expect(html).toContain('href="/admin/directory/institutions/new?code=ju"');
  });

  test('a librarian reads it all, edits only their institution, and sees no codes met at sign-in', async () => {
    request.userId = LIBRARIAN_VS.userId;
    const html = await page();
    expect(html).toContain('href="/admin/directory/institutions/vs"');
    expect(html).not.toContain('href="/admin/directory/institutions/rbnj"');
    expect(html).not.toContain('data-testid="unknown-codes"');
    expect(html).not.toContain('/admin/directory/institutions/new');
  });

  test('signed out: to sign-in; a patron: 403', async () => {
    expect(await outcome(page)).toBe(`redirect:/auth/login?returnTo=${encodeURIComponent('/admin/directory')}`);
    request.userId = PATRON.userId;
    expect(await outcome(page)).toBe('403');
  });
});

/** What a librarian of vs might post against rbnj's entries, for each action. */
async function forged(): Promise<Record<string, () => Promise<unknown>>> {
  return {
    saveInstitutionAction: async () => serverActions.saveInstitutionAction({ status: 'idle' }, formData({ original: 'rbnj', fingerprint: await printOf('rbnj'), code: 'rbnj', 'names.en': 'Taken', renewUrl: '' })),
    savePatronTypeAction: async () => serverActions.savePatronTypeAction({ status: 'idle' }, formData({ original: 'rbnj-adult', fingerprint: await printOf('rbnj-adult'), institution: 'rbnj', code: 'rbnj-adult', 'names.en': 'Taken' })),
    deleteEntryAction: async () => serverActions.deleteEntryAction({ status: 'idle' }, formData({ kind: 'patronType', code: 'rbnj-adult', fingerprint: await printOf('rbnj-adult'), confirm: 'on' })),
    startDirectoryAction: () => serverActions.startDirectoryAction(),
  };
}

describe('the directory’s server actions', () => {
  test('every exported action is covered here', async () => {
    expect(Object.keys(serverActions).sort()).toEqual(Object.keys(await forged()).sort());
  });

  test('signed out: to sign-in; a patron: 403; nothing stored', async () => {
    const before = await state.f?.snapshot();
    for (const [name, call] of Object.entries(await forged())) {
      expect({ name, outcome: await outcome(call) }).toEqual({ name, outcome: `redirect:/auth/login?returnTo=${encodeURIComponent('/admin/directory')}` });
    }
    request.userId = PATRON.userId;
    for (const [name, call] of Object.entries(await forged())) expect({ name, outcome: await outcome(call) }).toEqual({ name, outcome: '403' });
    expect(await state.f?.snapshot()).toEqual(before);
  });

  test('a librarian of vs posting against rbnj’s entries: refused, nothing stored', async () => {
    request.userId = LIBRARIAN_VS.userId;
    const before = await state.f?.snapshot();
    const results: Record<string, string> = {};
    for (const [name, call] of Object.entries(await forged())) results[name] = await outcome(call);
    expect(results).toEqual({ saveInstitutionAction: 'state:refused', savePatronTypeAction: 'state:refused', deleteEntryAction: 'state:refused', startDirectoryAction: '403' });
    expect(await state.f?.snapshot()).toEqual(before);
  });

  test('an admin: saved and back to the directory; a deletion asks for the ticked box; a used entry stays, named', async () => {
    request.userId = ADMIN.userId;
    const calls = await forged();
    expect(await outcome(calls.saveInstitutionAction!)).toBe('redirect:/admin/directory?saved=rbnj#institution-rbnj');
    const unticked = (await serverActions.deleteEntryAction({ status: 'idle' }, formData({ kind: 'institution', code: 'rbnj', fingerprint: await printOf('rbnj') }))) as { status: string; errors: Record<string, string> };
    expect(unticked).toMatchObject({ status: 'invalid', errors: { confirm: 'errors.confirmDelete' } });
    const used = (await serverActions.deleteEntryAction({ status: 'idle' }, formData({ kind: 'institution', code: 'rbnj', fingerprint: await printOf('rbnj'), confirm: 'on' }))) as { status: string; errors: Record<string, string> };
    expect(used).toMatchObject({ status: 'invalid', errors: { form: 'errors.inUse' } });
    expect((await getDirectory(fixtureDb()))?.institutions.map((i) => i.code)).toEqual(['vs', 'rbnj']);
    expect(await outcome(() => serverActions.startDirectoryAction())).toBe('redirect:/admin/directory?problem=other');
  });
});
