/**
 * The audit trail (table `audit_log`, migration 0002): who changed what,
 * when, with the thing before and after. Append-only by construction: this
 * module offers no update and no delete.
 */
import type { Kysely } from 'kysely';
import type { Database } from './tables';

/** Actors that are not a RERO+ user id. */
export const CLI_ACTOR = 'cli';
export const SYSTEM_ACTOR = 'system';

export type AuditAction =
  | 'resource.create'
  | 'resource.update'
  | 'resource.enable'
  | 'resource.disable'
  | 'resource.delete'
  | 'criteria.import'
  | 'institution.create'
  | 'institution.update'
  | 'institution.delete'
  | 'patron-type.create'
  | 'patron-type.update'
  | 'patron-type.delete'
  | 'staff.add'
  | 'staff.update'
  | 'staff.remove'
  | 'staff.bootstrap'
  | 'connection.create'
  | 'connection.update'
  | 'connection.delete'
  | 'sessions.end'
  | 'sessions.end-all';

export interface AuditInput {
  at: Date;
  /** RERO+ user id, or CLI_ACTOR / SYSTEM_ACTOR. */
  actor: string;
  action: AuditAction;
  /** A resource slug, a staff user id, a directory code, or "document". */
  target: string;
  /** Plain data, stored as JSON; undefined when the thing did not exist. Never a secret. */
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** `db` may be a transaction, so that the entry commits or rolls back with the change it records. */
export async function appendAudit(db: Kysely<Database>, entry: AuditInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Entries newest first. `olderThan` / `newerThan` are entry ids (cursors):
 * with `newerThan`, the `limit` entries just after it, still newest first.
 */
export async function listAudit(
  db: Kysely<Database>,
  { limit, olderThan, newerThan }: { limit: number; olderThan?: number; newerThan?: number },
): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (olderThan !== undefined) query = query.where('id', '<', olderThan);
  if (newerThan !== undefined) query = query.where('id', '>', newerThan);
  const rows = await query
    .orderBy('id', newerThan !== undefined ? 'asc' : 'desc')
    .limit(limit)
    .execute();
  if (newerThan !== undefined) rows.reverse();
  return rows.map((row) => ({
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    before: parse(row.before),
    after: parse(row.after),
  }));
}
