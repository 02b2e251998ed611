/**
 * The patron home page, rendered as the server renders it: the confirmation
 * after "Sign out"; a patron reads no name (names are kept for staff only);
 * a staff member reads theirs, as text, and finds the way to the admin area.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, test, vi } from 'vitest';

import type { Decision, Directory, Resource } from '@/lib/access';
import type { PatronRecord } from '@/lib/patron';

const current: {
  session?: { facts: { userId: string; records: PatronRecord[] } };
  staff?: { name?: string };
  overview?: { resource: Partial<Resource> & { slug: string; name: string }; decision: Decision }[];
  directory?: Directory;
} = {};

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
  runtime: () => ({ config: { LIBRARY_TIME_ZONE: 'Europe/Zurich', LIBRARY_CONTACT: 'desk@library.example' }, sessions: { peek: async () => current.session } }),
  storeServices: async () => ({ criteria: { directory: async () => current.directory } }),
  staffAtHome: async () => current.staff,
}));
vi.mock('@/lib/gate', () => ({ accessOverview: async () => current.overview ?? [] }));

const { default: Home } = await import('./page');

const render = async (search: Record<string, string> = {}) => renderToStaticMarkup(await Home({ searchParams: Promise.resolve(search) }));

beforeEach(() => {
  delete current.session;
  delete current.staff;
  delete current.overview;
  delete current.directory;
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

  describe('in names', () => {
    const directory: Directory = {
      institutions: [
        { code: 'vs', names: { en: 'Valais Media Library' }, renewUrl: 'https://renew.example/?a=1&b=2' },
        { code: 'rbnj', names: { en: 'Jura <b>network</b>' } },
      ],
      patronTypes: [{ institution: 'vs', code: 'vs-pm', names: { en: 'Adult reader' } }],
    };
    const expired = { code: 'membership-expired', institution: 'vs', expiredOn: '2024-03-31' } as const;
    const refused = (slug: string, reasons: Extract<Decision, { allowed: false }>['reasons'], extra: Partial<Resource> = {}) => ({ resource: { slug, name: slug.toUpperCase(), ...extra }, decision: { allowed: false as const, reasons } });

    test('memberships by name; an expired one says so with its renewal link; a shared reason said once, naming what it closes', async () => {
      current.directory = directory;
      current.session = {
        facts: {
          userId: '1002',
          records: [
            { code: 'vs', patronType: 'vs-pm', expirationDate: '2024-03-31' },
            { code: 'rbnj', patronType: 'rbnj-adult', expirationDate: '2999-12-31' },
          ],
        },
      };
      current.overview = [
        refused('cairn', [expired, { code: 'age', minAge: 18, age: 12 }], { description: { en: 'Journals', fr: 'Revues' } }),
        refused('press', [expired]),
        { resource: { slug: 'open', name: 'OPEN' }, decision: { allowed: true, record: { code: 'rbnj' } } },
      ];
      const page = await render();
      expect(page).toContain('Valais Media Library</span>');
      expect(page).toContain(' · Adult reader</span>');
      // An unnamed patron type stays a code; a name with markup stays text.
      expect(page).toContain(' · rbnj-adult</span>');
      expect(page).toContain('Jura &lt;b&gt;network&lt;/b&gt;');
      expect(page).not.toContain('<b>network');
      expect(page).toContain('Membership expired on 31 March 2024');
      expect(page).toMatch(/<a href="https:\/\/renew.example\/\?a=1&amp;b=2"[^>]*>Renew your membership at Valais Media Library<\/a>/);
      expect(page).toContain('Membership until 31 December 2999');
      // Said once, above the list, with the resources it closes; each resource keeps only its own reasons.
      expect(page.split('Your membership at Valais Media Library expired on 31 March 2024.')).toHaveLength(2);
      expect(page).toContain('Closed for this reason: CAIRN and PRESS.');
      expect(page).toContain('This resource is for readers aged 18 and over.');
      expect(page).toContain('Journals');
      expect(page).not.toContain('data-resource-filter');
    });

    test('an expired membership without a renewal link: the library’s contact', async () => {
      current.session = { facts: { userId: '1002', records: [{ code: 'ge', expirationDate: '2024-03-31' }] } };
      const page = await render();
      expect(page).toContain('Membership expired on 31 March 2024');
      expect(page).toContain('To renew it, contact the library: desk@library.example');
    });

    test('more than 12 resources: a filter box over the list', async () => {
      current.session = { facts: { userId: '1001', records: [{ code: 'vs', expirationDate: '2999-12-31' }] } };
      current.overview = Array.from({ length: 13 }, (_, i) => ({ resource: { slug: `r${i}`, name: `Resource ${i}` }, decision: { allowed: true as const, record: { code: 'vs' } } }));
      const page = await render();
      expect(page).toContain('data-resource-filter');
      expect(page).toContain('Find an e-resource');
      current.overview = current.overview.slice(0, 12);
      expect(await render()).not.toContain('data-resource-filter');
    });
  });
});
