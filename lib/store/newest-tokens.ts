/**
 * The newest RERO+ token pair per patron (table `newest_tokens`), sealed by
 * the session room before it is written (lib/session/stored.ts says why and
 * how it is used). Queries only.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './tables';

/** Rows created by "sign out on all devices" before migration 0007 hold no pair. */
const NO_PAIR = '';

const iso = (ms: number) => new Date(ms).toISOString();

/** The patron's sealed pair, or undefined when none is kept. */
export async function readNewestPair(db: Kysely<Database>, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('newest_tokens').select(['sealed']).where('user_id', '=', userId).executeTakeFirst();
  return row && row.sealed !== NO_PAIR ? row.sealed : undefined;
}

/** Upsert that never replaces a newer pair (by `obtainedAt`) with an older one. */
export async function writeNewestPair(db: Kysely<Database>, pair: { userId: string; sealed: string; obtainedAt: number; now: number }): Promise<void> {
  await db
    .insertInto('newest_tokens')
    .values({ user_id: pair.userId, sealed: pair.sealed, obtained_at: iso(pair.obtainedAt), updated_at: iso(pair.now), revoked_at: null })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet((eb) => ({
          sealed: eb.ref('excluded.sealed'),
          obtained_at: eb.ref('excluded.obtained_at'),
          updated_at: eb.ref('excluded.updated_at'),
        }))
        .where('newest_tokens.obtained_at', '<=', (eb) => eb.ref('excluded.obtained_at')),
    )
    .execute();
}

/**
 * PostgreSQL only: takes the transaction-scoped advisory lock of one
 * patron's revalidation, released when `trx` ends however it ends.
 */
export async function lockRevalidation(trx: Kysely<Database>, userId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`rero-gateway:revalidate:${userId}`}))`.execute(trx);
}
