/**
 * The server actions of app/admin/actions.ts, called directly as a forged POST
 * would call them: Next.js itself is replaced by small fakes (cookies and
 * headers, redirect/forbidden, translations) and the session by a fake
 * identity, so what is tested is the wiring of each action to the checks of
 * lib/admin. Every exported action is listed here; a new one without a test
 * fails the first test.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { listAudit } from '../store/audit';
import { ADMIN, fixture, LIBRARIAN_VS, PATRON, type Fixture } from './test-fixtures';
import { formData, outcome, request } from './test-next';
import { currentVersion } from './import';
import { fingerprint } from './resource-form';
import { getDocument, getResource } from '../store';

vi.mock('next/navigation', async () => (await import('./test-next')).navigation);
vi.mock('next/cache', async () => (await import('./test-next')).cache);
vi.mock('next/headers', async () => (await import('./test-next')).nextHeaders);
vi.mock('next-intl/server', async () => (await import('./test-next')).intl);
vi.mock('@/lib/runtime', async () => (await import('./test-next')).runtime);

const state: { f?: Fixture } = {};

const serverActions = await import('../../app/admin/actions');

beforeEach(async () => {
  state.f = await fixture();
  request.path = '/admin/resources/neuchatel-press';
  request.services = { store: state.f.store };
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

async function printOf(slug: string) {
  const resource = await getResource(fixtureDb(), slug);
  if (!resource) throw new Error(slug);
  return fingerprint(resource);
}

/** A forged POST against `slug` for each action: what a librarian of vs might try against rbnj's resource. */
async function forged(slug: string): Promise<Record<string, () => Promise<unknown>>> {
  const print = await printOf(slug);
  const resourceForm = { slug, name: 'Taken over', url: 'https://x.example/', institutions: 'vs', graceDays: '0', enabled: 'on', requireValidMembership: 'on' };
  const importing = JSON.stringify({ resources: [{ slug, name: 'Taken over', url: 'https://x.example/', criteria: { institutions: ['vs'] } }] });
  return {
    'editorAction (save)': () => serverActions.editorAction({ status: 'idle' }, formData({ ...resourceForm, original: slug, fingerprint: print, intent: 'save' })),
    'editorAction (try)': () => serverActions.editorAction({ status: 'idle' }, formData({ ...resourceForm, original: slug, intent: 'try' })),
    // A slug nothing uses yet, within vs: nginx may already protect it (finding 8 of the security review).
    'editorAction (create)': () => serverActions.editorAction({ status: 'idle' }, formData({ ...resourceForm, slug: 'vs-claimed', intent: 'save' })),
    setEnabledAction: () => serverActions.setEnabledAction(formData({ slug, fingerprint: print, enabled: 'false', back: '/admin' })),
    deleteAction: () => serverActions.deleteAction(formData({ slug, fingerprint: print })),
    tryPatronAction: () => serverActions.tryPatronAction({ status: 'idle' }, formData({ patron: JSON.stringify({ user_id: 1 }) })),
    'importAction (preview)': () => serverActions.importAction({ status: 'idle' }, formData({ document: importing })),
    'importAction (confirm)': async () => serverActions.importAction({ status: 'idle' }, formData({ intent: 'confirm', document: importing, version: await currentVersion(state.f!.store) })),
    addStaffAction: () => serverActions.addStaffAction({ status: 'idle' }, formData({ userId: LIBRARIAN_VS.userId, role: 'admin', institutions: '' })),
    removeStaffAction: () => serverActions.removeStaffAction(formData({ userId: ADMIN.userId })),
  };
}

test('every exported server action is covered here', async () => {
  const names = Object.keys(serverActions).sort();
  const covered = Object.keys(await forged('junior'))
    .map((name) => name.split(' ')[0] ?? name)
    .filter((name, index, all) => all.indexOf(name) === index)
    .sort();
  expect(names).toEqual(covered);
});

describe('each server action', () => {
  test('signed out: to sign-in and back, nothing stored', async () => {
    const before = await state.f?.snapshot();
    for (const [name, call] of Object.entries(await forged('junior'))) {
      expect({ name, outcome: await outcome(call) }).toEqual({ name, outcome: `redirect:/auth/login?returnTo=${encodeURIComponent('/admin/resources/neuchatel-press')}` });
    }
    expect(await state.f?.snapshot()).toEqual(before);
  });

  test('a signed-in patron who is not staff: 403, nothing stored', async () => {
    request.userId = PATRON.userId;
    const before = await state.f?.snapshot();
    for (const [name, call] of Object.entries(await forged('junior'))) expect({ name, outcome: await outcome(call) }).toEqual({ name, outcome: '403' });
    expect(await state.f?.snapshot()).toEqual(before);
  });

  test('a librarian of vs posting directly against the rbnj resource: refused, nothing stored', async () => {
    request.userId = LIBRARIAN_VS.userId;
    const before = await state.f?.snapshot();
    const results: Record<string, string> = {};
    for (const [name, call] of Object.entries(await forged('neuchatel-press'))) results[name] = await outcome(call);
    expect(results).toEqual({
      'editorAction (save)': 'state:out-of-scope',
      'editorAction (try)': 'state:out-of-scope',
      // Only admins create resources.
      'editorAction (create)': '403',
      setEnabledAction: 'redirect:/admin?problem=out-of-scope',
      deleteAction: 'redirect:/admin/resources/neuchatel-press/delete?problem=out-of-scope',
      // Only judges, against the librarian's own resources: nothing to refuse, nothing stored.
      tryPatronAction: 'state:done',
      'importAction (preview)': 'state:refused',
      'importAction (confirm)': 'state:refused',
      addStaffAction: '403',
      removeStaffAction: '403',
    });
    expect(await state.f?.snapshot()).toEqual(before);
  });

  test('an admin: each action goes through', async () => {
    request.userId = ADMIN.userId;
    const calls = await forged('neuchatel-press');
    expect(await outcome(calls['editorAction (try)']!)).toBe('state:tried');
    expect(await outcome(calls['editorAction (create)']!)).toBe('redirect:/admin?created=vs-claimed');
    expect(await outcome(calls['editorAction (save)']!)).toBe('redirect:/admin?saved=neuchatel-press');
    const again = await forged('neuchatel-press');
    expect(await outcome(again.setEnabledAction!)).toBe('redirect:/admin?disabled=neuchatel-press');
    const third = await forged('neuchatel-press');
    expect(await outcome(third.deleteAction!)).toBe('redirect:/admin?deleted=neuchatel-press');
    expect(await outcome(third['importAction (preview)']!)).toBe('state:preview');
    expect(await getResource(fixtureDb(), 'neuchatel-press')).toBeUndefined(); // deleted above, not imported by the preview
    expect(await outcome(third['importAction (confirm)']!)).toBe('state:done');
    expect((await getDocument(fixtureDb()))?.resources.map((r) => r.slug)).toEqual(['neuchatel-press']);
    expect(await outcome(third.addStaffAction!)).toBe('state:done');
    expect(await outcome(() => serverActions.removeStaffAction(formData({ userId: LIBRARIAN_VS.userId })))).toBe(`redirect:/admin/staff?removed=${LIBRARIAN_VS.userId}`);
  });
});

describe('the import: shown first, imported on confirmation of the version it showed', () => {
  test('a confirmation after the store changed is refused with the difference now; without a version, nothing happens', async () => {
    request.userId = ADMIN.userId;
    const document = JSON.stringify({ resources: [{ slug: 'only', name: 'Only', url: 'https://only.example/' }] });
    const shown = (await serverActions.importAction({ status: 'idle' }, formData({ document }))) as { status: string; version: string; preview: { sections: { id: string; removed: number }[] } };
    expect(shown.status).toBe('preview');
    expect(shown.preview.sections).toMatchObject([{ id: 'resources', removed: 4 }]);
    const print = await printOf('junior');
    await serverActions.setEnabledAction(formData({ slug: 'junior', fingerprint: print, enabled: 'false', back: '/admin' })).catch(() => undefined);
    const before = await state.f?.snapshot();
    const stale = (await serverActions.importAction({ status: 'idle' }, formData({ intent: 'confirm', document, version: shown.version }))) as { status: string; version: string };
    expect(stale.status).toBe('conflict');
    expect(stale.version).not.toBe(shown.version);
    expect(await outcome(() => serverActions.importAction({ status: 'idle' }, formData({ intent: 'confirm', document })))).toBe('state:invalid');
    expect(await state.f?.snapshot()).toEqual(before);
    expect(await outcome(() => serverActions.importAction({ status: 'idle' }, formData({ intent: 'confirm', document, version: stale.version })))).toBe('state:done');
    const [entry] = await listAudit(state.f!.store.db, { limit: 1 });
    expect(entry).toMatchObject({ actor: ADMIN.userId, action: 'criteria.import' });
  });
});

describe('the `back` field of setEnabledAction: a path in the admin area, after dot-segments are resolved', () => {
  const ORIGIN = 'https://gateway.example.org';

  async function enableWithBack(back: string): Promise<string> {
    request.userId = ADMIN.userId;
    const print = await printOf('junior');
    return outcome(() => serverActions.setEnabledAction(formData({ slug: 'junior', fingerprint: print, enabled: 'true', back })));
  }

  test.each([
    '/admin/..//evil.example/x',
    '/admin/../..//evil.example/x',
    '/admin/./..//evil.example/x?y=1',
    '/admin/resources/../..//evil.example/x',
    '/admin/%2e%2e//evil.example/x',
    '/admin/..',
    '/admin/../auth/logout',
  ])('%s: back to /admin, never another origin or a path outside the admin area', async (back) => {
    const location = (await enableWithBack(back)).replace(/^redirect:/, '');
    expect(new URL(location, ORIGIN).origin).toBe(ORIGIN);
    expect(location).toBe('/admin?enabled=junior');
  });

  test('a path in the admin area is kept, dot-segments resolved', async () => {
    expect(await enableWithBack('/admin/usage?from=2026-01-01')).toBe('redirect:/admin/usage?from=2026-01-01&enabled=junior');
    expect(await enableWithBack('/admin/resources/../usage')).toBe('redirect:/admin/usage?enabled=junior');
  });
});

describe('what an e-resource receives (release), through the editor\'s form', () => {
  const juniorForm = (print: string, extra: Record<string, string> = {}) =>
    formData({ slug: 'junior', name: 'Junior e-library', url: 'https://junior.example/', institutions: 'vs', graceDays: '0', enabled: 'on', requireValidMembership: 'on', original: 'junior', fingerprint: print, intent: 'save', ...extra });

  test('a librarian posting release fields that change it: 403, nothing stored; without them: saved, release kept', async () => {
    request.userId = LIBRARIAN_VS.userId;
    const before = await state.f?.snapshot();
    const print = await printOf('junior');
    expect(await outcome(() => serverActions.editorAction({ status: 'idle' }, juniorForm(print, { releaseId: 'user-id', releaseSector: '' })))).toBe('403');
    expect(await state.f?.snapshot()).toEqual(before);
    expect(await outcome(() => serverActions.editorAction({ status: 'idle' }, juniorForm(print, { name: 'Junior library' })))).toBe('redirect:/admin?saved=junior');
    expect((await getResource(fixtureDb(), 'junior'))?.release).toEqual({ id: 'pairwise', attributes: ['institution', 'patronType'] });
  });

  test('an admin\'s form sets it: an unticked attribute is not released', async () => {
    request.userId = ADMIN.userId;
    const data = juniorForm(await printOf('junior'), { releaseId: 'patron-pid', releaseSector: '' });
    data.append('releaseAttributes', 'institution');
    expect(await outcome(() => serverActions.editorAction({ status: 'idle' }, data))).toBe('redirect:/admin?saved=junior');
    expect((await getResource(fixtureDb(), 'junior'))?.release).toEqual({ id: 'patron-pid', attributes: ['institution'] });
  });
});

describe('"Try these rules" in the editor', () => {
  const tryJunior = (institutions: string) =>
    serverActions.editorAction(
      { status: 'idle' },
      formData({ slug: 'junior', name: 'Junior e-library', url: 'https://junior.example/', institutions, graceDays: '0', enabled: 'on', requireValidMembership: 'on', original: 'junior', intent: 'try' }),
    );

  test('a sentence above the table when every member of an institution that had access loses it; none when some keep it', async () => {
    request.userId = ADMIN.userId;
    const moved = await tryJunior('vsx');
    expect(moved.status).toBe('tried');
    expect(moved.trial?.shutOut).toBe('editor.trialShutOut');
    expect(moved.trial?.rows.some((row) => row.change === 'closed')).toBe(true);
    const widened = await tryJunior('vs, vsx');
    expect(widened.status).toBe('tried');
    expect(widened.trial?.shutOut).toBeUndefined();
  });
});
