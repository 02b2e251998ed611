/**
 * Fresh databases for the store's tests, one per test: a SQLite file in a
 * temporary folder, and a new schema on the PostgreSQL server of
 * TEST_DATABASE_URL. The PostgreSQL run is never skipped: an unreachable
 * server fails the tests with a message saying so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Engine } from './database-url';
import { MIGRATION_LOCK } from './migrations';

export interface TestDatabase {
  /** The DATABASE_URL of this database. */
  url: string;
  /** Runs SQL beside the store, on its own connection (to corrupt rows, add triggers). */
  query(text: string): Promise<Record<string, unknown>[]>;
  /** Makes every insert of a resource with this slug fail, inside the store's transaction. */
  failInsertsOf(slug: string): Promise<void>;
  /** Everything the database holds, as a backup would: the SQLite files' bytes, or pg_dump of the schema. */
  dump(): Promise<Buffer>;
  drop(): Promise<void>;
}

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function sqliteDatabase(): Promise<TestDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'gw-store-'));
  const file = join(folder, 'gateway.db');
  const query = async (text: string) => {
    const db = new SqliteDatabase(file);
    try {
      const statement = db.prepare(text);
      return statement.reader ? (statement.all() as Record<string, unknown>[]) : (statement.run(), []);
    } finally {
      db.close();
    }
  };
  return {
    url: `file:${file}`,
    query,
    async failInsertsOf(slug) {
      await query(
        `create trigger fail_${slug.replace(/\W/g, '_')} before insert on resources when new.slug = '${slug}'
         begin select raise(abort, 'simulated failure'); end`,
      );
    },
    async dump() {
      // The write-ahead log holds what is not yet checkpointed into the main file.
      return Buffer.concat(['', '-wal', '-shm'].filter((suffix) => existsSync(`${file}${suffix}`)).map((suffix) => readFileSync(`${file}${suffix}`)));
    },
    async drop() {
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_POSTGRES_URL} (${(error as Error).message}). ` +
        'The store tests need a server there, or TEST_DATABASE_URL naming one where they may create schemas.',
    );
  }
  return client;
}

async function postgresDatabase(): Promise<TestDatabase> {
  const schema = `gw_test_${randomBytes(6).toString('hex')}`;
  const admin = await connect(TEST_POSTGRES_URL);
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const separator = TEST_POSTGRES_URL.includes('?') ? '&' : '?';
  const url = `${TEST_POSTGRES_URL}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const query = async (text: string) => {
    const client = await connect(url);
    try {
      return (await client.query(text)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  return {
    url,
    query,
    async failInsertsOf(slug) {
      const name = `fail_${slug.replace(/\W/g, '_')}`;
      await query(
        `create function ${name}() returns trigger language plpgsql as $$
         begin if new.slug = '${slug}' then raise exception 'simulated failure'; end if; return new; end $$`,
      );
      await query(`create trigger ${name} before insert on resources for each row execute function ${name}()`);
    },
    async dump() {
      const result = spawnSync('pg_dump', ['--no-owner', `--schema=${schema}`, `--dbname=${TEST_POSTGRES_URL}`], { maxBuffer: 64 * 1024 * 1024 });
      if (result.status !== 0) throw new Error(`pg_dump failed: ${result.error?.message ?? result.stderr.toString()}`);
      return result.stdout;
    },
    async drop() {
      const client = await connect(TEST_POSTGRES_URL);
      try {
        // Under the migrations' lock: another test's Migrator reads every schema's catalogue.
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      } finally {
        await client.end();
      }
    },
  };
}

export const ENGINES: { engine: Engine; create: () => Promise<TestDatabase> }[] = [
  { engine: 'sqlite', create: sqliteDatabase },
  { engine: 'postgres', create: postgresDatabase },
];
