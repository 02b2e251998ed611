/**
 * The pseudonym key against real databases (SQLite and PostgreSQL): created
 * once and shared, never in clear in a dump, re-sealed when SESSION_SECRET
 * rotates, and refused, not replaced, when no configured secret opens it.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { openStore, type Store } from '../store';
import { ENGINES, type TestDatabase } from '../store/test-databases';
import { pairwisePseudonym, type PseudonymKey } from './pseudonym';
import { PseudonymKeyError, openPseudonymKey } from './pseudonym-key';

const A = 'session-secret-a-0123456789abcdefghijklmnop';
const B = 'session-secret-b-0123456789abcdefghijklmnop';
const C = 'session-secret-c-0123456789abcdefghijklmnop';

/** What the key gives, compared without ever printing it. */
const sample = (key: PseudonymKey) => ['1001', '1002', '7653'].flatMap((user) => ['cairn', 'jstor'].map((sector) => pairwisePseudonym(key, user, sector)));

describe.each(ENGINES)('the pseudonym key on $engine', ({ engine, create }) => {
  const databases: TestDatabase[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await Promise.all(databases.splice(0).map((d) => d.drop()));
  });
  async function database() {
    const db = await create();
    databases.push(db);
    return db;
  }
  async function open(db: TestDatabase) {
    const store = await openStore(db.url);
    stores.push(store);
    return store;
  }

  test('is created once and kept: a restart and a second instance get the same pseudonyms', async () => {
    const db = await database();
    const first = await openPseudonymKey(await open(db), { current: A, previous: [] });
    const sealed = await db.query('select sealed from pseudonym_key');
    expect(sealed).toHaveLength(1);
    const again = await openPseudonymKey(await open(db), { current: A, previous: [] });
    expect(sample(again)).toEqual(sample(first));
    expect(await db.query('select sealed from pseudonym_key')).toEqual(sealed);
  });

  test('a different key (another database) gives different pseudonyms', async () => {
    const one = await openPseudonymKey(await open(await database()), { current: A, previous: [] });
    const other = await openPseudonymKey(await open(await database()), { current: A, previous: [] });
    const [a, b] = [sample(one), sample(other)];
    for (let i = 0; i < a.length; i++) expect(a[i]).not.toBe(b[i]);
  });

  test('is not in clear in a dump of the database, in any encoding', async () => {
    const db = await database();
    const key = await openPseudonymKey(await open(db), { current: A, previous: [] });
    const raw = key.secret.export();
    const dump = await db.dump();
    expect(dump.length).toBeGreaterThan(0);
    expect(dump.includes(raw)).toBe(false);
    for (const encoding of ['hex', 'base64', 'base64url'] as const) {
      const text = raw.toString(encoding);
      expect(dump.includes(Buffer.from(text))).toBe(false);
      expect(dump.includes(Buffer.from(text.toUpperCase()))).toBe(false);
    }
    // The dump does hold the row, sealed.
    expect(dump.toString('latin1')).toContain('Fe26.2*');
  });

  test('is re-sealed under a new SESSION_SECRET while the old one is in SESSION_SECRET_PREVIOUS, and keeps its pseudonyms', async () => {
    const db = await database();
    const store = await open(db);
    const before = sample(await openPseudonymKey(store, { current: A, previous: [] }));
    const [sealedUnderA] = await db.query('select sealed from pseudonym_key');

    const rotated = await openPseudonymKey(store, { current: B, previous: [A] });
    expect(sample(rotated)).toEqual(before);
    const [sealedUnderB] = await db.query('select sealed from pseudonym_key');
    expect(sealedUnderB?.sealed).not.toBe(sealedUnderA?.sealed);

    // The old secret can go: the key opens with the new one alone.
    expect(sample(await openPseudonymKey(store, { current: B, previous: [] }))).toEqual(before);
  });

  test('that no configured secret opens is refused, naming the cause, and never replaced', async () => {
    const db = await database();
    const store = await open(db);
    await openPseudonymKey(store, { current: A, previous: [] });
    const rows = await db.query('select sealed, created_at from pseudonym_key');

    const error = await openPseudonymKey(store, { current: C, previous: [B] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PseudonymKeyError);
    expect((error as PseudonymKeyError).code).toBe('pseudonym_key_unreadable');
    expect((error as Error).message).toMatch(/SESSION_SECRET or SESSION_SECRET_PREVIOUS/);
    expect((error as Error).message).toMatch(/No new key is made/);
    expect(await db.query('select sealed, created_at from pseudonym_key')).toEqual(rows);

    await db.query(`update pseudonym_key set sealed = 'damaged'`);
    await expect(openPseudonymKey(store, { current: A, previous: [] })).rejects.toBeInstanceOf(PseudonymKeyError);
  });

  if (engine === 'postgres') {
    test('two instances starting together on one PostgreSQL agree on the key', async () => {
      const db = await database();
      const [one, two] = [await open(db), await open(db)];
      const keys = await Promise.all([openPseudonymKey(one, { current: A, previous: [] }), openPseudonymKey(two, { current: A, previous: [] })]);
      expect(sample(keys[0])).toEqual(sample(keys[1]));
      expect(await db.query('select count(*)::int as n from pseudonym_key')).toEqual([{ n: 1 }]);
      // And a third, later, agrees too.
      expect(sample(await openPseudonymKey(await open(db), { current: A, previous: [] }))).toEqual(sample(keys[0]));
    });
  }
});
