/**
 * The `connections` table (migration 0004): one row per provider connection,
 * its non-secret settings as JSON text and its secrets sealed by
 * lib/connections/secrets.ts. This file only moves rows; validation and
 * encryption are lib/connections'.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ConnectionsTable, Database } from './tables';

export type ConnectionRow = Selectable<ConnectionsTable>;

/** All rows, in document order. */
export async function listConnectionRows(db: Kysely<Database>): Promise<ConnectionRow[]> {
  return db.selectFrom('connections').selectAll().orderBy('position').orderBy('id').execute();
}

export async function getConnectionRow(db: Kysely<Database>, id: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts or replaces one row; a new one goes last, an existing one keeps its place. */
export async function saveConnectionRow(db: Kysely<Database>, row: Omit<ConnectionRow, 'position'>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('connections').select('position').where('id', '=', row.id).executeTakeFirst();
    const last = existing ? undefined : await trx.selectFrom('connections').select((eb) => eb.fn.max('position').as('position')).executeTakeFirst();
    const position = existing?.position ?? (last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1);
    await trx
      .insertInto('connections')
      .values({ ...row, position })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ provider: row.provider, settings: row.settings, secrets: row.secrets, updated_at: row.updated_at }),
      )
      .execute();
  });
}

/** True when a row was deleted. */
export async function deleteConnectionRow(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('connections').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Replaces every row: in its own transaction, or inside the caller's when
 * `db` is one (an import writes resources and connections together).
 */
export async function replaceConnectionRows(db: Kysely<Database>, rows: ConnectionRow[]): Promise<void> {
  const write = async (trx: Kysely<Database>) => {
    await trx.deleteFrom('connections').execute();
    if (rows.length > 0) await trx.insertInto('connections').values(rows).execute();
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}
