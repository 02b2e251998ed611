/**
 * The schema, as migrations written in code: Next bundles the app, so files
 * read at run time would not be traced into the build. Applied by `openStore`.
 *
 * To change the schema, append a migration with the next number; never edit
 * one that has been released (the database records which ones ran, by name,
 * and Kysely runs them in name order).
 */
import { Kysely, Migrator, sql, type Migration } from 'kysely';
import type { Engine } from './database-url';

// Migrations see the database as it was when they were written, not as
// `Database` describes it today, hence `any` (as Kysely's guide advises).
type AnyDb = Kysely<any>;

/** A generated, increasing row id: SQLite's rowid alias, PostgreSQL's serial. */
function idColumn(engine: Engine) {
  return engine === 'postgres' ? ('serial' as const) : ('integer' as const);
}

export function migrationsFor(engine: Engine): Record<string, Migration> {
  return {
  ...migrations,
  '0002_staff_and_audit': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('staff')
        .addColumn('user_id', 'text', (col) => col.primaryKey())
        .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('admin', 'librarian')`))
        // JSON array of institution codes (empty for admins).
        .addColumn('institutions', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', idColumn(engine), (col) => (engine === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement()))
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('target', 'text', (col) => col.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    },
  },
  '0003_newest_tokens': {
    async up(db: AnyDb) {
      // The newest RERO+ token pair per patron, sealed with a server key (never in clear).
      await db.schema
        .createTable('newest_tokens')
        .addColumn('user_id', 'text', (col) => col.primaryKey())
        .addColumn('sealed', 'text', (col) => col.notNull())
        // ISO 8601 UTC with milliseconds: compares as text.
        .addColumn('obtained_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
    },
  },
  '0005_rate_limits': {
    async up(db: AnyDb) {
      // Fixed one-minute windows of requests per key (route + client address), shared by every instance.
      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'text', (col) => col.notNull())
        .addColumn('window', 'text', (col) => col.notNull())
        .addColumn('count', 'integer', (col) => col.notNull())
        .addPrimaryKeyConstraint('rate_limits_pk', ['key', 'window'])
        .execute();
    },
  },
  '0006_newest_tokens_revoked_at': {
    async up(db: AnyDb) {
      // A sign-out everywhere is kept apart from the pair, so that a later sign-in cannot undo it.
      await db.schema.alterTable('newest_tokens').addColumn('revoked_at', 'text').execute();
    },
  },
  '0007_session_ends': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('session_ends')
        .addColumn('seq', idColumn(engine), (col) => (engine === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement()))
        .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('session', 'patron', 'all')`))
        .addColumn('session_id', 'text')
        .addColumn('user_id', 'text')
        .addColumn('generation', 'integer')
        // Epoch milliseconds (beyond 32 bits).
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('session_ends_expires_at').on('session_ends').column('expires_at').execute();
      await db.schema
        .createTable('session_generations')
        .addColumn('scope', 'text', (col) => col.primaryKey())
        .addColumn('generation', 'integer', (col) => col.notNull())
        .execute();
      // "Sign out on all devices" was a time per patron: each becomes generation 1, which ends every
      // session sealed before session generations existed (they carry none, read as 0). Failing closed:
      // a patron who signed in again since then signs in once more.
      const revoked = await db.selectFrom('newest_tokens').select(['user_id', 'revoked_at']).where('revoked_at', 'is not', null).execute();
      for (const row of revoked as { user_id: string; revoked_at: string }[]) {
        await db.insertInto('session_generations').values({ scope: `patron:${row.user_id}`, generation: 1 }).execute();
        const expiresAt = Date.parse(row.revoked_at) + 366 * 24 * 3600 * 1000;
        await db.insertInto('session_ends').values({ kind: 'patron', user_id: row.user_id, generation: 1, expires_at: expiresAt }).execute();
      }
    },
  },
  '0008_resource_release': {
    async up(db: AnyDb) {
      // The resource's release policy as JSON text; null (rows written before) reads as the default.
      await db.schema.alterTable('resources').addColumn('release', 'text').execute();
    },
  },
  '0009_pseudonym_key': {
    async up(db: AnyDb) {
      // One row: the key of the pairwise pseudonyms, sealed under a key derived from
      // SESSION_SECRET (lib/release/pseudonym-key.ts), never in clear.
      await db.schema
        .createTable('pseudonym_key')
        .addColumn('id', 'integer', (col) => col.primaryKey().check(sql`id = 1`))
        .addColumn('sealed', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
    },
  },
  '0010_resource_upstream': {
    async up(db: AnyDb) {
      // A resource behind a provider connection (JSON text); null: none.
      await db.schema.alterTable('resources').addColumn('upstream', 'text').execute();
    },
  },
  '0011_directory': {
    async up(db: AnyDb) {
      // The directory of the criteria document (lib/access/directory.ts): names are JSON text
      // ({"en": "…", "fr": "…"}), validated when read back, as the resources' criteria are.
      await db.schema
        .createTable('directory_institutions')
        .addColumn('code', 'text', (col) => col.primaryKey())
        .addColumn('position', 'integer', (col) => col.notNull())
        .addColumn('names', 'text', (col) => col.notNull())
        .addColumn('renew_url', 'text')
        .addColumn('contact', 'text')
        .execute();
      await db.schema
        .createTable('directory_patron_types')
        .addColumn('code', 'text', (col) => col.primaryKey())
        .addColumn('institution', 'text', (col) => col.notNull())
        .addColumn('position', 'integer', (col) => col.notNull())
        .addColumn('names', 'text', (col) => col.notNull())
        .execute();
      // How often each institution and patron type code was met at sign-in: codes and counts, nobody's identity.
      await db.schema
        .createTable('sign_in_codes')
        .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('institution', 'patron-type')`))
        // The institution of a patron type; '' for an institution.
        .addColumn('institution', 'text', (col) => col.notNull())
        .addColumn('code', 'text', (col) => col.notNull())
        .addColumn('count', 'integer', (col) => col.notNull().check(sql`count >= 0`))
        .addPrimaryKeyConstraint('sign_in_codes_pk', ['kind', 'institution', 'code'])
        .execute();
    },
  },
  '0012_staff_name': {
    async up(db: AnyDb) {
      // The name a staff member had at their last sign-in (RERO+ `fullname`); null until then.
      // Kept for staff only, and only here: audit entries keep the user id.
      await db.schema.alterTable('staff').addColumn('name', 'text').execute();
    },
  },
  '0013_resource_texts': {
    async up(db: AnyDb) {
      // What the library writes per language for a resource, as JSON text ({"deniedMessage": {"en": "…"},
      // "description": "…"}); null: none. A one-language deniedMessage stays in denied_message, as before.
      await db.schema.alterTable('resources').addColumn('texts', 'text').execute();
    },
  },
  '0004_provider_connections': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('connections')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('provider', 'text', (col) => col.notNull())
        // Non-secret settings as JSON text.
        .addColumn('settings', 'text', (col) => col.notNull())
        // Secret fields as JSON, encrypted with SECRETS_KEY; null when the connection has none.
        .addColumn('secrets', 'text')
        .addColumn('position', 'integer', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
    },
  },
  };
}

const migrations: Record<string, Migration> = {
  '0001_criteria_and_decision_counts': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('resources')
        .addColumn('slug', 'text', (col) => col.primaryKey())
        .addColumn('position', 'integer', (col) => col.notNull().unique())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('url', 'text', (col) => col.notNull())
        .addColumn('enabled', 'integer', (col) => col.notNull().check(sql`enabled in (0, 1)`))
        .addColumn('denied_message', 'text')
        .addColumn('criteria', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('criteria_version')
        .addColumn('id', 'integer', (col) => col.primaryKey().check(sql`id = 1`))
        .addColumn('version', 'integer', (col) => col.notNull())
        .execute();
      await db.insertInto('criteria_version').values({ id: 1, version: 0 }).execute();

      await db.schema
        .createTable('decision_counts')
        .addColumn('day', 'text', (col) => col.notNull())
        .addColumn('resource', 'text', (col) => col.notNull())
        .addColumn('outcome', 'text', (col) => col.notNull())
        .addColumn('count', 'integer', (col) => col.notNull().check(sql`count >= 0`))
        .addPrimaryKeyConstraint('decision_counts_pk', ['day', 'resource', 'outcome'])
        .execute();
    },
  },
};

/** The PostgreSQL advisory lock held while migrating, or dropping a schema (a fixed number: 'gwmigr' in ASCII). */
export const MIGRATION_LOCK = 0x67776d696772;

/** Applies the pending migrations; throws the first failure. */
export async function migrate(db: AnyDb, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    // Kysely looks for its migration table in every schema it can see when no
    // schema is named, so a `kysely_migration` elsewhere (another app, another
    // test run) would hide ours. Name the schema the connection writes to.
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const schema = rows[0]?.schema;
    if (!schema) throw new Error('No schema to write to: the search_path of DATABASE_URL names no existing schema.');
    // Kysely's Migrator reads the catalogue of every schema in the database
    // (`pg_get_serial_sequence` on each table), which fails if another schema is
    // dropped meanwhile. Migrations hold this advisory lock, and whatever drops a
    // schema of the gateway's takes it too (lib/store/test-databases.ts).
    await db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(connection);
      try {
        await run(new Migrator({ db: connection, provider: { getMigrations: async () => migrationsFor(engine) }, migrationTableSchema: schema }));
      } finally {
        await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(connection);
      }
    });
    return;
  }
  // Kysely takes no lock on SQLite and runs its DDL outside a transaction.
  // BEGIN IMMEDIATE takes the file's write lock (waiting up to busy_timeout),
  // so two processes opening a new file at once (next build workers, the CLI
  // beside the server) do not both migrate, and a failed migration leaves
  // nothing half done. Kysely's SQLite driver has a single connection, so
  // every statement the Migrator sends runs inside this transaction.
  await sql`begin immediate`.execute(db);
  try {
    await run(new Migrator({ db, provider: { getMigrations: async () => migrationsFor(engine) } }));
  } catch (error) {
    await sql`rollback`.execute(db);
    throw error;
  }
  await sql`commit`.execute(db);
}

async function run(migrator: Migrator): Promise<void> {
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  const reason = error instanceof Error ? error.message : String(error);
  throw new Error(failed ? `Migration ${failed} failed: ${reason}` : reason, { cause: error });
}
