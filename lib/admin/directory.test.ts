/**
 * The directory in the admin area, against a real store: who may change
 * which entry, entries still in use, codes met at sign-in, and a refusal that
 * leaves everything as it was.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { listAudit } from '../store/audit';
import { countSignInCodes } from '../store/sign-in-codes';
import * as actions from './actions';
import * as directory from './directory';
import { ADMIN, fixture, form, LIBRARIAN_RBNJ, LIBRARIAN_VS, PATRON, type Fixture } from './test-fixtures';
import { getDirectory, getDocument } from '../store';

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

beforeEach(async () => {
  f = await fixture();
});

afterEach(async () => {
  await f.close();
});

async function withDirectory() {
  const { resources } = await getDocument(f.store.db);
  const result = await actions.importDocument(ADMIN, { text: JSON.stringify({ resources, directory: DIRECTORY }) }, f.ctx);
  if (!result.ok) throw new Error(JSON.stringify(result));
}

async function printOf(kind: 'institution' | 'patronType', code: string): Promise<string> {
  const reading = kind === 'institution' ? await directory.readInstitution(ADMIN, code, f.ctx) : await directory.readPatronType(ADMIN, code, f.ctx);
  if (!reading.ok) throw new Error(`no ${code}`);
  return reading.fingerprint;
}

const institutionForm = (values: Partial<directory.InstitutionForm> = {}): directory.InstitutionForm => ({ code: 'ju', names: { en: 'Jura libraries', fr: '' }, renewUrl: '', contact: '', ...values });

describe('reading', () => {
  test('every staff member reads the whole directory with where each entry is used; patrons and strangers do not', async () => {
    await withDirectory();
    const listing = await directory.readDirectory(LIBRARIAN_RBNJ, f.ctx);
    if (!listing.ok) throw new Error('refused');
    expect(listing.institutions.map((i) => [i.institution.code, i.editable, i.usedBy.map((u) => u.slug), i.patronTypes.map((p) => p.patronType.code)])).toEqual([
      ['vs', false, ['cairn', 'junior'], ['vs-pm', 'vs-child']],
      ['rbnj', true, ['cairn', 'neuchatel-press'], ['rbnj-adult']],
    ]);
    expect(listing.unknown).toBe(undefined);
    expect(await directory.readDirectory(PATRON, f.ctx)).toEqual({ ok: false, code: 'not-staff' });
    expect(await directory.readDirectory(null, f.ctx)).toEqual({ ok: false, code: 'signed-out' });
  });

  test('admins see the codes met at sign-in that the directory does not name, with their counts', async () => {
    await withDirectory();
    await countSignInCodes(f.store.db, [
      { kind: 'institution', institution: '', code: 'vs' },
      { kind: 'institution', institution: '', code: 'aoste' },
      { kind: 'institution', institution: '', code: 'aoste' },
      { kind: 'patron-type', institution: 'vs', code: 'vs-pm' },
      { kind: 'patron-type', institution: 'vs', code: 'vs-staff' },
    ]);
    const listing = await directory.readDirectory(ADMIN, f.ctx);
    expect(listing.ok && listing.unknown).toEqual([
      { kind: 'institution', institution: '', code: 'aoste', count: 2 },
      { kind: 'patron-type', institution: 'vs', code: 'vs-staff', count: 1 },
    ]);
    expect(await directory.readUnnamedCodes(LIBRARIAN_VS, f.ctx)).toEqual({ ok: false, code: 'admin-only' });
  });
});

describe('institutions', () => {
  test('an admin adds one, names it, and it is audited', async () => {
    await withDirectory();
    const added = await directory.saveInstitution(ADMIN, { form: institutionForm({ renewUrl: 'https://ju.example/renew', contact: ' desk@ju.example ' }) }, f.ctx);
    expect(added).toEqual({ ok: true, code: 'ju' });
    expect((await getDirectory(f.store.db))?.institutions[2]).toEqual({ code: 'ju', names: { en: 'Jura libraries' }, renewUrl: 'https://ju.example/renew', contact: 'desk@ju.example' });
    const [entry] = await listAudit(f.store.db, { limit: 1 });
    expect(entry).toMatchObject({ actor: ADMIN.userId, action: 'institution.create', target: 'ju', before: null, after: { code: 'ju' } });
    expect(await directory.saveInstitution(ADMIN, { form: institutionForm() }, f.ctx)).toMatchObject({ ok: false, code: 'invalid', errors: { code: { key: 'codeTaken' } } });
  });

  test('problems land on their fields: an http renewal link, a name that is too long, no code', async () => {
    await withDirectory();
    const before = await f.snapshot();
    const result = await directory.saveInstitution(ADMIN, { form: institutionForm({ code: ' ', renewUrl: 'http://ju.example/', names: { en: 'x'.repeat(201) } }) }, f.ctx);
    expect(result).toMatchObject({ ok: false, code: 'invalid', errors: { code: { key: 'directoryCode' }, renewUrl: { key: 'renewUrl' }, 'names.en': { key: 'directoryName' } } });
    expect(await f.snapshot()).toEqual(before);
  });

  test('a librarian changes the names and renewal link of their institution; the contact stays; the code cannot change', async () => {
    await withDirectory();
    const fingerprint = await printOf('institution', 'vs');
    const result = await directory.saveInstitution(
      LIBRARIAN_VS,
      { original: 'vs', fingerprint, form: { code: 'other', names: { en: 'Valais', de: 'Wallis' }, renewUrl: 'https://www.mediatheque.ch/renouveler' } },
      f.ctx,
    );
    expect(result).toEqual({ ok: true, code: 'vs' });
    expect((await getDirectory(f.store.db))?.institutions[0]).toEqual({ code: 'vs', names: { en: 'Valais', de: 'Wallis' }, renewUrl: 'https://www.mediatheque.ch/renouveler', contact: 'info@mediatheque.ch' });
  });

  test('a librarian may not change the contact, another institution, add or delete one; a stale form is a conflict; nothing stored', async () => {
    await withDirectory();
    const before = await f.snapshot();
    const vs = await printOf('institution', 'vs');
    const rbnj = await printOf('institution', 'rbnj');
    expect(await directory.saveInstitution(LIBRARIAN_VS, { original: 'vs', fingerprint: vs, form: institutionForm({ code: 'vs', contact: 'me@vs.example' }) }, f.ctx)).toMatchObject({
      ok: false,
      code: 'admin-only',
      errors: { contact: { key: 'contactAdminOnly' } },
    });
    expect(await directory.saveInstitution(LIBRARIAN_VS, { original: 'rbnj', fingerprint: rbnj, form: institutionForm({ code: 'rbnj' }) }, f.ctx)).toMatchObject({ ok: false, code: 'out-of-scope' });
    expect(await directory.saveInstitution(LIBRARIAN_VS, { form: institutionForm() }, f.ctx)).toEqual({ ok: false, code: 'admin-only' });
    expect(await directory.deleteInstitution(LIBRARIAN_VS, { code: 'vs', fingerprint: vs }, f.ctx)).toMatchObject({ ok: false, code: 'admin-only' });
    expect(await directory.saveInstitution(ADMIN, { original: 'vs', fingerprint: 'stale', form: institutionForm({ code: 'vs' }) }, f.ctx)).toEqual({ ok: false, code: 'conflict' });
    expect(await f.snapshot()).toEqual(before);
  });

  test('an institution still used cannot be deleted, and the refusal names the resources; an unused one goes with its patron types', async () => {
    await withDirectory();
    const before = await f.snapshot();
    const refused = await directory.deleteInstitution(ADMIN, { code: 'rbnj', fingerprint: await printOf('institution', 'rbnj') }, f.ctx);
    expect(refused).toMatchObject({ ok: false, code: 'invalid', errors: { form: { key: 'inUse', values: { resources: 'Cairn.info (cairn), Neuchâtel press (neuchatel-press)' } } } });
    expect(await f.snapshot()).toEqual(before);
    await directory.saveInstitution(ADMIN, { form: institutionForm() }, f.ctx);
    await directory.savePatronType(ADMIN, { form: { institution: 'ju', code: 'ju-adult', names: {} } }, f.ctx);
    const deleted = await directory.deleteInstitution(ADMIN, { code: 'ju', fingerprint: await printOf('institution', 'ju') }, f.ctx);
    expect(deleted).toEqual({ ok: true, code: 'ju' });
    const stored = await getDirectory(f.store.db);
    expect(stored?.institutions.map((i) => i.code)).toEqual(['vs', 'rbnj']);
    expect(stored?.patronTypes.map((p) => p.code)).toEqual(['vs-pm', 'rbnj-adult', 'vs-child']);
    const entries = await listAudit(f.store.db, { limit: 2 });
    expect(entries.map((e) => [e.action, e.target])).toEqual([
      ['institution.delete', 'ju'],
      ['patron-type.delete', 'ju-adult'],
    ]);
  });
});

describe('patron types', () => {
  test('a librarian adds, renames and deletes those of their institutions', async () => {
    await withDirectory();
    expect(await directory.savePatronType(LIBRARIAN_VS, { form: { institution: 'vs', code: 'vs-teen', names: { fr: 'Ado', en: ' ' } } }, f.ctx)).toEqual({ ok: true, code: 'vs-teen' });
    expect((await getDirectory(f.store.db))?.patronTypes.at(-1)).toEqual({ institution: 'vs', code: 'vs-teen', names: { fr: 'Ado' } });
    const renamed = await directory.savePatronType(LIBRARIAN_VS, { original: 'vs-teen', fingerprint: await printOf('patronType', 'vs-teen'), form: { institution: 'vs', code: 'ignored', names: { en: 'Teenager' } } }, f.ctx);
    expect(renamed).toEqual({ ok: true, code: 'vs-teen' });
    expect(await directory.deletePatronType(LIBRARIAN_VS, { code: 'vs-teen', fingerprint: await printOf('patronType', 'vs-teen') }, f.ctx)).toEqual({ ok: true, code: 'vs-teen' });
    const [entry] = await listAudit(f.store.db, { limit: 1 });
    expect(entry).toMatchObject({ actor: LIBRARIAN_VS.userId, action: 'patron-type.delete', target: 'vs-teen' });
  });

  test('a librarian may not touch another institution’s, nor move theirs there; a used one is not deleted; unknown institution refused', async () => {
    await withDirectory();
    const before = await f.snapshot();
    expect(await directory.savePatronType(LIBRARIAN_VS, { form: { institution: 'rbnj', code: 'rbnj-child', names: {} } }, f.ctx)).toMatchObject({ ok: false, code: 'out-of-scope' });
    expect(await directory.savePatronType(LIBRARIAN_VS, { original: 'rbnj-adult', fingerprint: await printOf('patronType', 'rbnj-adult'), form: { institution: 'rbnj', code: '', names: { en: 'x' } } }, f.ctx)).toMatchObject({ ok: false, code: 'out-of-scope' });
    expect(await directory.savePatronType(LIBRARIAN_VS, { original: 'vs-child', fingerprint: await printOf('patronType', 'vs-child'), form: { institution: 'rbnj', code: '', names: {} } }, f.ctx)).toMatchObject({ ok: false, code: 'out-of-scope' });
    expect(await directory.deletePatronType(LIBRARIAN_VS, { code: 'vs-pm', fingerprint: await printOf('patronType', 'vs-pm') }, f.ctx)).toMatchObject({
      ok: false,
      code: 'invalid',
      errors: { form: { key: 'inUse', values: { resources: 'Cairn.info (cairn)' } } },
    });
    expect(await directory.savePatronType(ADMIN, { form: { institution: 'nowhere', code: 'x', names: {} } }, f.ctx)).toMatchObject({ ok: false, code: 'invalid', errors: { institution: { key: 'institutionUnknown' } } });
    expect(await f.snapshot()).toEqual(before);
  });
});

describe('starting the directory', () => {
  test('an admin starts it from the codes the resources name and sign-ins met; then resources name only what it has', async () => {
    await countSignInCodes(f.store.db, [{ kind: 'patron-type', institution: 'vs', code: 'vs-staff' }]);
    expect(await directory.startDirectory(LIBRARIAN_VS, f.ctx)).toEqual({ ok: false, code: 'admin-only' });
    const started = await directory.startDirectory(ADMIN, f.ctx);
    expect(started).toEqual({ ok: true, institutions: 2, patronTypes: 3 });
    expect(await getDirectory(f.store.db)).toEqual({
      institutions: [
        { code: 'vs', names: {} },
        { code: 'rbnj', names: {} },
      ],
      patronTypes: [
        { institution: 'vs', code: 'vs-pm', names: {} },
        { institution: 'vs', code: 'rbnj-adult', names: {} },
        { institution: 'vs', code: 'vs-staff', names: {} },
      ],
    });
    expect(await directory.startDirectory(ADMIN, f.ctx)).toEqual({ ok: false, code: 'conflict' });
    // From now on the editor refuses a code the directory does not have.
    const created = await actions.createResource(ADMIN, form({ slug: 'ge-only', institutions: 'ge' }), f.ctx);
    expect(created).toMatchObject({ ok: false, code: 'invalid', errors: { institutions: { key: 'unknownInstitutions', values: { codes: 'ge' } } } });
  });
});
