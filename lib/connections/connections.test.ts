import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createTestCertificate } from '../../simulators/region-halland.mjs';
import { parseCriteriaDocument, type CriteriaDocument } from '../access/criteria';
import { ConnectionError } from '../oauth/errors';
import { TokenCache } from '../oauth/token-cache';
import { getDocument, openStore, type Store, StoreValidationError } from '../store';
import { ENGINES, type TestDatabase } from '../store/test-databases';
import { Connections, MASKED, checkStoredSecrets, exportConnections, importCriteria, parseConnectionList, type ParsedConnection } from '.';

const KEY = 'test-secrets-key-0123456789abcdefghijklmnop';
const halland = createTestCertificate();

const LIBRIS = { id: 'libris-test', provider: 'libris', environment: 'test', clientId: 'libris-client', clientSecret: 'libris-secret-value-1', activeSigel: 'Xyz' };
const BOKBASEN = { id: 'bokbasen-metadata', provider: 'bokbasen', environment: 'test', clientId: 'bokbasen-client', clientSecret: 'bokbasen-secret-value-2', audience: 'https://api.bokbasen.io/metadata/' };
const HALLAND = {
  id: 'halland-hsa',
  provider: 'region-halland',
  clientId: '6f1c1b7e-4f4a-4b8e-9a55-2d8c0b1e7a10',
  privateKey: halland.privateKey,
  certificate: halland.certificate,
  resource: 'hsainfoapi.regionhalland.se',
  subscriptionKey: 'halland-subscription-key-3',
  endpoints: { token: 'https://adfs.regionhalland.se/adfs/oauth2/token', api: 'https://api.regionhalland.se/hsainfo' },
};
/** Pieces of every secret that must never be found in clear. */
const SECRET_PIECES = ['libris-secret-value-1', 'bokbasen-secret-value-2', 'halland-subscription-key-3', halland.privateKey.split('\n')[1] ?? 'x'];

const DOCUMENT = (() => {
  const parsed = parseCriteriaDocument({ resources: [{ slug: 'cairn', name: 'Cairn.info', url: 'https://www.cairn.info/' }] });
  if (!parsed.ok) throw new Error('invalid test document');
  return parsed.document;
})();

function parsedList(list: unknown[]): ParsedConnection[] {
  const parsed = parseConnectionList(list);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.connections;
}

async function thrown(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe.each(ENGINES)('connections on $engine', ({ engine, create }) => {
  let database: TestDatabase;
  let store: Store;
  let connections: Connections;

  beforeEach(async () => {
    database = await create();
    store = await openStore(database.url);
    connections = new Connections(store, { secretsKey: KEY, tokens: new TokenCache() });
  });

  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  test('save, list, get, remove: secrets are write-only', async () => {
    const saved = await connections.save(LIBRIS);
    expect(saved.ok).toBe(true);
    await connections.save(HALLAND);
    const list = await connections.list();
    expect(list.map((c) => [c.id, c.providerName, c.status.state])).toEqual([
      ['libris-test', 'Libris', 'ready'],
      ['halland-hsa', 'Region Halland', 'ready'],
    ]);
    expect(list[0]).toMatchObject({
      environment: 'test',
      clientId: 'libris-client',
      endpoints: { token: 'https://login-stg.libris.kb.se/oauth/token', api: 'https://libris-qa.kb.se' },
      entry: { ...LIBRIS, clientSecret: MASKED },
      secrets: { clientSecret: true },
    });
    expect(list[1]?.secrets).toEqual({ privateKey: true, subscriptionKey: true });
    expect(JSON.stringify(list)).not.toMatch(new RegExp(SECRET_PIECES.map((p) => p.replace(/[+/]/g, '.')).join('|')));
    expect(await connections.remove('libris-test')).toBe(true);
    expect(await connections.remove('libris-test')).toBe(false);
    expect((await connections.list()).map((c) => c.id)).toEqual(['halland-hsa']);
  });

  test('saving with the secret masked or left out keeps the stored one', async () => {
    await connections.save(LIBRIS);
    expect((await connections.save({ ...LIBRIS, clientSecret: MASKED, activeSigel: 'Abc' })).ok).toBe(true);
    const { clientSecret: _secret, ...without } = LIBRIS;
    expect((await connections.save({ ...without, clientId: 'renamed', activeSigel: 'Abc' })).ok).toBe(true);
    const client = await connections.client('libris-test');
    expect(client.connection.entry).toMatchObject({ clientId: 'renamed', clientSecret: 'libris-secret-value-1', activeSigel: 'Abc' });
  });

  test('a new connection needs its secrets; create refuses an existing id', async () => {
    const result = await connections.save({ ...BOKBASEN, clientSecret: MASKED });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: '$.clientSecret', message: '"clientSecret" is masked, but no secret is stored for "bokbasen-metadata" yet: give the value itself.' }],
    });
    await connections.save(BOKBASEN);
    expect(await connections.save(BOKBASEN, { create: true })).toEqual({ ok: false, errors: [{ path: '$.id', message: 'The id "bokbasen-metadata" is already used by another connection.' }] });
  });

  test('without SECRETS_KEY: nothing with secrets is saved or used, listing says locked', async () => {
    await connections.save(LIBRIS);
    const locked = new Connections(store, { tokens: new TokenCache() });
    expect(((await thrown(locked.save(BOKBASEN))) as ConnectionError).code).toBe('secrets_key_missing');
    expect((await locked.list())[0]?.status).toEqual({ state: 'locked', message: 'SECRETS_KEY is not set: the secrets cannot be read, so the connection cannot be used.' });
    const test = await locked.test('libris-test');
    expect(test).toMatchObject({ ok: false, provider: 'libris', failure: { code: 'secrets_key_missing' } });
    expect(test.failure?.message).toMatch(/SECRETS_KEY is not set/);
    const other = new Connections(store, { secretsKey: `${KEY}-other`, tokens: new TokenCache() });
    expect((await other.list())[0]?.status.state).toBe('locked');
    expect((await other.test('libris-test')).failure?.code).toBe('secrets_unreadable');
  });

  test('the start-up check refuses stored secrets without the right SECRETS_KEY', async () => {
    await checkStoredSecrets(store, undefined); // nothing stored yet
    await connections.save(LIBRIS);
    expect(((await thrown(checkStoredSecrets(store, undefined))) as ConnectionError).message).toMatch(/^The stored connections "libris-test" have secrets, and SECRETS_KEY is not set/);
    expect(((await thrown(checkStoredSecrets(store, `${KEY}-other`))) as ConnectionError).code).toBe('secrets_unreadable');
    await checkStoredSecrets(store, KEY);
  });

  test('test() of an unknown id is a not_found failure, not an exception', async () => {
    expect(await connections.test('nope')).toMatchObject({ ok: false, connection: 'nope', failure: { code: 'not_found', message: 'There is no connection "nope".' } });
  });

  test('import replaces every connection, keeps masked secrets, and export masks them', async () => {
    await importCriteria(store, DOCUMENT, parsedList([LIBRIS, BOKBASEN]), { secretsKey: KEY });
    await importCriteria(store, DOCUMENT, parsedList([HALLAND, { ...BOKBASEN, clientSecret: MASKED }]), { secretsKey: KEY });
    const exported = await exportConnections(store);
    expect(exported.map((c) => c.id)).toEqual(['halland-hsa', 'bokbasen-metadata']);
    expect(exported[1]).toEqual({ ...BOKBASEN, clientSecret: MASKED });
    expect(exported[0]).toMatchObject({ privateKey: MASKED, subscriptionKey: MASKED, subscriptionKeyHeader: 'Ocp-Apim-Subscription-Key' });
    expect((await connections.client('bokbasen-metadata')).connection.entry.clientSecret).toBe('bokbasen-secret-value-2');
    // Re-importing the export changes nothing.
    const again = parseConnectionList(JSON.parse(JSON.stringify(exported)));
    expect(again.ok).toBe(true);
    if (again.ok) await importCriteria(store, DOCUMENT, again.connections, { secretsKey: KEY });
    expect(await exportConnections(store)).toEqual(exported);
    expect((await connections.client('halland-hsa')).connection.entry.subscriptionKey).toBe('halland-subscription-key-3');
  });

  test('a document without a connections list leaves the stored ones alone; an empty list removes them', async () => {
    await importCriteria(store, DOCUMENT, parsedList([LIBRIS]), { secretsKey: KEY });
    await importCriteria(store, DOCUMENT, undefined, {});
    expect((await exportConnections(store)).map((c) => c.id)).toEqual(['libris-test']);
    await importCriteria(store, DOCUMENT, [], {});
    expect(await exportConnections(store)).toEqual([]);
  });

  test('import refuses masked secrets it cannot fill, and connections with secrets without SECRETS_KEY; nothing changes', async () => {
    await importCriteria(store, DOCUMENT, parsedList([LIBRIS]), { secretsKey: KEY });
    const masked = (await thrown(importCriteria(store, DOCUMENT, parsedList([{ ...BOKBASEN, clientSecret: MASKED }]), { secretsKey: KEY }))) as StoreValidationError;
    expect(masked).toBeInstanceOf(StoreValidationError);
    expect(masked.errors).toEqual([
      { path: '$.connections[0].clientSecret', message: '"clientSecret" is masked, but no secret is stored for "bokbasen-metadata" yet: give the value itself.' },
    ]);
    const noKey = (await thrown(importCriteria(store, DOCUMENT, parsedList([BOKBASEN]), {}))) as ConnectionError;
    expect(noKey.code).toBe('secrets_key_missing');
    expect(noKey.message).toMatch(/SECRETS_KEY is not set/);
    const provider = (await thrown(importCriteria(store, DOCUMENT, parsedList([{ ...BOKBASEN, id: 'libris-test', clientSecret: MASKED }]), { secretsKey: KEY }))) as StoreValidationError;
    expect(provider.errors[0]?.message).toMatch(/the stored connection "libris-test" is a Libris connection/);
    expect((await exportConnections(store)).map((c) => c.id)).toEqual(['libris-test']);
  });

  test('resources and connections are written in one transaction: both or neither', async () => {
    await importCriteria(store, DOCUMENT, parsedList([LIBRIS]), { secretsKey: KEY });
    await database.failInsertsOf('broken');
    const document: CriteriaDocument = { resources: [...DOCUMENT.resources, { ...DOCUMENT.resources[0]!, slug: 'broken' }] };
    await thrown(importCriteria(store, document, parsedList([BOKBASEN]), { secretsKey: KEY }));
    expect((await exportConnections(store)).map((c) => c.id)).toEqual(['libris-test']);
    expect((await connections.client('libris-test')).connection.entry.clientSecret).toBe('libris-secret-value-1');
    expect((await getDocument(store.db)).resources.map((r) => r.slug)).toEqual(['cairn']);
  });

  test('no secret is readable in the stored rows', async () => {
    await importCriteria(store, DOCUMENT, parsedList([LIBRIS, BOKBASEN, HALLAND]), { secretsKey: KEY });
    const rows = JSON.stringify(await database.query('select * from connections'));
    expect(rows).toContain('libris-test');
    for (const piece of SECRET_PIECES) expect(rows).not.toContain(piece);
  });

  test('no secret is readable in the database files (SQLite) or the rows as PostgreSQL returns them', async () => {
    await importCriteria(store, DOCUMENT, parsedList([LIBRIS, BOKBASEN, HALLAND]), { secretsKey: KEY });
    if (engine === 'postgres') {
      const text = JSON.stringify(await database.query("select id, settings, secrets::text as raw from connections"));
      for (const piece of SECRET_PIECES) expect(text).not.toContain(piece);
      return;
    }
    await store.close();
    const file = database.url.replace(/^file:/, '');
    const bytes = [file, `${file}-wal`, `${file}-journal`]
      .filter((path) => existsSync(path))
      .map((path) => readFileSync(path).toString('latin1'))
      .join('');
    expect(bytes).toContain('libris-test'); // the rows are there …
    for (const piece of SECRET_PIECES) expect(bytes).not.toContain(piece); // … their secrets are not
    store = await openStore(database.url);
  });
});
