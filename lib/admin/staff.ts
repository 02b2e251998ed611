/**
 * Staff changes with their audit entry, in one transaction: shared by the
 * admin area (after lib/admin/actions.ts has authorized the actor), the
 * command line (actor "cli") and the start-up bootstrap of ADMIN_USER_IDS
 * (actor "system").
 */
import type { Kysely } from 'kysely';
import { appendAudit, SYSTEM_ACTOR } from '../store/audit';
import { deleteStaff, getStaff, lockStaffRow, putStaff, recordStaffName, type StoredStaff, type StaffRole } from '../store/staff';
import type { Database } from '../store/tables';
import { displayName } from '../patron';
import { codes, type FieldErrors } from './resource-form';

export interface StaffInput {
  userId: string;
  role: StaffRole;
  institutions: string[];
}

/**
 * What the audit keeps of a staff member: the user id, never the name. The
 * trail looks the name up in the staff table when it is shown, so removing a
 * staff member erases their name from every entry at once.
 */
function audited(record: StoredStaff | undefined) {
  return record && { userId: record.userId, role: record.role, institutions: record.institutions };
}

function sameRights(before: StoredStaff | undefined, member: StaffInput): boolean {
  return before !== undefined && before.role === member.role && JSON.stringify(before.institutions) === JSON.stringify([...new Set(member.institutions)].sort());
}

const INSTITUTION_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** Checks a staff form (or command line): RERO+ user ids are digits; a librarian needs institutions; an admin has none. */
export function readStaffInput(input: { userId: string; role: string; institutions: string | string[] }): { ok: true; member: StaffInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const userId = input.userId.trim();
  if (!/^\d{1,20}$/.test(userId)) errors.userId = { key: 'userId' };
  const role = input.role === 'admin' || input.role === 'librarian' ? input.role : undefined;
  if (!role) errors.role = { key: 'role' };
  const institutions = Array.isArray(input.institutions) ? input.institutions.flatMap(codes) : codes(input.institutions);
  if (institutions.some((code) => !INSTITUTION_CODE.test(code))) errors.institutions = { key: 'codes' };
  else if (role === 'librarian' && institutions.length === 0) errors.institutions = { key: 'librarianInstitutions' };
  else if (role === 'admin' && institutions.length > 0) errors.institutions = { key: 'adminInstitutions' };
  if (!role || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, member: { userId, role, institutions: role === 'admin' ? [] : institutions } };
}

/**
 * Adds or changes a staff member; the audit entry commits with it. Giving a
 * member the role and institutions they already have writes nothing, and no
 * entry (`changed: false`).
 */
export async function setStaff(
  db: Kysely<Database>,
  actor: string,
  member: StaffInput,
  now: Date,
): Promise<{ before?: StoredStaff; after: StoredStaff; changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    await lockStaffRow(trx, member.userId);
    const before = await getStaff(trx, member.userId);
    if (before && sameRights(before, member)) return { before, after: before, changed: false };
    const after = await putStaff(trx, member, now);
    await appendAudit(trx, { at: now, actor, action: before ? 'staff.update' : 'staff.add', target: member.userId, before: audited(before), after: audited(after) });
    return before ? { before, after, changed: true } : { after, changed: true };
  });
}

/**
 * A sign-in: a staff member's name as RERO+ gave it this time is kept (none
 * when RERO+ gave none); nobody else's name is kept anywhere. True when the
 * person is staff.
 */
export async function noteSignIn(db: Kysely<Database>, person: { userId: string; name?: string }): Promise<boolean> {
  const name = person.name?.trim();
  return recordStaffName(db, person.userId, name ? name.slice(0, NAME_MAX_LENGTH) : undefined);
}

/** Longer names are cut: RERO+ has no documented limit, and a page must not carry a novel. */
export const NAME_MAX_LENGTH = 200;

/** Removes a staff member; undefined (and no audit entry) when there was none. */
export async function removeStaff(db: Kysely<Database>, actor: string, userId: string, now: Date): Promise<StoredStaff | undefined> {
  return db.transaction().execute(async (trx) => {
    await lockStaffRow(trx, userId);
    const before = await deleteStaff(trx, userId);
    if (before) await appendAudit(trx, { at: now, actor, action: 'staff.remove', target: userId, before: audited(before) });
    return before;
  });
}

/**
 * ADMIN_USER_IDS at start-up: each becomes an admin unless already one.
 * Idempotent: a restart changes nothing and writes no audit entry.
 */
export async function bootstrapAdmins(db: Kysely<Database>, userIds: readonly string[], now: Date): Promise<string[]> {
  const promoted: string[] = [];
  for (const userId of userIds) {
    const done = await db.transaction().execute(async (trx) => {
      await lockStaffRow(trx, userId);
      const before = await getStaff(trx, userId);
      if (before?.role === 'admin') return false;
      const after = await putStaff(trx, { userId, role: 'admin', institutions: [] }, now);
      await appendAudit(trx, { at: now, actor: SYSTEM_ACTOR, action: 'staff.bootstrap', target: userId, before: audited(before), after: audited(after) });
      return true;
    });
    if (done) promoted.push(userId);
  }
  return promoted;
}

/**
 * How a staff member reads on a page: "Louis Roduit" (RERO+ gives "Roduit,
 * Louis"), or "#1001" until their first sign-in since they were added (or
 * once their name is erased). Plain text: pages render it as text, never as markup.
 */
export function staffLabel(member: { userId: string; name?: string | undefined }): string {
  return member.name ? displayName({ userId: member.userId, name: member.name }) : `#${member.userId}`;
}

/** Where the user id matters too (the audit trail, removal): "Louis Roduit (#1001)", or "#1001". */
export function staffLabelWithId(member: { userId: string; name?: string | undefined }): string {
  return member.name ? `${staffLabel(member)} (#${member.userId})` : `#${member.userId}`;
}
