/**
 * DATABASE_URL → which engine, and a Kysely dialect for it.
 *
 *   file:<path>, file:///abs/path   SQLite file (its folder is created)
 *   :memory:                        SQLite in memory (tests, demos)
 *   postgres://… or postgresql://…  PostgreSQL; any libpq-style parameters pg
 *                                   understands, e.g. `?options=-c%20search_path%3Dgw`
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import pg from 'pg';
import { DatabaseUrlError } from './errors';

export type Engine = 'sqlite' | 'postgres';

export type DatabaseTarget =
  | { engine: 'sqlite'; /** a file path, or ':memory:' */ path: string }
  | { engine: 'postgres'; connectionString: string };

const DEFAULT_DATABASE_URL = 'file:./data/gateway.db';

/** How long SQLite waits for another process's write lock, and pg for a connection. */
const WAIT_MS = 5000;

export function databaseUrlDefault(): string {
  return DEFAULT_DATABASE_URL;
}

const EXPECTED =
  'DATABASE_URL must be file:<path> for SQLite (e.g. file:./data/gateway.db), :memory:, ' +
  'or postgres://user:password@host:5432/database for PostgreSQL';

export function parseDatabaseUrl(databaseUrl: string | undefined): DatabaseTarget {
  const url = databaseUrl?.trim() || DEFAULT_DATABASE_URL;
  if (url === ':memory:' || url === 'file::memory:') return { engine: 'sqlite', path: ':memory:' };
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { engine: 'postgres', connectionString: url };
  if (url.startsWith('file:')) {
    let path: string;
    try {
      path = url.startsWith('file://') ? fileURLToPath(url) : url.slice('file:'.length);
    } catch {
      throw new DatabaseUrlError(`${EXPECTED}; file:// URLs must name a local absolute path.`);
    }
    if (path === '') throw new DatabaseUrlError(`${EXPECTED}; the path after "file:" is empty.`);
    return { engine: 'sqlite', path };
  }
  // Name only the scheme: the value may hold a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new DatabaseUrlError(`${EXPECTED}; got ${scheme ? `a "${scheme}:" URL` : 'a value without a scheme'}.`);
}

/** Where the database is, for messages: never the password. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.engine === 'sqlite') return target.path === ':memory:' ? 'SQLite in memory' : `SQLite file ${resolve(target.path)}`;
  try {
    const url = new URL(target.connectionString);
    return `PostgreSQL at ${url.host || 'localhost'}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

export function createDialect(target: DatabaseTarget): Dialect {
  if (target.engine === 'sqlite') {
    if (target.path !== ':memory:') mkdirSync(dirname(resolve(target.path)), { recursive: true });
    const database = new SqliteDatabase(target.path);
    // WAL lets readers (the gateway) go on while a writer (an import) commits.
    database.pragma('journal_mode = WAL');
    database.pragma(`busy_timeout = ${WAIT_MS}`);
    database.pragma('foreign_keys = ON');
    return new SqliteDialect({ database });
  }
  const pool = new pg.Pool({ connectionString: target.connectionString, connectionTimeoutMillis: WAIT_MS, max: 20 });
  // An idle connection that dies (server restart) is dropped from the pool and
  // replaced on the next query; without a listener Node would crash on it.
  pool.on('error', () => undefined);
  return new PostgresDialect({ pool });
}
