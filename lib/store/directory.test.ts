/** The directory in the store, and the codes met at sign-in, on both engines. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseCriteriaDocument, type CriteriaDocument } from '../access/criteria';
import { criteriaVersion, getDirectory, getDocument, openStore, replaceDocument, type Store, StoredDataError, StoreValidationError } from './index';
import { codesOfMemberships, countSignInCodes, listSignInCodes } from './sign-in-codes';
import { ENGINES, type TestDatabase } from './test-databases';

function documentOf(json: unknown): CriteriaDocument {
  const parsed = parseCriteriaDocument(json);
  if (!parsed.ok) throw new Error(`test document is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.document;
}

const directory = {
  institutions: [
    { code: 'vs', names: { en: 'Valais Media Library', fr: 'Médiathèque Valais' }, renewUrl: 'https://www.mediatheque.ch/renew', contact: 'info@mediatheque.ch' },
    { code: 'rbnj', names: { fr: 'RBNJ' } },
  ],
  patronTypes: [
    { institution: 'vs', code: 'vs-pm', names: { en: 'Adult reader' } },
    { institution: 'rbnj', code: 'rbnj-adult' },
  ],
};
const cairn = { slug: 'cairn', name: 'Cairn.info', url: 'https://www.cairn.info/', criteria: { institutions: ['vs', 'rbnj'], patronTypes: ['vs-pm'] } };
const withDirectory = documentOf({ resources: [cairn], directory });

describe.each(ENGINES)('the directory on $engine', ({ create }) => {
  let database: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    database = await create();
    store = await openStore(database.url);
  });

  afterEach(async () => {
    await store?.close();
    await database?.drop();
  });

  test('stored with the resources, read back as written, in order; none at first', async () => {
    expect(await getDirectory(store.db)).toBe(undefined);
    await replaceDocument(store.db, withDirectory);
    expect(await getDocument(store.db)).toEqual(withDirectory);
    expect(await getDirectory(store.db)).toEqual(withDirectory.directory);
    expect(await criteriaVersion(store.db)).toBe(1);
  });

  test('a document without a directory keeps the stored one; an empty one removes it', async () => {
    await replaceDocument(store.db, withDirectory);
    await replaceDocument(store.db, documentOf({ resources: [{ ...cairn, name: 'Cairn' }] }));
    expect(await getDirectory(store.db)).toEqual(withDirectory.directory);
    await replaceDocument(store.db, documentOf({ resources: [], directory: { institutions: [] } }));
    expect(await getDirectory(store.db)).toBe(undefined);
    expect(await getDocument(store.db)).toEqual({ resources: [] });
  });

  test('resources naming a code the stored directory lacks are refused, nothing written', async () => {
    await replaceDocument(store.db, withDirectory);
    const version = await criteriaVersion(store.db);
    const error = await replaceDocument(store.db, documentOf({ resources: [{ ...cairn, criteria: { institutions: ['vs', 'ge'], patronTypes: ['vs-child'] } }] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).errors).toEqual([
      { path: '$.resources[0].criteria.institutions', message: expect.stringContaining('"ge"') },
      { path: '$.resources[0].criteria.patronTypes', message: expect.stringContaining('"vs-child"') },
    ]);
    expect(await getDocument(store.db)).toEqual(withDirectory);
    expect(await criteriaVersion(store.db)).toBe(version);
  });

  test('without a directory, codes are free as before', async () => {
    const free = documentOf({ resources: [{ ...cairn, criteria: { institutions: ['anything'] } }] });
    await replaceDocument(store.db, free);
    expect(await getDocument(store.db)).toEqual(free);
  });

  test('a stored row that no longer validates is reported with its place, not served', async () => {
    await replaceDocument(store.db, withDirectory);
    await database.query("update directory_institutions set renew_url = 'http://insecure.example/' where code = 'rbnj'");
    const error = await getDocument(store.db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoredDataError);
    expect((error as StoredDataError).errors[0]?.path).toBe('$.directory.institutions[1].renewUrl');
  });
});

describe.each(ENGINES)('codes met at sign-in on $engine', ({ create }) => {
  let database: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    database = await create();
    store = await openStore(database.url);
  });

  afterEach(async () => {
    await store?.close();
    await database?.drop();
  });

  test('counted per code, patron types with their institution; codes only', async () => {
    const louis = codesOfMemberships([
      { code: 'vs', patronType: 'vs-pm' },
      { code: 'rbnj', patronType: 'rbnj-adult' },
    ]);
    expect(louis).toEqual([
      { kind: 'institution', institution: '', code: 'vs' },
      { kind: 'patron-type', institution: 'vs', code: 'vs-pm' },
      { kind: 'institution', institution: '', code: 'rbnj' },
      { kind: 'patron-type', institution: 'rbnj', code: 'rbnj-adult' },
    ]);
    await countSignInCodes(store.db, louis);
    await countSignInCodes(store.db, codesOfMemberships([{ code: 'vs' }, { code: 'vs', patronType: 'vs-pm' }]));
    await countSignInCodes(store.db, [...codesOfMemberships([{ code: 'x'.repeat(101) }, { code: '' }]), { kind: 'institution', institution: '', code: 'ju' }, { kind: 'institution', institution: '', code: 'ju' }]);
    expect(await listSignInCodes(store.db)).toEqual([
      { kind: 'institution', institution: '', code: 'ju', count: 2 },
      { kind: 'institution', institution: '', code: 'vs', count: 2 },
      { kind: 'patron-type', institution: 'vs', code: 'vs-pm', count: 2 },
      { kind: 'institution', institution: '', code: 'rbnj', count: 1 },
      { kind: 'patron-type', institution: 'rbnj', code: 'rbnj-adult', count: 1 },
    ]);
    const columns = Object.keys((await database.query('select * from sign_in_codes'))[0] ?? {}).sort();
    expect(columns).toEqual(['code', 'count', 'institution', 'kind']);
  });
});
