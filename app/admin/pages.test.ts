/**
 * Admin pages rendered to HTML as the server renders them (Next.js replaced
 * by ../../lib/admin/test-next.ts, messages in English): staff names where
 * the area shows them (the header, the staff list, the page that asks before
 * a removal, the audit trail) — a name is whatever RERO+ sent at sign-in, and
 * markup in it must reach the page as text — and what a 403 says.
 */
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { NextIntlClientProvider } from 'next-intl';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { removeStaffMember, updateResource } from '@/lib/admin/actions';
import { fingerprint } from '@/lib/admin/resource-form';
import { appendAudit } from '@/lib/store/audit';
import { noteSignIn } from '@/lib/admin/staff';
import { ADMIN, fixture, form, LIBRARIAN_VS, PATRON, type Fixture } from '@/lib/admin/test-fixtures';
import { request } from '@/lib/admin/test-next';
import { MESSAGES } from '@/lib/i18n/messages';
import { Connections } from '@/lib/connections';
import { TokenCache } from '@/lib/oauth/token-cache';
import { getResource } from '@/lib/store';

vi.mock('next/navigation', async () => (await import('@/lib/admin/test-next')).navigation);
vi.mock('next/cache', async () => (await import('@/lib/admin/test-next')).cache);
vi.mock('next/headers', async () => (await import('@/lib/admin/test-next')).nextHeaders);
vi.mock('@/lib/runtime', async () => (await import('@/lib/admin/test-next')).runtime);
vi.mock('next-intl/server', async () => {
  const { createTranslator } = await import('next-intl');
  const { MESSAGES: messages } = await import('@/lib/i18n/messages');
  return {
    getTranslations: async (namespace?: string) => createTranslator({ locale: 'en', messages: messages.en, ...(namespace ? { namespace } : {}) } as Parameters<typeof createTranslator>[0]),
    getLocale: async () => 'en',
    getMessages: async () => messages.en,
  };
});

const { default: AdminLayout } = await import('./layout');
const { default: StaffPage } = await import('./staff/page');
const { default: RemovePage } = await import('./staff/[userId]/remove/page');
const { default: AuditPage } = await import('./audit/page');
const { default: AdminForbidden } = await import('./forbidden');
const { default: ConnectionsPage } = await import('./connections/page');
const { default: NewConnectionPage } = await import('./connections/new/page');

const MARKUP = '<img src=x onerror=alert(1)>, <b>Marie</b>';
const ESCAPED = '&lt;b&gt;Marie&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;';

let f: Fixture;

beforeEach(async () => {
  f = await fixture();
  request.services = { store: f.store };
  request.path = '/admin/staff';
});

afterEach(async () => {
  await f.close();
  delete request.userId;
});

/** A page as HTML; pages that answer a refusal render nothing (void). */
const html = (node: ReactNode | void) => renderToStaticMarkup(createElement(NextIntlClientProvider, { locale: 'en', timeZone: 'Europe/Zurich', messages: MESSAGES.en, children: node ?? null }));
const none = Promise.resolve({});

function expectEscaped(page: string) {
  expect(page).toContain(ESCAPED);
  expect(page).not.toMatch(/<img|<b>/);
}

describe('a staff member’s name, as RERO+ sent it, is text on every page', () => {
  test('the header', async () => {
    await noteSignIn(f.store.db, { userId: LIBRARIAN_VS.userId, name: MARKUP });
    request.userId = LIBRARIAN_VS.userId;
    const page = html(await AdminLayout({ children: null }));
    expect(page).toContain(`Signed in as ${ESCAPED} · librarian for vs`);
    expectEscaped(page);
  });

  test('the staff list and the page that asks before a removal', async () => {
    await noteSignIn(f.store.db, { userId: LIBRARIAN_VS.userId, name: MARKUP });
    await noteSignIn(f.store.db, { userId: ADMIN.userId, name: 'Roduit, Louis' });
    request.userId = ADMIN.userId;
    const list = html(await StaffPage({ searchParams: none }));
    expectEscaped(list);
    expect(list).toContain(`aria-label="Remove ${ESCAPED} (#1002)"`);
    expect(list).toContain('Louis Roduit');
    const remove = html(await RemovePage({ params: Promise.resolve({ userId: LIBRARIAN_VS.userId }) }));
    expectEscaped(remove);
    expect(remove).toContain(`Remove ${ESCAPED} (#1002) from the staff?`);
  });

  test('the audit trail: the name looked up when shown, gone once the member is removed', async () => {
    await noteSignIn(f.store.db, { userId: ADMIN.userId, name: MARKUP });
    await noteSignIn(f.store.db, { userId: LIBRARIAN_VS.userId, name: 'Favre, Marie' });
    await removeStaffMember(ADMIN, { userId: LIBRARIAN_VS.userId }, f.ctx);
    request.userId = ADMIN.userId;
    const trail = html(await AuditPage({ searchParams: none }));
    expectEscaped(trail);
    expect(trail).toContain('Removed staff member #1002');
    expect(trail).not.toContain('Favre');
  });
});

describe('a 403 in the admin area says why', () => {
  test.each([
    ['a librarian, a resource of other institutions', LIBRARIAN_VS.userId, '/admin/resources/cairn', 'This e-resource belongs to other institutions'],
    ['a librarian, a page for admins', LIBRARIAN_VS.userId, '/admin/staff', 'This page is for admins'],
    ['a patron', PATRON.userId, '/admin/resources/cairn', 'This page is for library staff'],
  ])('%s', async (_who, userId, path, title) => {
    request.userId = userId;
    request.path = path;
    const page = html(await AdminForbidden());
    expect(page).toContain(`<h1 id="forbidden" class="text-2xl font-bold">${title}</h1>`);
  });
});

describe('the audit trail reads in words', () => {
  test('changed fields are named as the forms name them, with the resource of a document', async () => {
    const cairn = await getResource(f.store.db, 'cairn');
    if (!cairn) throw new Error('no cairn');
    await updateResource(ADMIN, { slug: 'cairn', fingerprint: fingerprint(cairn), form: form({ slug: 'cairn', name: cairn.name, url: cairn.url, institutions: 'vs, rbnj', patronTypes: 'vs-pm, rbnj-adult', minAge: '16' }) }, f.ctx);
    await appendAudit(f.store.db, { at: new Date(), actor: ADMIN.userId, action: 'criteria.import', target: 'document', before: { resources: [cairn] }, after: { resources: [{ ...cairn, name: 'Cairn' }] } });
    await appendAudit(f.store.db, { at: new Date(), actor: ADMIN.userId, action: 'resource.update', target: 'cairn', before: { criteria: { future: 1 } }, after: { criteria: { future: 2 } } });
    request.userId = ADMIN.userId;
    const trail = html(await AuditPage({ searchParams: none }));
    expect(trail).toMatch(/<tr data-path="criteria.minAge"><th scope="row" class="[^"]*">Minimum age<\/th>/);
    expect(trail).toMatch(/<tr data-path="resources\[cairn\].name"><th scope="row" class="[^"]*">“cairn”: Name<\/th>/);
    // A field no message names yet keeps its path.
    expect(trail).toMatch(/<tr data-path="criteria.future"><th scope="row" class="[^"]*font-mono">criteria.future<\/th>/);
  });
});

describe('the connection pages say beforehand that SECRETS_KEY is needed', () => {
  const pages = async () => ({
    list: html(await ConnectionsPage({ searchParams: none })),
    form: html(await NewConnectionPage({ searchParams: Promise.resolve({ provider: 'libris' }) })),
  });

  test('without it: a notice on the list and on the form, whose secret field cannot be typed in', async () => {
    request.userId = ADMIN.userId;
    request.services = { store: f.store, connections: new Connections(f.store, { tokens: new TokenCache() }) };
    const { list, form } = await pages();
    expect(list).toContain('data-testid="secrets-key-missing"');
    expect(list).toContain('SECRETS_KEY is not set');
    expect(form).toContain('data-testid="secrets-key-missing"');
    expect(form).toMatch(/<input id="connection-clientSecret"[^>]* disabled=""/);
    // Required fields say so.
    expect(form).toMatch(/<label for="connection-clientId"[^>]*>Client id<span[^>]*> \(required\)<\/span><\/label>/);
    expect(form).toMatch(/<label for="connection-endpoints-token"[^>]*>Token endpoint<span[^>]*> \(optional\)<\/span><\/label>/);
  });

  test('with it: no notice, the secret field open', async () => {
    request.userId = ADMIN.userId;
    request.services = { store: f.store, connections: new Connections(f.store, { secretsKey: 'pages-test-secrets-key-0123456789abcdef', tokens: new TokenCache() }) };
    const { list, form } = await pages();
    expect(list).not.toContain('secrets-key-missing');
    expect(form).not.toContain('secrets-key-missing');
    expect(form).not.toMatch(/<input id="connection-clientSecret"[^>]* disabled=""/);
  });
});
