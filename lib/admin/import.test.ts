/**
 * The one importer (lib/admin/import.ts) through the admin actions that the
 * transfer page and the /admin/import route call: the difference before
 * anything is written, the confirmation bound to the version it previewed,
 * the directory and the connections, each import audited.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { Connections } from '../connections';
import { TokenCache } from '../oauth/token-cache';
import { listAudit } from '../store/audit';
import * as actions from './actions';
import { describeChanges, type ImportPlan } from './import';
import { ADMIN, DOCUMENT, fixture, LIBRARIAN_RBNJ, LIBRARIAN_VS, type Fixture } from './test-fixtures';
import { getDirectory, getDocument, getResource } from '../store';

const KEY = 'test-secrets-key-0123456789abcdefghijklmnop';
const LIBRIS = { id: 'libris-test', provider: 'libris', environment: 'test', clientId: 'libris-client', clientSecret: 'libris-secret-value-1', activeSigel: 'Xyz' };

const DIRECTORY = {
  institutions: [
    { code: 'vs', names: { en: 'Valais Media Library', fr: 'Médiathèque Valais' }, renewUrl: 'https://www.mediatheque.ch/renew', contact: 'info@mediatheque.ch' },
    { code: 'rbnj', names: { fr: 'RBNJ' } },
  ],
  patronTypes: [
    { institution: 'vs', code: 'vs-pm', names: { en: 'Adult reader' } },
    { institution: 'rbnj', code: 'rbnj-adult' },
    { institution: 'vs', code: 'vs-child' },
  ],
};

let f: Fixture;
const ctx = () => ({ ...f.ctx, secretsKey: KEY });

beforeEach(async () => {
  f = await fixture();
});

afterEach(async () => {
  await f.close();
});

const text = (document: unknown) => JSON.stringify(document);
const connectionsOf = (document: { connections?: unknown[] }) => document.connections as { id: string; clientId: string }[] | undefined;

async function preview(identity: { userId: string }, document: unknown): Promise<ImportPlan> {
  const result = await actions.previewDocument(identity, { text: text(document) }, ctx());
  if (!result.ok) throw new Error(`preview refused: ${JSON.stringify(result)}`);
  return result.plan;
}

describe('the difference, before anything is written', () => {
  test('a one-resource document pasted by mistake: the preview says the other three go, and nothing is written', async () => {
    const before = await f.snapshot();
    const plan = await preview(ADMIN, { resources: [{ ...DOCUMENT.resources[1], name: 'Junior library', criteria: { institutions: ['vs'], minAge: 6 } }] });
    expect(plan.changes.resources.map((c) => [c.kind, c.key])).toEqual([
      ['changed', 'junior'],
      ['removed', 'cairn'],
      ['removed', 'neuchatel-press'],
      ['removed', 'open'],
    ]);
    expect(plan.changes.resources[0]?.fields).toEqual([
      { path: 'name', kind: 'changed', before: '"Junior e-library"', after: '"Junior library"' },
      { path: 'criteria.minAge', kind: 'added', after: '6' },
    ]);
    expect(plan.changes.resources[1]).toMatchObject({ kind: 'removed', key: 'cairn', name: 'Cairn.info' });
    expect(plan.connections).toBe(undefined);
    expect(plan).toMatchObject({ count: 1, directory: false, version: expect.stringMatching(/^1\.[\w-]{12}$/) });
    expect(await f.snapshot()).toEqual(before);
    expect(f.invalidations).toBe(0);
  });

  test('the document as exported makes no difference, and importing it writes nothing: no version, no audit entry', async () => {
    const exported = await actions.exportDocument(ADMIN, f.ctx);
    if (!exported.ok) throw new Error('export refused');
    const plan = await preview(ADMIN, exported.document);
    expect(plan.changes).toEqual({ resources: [], institutions: [], patronTypes: [], connections: [] });
    expect(describeChanges(plan.changes)).toEqual(['No changes.']);
    const before = await f.snapshot();
    expect(await actions.importDocument(ADMIN, { text: text(exported.document), expectedVersion: plan.version }, ctx())).toMatchObject({ ok: true, written: false });
    expect(await f.snapshot()).toEqual(before);
    expect(f.invalidations).toBe(0);
  });

  test('in words for the command line: counts, then each entry with its fields', async () => {
    const plan = await preview(ADMIN, { resources: [{ ...DOCUMENT.resources[0], name: 'Cairn' }, { slug: 'jstor', name: 'JSTOR', url: 'https://www.jstor.org/' }], directory: DIRECTORY });
    expect(describeChanges(plan.changes)).toEqual([
      'Resources: 1 added, 1 changed, 3 removed.',
      '~ resource cairn (Cairn)',
      '    name: "Cairn.info" → "Cairn"',
      '+ resource jstor (JSTOR), added',
      '- resource junior (Junior e-library), removed',
      '- resource neuchatel-press (Neuchâtel press), removed',
      '- resource open (Open to all), removed',
      'Institutions: 2 added, 0 changed, 0 removed.',
      '+ institution vs (Valais Media Library), added',
      '+ institution rbnj, added',
      'Patron types: 3 added, 0 changed, 0 removed.',
      '+ patron type vs-pm (Adult reader), added',
      '+ patron type rbnj-adult, added',
      '+ patron type vs-child, added',
    ]);
  });
});

describe('stored rows that no longer validate', () => {
  test('an admin’s import replaces them whole, saying so; a librarian’s part cannot be merged into them', async () => {
    await f.store.db.updateTable('resources').set({ url: 'not a url' }).where('slug', '=', 'open').execute();
    await expect(actions.previewDocument(LIBRARIAN_VS, { text: text({ resources: [DOCUMENT.resources[1]] }) }, ctx())).rejects.toThrow(/no longer matches/);
    const plan = await preview(ADMIN, DOCUMENT);
    expect(plan.unreadable).toEqual([{ path: '$.resources[3].url', message: expect.any(String) }]);
    expect(plan.changes.resources.map((c) => c.kind)).toEqual(['added', 'added', 'added', 'added']);
    expect((await actions.importDocument(ADMIN, { text: text(DOCUMENT), expectedVersion: plan.version }, ctx())).ok).toBe(true);
    expect((await getDocument(f.store.db)).resources).toHaveLength(4);
  });
});

describe('the confirmation', () => {
  test('carries the version it previewed: imported and audited while the store is still there', async () => {
    const document = { resources: [DOCUMENT.resources[0]] };
    const plan = await preview(ADMIN, document);
    const result = await actions.importDocument(ADMIN, { text: text(document), expectedVersion: plan.version }, ctx());
    expect(result).toMatchObject({ ok: true, count: 1, plan: { changes: plan.changes } });
    expect((await getDocument(f.store.db)).resources.map((r) => r.slug)).toEqual(['cairn']);
    expect(f.invalidations).toBe(1);
    const [entry] = await listAudit(f.store.db, { limit: 1 });
    expect(entry).toMatchObject({ actor: ADMIN.userId, action: 'criteria.import', target: 'document' });
  });

  test('refused when the store changed since, with the difference as it is now; nothing written', async () => {
    const document = { resources: [DOCUMENT.resources[0]] };
    const plan = await preview(ADMIN, document);
    const junior = await getResource(f.store.db, 'junior');
    if (!junior) throw new Error('no junior');
    // Someone else edits meanwhile.
    const fingerprint = (await actions.readResource(ADMIN, 'junior', f.ctx)) as { fingerprint: string };
    await actions.setResourceEnabled(ADMIN, { slug: 'junior', fingerprint: fingerprint.fingerprint, enabled: false }, f.ctx);
    const before = await f.snapshot();
    const result = await actions.importDocument(ADMIN, { text: text(document), expectedVersion: plan.version }, ctx());
    expect(result).toMatchObject({ ok: false, code: 'conflict', plan: { version: expect.not.stringMatching(plan.version) } });
    expect(await f.snapshot()).toEqual(before);
  });

  test('refused when a provider connection was saved since (connections have no criteria version)', async () => {
    const document = { resources: DOCUMENT.resources, connections: [LIBRIS] };
    const plan = await preview(ADMIN, document);
    const saved = await new Connections(f.store, { secretsKey: KEY, tokens: new TokenCache() }).save({ ...LIBRIS, clientId: 'other' });
    expect(saved.ok).toBe(true);
    const before = await f.snapshot();
    const again = await actions.importDocument(ADMIN, { text: text(document), expectedVersion: plan.version }, ctx());
    expect(again).toMatchObject({ ok: false, code: 'conflict', plan: { changes: { connections: [{ kind: 'changed', key: 'libris-test' }] } } });
    expect(await f.snapshot()).toEqual(before);
    const exported = await actions.exportDocument(ADMIN, f.ctx);
    expect(exported.ok && connectionsOf(exported.document)?.[0]?.clientId).toBe('other');
  });
});

describe('connections: imported by admins, audited without secrets', () => {
  test('an admin’s document with connections imports them, and the audit entry has them without the secret', async () => {
    const plan = await preview(ADMIN, { resources: DOCUMENT.resources, connections: [LIBRIS] });
    expect(plan.changes.connections).toMatchObject([{ kind: 'added', key: 'libris-test' }]);
    expect(JSON.stringify(plan)).not.toContain('libris-secret-value-1');
    const result = await actions.importDocument(ADMIN, { text: text({ resources: DOCUMENT.resources, connections: [LIBRIS] }) }, ctx());
    expect(result.ok).toBe(true);
    const exported = await actions.exportDocument(ADMIN, f.ctx);
    expect(exported.ok && exported.document.connections).toEqual([{ ...LIBRIS, clientSecret: '********' }]);
    const [entry] = await listAudit(f.store.db, { limit: 1 });
    expect(entry?.after).toMatchObject({ connections: [{ id: 'libris-test', clientId: 'libris-client', secrets: { clientSecret: 'replaced' } }] });
    expect(JSON.stringify(entry)).not.toContain('libris-secret-value-1');
    // The export imported again: the secret is kept, and nothing differs.
    if (!exported.ok) return;
    const same = await preview(ADMIN, exported.document);
    expect(same.changes.connections).toEqual([]);
  });

  test('a document without connections leaves them; an invalid one is refused with its path', async () => {
    await actions.importDocument(ADMIN, { text: text({ resources: DOCUMENT.resources, connections: [LIBRIS] }) }, ctx());
    await actions.importDocument(ADMIN, { text: text({ resources: DOCUMENT.resources }) }, ctx());
    const exported = await actions.exportDocument(ADMIN, f.ctx);
    expect(exported.ok && connectionsOf(exported.document)?.map((c) => c.id)).toEqual(['libris-test']);
    const before = await f.snapshot();
    const masked = await actions.importDocument(ADMIN, { text: text({ resources: [], connections: [{ ...LIBRIS, id: 'libris-other', clientSecret: '********' }] }) }, ctx());
    expect(masked).toMatchObject({ ok: false, code: 'invalid', problems: [{ path: '$.connections[0].clientSecret' }] });
    const noKey = await actions.importDocument(ADMIN, { text: text({ resources: [], connections: [LIBRIS] }) }, f.ctx);
    expect(noKey).toMatchObject({ ok: false, code: 'invalid', problems: [{ path: '$.connections', message: expect.stringContaining('SECRETS_KEY') }] });
    expect(await f.snapshot()).toEqual(before);
  });

  test('a librarian’s document with connections is refused', async () => {
    const before = await f.snapshot();
    const result = await actions.importDocument(LIBRARIAN_VS, { text: text({ resources: [DOCUMENT.resources[1]], connections: [] }) }, ctx());
    expect(result).toMatchObject({ ok: false, code: 'out-of-scope', problems: [{ path: '$.connections', message: 'Only admins import provider connections: leave "connections" out.' }] });
    expect(await f.snapshot()).toEqual(before);
  });
});

describe('the directory', () => {
  async function withDirectory() {
    const result = await actions.importDocument(ADMIN, { text: text({ resources: DOCUMENT.resources, directory: DIRECTORY }) }, ctx());
    if (!result.ok) throw new Error(JSON.stringify(result));
  }

  test('imported with the resources; a document without it keeps it', async () => {
    await withDirectory();
    expect((await getDirectory(f.store.db))?.institutions.map((i) => i.code)).toEqual(['vs', 'rbnj']);
    const plan = await preview(ADMIN, { resources: DOCUMENT.resources.slice(0, 2) });
    expect(plan.changes.institutions).toEqual([]);
    await actions.importDocument(ADMIN, { text: text({ resources: DOCUMENT.resources.slice(0, 2) }) }, ctx());
    expect((await getDirectory(f.store.db))?.patronTypes).toHaveLength(3);
  });

  test('a resource naming a code the directory lacks is refused, in the document or the store', async () => {
    const before = await f.snapshot();
    const inDocument = await actions.importDocument(ADMIN, { text: text({ resources: [{ ...DOCUMENT.resources[0], criteria: { institutions: ['vs', 'ge'] } }], directory: DIRECTORY }) }, ctx());
    expect(inDocument).toMatchObject({
      ok: false,
      code: 'invalid',
      problems: [{ path: '$.resources[0].criteria.institutions', message: 'The resource "cairn" names the institution "ge", which the directory does not have: add it to the directory, or choose from it.' }],
    });
    expect(await f.snapshot()).toEqual(before);
    await withDirectory();
    const stored = await actions.previewDocument(ADMIN, { text: text({ resources: [{ slug: 'x', name: 'X', url: 'https://x.example/', criteria: { patronTypes: ['vs-teen'] } }] }) }, ctx());
    expect(stored).toMatchObject({ ok: false, code: 'invalid', problems: [{ path: '$.resources[0].criteria.patronTypes', message: expect.stringContaining('"vs-teen"') }] });
  });

  test('a directory that lacks codes the resources use is refused, naming the resources', async () => {
    await withDirectory();
    const { institutions, patronTypes } = DIRECTORY;
    const lacking = { institutions: institutions.filter((i) => i.code === 'vs'), patronTypes: patronTypes.filter((p) => p.institution === 'vs') };
    const result = await actions.previewDocument(ADMIN, { text: text({ resources: DOCUMENT.resources, directory: lacking }) }, ctx());
    expect(result).toMatchObject({ ok: false, code: 'invalid' });
    expect(!result.ok && result.problems).toEqual([
      { path: '$.resources[0].criteria.institutions', message: expect.stringContaining('"cairn" names the institution "rbnj"') },
      { path: '$.resources[0].criteria.patronTypes', message: expect.stringContaining('"rbnj-adult"') },
      { path: '$.resources[2].criteria.institutions', message: expect.stringContaining('"neuchatel-press" names the institution "rbnj"') },
    ]);
  });

  test('a librarian exports their part, changes the names and renewal link of their institution and their patron types', async () => {
    await withDirectory();
    const exported = await actions.exportDocument(LIBRARIAN_VS, f.ctx);
    if (!exported.ok) throw new Error('export refused');
    expect(exported.document.directory).toEqual({
      institutions: [DIRECTORY.institutions[0]],
      patronTypes: [{ ...DIRECTORY.patronTypes[0] }, { ...DIRECTORY.patronTypes[2], names: {} }],
    });
    const directory = {
      institutions: [{ ...DIRECTORY.institutions[0], names: { en: 'Valais Media Library', de: 'Mediathek Wallis' }, renewUrl: 'https://www.mediatheque.ch/renouveler' }],
      // vs-child goes (no resource uses it), vs-teen comes.
      patronTypes: [DIRECTORY.patronTypes[0], { institution: 'vs', code: 'vs-teen', names: { fr: 'Ado' } }],
    };
    const plan = await preview(LIBRARIAN_VS, { ...exported.document, directory });
    expect(plan.changes.institutions).toEqual([
      {
        kind: 'changed',
        key: 'vs',
        names: { en: 'Valais Media Library', de: 'Mediathek Wallis' },
        fields: [
          { path: 'names.de', kind: 'added', after: '"Mediathek Wallis"' },
          { path: 'renewUrl', kind: 'changed', before: '"https://www.mediatheque.ch/renew"', after: '"https://www.mediatheque.ch/renouveler"' },
          { path: 'names.fr', kind: 'removed', before: '"Médiathèque Valais"' },
        ],
      },
    ]);
    expect(plan.changes.patronTypes.map((c) => [c.kind, c.key])).toEqual([
      ['added', 'vs-teen'],
      ['removed', 'vs-child'],
    ]);
    const result = await actions.importDocument(LIBRARIAN_VS, { text: text({ ...exported.document, directory }), expectedVersion: plan.version }, ctx());
    expect(result.ok).toBe(true);
    const stored = await getDirectory(f.store.db);
    expect(stored?.institutions[1]).toEqual(DIRECTORY.institutions[1]);
    expect(stored?.patronTypes.map((p) => p.code)).toEqual(['vs-pm', 'rbnj-adult', 'vs-teen']);
    const [entry] = await listAudit(f.store.db, { limit: 1 });
    expect(entry).toMatchObject({ actor: LIBRARIAN_VS.userId, action: 'criteria.import', after: { directory: { institutions: [{ code: 'vs' }] } } });
  });

  test('a librarian’s import touching other institutions’ entries, adding an institution or changing a contact is refused', async () => {
    await withDirectory();
    const exported = await actions.exportDocument(LIBRARIAN_VS, f.ctx);
    if (!exported.ok) throw new Error('export refused');
    const own = exported.document.directory;
    if (!own) throw new Error('no directory');
    const before = await f.snapshot();
    const tries: [unknown, string, string][] = [
      [{ ...own, institutions: [...own.institutions, { ...DIRECTORY.institutions[1], names: { fr: 'Pris' } }] }, '$.directory.institutions[1]', 'belongs to "rbnj"'],
      [{ ...own, patronTypes: [...own.patronTypes, { institution: 'rbnj', code: 'rbnj-child' }], institutions: [...own.institutions, DIRECTORY.institutions[1]] }, '$.directory.patronTypes[2]', 'belongs to "rbnj"'],
      [{ ...own, institutions: [...own.institutions, { code: 'vs-new' }] }, '$.directory.institutions[1]', 'Only admins add or remove institutions'],
      [{ ...own, institutions: [{ ...own.institutions[0], contact: 'someone@else.example' }] }, '$.directory.institutions[0]', 'Only admins change the contact of "vs"'],
    ];
    for (const [directory, path, words] of tries) {
      const result = await actions.importDocument(LIBRARIAN_VS, { text: text({ ...exported.document, directory }) }, ctx());
      expect({ directory, result }).toMatchObject({ directory, result: { ok: false, code: 'out-of-scope', problems: [{ path, message: expect.stringContaining(words) }] } });
    }
    // An entry of another institution exactly as stored touches nothing: accepted.
    const untouched = await actions.previewDocument(LIBRARIAN_VS, { text: text({ ...exported.document, directory: { ...own, institutions: [...own.institutions, DIRECTORY.institutions[1]] } }) }, ctx());
    expect(untouched).toMatchObject({ ok: true, plan: { changes: { institutions: [], patronTypes: [] } } });
    expect(await f.snapshot()).toEqual(before);
  });

  test('a librarian may not remove a patron type another institution’s resource still uses; the problem names it', async () => {
    await withDirectory();
    // cairn (vs and rbnj, outside the vs librarian's scope) names vs-pm.
    const exported = await actions.exportDocument(LIBRARIAN_VS, f.ctx);
    if (!exported.ok || !exported.document.directory) throw new Error('export refused');
    const directory = { ...exported.document.directory, patronTypes: [] };
    const result = await actions.previewDocument(LIBRARIAN_VS, { text: text({ ...exported.document, directory }) }, ctx());
    expect(result).toMatchObject({ ok: false, code: 'invalid', problems: [{ path: '$.directory', message: expect.stringContaining('"cairn" names the patron type "vs-pm"') }] });
  });

  test('a librarian of rbnj sees and changes nothing of vs', async () => {
    await withDirectory();
    const exported = await actions.exportDocument(LIBRARIAN_RBNJ, f.ctx);
    expect(exported.ok && exported.document.directory).toEqual({ institutions: [DIRECTORY.institutions[1]], patronTypes: [{ ...DIRECTORY.patronTypes[1], names: {} }] });
  });
});
