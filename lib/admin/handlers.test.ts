/**
 * The route handlers under /admin (export, import, usage.csv), called as
 * Next calls them, with a fake identity: cross-site requests, roles and
 * scopes are refused before anything is read or written.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { exportHandler, importHandler, isCrossSiteRead, usageCsvHandler, type HandlerContext } from './handlers';
import { ADMIN, fixture, LIBRARIAN_VS, PATRON, type Fixture } from './test-fixtures';
import { addDecisionCounts, getDocument, replaceDocument } from '../store';

const APP = 'https://gateway.example.org';
let f: Fixture;
let ctx: HandlerContext;

beforeEach(async () => {
  f = await fixture();
  ctx = { ...f.ctx, appUrl: APP };
  await addDecisionCounts(f.store.db, [
    { day: '2026-06-14', resource: 'junior', outcome: 'allowed', count: 3 },
    { day: '2026-06-14', resource: 'cairn', outcome: 'membership-expired', count: 2 },
  ]);
});

afterEach(async () => {
  await f.close();
});

const sameOrigin = { origin: APP, 'sec-fetch-site': 'same-origin' };
const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

function get(path: string, headers: Record<string, string> = {}) {
  return new Request(`${APP}${path}`, { headers });
}

function post(body: unknown, headers: Record<string, string> = sameOrigin, query = '') {
  return new Request(`${APP}/admin/import${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

const onlyVs = { resources: [{ slug: 'only', name: 'Only', url: 'https://only.example/', criteria: { institutions: ['vs'] } }] };
const takeOver = { resources: [{ slug: 'neuchatel-press', name: 'Mine', url: 'https://x.example/', criteria: { institutions: ['vs'] } }] };

describe('cross-site requests are refused before anything else', () => {
  test.each([
    ['export', () => exportHandler(get('/admin/export', crossSite), ADMIN, ctx)],
    ['usage.csv', () => usageCsvHandler(get('/admin/usage.csv', crossSite), ADMIN, ctx)],
    ['import', () => importHandler(post(onlyVs, crossSite), ADMIN, ctx)],
    ['import without Origin or Fetch Metadata', () => importHandler(post(onlyVs, {}), ADMIN, ctx)],
    ['import from a sibling site', () => importHandler(post(onlyVs, { origin: 'https://other.example.org' }), ADMIN, ctx)],
  ])('%s', async (_, call) => {
    const before = await f.snapshot();
    const response = await call();
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'cross_site' });
    expect(await f.snapshot()).toEqual(before);
  });

  test('a download opened from our page or typed in the address bar is a same-origin read', () => {
    expect(isCrossSiteRead(get('/admin/export', { 'sec-fetch-site': 'same-origin' }), APP)).toBe(false);
    expect(isCrossSiteRead(get('/admin/export', { 'sec-fetch-site': 'none' }), APP)).toBe(false);
    expect(isCrossSiteRead(get('/admin/export'), APP)).toBe(false);
    expect(isCrossSiteRead(get('/admin/export', { 'sec-fetch-site': 'same-site' }), APP)).toBe(true);
    expect(isCrossSiteRead(get('/admin/export', { origin: 'https://evil.example' }), APP)).toBe(true);
  });
});

describe('roles', () => {
  test('signed out: downloads go to sign-in and back; the import answers 401', async () => {
    const exported = await exportHandler(get('/admin/export', sameOrigin), null, ctx);
    expect(exported.status).toBe(303);
    expect(exported.headers.get('location')).toBe('/auth/login?returnTo=%2Fadmin%2Ftransfer');
    const csv = await usageCsvHandler(get('/admin/usage.csv?from=2026-06-01&to=2026-06-15', sameOrigin), null, ctx);
    expect(csv.headers.get('location')).toBe(`/auth/login?returnTo=${encodeURIComponent('/admin/usage?from=2026-06-01&to=2026-06-15')}`);
    const before = await f.snapshot();
    expect((await importHandler(post(onlyVs), null, ctx)).status).toBe(401);
    expect(await f.snapshot()).toEqual(before);
  });

  test('a patron who is not staff: 403 on each, nothing stored', async () => {
    const before = await f.snapshot();
    expect((await exportHandler(get('/admin/export', sameOrigin), PATRON, ctx)).status).toBe(403);
    expect((await usageCsvHandler(get('/admin/usage.csv', sameOrigin), PATRON, ctx)).status).toBe(403);
    expect((await importHandler(post(onlyVs), PATRON, ctx)).status).toBe(403);
    expect(await f.snapshot()).toEqual(before);
  });
});

describe('scope', () => {
  test('a librarian of vs exports their resources only', async () => {
    const response = await exportHandler(get('/admin/export', sameOrigin), LIBRARIAN_VS, ctx);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="criteria-2026-06-15.json"');
    expect(((await response.json()) as { resources: { slug: string }[] }).resources.map((r) => r.slug)).toEqual(['junior']);
  });

  test('a librarian of vs posting a document that takes over an rbnj resource: 403, nothing stored', async () => {
    const before = await f.snapshot();
    const response = await importHandler(post(takeOver), LIBRARIAN_VS, ctx);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'out_of_scope', problems: [{ path: '$.resources[0]' }] });
    expect(await f.snapshot()).toEqual(before);
  });

  test('a librarian of vs imports their part, creating nothing; an admin imports everything', async () => {
    const created = await importHandler(post(onlyVs), LIBRARIAN_VS, ctx);
    expect(created.status).toBe(403);
    expect(await created.json()).toMatchObject({ error: 'out_of_scope', problems: [{ path: '$.resources[0]', message: expect.stringContaining('only admins create resources') }] });
    const mine = await importHandler(post({ resources: [{ ...onlyVs.resources[0], slug: 'junior' }] }), LIBRARIAN_VS, ctx);
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({ imported: 1, changes: { resources: [{ kind: 'changed', key: 'junior' }] } });
    expect((await getDocument(f.store.db)).resources.map((r) => r.slug)).toEqual(['cairn', 'junior', 'neuchatel-press', 'open']);
    const all = await importHandler(post(onlyVs), ADMIN, ctx);
    expect(all.status).toBe(200);
    expect((await getDocument(f.store.db)).resources.map((r) => r.slug)).toEqual(['only']);
  });

  test('the CSV of a librarian of vs has their resources only', async () => {
    const response = await usageCsvHandler(get('/admin/usage.csv?from=2026-06-01&to=2026-06-15', sameOrigin), LIBRARIAN_VS, ctx);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await response.text()).toBe('day,resource,outcome,count\r\n2026-06-14,junior,allowed,3\r\n');
    const admin = await usageCsvHandler(get('/admin/usage.csv?from=2026-06-01&to=2026-06-15', sameOrigin), ADMIN, ctx);
    expect((await admin.text()).split('\r\n')).toHaveLength(4);
  });
});

describe('the difference first', () => {
  test('?dry-run=1 answers the difference and the version, and writes nothing; ?version= imports only at that version', async () => {
    const before = await f.snapshot();
    const dry = await importHandler(post(onlyVs, sameOrigin, '?dry-run=1'), ADMIN, ctx);
    expect(dry.status).toBe(200);
    const preview = (await dry.json()) as { version: string; changes: { resources: { kind: string; key: string }[] } };
    expect(preview.changes.resources.map((c) => `${c.kind} ${c.key}`)).toEqual(['added only', 'removed cairn', 'removed junior', 'removed neuchatel-press', 'removed open']);
    expect(await f.snapshot()).toEqual(before);
    await replaceDocument(f.store.db, await getDocument(f.store.db)); // someone else saves meanwhile
    const stale = await importHandler(post(onlyVs, sameOrigin, `?version=${encodeURIComponent(preview.version)}`), ADMIN, ctx);
    expect(stale.status).toBe(409);
    const now = (await stale.json()) as { version: string };
    expect(now.version).not.toBe(preview.version);
    const done = await importHandler(post(onlyVs, sameOrigin, `?version=${encodeURIComponent(now.version)}`), ADMIN, ctx);
    expect(done.status).toBe(200);
    expect((await getDocument(f.store.db)).resources.map((r) => r.slug)).toEqual(['only']);
  });
});

describe('bad input', () => {
  test('an invalid document: 422 with each problem, nothing stored', async () => {
    const before = await f.snapshot();
    const response = await importHandler(post({ resources: [{ slug: 'Bad', name: 'x', url: 'https://x/' }] }), ADMIN, ctx);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: 'invalid', problems: [{ path: '$.resources[0].slug' }] });
    const form = new Request(`${APP}/admin/import`, { method: 'POST', headers: { ...sameOrigin, 'content-type': 'text/plain' }, body: '{}' });
    expect((await importHandler(form, ADMIN, ctx)).status).toBe(415);
    expect(await f.snapshot()).toEqual(before);
  });

  test('a wrong date range: 422', async () => {
    const response = await usageCsvHandler(get('/admin/usage.csv?from=2026-06-20&to=2026-06-01', sameOrigin), ADMIN, ctx);
    expect(response.status).toBe(422);
  });
});
