/**
 * Staff of the admin area: RERO+ user ids with a role (table `staff`,
 * migration 0002), and the name each had at their last sign-in (migration
 * 0012). Who may do what with a role is decided in lib/admin/roles.ts;
 * this module only reads and writes rows.
 *
 * Names are kept for staff only and only in this table: sessions carry none
 * (lib/session/cookie.ts), audit entries keep the user id and look the name
 * up when shown. Removing a staff member's row erases their name everywhere.
 */
import type { Kysely } from 'kysely';
import type { Database } from './tables';

export type StaffRole = 'admin' | 'librarian';

export interface StoredStaff {
  /** RERO+ `user_id`. */
  userId: string;
  role: StaffRole;
  /** Institution codes a librarian is limited to; [] for admins. */
  institutions: string[];
  /** ISO 8601 UTC. */
  createdAt: string;
  updatedAt: string;
  /** RERO+ `fullname` at the last sign-in ("Last, First"); absent before it, or when RERO+ gave none. */
  name?: string;
}

type Row = Database['staff'];

function fromRow(row: Row): StoredStaff {
  let institutions: unknown;
  try {
    institutions = JSON.parse(row.institutions);
  } catch {
    institutions = [];
  }
  return {
    userId: row.user_id,
    // A row written under other rules is read as the narrowest role.
    role: row.role === 'admin' ? 'admin' : 'librarian',
    institutions: Array.isArray(institutions) ? institutions.filter((code): code is string => typeof code === 'string') : [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.name ? { name: row.name } : {}),
  };
}

/** `db` may be a transaction: every function here runs inside the caller's. */
export async function getStaff(db: Kysely<Database>, userId: string): Promise<StoredStaff | undefined> {
  const row = await db.selectFrom('staff').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row && fromRow(row);
}

/** Admins first, then librarians; by user id within a role. */
export async function listStaff(db: Kysely<Database>): Promise<StoredStaff[]> {
  const rows = await db.selectFrom('staff').selectAll().execute();
  const rank = (role: StaffRole) => (role === 'admin' ? 0 : 1);
  return rows
    .map(fromRow)
    .sort((a, b) => rank(a.role) - rank(b.role) || a.userId.length - b.userId.length || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/**
 * Takes the write lock before reading: on SQLite a transaction that reads
 * first and writes later fails at once (SQLITE_BUSY) when another process
 * writes meanwhile, instead of waiting; on PostgreSQL it locks the row.
 */
export async function lockStaffRow(db: Kysely<Database>, userId: string): Promise<void> {
  await db
    .updateTable('staff')
    .set((eb) => ({ user_id: eb.ref('user_id') }))
    .where('user_id', '=', userId)
    .execute();
}

/** Adds the member, or changes the role and institutions of an existing one. */
export async function putStaff(
  db: Kysely<Database>,
  member: { userId: string; role: StaffRole; institutions: string[] },
  now: Date,
): Promise<StoredStaff> {
  const at = now.toISOString();
  const institutions = JSON.stringify(member.role === 'admin' ? [] : [...new Set(member.institutions)].sort());
  await db
    .insertInto('staff')
    .values({ user_id: member.userId, role: member.role, institutions, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ role: member.role, institutions, updated_at: at }))
    .execute();
  const stored = await getStaff(db, member.userId);
  if (!stored) throw new Error(`staff ${member.userId} was not stored`);
  return stored;
}

/** Removes the member; the removed record, or undefined when there was none. */
export async function deleteStaff(db: Kysely<Database>, userId: string): Promise<StoredStaff | undefined> {
  const before = await getStaff(db, userId);
  if (before) await db.deleteFrom('staff').where('user_id', '=', userId).execute();
  return before;
}

/**
 * A sign-in of `userId`: keeps the name RERO+ gave (or none) when they are
 * staff; changes nothing for anyone else. True when they are staff. Not a
 * change of rights: `updated_at` stays, and no audit entry is written.
 */
export async function recordStaffName(db: Kysely<Database>, userId: string, name: string | undefined): Promise<boolean> {
  const result = await db
    .updateTable('staff')
    .set({ name: name ?? null })
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The known names of these user ids (staff who signed in since they were added); the others are left out. */
export async function staffNames(db: Kysely<Database>, userIds: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(userIds)];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('staff').select(['user_id', 'name']).where('user_id', 'in', wanted).where('name', 'is not', null).execute();
  return new Map(rows.flatMap((row) => (row.name ? [[row.user_id, row.name] as const] : [])));
}
