import { migrationsFor } from './migrations';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseCriteriaDocument, type CriteriaDocument } from '../access/criteria';
import { parseDatabaseUrl } from './database-url';
import { addDecisionCounts, criteriaVersion, databaseUrlDefault, DatabaseUrlError, decisionCounts, getDocument, getResource, openStore, replaceDocument, type Store, StoredDataError, StoreOpenError, StoreValidationError } from './index';
import { ENGINES, type TestDatabase } from './test-databases';

/** A document as an import would give it: validated, defaults applied. */
function documentOf(json: unknown): CriteriaDocument {
  const parsed = parseCriteriaDocument(json);
  if (!parsed.ok) throw new Error(`test document is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.document;
}

const three = documentOf({
  resources: [
    { slug: 'zeta', name: 'Zeta', url: 'https://zeta.example/' },
    {
      slug: 'alpha',
      name: 'Alpha',
      url: 'https://alpha.example/',
      enabled: false,
      criteria: { institutions: ['vs'], patronTypes: ['vs-pm'], minAge: 18 },
      deniedMessage: 'Adults of Valais only.',
    },
    { slug: 'mid', name: 'Mid', url: 'https://mid.example/', criteria: { graceDays: 30, requireValidMembership: false } },
    {
      slug: 'texts',
      name: 'Texts',
      url: 'https://texts.example/',
      deniedMessage: { en: 'Ask at the desk.', 'de-CH': 'Fragen Sie am Schalter.' },
      description: { fr: 'Revues « savantes » & {accolades}' },
    },
    { slug: 'plain', name: 'Plain', url: 'https://plain.example/', description: 'One line.' },
  ],
});

const other = documentOf({ resources: [{ slug: 'cairn', name: 'Cairn.info', url: 'https://www.cairn.info/' }] });

describe.each(ENGINES)('store on $engine', ({ engine, create }) => {
  let database: TestDatabase;
  const opened: Store[] = [];

  async function open(): Promise<Store> {
    const store = await openStore(database.url);
    opened.push(store);
    return store;
  }

  beforeEach(async () => {
    database = await create();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await database?.drop(); // undefined when creating it failed
  });

  test('opens on the right engine, empty, at version 0', async () => {
    const store = await open();
    expect(store.engine).toBe(engine);
    expect(await getDocument(store.db)).toEqual({ resources: [] });
    expect(await criteriaVersion(store.db)).toBe(0);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  test('migrations are idempotent: opening again keeps the data and runs nothing twice', async () => {
    const first = await open();
    await replaceDocument(first.db, three);
    await first.close();
    const again = await open();
    const third = await open(); // while `again` is open
    expect(await getDocument(again.db)).toEqual(three);
    expect(await criteriaVersion(third.db)).toBe(1);
    const migrations = await database.query('select name from kysely_migration');
    expect(migrations.map((m) => m.name).sort()).toEqual(Object.keys(migrationsFor('sqlite')).sort());
  });

  test('replace and read back: order, defaults and optional fields preserved', async () => {
    const store = await open();
    await replaceDocument(store.db, three);
    const document = await getDocument(store.db);
    expect(document).toEqual(three);
    expect(document.resources.map((r) => r.slug)).toEqual(['zeta', 'alpha', 'mid', 'texts', 'plain']);
    expect(document.resources[0]).toEqual({
      slug: 'zeta',
      name: 'Zeta',
      url: 'https://zeta.example/',
      enabled: true,
      criteria: { institutions: [], patronTypes: [], requireValidMembership: true, graceDays: 0 },
      release: { id: 'pairwise', attributes: ['institution', 'patronType'] },
    });
    expect(Object.keys(document.resources[0] ?? {})).not.toContain('deniedMessage');
    expect(await getResource(store.db, 'alpha')).toEqual(three.resources[1]);
    expect(await getResource(store.db, 'nope')).toBeUndefined();
  });

  test('replace removes the resources the new document leaves out', async () => {
    const store = await open();
    await replaceDocument(store.db, three);
    await replaceDocument(store.db, other);
    expect(await getDocument(store.db)).toEqual(other);
    expect(await getResource(store.db, 'zeta')).toBeUndefined();
    await replaceDocument(store.db, { resources: [] });
    expect(await getDocument(store.db)).toEqual({ resources: [] });
  });

  test('an invalid document is refused with its errors and changes nothing', async () => {
    const store = await open();
    await replaceDocument(store.db, three);
    const invalid = {
      resources: [
        { slug: 'ok', name: 'OK', url: 'https://ok.example/' },
        { slug: 'Bad Slug', name: 'Bad', url: 'ftp://bad.example/', criteria: { minage: 3 } },
      ],
    } as unknown as CriteriaDocument;
    const error = await replaceDocument(store.db, invalid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).code).toBe('STORE_INVALID_INPUT');
    expect((error as StoreValidationError).errors.map((e) => e.path)).toEqual([
      '$.resources[1].slug',
      '$.resources[1].url',
      '$.resources[1].criteria.minage',
    ]);
    expect(await getDocument(store.db)).toEqual(three);
    expect(await criteriaVersion(store.db)).toBe(1);
  });

  test('a failure in the middle of the transaction leaves the previous document and version', async () => {
    const store = await open();
    await replaceDocument(store.db, three);
    await database.failInsertsOf('boom');
    const failing = documentOf({
      resources: [
        { slug: 'fine', name: 'Fine', url: 'https://fine.example/' },
        { slug: 'boom', name: 'Boom', url: 'https://boom.example/' },
        { slug: 'after', name: 'After', url: 'https://after.example/' },
      ],
    });
    await expect(replaceDocument(store.db, failing)).rejects.toThrow(/simulated failure/);
    expect(await getDocument(store.db)).toEqual(three);
    expect(await criteriaVersion(store.db)).toBe(1);
    // The store is still usable afterwards.
    await replaceDocument(store.db, other);
    expect(await getDocument(store.db)).toEqual(other);
  });

  test('the version bumps on every replacement, seen by every instance', async () => {
    const a = await open();
    const b = await open();
    await replaceDocument(a.db, three);
    await replaceDocument(a.db, three); // the same document again still counts as a change
    expect(await criteriaVersion(a.db)).toBe(2);
    await replaceDocument(b.db, other);
    expect(await criteriaVersion(a.db)).toBe(3);
    expect(await getDocument(a.db)).toEqual(other);
  });

  test('concurrent replacements serialise: each succeeds, one wins whole', async () => {
    // On PostgreSQL they run on different pooled connections. Separate
    // processes on one SQLite file are tested in scripts/gateway.test.ts.
    const store = await open();
    const documents = [three, other, three, other, three, other];
    await Promise.all(documents.map((document) => replaceDocument(store.db, document)));
    expect(await criteriaVersion(store.db)).toBe(documents.length);
    expect([three, other]).toContainEqual(await getDocument(store.db));
  });

  test('a stored row that no longer parses is reported with its path, not served', async () => {
    const store = await open();
    await replaceDocument(store.db, three);
    await database.query(`update resources set criteria = '{"minAge": 500}' where slug = 'alpha'`);
    const error = await getDocument(store.db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoredDataError);
    expect((error as StoredDataError).errors).toEqual([
      { path: '$.resources[1].criteria.minAge', message: '"minAge" must be a whole number of years from 0 to 150.' },
    ]);
    expect((error as Error).message).toMatch(/import it again/);
    await expect(getResource(store.db, 'alpha')).rejects.toBeInstanceOf(StoredDataError);
    expect(await getResource(store.db, 'zeta')).toEqual(three.resources[0]);

    await database.query(`update resources set criteria = 'not json' where slug = 'mid'`);
    await expect(getResource(store.db, 'mid')).rejects.toThrow(/"mid" are not valid JSON/);
  });

  test('keeps each resource\'s release policy; a row from before it existed reads as the default; a broken one is reported', async () => {
    const store = await open();
    const released = documentOf({
      resources: [
        { slug: 'pid', name: 'Pid', url: 'https://pid.example/', release: { id: 'patron-pid', attributes: ['institution'] } },
        { slug: 'anon', name: 'Anon', url: 'https://anon.example/', release: { id: 'none', attributes: [] } },
        { slug: 'renamed', name: 'Renamed', url: 'https://renamed.example/', release: { sector: 'old-name' } },
      ],
    });
    await replaceDocument(store.db, released);
    expect(await getDocument(store.db)).toEqual(released);
    expect((await getResource(store.db, 'anon'))?.release).toEqual({ id: 'none', attributes: [] });

    await database.query(`update resources set release = null where slug = 'pid'`);
    expect((await getResource(store.db, 'pid'))?.release).toEqual({ id: 'pairwise', attributes: ['institution', 'patronType'] });

    await database.query(`update resources set release = '{"id": "email"}' where slug = 'anon'`);
    const error = await getDocument(store.db).catch((e: unknown) => e);
    expect((error as StoredDataError).errors.map((e) => e.path)).toEqual(['$.resources[1].release.id']);
    await database.query(`update resources set release = 'not json' where slug = 'renamed'`);
    await expect(getResource(store.db, 'renamed')).rejects.toThrow(/release policy of "renamed" is not valid JSON/);
  });

  test('decision counts add up across calls, duplicates included', async () => {
    const store = await open();
    await addDecisionCounts(store.db, [
      { day: '2025-03-01', resource: 'cairn', outcome: 'allowed', count: 2 },
      { day: '2025-03-01', resource: 'cairn', outcome: 'allowed', count: 1 },
      { day: '2025-03-01', resource: 'cairn', outcome: 'too_young', count: 1 },
    ]);
    await addDecisionCounts(store.db, [{ day: '2025-03-01', resource: 'cairn', outcome: 'allowed', count: 4 }]);
    await addDecisionCounts(store.db, []);
    expect(await decisionCounts(store.db, '2025-03-01', '2025-03-01')).toEqual([
      { day: '2025-03-01', resource: 'cairn', outcome: 'allowed', count: 7 },
      { day: '2025-03-01', resource: 'cairn', outcome: 'too_young', count: 1 },
    ]);
  });

  test('many distinct keys in one call (more than one INSERT)', async () => {
    const store = await open();
    const rows = Array.from({ length: 450 }, (_, i) => ({ day: '2025-01-01', resource: `r${String(i).padStart(3, '0')}`, outcome: 'allowed', count: i + 1 }));
    await addDecisionCounts(store.db, rows);
    await addDecisionCounts(store.db, rows);
    const stored = await decisionCounts(store.db, '2025-01-01', '2025-01-01');
    expect(stored).toHaveLength(450);
    expect(stored[449]).toEqual({ day: '2025-01-01', resource: 'r449', outcome: 'allowed', count: 900 });
  });

  test('range queries are inclusive and ordered by day, resource, outcome (the same on both engines)', async () => {
    const store = await open();
    const row = (day: string, resource: string, outcome: string, count = 1) => ({ day, resource, outcome, count });
    await addDecisionCounts(store.db, [
      row('2025-03-03', 'b', 'allowed'),
      row('2025-02-28', 'a', 'allowed'),
      row('2025-03-01', 'jstora', 'allowed'),
      row('2025-03-01', 'jstor-arts', 'membership_expired'),
      row('2025-03-01', 'jstor-arts', 'allowed'),
      row('2025-03-02', 'a', 'too_young'),
      row('2025-03-04', 'a', 'allowed'),
    ]);
    expect(await decisionCounts(store.db, '2025-03-01', '2025-03-03')).toEqual([
      row('2025-03-01', 'jstor-arts', 'allowed'),
      row('2025-03-01', 'jstor-arts', 'membership_expired'),
      row('2025-03-01', 'jstora', 'allowed'),
      row('2025-03-02', 'a', 'too_young'),
      row('2025-03-03', 'b', 'allowed'),
    ]);
    expect(await decisionCounts(store.db, '2025-03-05', '2025-03-09')).toEqual([]);
    expect(await decisionCounts(store.db, '2025-03-04', '2025-03-01')).toEqual([]);
    await expect(decisionCounts(store.db, '2025-3-1', '2025-03-01')).rejects.toBeInstanceOf(StoreValidationError);
  });

  test('invalid decision counts are refused whole', async () => {
    const store = await open();
    const error = await addDecisionCounts(store.db, [
      { day: '2025-03-01', resource: 'cairn', outcome: 'allowed', count: 1 },
      { day: '2025-02-30', resource: '', outcome: 'allowed', count: -1 },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreValidationError);
    expect((error as StoreValidationError).errors.map((e) => e.path)).toEqual(['$[1].day', '$[1].resource', '$[1].count']);
    expect(await decisionCounts(store.db, '2025-01-01', '2025-12-31')).toEqual([]);
  });

  test('close is idempotent; a closed store no longer answers', async () => {
    const store = await open();
    await store.close();
    await store.close();
    await expect(store.ping()).rejects.toThrow();
  });
});

describe('DATABASE_URL', () => {
  test('default, SQLite and PostgreSQL forms', () => {
    expect(databaseUrlDefault()).toBe('file:./data/gateway.db');
    expect(parseDatabaseUrl(undefined)).toEqual({ engine: 'sqlite', path: './data/gateway.db' });
    expect(parseDatabaseUrl('')).toEqual({ engine: 'sqlite', path: './data/gateway.db' });
    expect(parseDatabaseUrl('file:/var/lib/gw.db')).toEqual({ engine: 'sqlite', path: '/var/lib/gw.db' });
    expect(parseDatabaseUrl('file:///var/lib/gw.db')).toEqual({ engine: 'sqlite', path: '/var/lib/gw.db' });
    expect(parseDatabaseUrl(':memory:')).toEqual({ engine: 'sqlite', path: ':memory:' });
    for (const url of ['postgres://u@h/db', 'postgresql://u:p@h:5433/db?options=-c%20search_path%3Dgw']) {
      expect(parseDatabaseUrl(url)).toEqual({ engine: 'postgres', connectionString: url });
    }
  });

  test('anything else says what DATABASE_URL expects, without echoing the value', async () => {
    for (const url of ['mysql://root:hunter2@db/gw', './gateway.db', 'file:']) {
      const error = await openStore(url).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseUrlError);
      expect((error as Error).message).toMatch(/^DATABASE_URL must be file:<path> for SQLite .* postgres:\/\//);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  test('an in-memory SQLite store works', async () => {
    const store = await openStore(':memory:');
    await replaceDocument(store.db, other);
    expect(await getDocument(store.db)).toEqual(other);
    await store.close();
  });

  test('an unreachable PostgreSQL server fails the open clearly, without the password', async () => {
    const error = await openStore('postgres://gw:hunter2@127.0.0.1:1/gw').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toMatch(/^Cannot open the database \(PostgreSQL at 127\.0\.0\.1:1\/gw\): .*ECONNREFUSED/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  test('a SQLite file opens in a new folder, in WAL mode with a busy timeout', async () => {
    const { mkdtempSync, rmSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const folder = mkdtempSync(join(tmpdir(), 'gw-url-'));
    try {
      const file = join(folder, 'nested', 'deeper', 'gateway.db');
      const store = await openStore(`file:${file}`);
      expect(existsSync(file)).toBe(true);
      await store.close();
      const Database = (await import('better-sqlite3')).default;
      const db = new Database(file);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
