/** The admin area's store functions on both engines: optimistic criteria replacement, staff, audit trail. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseCriteriaDocument, type CriteriaDocument } from '../access/criteria';
import { appendAudit, listAudit } from './audit';
import { criteriaVersion, CriteriaVersionConflict, getDocument, openStore, replaceDocument, type Store } from './index';
import { deleteStaff, getStaff, listStaff, putStaff, recordStaffName, staffNames } from './staff';
import { ENGINES, type TestDatabase } from './test-databases';

function documentOf(json: unknown): CriteriaDocument {
  const parsed = parseCriteriaDocument(json);
  if (!parsed.ok) throw new Error('invalid');
  return parsed.document;
}

const one = documentOf({ resources: [{ slug: 'a', name: 'A', url: 'https://a.example/' }] });
const two = documentOf({ resources: [{ slug: 'b', name: 'B', url: 'https://b.example/' }] });

describe.each(ENGINES)('admin tables on $engine', ({ create }) => {
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

  test('replaceDocument with expectedVersion: written when current, refused (nothing written) when not', async () => {
    await replaceDocument(store.db, one);
    const version = await criteriaVersion(store.db);
    await replaceDocument(store.db, two, { expectedVersion: version, alongside: (trx) => appendAudit(trx, { at: new Date(), actor: '1', action: 'criteria.import', target: 'document' }) });
    expect(await criteriaVersion(store.db)).toBe(version + 1);
    await expect(
      replaceDocument(store.db, one, { expectedVersion: version, alongside: (trx) => appendAudit(trx, { at: new Date(), actor: '1', action: 'criteria.import', target: 'document' }) }),
    ).rejects.toBeInstanceOf(CriteriaVersionConflict);
    expect(await getDocument(store.db)).toEqual(two);
    expect(await criteriaVersion(store.db)).toBe(version + 1);
    expect(await listAudit(store.db, { limit: 10 })).toHaveLength(1);
  });

  test('concurrent replacements from the same version: exactly one wins, the other is a conflict', async () => {
    // One store: on PostgreSQL two pooled connections race on the version row; on SQLite the
    // store's one connection takes them in turn (a second store in this process would block it).
    const version = await criteriaVersion(store.db);
    const results = await Promise.allSettled([replaceDocument(store.db, one, { expectedVersion: version }), replaceDocument(store.db, two, { expectedVersion: version })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(CriteriaVersionConflict) });
    expect(await criteriaVersion(store.db)).toBe(version + 1);
  });

  test('a failure inside the transaction rolls the change and its audit entry back', async () => {
    await replaceDocument(store.db, one);
    await expect(
      replaceDocument(store.db, two, {
        alongside: async (trx) => {
          await appendAudit(trx, { at: new Date(), actor: '1', action: 'criteria.import', target: 'document' });
          throw new Error('boom');
        },
      }),
    ).rejects.toThrow('boom');
    expect(await getDocument(store.db)).toEqual(one);
    expect(await listAudit(store.db, { limit: 10 })).toEqual([]);
  });

  test('staff: add, change, list, remove', async () => {
    const at = new Date('2026-01-02T03:04:05Z');
    await putStaff(store.db, { userId: '20', role: 'librarian', institutions: ['vs', 'rbnj', 'vs'] }, at);
    await putStaff(store.db, { userId: '3', role: 'admin', institutions: ['ignored'] }, at);
    expect(await getStaff(store.db, '20')).toEqual({ userId: '20', role: 'librarian', institutions: ['rbnj', 'vs'], createdAt: at.toISOString(), updatedAt: at.toISOString() });
    const later = new Date('2026-02-01T00:00:00Z');
    await putStaff(store.db, { userId: '20', role: 'admin', institutions: [] }, later);
    expect(await getStaff(store.db, '20')).toMatchObject({ role: 'admin', institutions: [], createdAt: at.toISOString(), updatedAt: later.toISOString() });
    expect((await listStaff(store.db)).map((s) => s.userId)).toEqual(['3', '20']);
    expect(await deleteStaff(store.db, '20')).toMatchObject({ userId: '20' });
    expect(await deleteStaff(store.db, '20')).toBeUndefined();
  });

  test('staff names: kept for staff only, replaced at each sign-in, gone with the row', async () => {
    const at = new Date('2026-01-02T03:04:05Z');
    await putStaff(store.db, { userId: '20', role: 'librarian', institutions: ['vs'] }, at);
    expect(await recordStaffName(store.db, '20', 'Favre, Marie')).toBe(true);
    expect(await recordStaffName(store.db, '30', 'Meier, Noah')).toBe(false);
    expect(await store.db.selectFrom('staff').select('user_id').execute()).toEqual([{ user_id: '20' }]);
    expect(await getStaff(store.db, '20')).toEqual({ userId: '20', role: 'librarian', institutions: ['vs'], createdAt: at.toISOString(), updatedAt: at.toISOString(), name: 'Favre, Marie' });
    // A change of role keeps the name; a sign-in without one clears it.
    await putStaff(store.db, { userId: '20', role: 'admin', institutions: [] }, at);
    expect(await staffNames(store.db, ['20', '30', '20'])).toEqual(new Map([['20', 'Favre, Marie']]));
    await recordStaffName(store.db, '20', undefined);
    expect(await staffNames(store.db, ['20'])).toEqual(new Map());
    await recordStaffName(store.db, '20', 'Favre-Roduit, Marie');
    await deleteStaff(store.db, '20');
    await putStaff(store.db, { userId: '20', role: 'librarian', institutions: ['vs'] }, at);
    expect(await getStaff(store.db, '20')).not.toHaveProperty('name');
    expect(await staffNames(store.db, [])).toEqual(new Map());
  });

  test('audit: newest first, with cursors, JSON kept as it was', async () => {
    for (let i = 1; i <= 5; i++) await appendAudit(store.db, { at: new Date(Date.UTC(2026, 0, i)), actor: String(i), action: 'staff.add', target: `t${i}`, before: i === 1 ? undefined : { n: i - 1 }, after: { n: i, list: ['x'] } });
    const newest = await listAudit(store.db, { limit: 2 });
    expect(newest.map((e) => e.target)).toEqual(['t5', 't4']);
    expect(newest[0]).toMatchObject({ actor: '5', before: { n: 4 }, after: { n: 5, list: ['x'] }, at: '2026-01-05T00:00:00.000Z' });
    const older = await listAudit(store.db, { limit: 10, olderThan: newest[1]?.id });
    expect(older.map((e) => e.target)).toEqual(['t3', 't2', 't1']);
    expect(older[2]?.before).toBeNull();
    const newer = await listAudit(store.db, { limit: 2, newerThan: older[2]?.id });
    expect(newer.map((e) => e.target)).toEqual(['t3', 't2']);
  });
});
