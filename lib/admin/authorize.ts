/**
 * The one door into the admin area. Every admin page, route handler and
 * server action asks `authorize` first, with the identity its session gives:
 * the role is read from the store on every call (a role removed a second ago
 * no longer opens anything), never from the cookie or the form.
 */
import type { Kysely } from 'kysely';
import { getStaff } from '../store/staff';
import type { Database } from '../store/tables';
import { isAdmin, type StaffMember } from './roles';

/** Who the request's session says it is; null when signed out. Nothing else is trusted. */
export type Identity = { userId: string } | null;

export type Authorization =
  | { ok: true; staff: StaffMember }
  /** No session: send to sign-in. */
  | { ok: false; code: 'signed-out' }
  /** Signed in, but not staff (or not admin where admins only are allowed): 403. */
  | { ok: false; code: 'not-staff' | 'admin-only' };

export async function authorize(identity: Identity, store: { db: Kysely<Database> }): Promise<Authorization> {
  if (!identity) return { ok: false, code: 'signed-out' };
  const record = await getStaff(store.db, identity.userId);
  if (!record) return { ok: false, code: 'not-staff' };
  return { ok: true, staff: { userId: record.userId, role: record.role, institutions: record.institutions, ...(record.name ? { name: record.name } : {}) } };
}

/** Like authorize, for what only admins may do (staff management). */
export async function authorizeAdmin(identity: Identity, store: { db: Kysely<Database> }): Promise<Authorization> {
  const result = await authorize(identity, store);
  if (result.ok && !isAdmin(result.staff)) return { ok: false, code: 'admin-only' };
  return result;
}
