/**
 * The patron home page, rendered as the server renders it: the confirmation
 * after "Sign out"; a patron reads no name (names are kept for staff only);
 * a staff member reads theirs, as text, and finds the way to the admin area.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, test, vi } from 'vitest';

const current: { session?: { facts: { userId: string; records: [] } }; staff?: { name?: string } } = {};

vi.mock('next/headers', () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock('next-intl/server', async () => {
  const { createTranslator } = await import('next-intl');
  const { MESSAGES } = await import('@/lib/i18n/messages');
  return {
    getTranslations: async (namespace: 'home') => createTranslator({ locale: 'en', messages: MESSAGES.en, namespace }),
    getLocale: async () => 'en',
  };
});
vi.mock('@/lib/runtime', () => ({
  gateway: () => ({ config: {}, sessions: { peek: async () => current.session } }),
  staffAtHome: async () => current.staff,
}));
vi.mock('@/lib/gate', () => ({ accessOverview: async () => [] }));

const { default: Home } = await import('./page');

const render = async (search: Record<string, string> = {}) => renderToStaticMarkup(await Home({ searchParams: Promise.resolve(search) }));

beforeEach(() => {
  delete current.session;
  delete current.staff;
});

describe('the patron home page', () => {
  test('after "Sign out": the confirmation, then the way to sign in again', async () => {
    const page = await render({ 'signed-out': '1' });
    expect(page).toMatch(/<p role="status" [^>]*>You are signed out. To reach your e-resources again, sign in.<\/p>/);
    expect(await render({ 'signed-out': 'everywhere' })).toContain('You are signed out on all your devices.');
    expect(await render()).not.toContain('signed out');
  });

  test('a patron: no name, no way to the admin area', async () => {
    current.session = { facts: { userId: '1003', records: [] } };
    const page = await render();
    expect(page).toContain('<h1 id="who" class="text-2xl font-bold">You are signed in</h1>');
    expect(page).not.toContain('href="/admin"');
  });

  test('a staff member: their name, as text, and an "Admin" link', async () => {
    current.session = { facts: { userId: '1001', records: [] } };
    current.staff = { name: '<img src=x onerror=alert(1)>, <b>Louis</b>' };
    const page = await render();
    expect(page).toContain('Signed in as &lt;b&gt;Louis&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(page).not.toMatch(/<img|<b>/);
    expect(page).toMatch(/<a href="\/admin" [^>]*>Admin<\/a>/);
  });

  test('a staff member whose name RERO+ did not give: no name, the link all the same', async () => {
    current.session = { facts: { userId: '1001', records: [] } };
    current.staff = {};
    const page = await render();
    expect(page).toContain('You are signed in</h1>');
    expect(page).toMatch(/<a href="\/admin" [^>]*>Admin<\/a>/);
  });
});
