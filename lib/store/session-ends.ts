/**
 * Recorded ends of sessions (tables `session_ends` and `session_generations`,
 * migration 0007); what they mean is told in lib/session/ends.ts. Rows are
 * appended, read by every instance's feed in `seq` order, and purged once
 * every session they end has expired anyway.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, SessionEndsTable } from './tables';

/** One recorded end. */
export type SessionEnd =
  | { seq: number; kind: 'session'; sessionId: string; expiresAt: number }
  | { seq: number; kind: 'patron'; userId: string; generation: number; expiresAt: number }
  | { seq: number; kind: 'all'; generation: number; expiresAt: number };

export interface Generations {
  /** The patron's current generation (0 when never raised). */
  generation: number;
  /** The gateway-wide generation (0 when never raised). */
  epoch: number;
}

const ALL = 'all';
const patronScope = (userId: string) => `patron:${userId}`;

/** Ends one session (sign-out). */
export async function endSession(db: Kysely<Database>, sessionId: string, expiresAt: number): Promise<SessionEnd> {
  const row = await db
    .insertInto('session_ends')
    .values({ kind: 'session', session_id: sessionId, user_id: null, generation: null, expires_at: expiresAt })
    .returning('seq')
    .executeTakeFirstOrThrow();
  return { seq: row.seq, kind: 'session', sessionId, expiresAt };
}

/** Ends every session of the patron that exists now: raises the patron's generation. */
export async function endPatron(db: Kysely<Database>, userId: string, expiresAt: number): Promise<SessionEnd> {
  const { seq, generation } = await raise(db, patronScope(userId), expiresAt);
  return { seq, kind: 'patron', userId, generation, expiresAt };
}

/** Ends every session of every patron that exists now: raises the gateway-wide generation. */
export async function endAll(db: Kysely<Database>, expiresAt: number): Promise<SessionEnd> {
  const { seq, generation } = await raise(db, ALL, expiresAt);
  return { seq, kind: 'all', generation, expiresAt };
}

function raise(db: Kysely<Database>, scope: string, expiresAt: number): Promise<{ seq: number; generation: number }> {
  // One transaction: the new generation and the row that announces it commit together.
  return db.transaction().execute(async (trx) => {
    const { generation } = await trx
      .insertInto('session_generations')
      .values({ scope, generation: 1 })
      .onConflict((oc) => oc.column('scope').doUpdateSet({ generation: sql<number>`session_generations.generation + 1` }))
      .returning('generation')
      .executeTakeFirstOrThrow();
    const { seq } = await trx
      .insertInto('session_ends')
      .values({
        kind: scope === ALL ? 'all' : 'patron',
        session_id: null,
        user_id: scope === ALL ? null : scope.slice('patron:'.length),
        generation,
        expires_at: expiresAt,
      })
      .returning('seq')
      .executeTakeFirstOrThrow();
    return { seq, generation: Number(generation) };
  });
}

/** The generations a session signed in now carries. */
export async function sessionGenerations(db: Kysely<Database>, userId: string): Promise<Generations> {
  const rows = await db.selectFrom('session_generations').select(['scope', 'generation']).where('scope', 'in', [patronScope(userId), ALL]).execute();
  const of = (scope: string) => Number(rows.find((r) => r.scope === scope)?.generation ?? 0);
  return { generation: of(patronScope(userId)), epoch: of(ALL) };
}

/** At most `limit` ends recorded with `seq` greater than `after`, in `seq` order. */
export async function endsAfter(db: Kysely<Database>, after: number, limit = 10_000): Promise<SessionEnd[]> {
  return toEnds(await db.selectFrom('session_ends').selectAll().where('seq', '>', after).orderBy('seq').limit(limit).execute());
}

/** The ends with these numbers, of those that exist. */
export async function endsAmong(db: Kysely<Database>, seqs: number[]): Promise<SessionEnd[]> {
  if (seqs.length === 0) return [];
  const found: SessionEnd[] = [];
  for (let i = 0; i < seqs.length; i += 500) {
    found.push(...toEnds(await db.selectFrom('session_ends').selectAll().where('seq', 'in', seqs.slice(i, i + 500)).orderBy('seq').execute()));
  }
  return found;
}

/** Deletes ends whose sessions have all expired; the generations stay (new sessions must carry them). */
export async function purgeExpiredEnds(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db.deleteFrom('session_ends').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toEnds(rows: Selectable<SessionEndsTable>[]): SessionEnd[] {
  return rows.flatMap((row): SessionEnd[] => {
    const expiresAt = Number(row.expires_at);
    if (row.kind === 'session' && row.session_id) return [{ seq: row.seq, kind: 'session', sessionId: row.session_id, expiresAt }];
    if (row.kind === 'patron' && row.user_id && row.generation !== null) return [{ seq: row.seq, kind: 'patron', userId: row.user_id, generation: Number(row.generation), expiresAt }];
    if (row.kind === 'all' && row.generation !== null) return [{ seq: row.seq, kind: 'all', generation: Number(row.generation), expiresAt }];
    return [];
  });
}
