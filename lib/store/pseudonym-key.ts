/**
 * The one row of the pseudonym key (table `pseudonym_key`), sealed by
 * lib/release/pseudonym-key.ts: this file only reads and writes the sealed
 * text. Every instance on the database shares the row.
 */
import type { Kysely } from 'kysely';
import type { Database } from './tables';

const ROW = 1;

export async function readSealedPseudonymKey(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db.selectFrom('pseudonym_key').select('sealed').where('id', '=', ROW).executeTakeFirst();
  return row?.sealed;
}

/** Stores `sealed` unless a key is stored already: of instances starting together, the first one's key wins. */
export async function insertSealedPseudonymKeyIfAbsent(db: Kysely<Database>, sealed: string, at: Date): Promise<void> {
  const now = at.toISOString();
  await db
    .insertInto('pseudonym_key')
    .values({ id: ROW, sealed, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Replaces the sealed key only if it is still `from` (another instance may have re-sealed it meanwhile). */
export async function resealPseudonymKey(db: Kysely<Database>, from: string, to: string, at: Date): Promise<void> {
  await db.updateTable('pseudonym_key').set({ sealed: to, updated_at: at.toISOString() }).where('id', '=', ROW).where('sealed', '=', from).execute();
}
