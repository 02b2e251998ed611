/**
 * Role and scope checks of every admin action (the functions each server
 * action, route handler and page calls), against a real store: a refusal
 * must leave the criteria, their version, the audit trail and the staff
 * exactly as they were.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { parseCriteriaDocument } from '../access';
import { addDecisionCounts, CriteriaVersionConflict, getDocument, getResource, replaceDocument } from '../store';
import { listAudit } from '../store/audit';
import { putStaff } from '../store/staff';
import * as actions from './actions';
import type { Identity } from './authorize';
import { fingerprint } from './resource-form';
import { bootstrapAdmins, noteSignIn } from './staff';
import { ADMIN, DOCUMENT, fixture, form, LIBRARIAN_RBNJ, LIBRARIAN_VS, LIBRARIAN_VS_RBNJ, NOW, PATRON, racing, type Fixture } from './test-fixtures';

let f: Fixture;

beforeEach(async () => {
  f = await fixture();
});

afterEach(async () => {
  await f.close();
});

async function fingerprintOf(slug: string): Promise<string> {
  const resource = await getResource(f.store.db, slug);
  if (!resource) throw new Error(`no ${slug}`);
  return fingerprint(resource);
}

const MARIE_INFO = JSON.stringify({
  user_id: 1002,
  birthdate: '1990-09-30',
  patron_info: { vs: { patron_pid: '12', institution: 'vs', patron_type: 'vs-pm', expiration_date: '2024-03-31T00:00:00' } },
});

/** Every action, called as it is from app/admin with a valid input for the admin. */
async function everyAction(identity: Identity): Promise<Record<string, actions.Result<object>>> {
  const ctx = f.ctx;
  // Each change of `junior` needs the fingerprint of the version just before it.
  const junior = () => fingerprintOf('junior');
  return {
    whoIsStaff: await actions.whoIsStaff(identity, ctx),
    listResources: await actions.listResources(identity, ctx),
    readResource: await actions.readResource(identity, 'junior', ctx),
    tryPatron: await actions.tryPatron(identity, { text: MARIE_INFO }, ctx),
    tryDraft: await actions.tryDraft(identity, { slug: 'junior', form: form({ slug: 'junior', minAge: '12' }) }, ctx),
    exportDocument: await actions.exportDocument(identity, ctx),
    readAudit: await actions.readAudit(identity, {}, ctx),
    readUsage: await actions.readUsage(identity, {}, ctx),
    createResource: await actions.createResource(identity, form({ slug: 'created' }), ctx),
    updateResource: await actions.updateResource(identity, { slug: 'junior', fingerprint: await junior(), form: form({ slug: 'junior', name: 'Renamed' }) }, ctx),
    setResourceEnabled: await actions.setResourceEnabled(identity, { slug: 'junior', fingerprint: await junior(), enabled: false }, ctx),
    deleteResource: await actions.deleteResource(identity, { slug: 'junior', fingerprint: await junior() }, ctx),
    importDocument: await actions.importDocument(identity, { text: JSON.stringify({ resources: [{ slug: 'only', name: 'Only', url: 'https://only.example/', criteria: { institutions: ['vs'] } }] }) }, ctx),
    listStaffMembers: await actions.listStaffMembers(identity, ctx),
    readStaffMember: await actions.readStaffMember(identity, { userId: LIBRARIAN_RBNJ.userId }, ctx),
    addStaffMember: await actions.addStaffMember(identity, { userId: '2000', role: 'librarian', institutions: 'vs' }, ctx),
    removeStaffMember: await actions.removeStaffMember(identity, { userId: LIBRARIAN_RBNJ.userId }, ctx),
  };
}

describe('who may use the admin area at all', () => {
  test('signed out: every action answers signed-out, and nothing changes', async () => {
    const before = await f.snapshot();
    const results = await everyAction(null);
    for (const [name, result] of Object.entries(results)) expect({ name, result }).toEqual({ name, result: { ok: false, code: 'signed-out' } });
    expect(await f.snapshot()).toEqual(before);
    expect(f.invalidations).toBe(0);
  });

  test('a signed-in patron who is not staff: every action answers not-staff, and nothing changes', async () => {
    const before = await f.snapshot();
    const results = await everyAction(PATRON);
    for (const [name, result] of Object.entries(results)) expect({ name, result }).toEqual({ name, result: { ok: false, code: 'not-staff' } });
    expect(await f.snapshot()).toEqual(before);
  });

  test('the role is read from the store on every call: a removed librarian is refused at once', async () => {
    expect((await actions.listResources(LIBRARIAN_VS, f.ctx)).ok).toBe(true);
    expect(await actions.removeStaffMember(ADMIN, { userId: LIBRARIAN_VS.userId }, f.ctx)).toEqual({ ok: true, userId: LIBRARIAN_VS.userId });
    expect(await actions.listResources(LIBRARIAN_VS, f.ctx)).toEqual({ ok: false, code: 'not-staff' });
    expect(await actions.createResource(LIBRARIAN_VS, form(), f.ctx)).toEqual({ ok: false, code: 'not-staff' });
  });

  test('an admin may do everything', async () => {
    const results = await everyAction(ADMIN);
    for (const [name, result] of Object.entries(results)) expect({ name, ok: result.ok }).toEqual({ name, ok: true });
  });
});

describe('a librarian of vs', () => {
  test('sees only resources that name vs and nothing else', async () => {
    const listing = await actions.listResources(LIBRARIAN_VS, f.ctx);
    expect(listing.ok && listing.resources.map((r) => r.resource.slug)).toEqual(['junior']);
    for (const slug of ['cairn', 'neuchatel-press', 'open']) {
      expect(await actions.readResource(LIBRARIAN_VS, slug, f.ctx)).toMatchObject({ ok: false, code: 'out-of-scope' });
    }
    const exported = await actions.exportDocument(LIBRARIAN_VS, f.ctx);
    expect(exported.ok && exported.document.resources.map((r) => r.slug)).toEqual(['junior']);
  });

  test('cannot change a resource of rbnj, even by posting its slug and fingerprint directly: refused, nothing stored', async () => {
    const before = await f.snapshot();
    for (const slug of ['neuchatel-press', 'cairn', 'open']) {
      const print = await fingerprintOf(slug);
      const change = { slug, fingerprint: print, form: form({ slug, name: 'Taken over', institutions: 'vs' }) };
      expect(await actions.updateResource(LIBRARIAN_VS, change, f.ctx)).toMatchObject({ ok: false, code: 'out-of-scope' });
      expect(await actions.setResourceEnabled(LIBRARIAN_VS, { slug, fingerprint: print, enabled: false }, f.ctx)).toMatchObject({ ok: false, code: 'out-of-scope' });
      expect(await actions.deleteResource(LIBRARIAN_VS, { slug, fingerprint: print }, f.ctx)).toMatchObject({ ok: false, code: 'out-of-scope' });
      expect(await actions.tryDraft(LIBRARIAN_VS, { slug, form: change.form }, f.ctx)).toMatchObject({ ok: false, code: 'out-of-scope' });
    }
    expect(await f.snapshot()).toEqual(before);
    expect(f.invalidations).toBe(0);
  });

  test('a refusal tells nothing about the other institution’s resource (not even that the form was stale)', async () => {
    const result = await actions.updateResource(LIBRARIAN_VS, { slug: 'neuchatel-press', fingerprint: 'made-up', form: form({ slug: 'neuchatel-press' }) }, f.ctx);
    expect(result).toMatchObject({ ok: false, code: 'out-of-scope' });
  });

  test('cannot widen their resource beyond vs, nor open it to any institution', async () => {
    const before = await f.snapshot();
    const print = await fingerprintOf('junior');
    for (const institutions of ['vs rbnj', '', 'rbnj']) {
      const result = await actions.updateResource(LIBRARIAN_VS, { slug: 'junior', fingerprint: print, form: form({ slug: 'junior', institutions }) }, f.ctx);
      expect(result).toMatchObject({ ok: false, code: 'out-of-scope' });
    }
    expect(await f.snapshot()).toEqual(before);
  });

  test('changes their own resource: stored, cache told, audited with who, when, before and after', async () => {
    const print = await fingerprintOf('junior');
    const result = await actions.updateResource(LIBRARIAN_VS, { slug: 'junior', fingerprint: print, form: form({ slug: 'junior', name: 'Junior library', minAge: '6', url: 'https://junior.example/' }) }, f.ctx);
    expect(result).toEqual({ ok: true, slug: 'junior' });
    expect(await getResource(f.store.db, 'junior')).toMatchObject({ name: 'Junior library', criteria: { institutions: ['vs'], minAge: 6 } });
    expect(f.invalidations).toBe(1);
    const [entry] = await listAudit(f.store.db, { limit: 1 });
    expect(entry).toMatchObject({
      actor: '1002',
      action: 'resource.update',
      target: 'junior',
      at: NOW.toISOString(),
      before: { name: 'Junior e-library' },
      after: { name: 'Junior library', criteria: { minAge: 6 } },
    });
  });

  test('imports only their part: resources of other institutions are refused, or kept as they are', async () => {
    const before = await f.snapshot();
    const hostile = { resources: [{ slug: 'neuchatel-press', name: 'Mine now', url: 'https://x.example/', criteria: { institutions: ['vs'] } }] };
    expect(await actions.importDocument(LIBRARIAN_VS, { text: JSON.stringify(hostile) }, f.ctx)).toMatchObject({ ok: false, code: 'out-of-scope' });
    const wide = { resources: [{ slug: 'x', name: 'X', url: 'https://x.example/', criteria: { institutions: ['vs', 'rbnj'] } }] };
    expect(await actions.importDocument(LIBRARIAN_VS, { text: JSON.stringify(wide) }, f.ctx)).toMatchObject({ ok: false, code: 'out-of-scope' });
    expect(await f.snapshot()).toEqual(before);

    const mine = { resources: [{ slug: 'junior', name: 'Junior news', url: 'https://news.example/', criteria: { institutions: ['vs'] } }] };
    expect(await actions.importDocument(LIBRARIAN_VS, { text: JSON.stringify(mine) }, f.ctx)).toMatchObject({ ok: true, count: 1 });
    expect((await getDocument(f.store.db)).resources.map((r) => [r.slug, r.name])).toEqual([
      ['cairn', 'Cairn.info'],
      ['junior', 'Junior news'],
      ['neuchatel-press', 'Neuchâtel press'],
      ['open', 'Open to all'],
    ]);
  });

  test('may not create a resource, not even under an unused slug naming vs only (only admins create): refused, nothing stored', async () => {
    const before = await f.snapshot();
    expect(await actions.createResource(LIBRARIAN_VS, form({ slug: 'vs-claimed', institutions: 'vs' }), f.ctx)).toEqual({ ok: false, code: 'admin-only' });
    const junior = (await getResource(f.store.db, 'junior')) ?? {};
    const claimed = { slug: 'vs-claimed', name: 'Claimed', url: 'https://claimed.example/', criteria: { institutions: ['vs'] } };
    const imported = await actions.importDocument(LIBRARIAN_VS, { text: JSON.stringify({ resources: [junior, claimed] }) }, f.ctx);
    expect(imported).toMatchObject({ ok: false, code: 'out-of-scope', problems: [{ path: '$.resources[1]', message: expect.stringContaining('"vs-claimed"') }] });
    expect(await f.snapshot()).toEqual(before);
    expect(f.invalidations).toBe(0);
    // An admin may.
    expect(await actions.createResource(ADMIN, form({ slug: 'vs-claimed', institutions: 'vs' }), f.ctx)).toEqual({ ok: true, slug: 'vs-claimed' });
  });

  test('tries patrons against their resources only', async () => {
    const trial = await actions.tryPatron(LIBRARIAN_VS, { text: MARIE_INFO }, f.ctx);
    expect(trial.ok && trial.verdicts.map((v) => v.slug)).toEqual(['junior']);
  });

  test('a 403 says why: a resource of other institutions, or a page for admins', async () => {
    expect(await actions.forbiddenReason(LIBRARIAN_VS, '/admin/resources/cairn', f.ctx)).toBe('out-of-scope');
    expect(await actions.forbiddenReason(LIBRARIAN_VS, '/admin/resources/open/delete', f.ctx)).toBe('out-of-scope');
    expect(await actions.forbiddenReason(LIBRARIAN_VS, '/admin/resources/neuchatel-press?x=1', f.ctx)).toBe('out-of-scope');
    expect(await actions.forbiddenReason(LIBRARIAN_VS, '/admin/resources/new', f.ctx)).toBe('admin-only');
    expect(await actions.forbiddenReason(LIBRARIAN_VS, '/admin/staff', f.ctx)).toBe('admin-only');
    expect(await actions.forbiddenReason(LIBRARIAN_VS, '/admin/resources/%E0%A4%A', f.ctx)).toBe('admin-only');
    expect(await actions.forbiddenReason(PATRON, '/admin/resources/cairn', f.ctx)).toBe('not-staff');
    expect(await actions.forbiddenReason(null, '/admin', f.ctx)).toBe('not-staff');
  });

  test('may not see or manage staff', async () => {
    expect(await actions.readStaffMember(LIBRARIAN_VS, { userId: ADMIN.userId }, f.ctx)).toEqual({ ok: false, code: 'admin-only' });
    const before = await f.snapshot();
    expect(await actions.listStaffMembers(LIBRARIAN_VS, f.ctx)).toEqual({ ok: false, code: 'admin-only' });
    expect(await actions.addStaffMember(LIBRARIAN_VS, { userId: LIBRARIAN_VS.userId, role: 'admin', institutions: '' }, f.ctx)).toEqual({ ok: false, code: 'admin-only' });
    expect(await actions.removeStaffMember(LIBRARIAN_VS, { userId: ADMIN.userId }, f.ctx)).toEqual({ ok: false, code: 'admin-only' });
    expect(await f.snapshot()).toEqual(before);
  });

  test('reads the audit entries of their resources only, and no staff entries', async () => {
    await actions.updateResource(ADMIN, { slug: 'neuchatel-press', fingerprint: await fingerprintOf('neuchatel-press'), form: form({ slug: 'neuchatel-press', institutions: 'rbnj', name: 'Press' }) }, f.ctx);
    await actions.setResourceEnabled(ADMIN, { slug: 'junior', fingerprint: await fingerprintOf('junior'), enabled: false }, f.ctx);
    await actions.addStaffMember(ADMIN, { userId: '3000', role: 'librarian', institutions: 'vs' }, f.ctx);
    const librarian = await actions.readAudit(LIBRARIAN_VS, {}, f.ctx);
    expect(librarian.ok && librarian.entries.map((e) => [e.action, e.target])).toEqual([['resource.disable', 'junior']]);
    const admin = await actions.readAudit(ADMIN, {}, f.ctx);
    expect(admin.ok && admin.entries.map((e) => e.action)).toEqual(['staff.add', 'resource.disable', 'resource.update']);
    const rbnj = await actions.readAudit(LIBRARIAN_RBNJ, {}, f.ctx);
    expect(rbnj.ok && rbnj.entries.map((e) => e.target)).toEqual(['neuchatel-press']);
  });

  test('sees the usage of their resources only', async () => {
    await addDecisionCounts(f.store.db, [
      { day: '2026-06-14', resource: 'junior', outcome: 'allowed', count: 3 },
      { day: '2026-06-14', resource: 'cairn', outcome: 'allowed', count: 5 },
      { day: '2026-06-14', resource: 'neuchatel-press', outcome: 'institution', count: 2 },
    ]);
    const usage = await actions.readUsage(LIBRARIAN_VS, {}, f.ctx);
    expect(usage.ok && usage.rows.map((r) => r.resource)).toEqual(['junior']);
    const all = await actions.readUsage(ADMIN, {}, f.ctx);
    expect(all.ok && all.rows.map((r) => r.resource)).toEqual(['cairn', 'junior', 'neuchatel-press']);
  });
});

describe('what an e-resource receives (release): admins change it, librarians see it', () => {
  const pidRelease = { id: 'patron-pid', sector: '', attributes: ['institution'] };

  async function adminSetsPid() {
    const result = await actions.updateResource(ADMIN, { slug: 'junior', fingerprint: await fingerprintOf('junior'), form: form({ slug: 'junior', name: 'Junior e-library', url: 'https://junior.example/', release: pidRelease }) }, f.ctx);
    expect(result).toEqual({ ok: true, slug: 'junior' });
  }

  test('an admin changes it in the form: stored and audited, before and after', async () => {
    await adminSetsPid();
    expect((await getResource(f.store.db, 'junior'))?.release).toEqual({ id: 'patron-pid', attributes: ['institution'] });
    const [entry] = await listAudit(f.store.db, { limit: 1 });
    expect(entry).toMatchObject({
      action: 'resource.update',
      before: { release: { id: 'pairwise', attributes: ['institution', 'patronType'] } },
      after: { release: { id: 'patron-pid', attributes: ['institution'] } },
    });
  });

  test('a librarian sees it (edit page, export) and saving their form, which has no release fields, keeps it', async () => {
    await adminSetsPid();
    const read = await actions.readResource(LIBRARIAN_VS, 'junior', f.ctx);
    expect(read.ok && read.resource.release).toEqual({ id: 'patron-pid', attributes: ['institution'] });
    const exported = await actions.exportDocument(LIBRARIAN_VS, f.ctx);
    expect(exported.ok && exported.document.resources[0]?.release).toEqual({ id: 'patron-pid', attributes: ['institution'] });

    const renamed = await actions.updateResource(LIBRARIAN_VS, { slug: 'junior', fingerprint: await fingerprintOf('junior'), form: form({ slug: 'junior', name: 'Junior library' }) }, f.ctx);
    expect(renamed).toEqual({ ok: true, slug: 'junior' });
    expect(await getResource(f.store.db, 'junior')).toMatchObject({ name: 'Junior library', release: { id: 'patron-pid', attributes: ['institution'] } });
  });

  test('a librarian posting a changed release directly is refused, and nothing is stored', async () => {
    await adminSetsPid();
    const before = await f.snapshot();
    const print = await fingerprintOf('junior');
    for (const release of [
      { id: 'user-id', sector: '', attributes: ['institution'] },
      { id: 'patron-pid', sector: '', attributes: ['institution', 'patronType'] },
      { id: 'patron-pid', sector: 'other', attributes: ['institution'] },
      { id: 'pairwise', sector: '', attributes: ['institution', 'patronType'] },
    ]) {
      const result = await actions.updateResource(LIBRARIAN_VS, { slug: 'junior', fingerprint: print, form: form({ slug: 'junior', name: 'Sneaky', release }) }, f.ctx);
      expect(result).toMatchObject({ ok: false, code: 'admin-only', refusal: { code: 'release' }, errors: { releaseId: { key: 'releaseAdminOnly' } } });
    }
    expect(await f.snapshot()).toEqual(before);
    expect(f.invalidations).toBe(1);
    // Posting it back as it is, is no change.
    expect(await actions.updateResource(LIBRARIAN_VS, { slug: 'junior', fingerprint: print, form: form({ slug: 'junior', name: 'Fine', release: pidRelease }) }, f.ctx)).toEqual({ ok: true, slug: 'junior' });
  });

  test('only admins create resources, with any release; a librarian creates none, whatever the release', async () => {
    const before = await f.snapshot();
    expect(await actions.createResource(LIBRARIAN_VS, form({ slug: 'vs-ids', release: { id: 'user-id', sector: '', attributes: [] } }), f.ctx)).toMatchObject({ ok: false, code: 'admin-only' });
    expect(await actions.createResource(LIBRARIAN_VS, form({ slug: 'vs-plain' }), f.ctx)).toMatchObject({ ok: false, code: 'admin-only' });
    expect(await f.snapshot()).toEqual(before);
    expect(await actions.createResource(ADMIN, form({ slug: 'admin-ids', release: { id: 'user-id', sector: '', attributes: [] } }), f.ctx)).toEqual({ ok: true, slug: 'admin-ids' });
    expect((await getResource(f.store.db, 'admin-ids'))?.release).toEqual({ id: 'user-id', attributes: [] });
  });

  test('a librarian\'s import may not change it either; the document as exported imports', async () => {
    await adminSetsPid();
    const exported = await actions.exportDocument(LIBRARIAN_VS, f.ctx);
    if (!exported.ok) throw new Error('export refused');
    const before = await f.snapshot();
    const changed = { resources: exported.document.resources.map((r) => ({ ...r, release: { id: 'user-id' } })) };
    const refused = await actions.importDocument(LIBRARIAN_VS, { text: JSON.stringify(changed) }, f.ctx);
    expect(refused).toMatchObject({ ok: false, code: 'out-of-scope', problems: [{ path: '$.resources[0]', message: expect.stringContaining('"release"') }] });
    const fresh = { resources: [...exported.document.resources, { slug: 'vs-new', name: 'New', url: 'https://new.example/', criteria: { institutions: ['vs'] }, release: { id: 'none' } }] };
    expect(await actions.importDocument(LIBRARIAN_VS, { text: JSON.stringify(fresh) }, f.ctx)).toMatchObject({ ok: false, code: 'out-of-scope' });
    expect(await f.snapshot()).toEqual(before);
    expect(await actions.importDocument(LIBRARIAN_VS, { text: JSON.stringify(exported.document) }, f.ctx)).toMatchObject({ ok: true, count: 1 });
    expect((await getResource(f.store.db, 'junior'))?.release).toEqual({ id: 'patron-pid', attributes: ['institution'] });
  });

  test('an unknown mode or a bad sector from the form comes back at its field', async () => {
    const result = await actions.createResource(ADMIN, form({ slug: 'bad-release', release: { id: 'email', sector: 'Not A Slug', attributes: ['name'] } }), f.ctx);
    expect(result).toMatchObject({
      ok: false,
      code: 'invalid',
      errors: { releaseId: { key: 'releaseId' }, releaseSector: { key: 'releaseSector' }, releaseAttributes: { key: 'releaseAttributes' } },
    });
  });

  test('"try a patron" lists the headers each resource would receive, naming the pseudonym without computing it', async () => {
    await adminSetsPid();
    const louis = JSON.stringify({
      user_id: 1001,
      birthdate: '1985-04-12',
      patron_info: {
        vs: { patron_pid: '11', institution: 'vs', patron_type: 'vs-pm', expiration_date: '2031-12-31T00:00:00' },
        rbnj: { patron_pid: '876', institution: 'rbnj', patron_type: 'rbnj-adult', expiration_date: '2031-06-30T00:00:00' },
      },
    });
    const trial = await actions.tryPatron(LIBRARIAN_VS, { text: louis }, f.ctx);
    expect(trial.ok && trial.verdicts.map((v) => [v.slug, v.released])).toEqual([
      ['junior', [{ header: 'x-patron-id', source: 'patron-pid', value: '11' }, { header: 'x-patron-institution', source: 'institution', value: 'vs' }]],
    ]);
    const all = await actions.tryPatron(ADMIN, { text: louis }, f.ctx);
    expect(all.ok && all.verdicts.find((v) => v.slug === 'open')?.released?.[0]).toEqual({ header: 'x-patron-id', source: 'pairwise', sector: 'open' });
  });
});

describe('a librarian of vs and rbnj', () => {
  test('manages a resource naming both, but not one open to any institution', async () => {
    const listing = await actions.listResources(LIBRARIAN_VS_RBNJ, f.ctx);
    expect(listing.ok && listing.resources.map((r) => r.resource.slug)).toEqual(['cairn', 'junior', 'neuchatel-press']);
    const print = await fingerprintOf('cairn');
    expect(await actions.updateResource(LIBRARIAN_VS_RBNJ, { slug: 'cairn', fingerprint: print, form: form({ slug: 'cairn', name: 'Cairn', institutions: 'vs, rbnj', url: 'https://www.cairn.info/' }) }, f.ctx)).toEqual({ ok: true, slug: 'cairn' });
    expect(await actions.readResource(LIBRARIAN_VS_RBNJ, 'open', f.ctx)).toMatchObject({ ok: false, code: 'out-of-scope' });
  });
});

describe('editing safely', () => {
  test('a form loaded before someone else’s change is refused as a conflict; nothing is overwritten', async () => {
    const stale = await fingerprintOf('junior');
    expect((await actions.updateResource(ADMIN, { slug: 'junior', fingerprint: stale, form: form({ slug: 'junior', name: 'First' }) }, f.ctx)).ok).toBe(true);
    const before = await f.snapshot();
    expect(await actions.updateResource(LIBRARIAN_VS, { slug: 'junior', fingerprint: stale, form: form({ slug: 'junior', name: 'Second' }) }, f.ctx)).toEqual({ ok: false, code: 'conflict' });
    expect(await actions.setResourceEnabled(ADMIN, { slug: 'junior', fingerprint: stale, enabled: false }, f.ctx)).toEqual({ ok: false, code: 'conflict' });
    expect(await actions.deleteResource(ADMIN, { slug: 'junior', fingerprint: stale }, f.ctx)).toEqual({ ok: false, code: 'conflict' });
    expect(await f.snapshot()).toEqual(before);
    expect((await getResource(f.store.db, 'junior'))?.name).toBe('First');
  });

  test('edits of different resources at the same moment are both kept (read again and re-applied)', async () => {
    const [junior, press] = await Promise.all([fingerprintOf('junior'), fingerprintOf('neuchatel-press')]);
    const results = await Promise.all([
      actions.updateResource(LIBRARIAN_VS, { slug: 'junior', fingerprint: junior, form: form({ slug: 'junior', name: 'Junior A' }) }, f.ctx),
      actions.updateResource(LIBRARIAN_RBNJ, { slug: 'neuchatel-press', fingerprint: press, form: form({ slug: 'neuchatel-press', name: 'Press B', institutions: 'rbnj' }) }, f.ctx),
      actions.createResource(ADMIN, form({ slug: 'third', name: 'Third' }), f.ctx),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    const document = await getDocument(f.store.db);
    expect(document.resources.map((r) => [r.slug, r.name])).toEqual([
      ['cairn', 'Cairn.info'],
      ['junior', 'Junior A'],
      ['neuchatel-press', 'Press B'],
      ['open', 'Open to all'],
      ['third', 'Third'],
    ]);
    expect(await listAudit(f.store.db, { limit: 10 })).toHaveLength(3);
  });

  test('two edits of the same resource at the same moment: one is saved, the other is told to reload', async () => {
    const print = await fingerprintOf('junior');
    const results = await Promise.all(
      ['One', 'Two'].map((name) => actions.updateResource(ADMIN, { slug: 'junior', fingerprint: print, form: form({ slug: 'junior', name }) }, f.ctx)),
    );
    expect(results.map((r) => (r.ok ? 'saved' : r.code)).sort()).toEqual(['conflict', 'saved']);
    expect(await listAudit(f.store.db, { limit: 10 })).toHaveLength(1);
  });

  test('field problems come back per field, in plain words (keys), and nothing is stored', async () => {
    const before = await f.snapshot();
    const result = await actions.createResource(ADMIN, form({ slug: 'Bad Slug', name: ' ', url: 'www.example.org', graceDays: '400', minAge: 'ten' }), f.ctx);
    expect(result).toEqual({
      ok: false,
      code: 'invalid',
      errors: {
        slug: { key: 'slugPattern' },
        name: { key: 'nameMissing' },
        url: { key: 'urlInvalid' },
        graceDays: { key: 'graceDays', values: { min: 0, max: 365 } },
        minAge: { key: 'minAge', values: { min: 0, max: 150 } },
      },
    });
    expect(await actions.createResource(ADMIN, form({ slug: 'junior' }), f.ctx)).toEqual({ ok: false, code: 'invalid', errors: { slug: { key: 'slugTaken' } } });
    expect(await f.snapshot()).toEqual(before);
  });

  test('the slug of an existing resource cannot be changed through the form', async () => {
    const print = await fingerprintOf('junior');
    await actions.updateResource(ADMIN, { slug: 'junior', fingerprint: print, form: form({ slug: 'renamed', name: 'Junior' }) }, f.ctx);
    expect((await getDocument(f.store.db)).resources.map((r) => r.slug)).toEqual(['cairn', 'junior', 'neuchatel-press', 'open']);
  });

  test('an import that is invalid changes nothing and lists each problem with its path', async () => {
    const before = await f.snapshot();
    const result = await actions.importDocument(ADMIN, { text: JSON.stringify({ resources: [{ slug: 'a', name: 'A', url: 'https://a/' }, { slug: 'a', name: '', url: 'nope' }] }) }, f.ctx);
    expect(result).toMatchObject({ ok: false, code: 'invalid' });
    expect(!result.ok && result.problems?.map((p) => p.path)).toEqual(['$.resources[1].name', '$.resources[1].url', '$.resources[1].slug']);
    expect(await actions.importDocument(ADMIN, { text: '{"resources": [' }, f.ctx)).toMatchObject({ ok: false, code: 'invalid', problems: [{ path: '$' }] });
    expect(await f.snapshot()).toEqual(before);
  });

  test('an admin’s import replaces everything at once and is audited with the document before and after', async () => {
    const result = await actions.importDocument(ADMIN, { text: JSON.stringify({ resources: [{ slug: 'only', name: 'Only', url: 'https://only.example/' }] }) }, f.ctx);
    expect(result).toMatchObject({ ok: true, count: 1 });
    expect((await getDocument(f.store.db)).resources.map((r) => r.slug)).toEqual(['only']);
    const [entry] = await listAudit(f.store.db, { limit: 1 });
    expect(entry).toMatchObject({ action: 'criteria.import', target: 'document', actor: '1001' });
    expect((entry?.before as { resources: unknown[] }).resources).toHaveLength(4);
  });
});

describe('try a patron', () => {
  test('a pasted /api/patrons/info answer: every resource allowed or the reasons', async () => {
    const trial = await actions.tryPatron(ADMIN, { text: MARIE_INFO }, f.ctx);
    expect(trial.ok).toBe(true);
    if (!trial.ok) return;
    expect(trial.day).toBe('2026-06-15');
    expect(Object.fromEntries(trial.verdicts.map((v) => [v.slug, v.decision.allowed ? 'allowed' : v.decision.reasons.map((r) => r.code).join(',')]))).toEqual({
      cairn: 'membership-expired',
      junior: 'membership-expired',
      'neuchatel-press': 'institution',
      open: 'membership-expired',
    });
    const earlier = await actions.tryPatron(ADMIN, { text: MARIE_INFO, day: '2024-03-31' }, f.ctx);
    expect(earlier.ok && earlier.verdicts.find((v) => v.slug === 'junior')?.decision.allowed).toBe(true);
  });

  test('something that is not a patron answer is explained at the field', async () => {
    expect(await actions.tryPatron(ADMIN, { text: 'hello' }, f.ctx)).toMatchObject({ ok: false, code: 'invalid', errors: { patron: { key: 'notJson' } } });
    expect(await actions.tryPatron(ADMIN, { text: '{"name": "x"}' }, f.ctx)).toMatchObject({ ok: false, code: 'invalid', errors: { patron: { key: 'notPatronInfo' } } });
    expect(await actions.tryPatron(ADMIN, { text: MARIE_INFO, day: '2026-02-30' }, f.ctx)).toMatchObject({ ok: false, code: 'invalid', errors: { day: { key: 'dateInvalid' } } });
  });

  test('draft criteria before saving: who would gain or lose access, beside the saved ones; nothing stored', async () => {
    const before = await f.snapshot();
    const trial = await actions.tryDraft(ADMIN, { slug: 'junior', form: form({ slug: 'junior', minAge: '16', graceDays: '30' }), patronText: MARIE_INFO }, f.ctx);
    expect(trial.ok).toBe(true);
    if (!trial.ok) return;
    expect(trial.compared).toBe(true);
    const byId = Object.fromEntries(trial.rows.map((row) => [row.id, row]));
    expect(byId.pasted?.change).toBe('same');
    expect(byId['too-young']).toMatchObject({ change: 'closed', draft: { allowed: false } });
    expect(byId['within-grace']).toMatchObject({ change: 'opened', draft: { allowed: true } });
    expect(byId['past-grace']).toMatchObject({ change: 'same', draft: { allowed: false } });
    expect(byId.typical).toMatchObject({ change: 'same', draft: { allowed: true } });
    expect(await f.snapshot()).toEqual(before);
  });

  test('institutions changed from vs to vsx: the members of vs who lose access are listed, and said to lose it all', async () => {
    const trial = await actions.tryDraft(ADMIN, { slug: 'junior', form: form({ slug: 'junior', institutions: 'vsx' }) }, f.ctx);
    expect(trial.ok).toBe(true);
    if (!trial.ok) return;
    const closed = trial.rows.filter((row) => row.change === 'closed');
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((row) => row.facts.records.every((r) => r.code === 'vs'))).toBe(true);
    expect(trial.rows.some((row) => row.change === 'opened' && row.facts.records[0]?.code === 'vsx')).toBe(true);
    expect(trial.shutOut).toEqual(['vs']);
    // Widening keeps every member of vs: nothing to say.
    const wider = await actions.tryDraft(ADMIN, { slug: 'junior', form: form({ slug: 'junior', institutions: 'vs, vsx' }) }, f.ctx);
    expect(wider.ok && wider.shutOut).toEqual([]);
    expect(wider.ok && wider.rows.filter((row) => row.change === 'closed')).toEqual([]);
  });

  test('an invalid draft answers with its field problems', async () => {
    expect(await actions.tryDraft(ADMIN, { form: form({ minAge: '-3' }) }, f.ctx)).toMatchObject({ ok: false, code: 'invalid', errors: { minAge: { key: 'minAge' } } });
  });
});

describe('a change that changes nothing', () => {
  test('writes nothing: no new version, no audit entry, no cache refresh', async () => {
    const junior = await getResource(f.store.db, 'junior');
    if (!junior) throw new Error('no junior');
    const before = await f.snapshot();
    // The editor's form sent back as it was loaded.
    const same = form({ slug: 'junior', name: junior.name, url: junior.url, institutions: 'vs' });
    expect(await actions.updateResource(ADMIN, { slug: 'junior', fingerprint: fingerprint(junior), form: same }, f.ctx)).toEqual({ ok: true, slug: 'junior' });
    // "Enable" on an enabled resource (a second click, a stale page).
    expect(await actions.setResourceEnabled(ADMIN, { slug: 'junior', fingerprint: fingerprint(junior), enabled: true }, f.ctx)).toEqual({ ok: true, slug: 'junior' });
    // The same document imported again.
    expect(await actions.importDocument(ADMIN, { text: JSON.stringify(await getDocument(f.store.db)) }, f.ctx)).toMatchObject({ ok: true, count: 4, written: false });
    expect(await f.snapshot()).toEqual(before);
    expect(f.invalidations).toBe(0);
  });

  test('a real change next to it is still written, once', async () => {
    expect(await actions.setResourceEnabled(ADMIN, { slug: 'junior', fingerprint: await fingerprintOf('junior'), enabled: false }, f.ctx)).toEqual({ ok: true, slug: 'junior' });
    expect(await actions.setResourceEnabled(ADMIN, { slug: 'junior', fingerprint: await fingerprintOf('junior'), enabled: false }, f.ctx)).toEqual({ ok: true, slug: 'junior' });
    expect((await listAudit(f.store.db, { limit: 10 })).map((e) => e.action)).toEqual(['resource.disable']);
  });
});

describe('staff', () => {
  test('an admin adds, changes and removes staff; each change is audited', async () => {
    expect(await actions.addStaffMember(ADMIN, { userId: '2000', role: 'librarian', institutions: 'vs, rbnj' }, f.ctx)).toEqual({ ok: true, userId: '2000', updated: false, changed: true });
    expect(await actions.addStaffMember(ADMIN, { userId: '2000', role: 'admin', institutions: '' }, f.ctx)).toEqual({ ok: true, userId: '2000', updated: true, changed: true });
    expect(await actions.removeStaffMember(ADMIN, { userId: '2000' }, f.ctx)).toEqual({ ok: true, userId: '2000' });
    const entries = await listAudit(f.store.db, { limit: 5 });
    expect(entries.map((e) => [e.action, e.target, e.actor])).toEqual([
      ['staff.remove', '2000', '1001'],
      ['staff.update', '2000', '1001'],
      ['staff.add', '2000', '1001'],
    ]);
    expect(entries[1]).toMatchObject({ before: { role: 'librarian', institutions: ['rbnj', 'vs'] }, after: { role: 'admin', institutions: [] } });
  });

  test('giving a member the role and institutions they have writes nothing, and no audit entry', async () => {
    const before = await f.snapshot();
    expect(await actions.addStaffMember(ADMIN, { userId: LIBRARIAN_VS_RBNJ.userId, role: 'librarian', institutions: 'rbnj, vs, vs' }, f.ctx)).toEqual({
      ok: true,
      userId: LIBRARIAN_VS_RBNJ.userId,
      updated: true,
      changed: false,
    });
    expect(await f.snapshot()).toEqual(before);
  });

  test('names: kept at sign-in for staff only, shown in the list and the audit trail, never written into an entry, erased with the member', async () => {
    expect(await noteSignIn(f.store.db, { userId: ADMIN.userId, name: 'Roduit, Louis' })).toBe(true);
    expect(await noteSignIn(f.store.db, { userId: PATRON.userId, name: 'Meier, Noah' })).toBe(false);
    expect(await noteSignIn(f.store.db, { userId: LIBRARIAN_VS.userId, name: '  Favre, Marie  ' })).toBe(true);
    expect(JSON.stringify(await f.snapshot())).not.toContain('Meier');
    await actions.addStaffMember(ADMIN, { userId: LIBRARIAN_VS.userId, role: 'librarian', institutions: 'vs, rbnj' }, f.ctx);
    await actions.addStaffMember(ADMIN, { userId: '2000', role: 'librarian', institutions: 'vs' }, f.ctx);

    const staff = await actions.listStaffMembers(ADMIN, f.ctx);
    expect(staff.ok && staff.staff.name).toBe('Roduit, Louis');
    expect(staff.ok && staff.members.map((m) => [m.userId, m.name])).toEqual([
      [ADMIN.userId, 'Roduit, Louis'],
      [LIBRARIAN_VS.userId, 'Favre, Marie'],
      ['1005', undefined],
      ['1006', undefined],
      ['2000', undefined],
    ]);
    const trail = await actions.readAudit(ADMIN, {}, f.ctx);
    expect(trail.ok && trail.names).toEqual({ [ADMIN.userId]: 'Roduit, Louis', [LIBRARIAN_VS.userId]: 'Favre, Marie' });
    expect(JSON.stringify(await listAudit(f.store.db, { limit: 10 }))).not.toMatch(/Roduit|Favre/);

    await actions.removeStaffMember(ADMIN, { userId: LIBRARIAN_VS.userId }, f.ctx);
    const after = await actions.readAudit(ADMIN, {}, f.ctx);
    expect(after.ok && after.entries.map((e) => e.target)).toEqual([LIBRARIAN_VS.userId, '2000', LIBRARIAN_VS.userId]);
    expect(after.ok && after.names).toEqual({ [ADMIN.userId]: 'Roduit, Louis' });
    expect(JSON.stringify(await f.snapshot())).not.toContain('Favre');
  });

  test('a name is cut at 200 characters', async () => {
    await noteSignIn(f.store.db, { userId: ADMIN.userId, name: `${'x'.repeat(300)}, Louis` });
    expect((await actions.whoIsStaff(ADMIN, f.ctx)).ok && ((await actions.whoIsStaff(ADMIN, f.ctx)) as { staff: { name: string } }).staff.name).toHaveLength(200);
  });

  test('an admin cannot lock themselves out; wrong input is explained per field', async () => {
    const before = await f.snapshot();
    expect(await actions.removeStaffMember(ADMIN, { userId: ADMIN.userId }, f.ctx)).toEqual({ ok: false, code: 'self' });
    expect(await actions.addStaffMember(ADMIN, { userId: ADMIN.userId, role: 'librarian', institutions: 'vs' }, f.ctx)).toMatchObject({ ok: false, code: 'self' });
    expect(await actions.addStaffMember(ADMIN, { userId: 'louis', role: 'boss', institutions: '' }, f.ctx)).toEqual({ ok: false, code: 'invalid', errors: { userId: { key: 'userId' }, role: { key: 'role' } } });
    expect(await actions.addStaffMember(ADMIN, { userId: '7', role: 'librarian', institutions: '' }, f.ctx)).toEqual({ ok: false, code: 'invalid', errors: { institutions: { key: 'librarianInstitutions' } } });
    expect(await actions.removeStaffMember(ADMIN, { userId: '999' }, f.ctx)).toEqual({ ok: false, code: 'not-found' });
    expect(await actions.readStaffMember(ADMIN, { userId: '999' }, f.ctx)).toEqual({ ok: false, code: 'not-found' });
    expect(await f.snapshot()).toEqual(before);
  });

  test('ADMIN_USER_IDS at start-up: promoted once, audited as system; a restart changes nothing', async () => {
    expect(await bootstrapAdmins(f.store.db, ['1002', '4000', '1001'], NOW)).toEqual(['1002', '4000']);
    const after = await f.snapshot();
    expect(await bootstrapAdmins(f.store.db, ['1002', '4000', '1001'], NOW)).toEqual([]);
    expect(await f.snapshot()).toEqual(after);
    const entries = await listAudit(f.store.db, { limit: 5 });
    expect(entries.map((e) => [e.action, e.target, e.actor])).toEqual([
      ['staff.bootstrap', '4000', 'system'],
      ['staff.bootstrap', '1002', 'system'],
    ]);
    expect((await actions.listStaffMembers({ userId: '4000' }, f.ctx)).ok).toBe(true);
  });
});

describe('the audit trail', () => {
  test('pages newest first, with cursors both ways', async () => {
    for (let i = 0; i < 45; i++) await actions.addStaffMember(ADMIN, { userId: String(5000 + i), role: 'librarian', institutions: 'vs' }, f.ctx);
    const first = await actions.readAudit(ADMIN, {}, f.ctx);
    if (!first.ok) throw new Error('refused');
    expect(first.entries.map((e) => e.target)[0]).toBe('5044');
    expect(first.entries).toHaveLength(actions.AUDIT_PAGE_SIZE);
    expect(first.newer).toBeUndefined();
    const second = await actions.readAudit(ADMIN, { olderThan: first.older }, f.ctx);
    if (!second.ok) throw new Error('refused');
    expect(second.entries[0]?.target).toBe('5024');
    const third = await actions.readAudit(ADMIN, { olderThan: second.older }, f.ctx);
    if (!third.ok) throw new Error('refused');
    expect(third.entries.map((e) => e.target)).toEqual(['5004', '5003', '5002', '5001', '5000']);
    expect(third.older).toBeUndefined();
    const back = await actions.readAudit(ADMIN, { newerThan: third.newer }, f.ctx);
    expect(back.ok && back.entries.map((e) => e.target)).toEqual(second.ok ? second.entries.map((e) => e.target) : []);
  });
});

describe('errors made by another bundle’s copy of their class', () => {
  test('a real version conflict from a store another bundle opened answers conflict, not an error (a 500)', async () => {
    // Next bundles lib/store into several server chunks; the process's store (lib/runtime.ts) comes from whichever ran first.
    vi.resetModules();
    const foreign = await import('../store');
    expect(foreign.CriteriaVersionConflict).not.toBe(CriteriaVersionConflict);
    const folder = mkdtempSync(join(tmpdir(), 'gw-foreign-'));
    const store = await foreign.openStore(`file:${join(folder, 'gateway.db')}`);
    try {
      const parsed = parseCriteriaDocument(DOCUMENT);
      if (!parsed.ok) throw new Error('fixture document invalid');
      await replaceDocument(store.db, parsed.document);
      await putStaff(store.db, { ...ADMIN, role: 'admin', institutions: [] }, NOW);
      const junior = await getResource(store.db, 'junior');
      if (!junior) throw new Error('no junior');
      const change = { slug: 'junior', fingerprint: fingerprint(junior), form: form({ slug: 'junior', name: 'Renamed' }) };
      expect(await actions.updateResource(ADMIN, change, { ...f.ctx, store: racing(store) })).toEqual({ ok: false, code: 'conflict' });
      expect((await getResource(store.db, 'junior'))?.name).toBe('Junior e-library');
    } finally {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
