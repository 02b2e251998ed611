/**
 * The store: SQLite (embedded default) or PostgreSQL (several instances),
 * from one code path through Kysely. Migrations run at open (./migrations.ts).
 *
 * One style throughout: `Store` is the connection, and every query is a
 * function whose first argument is its query builder (`store.db`, or a
 * transaction when a caller needs several writes to hold together), grouped
 * by table in the files beside this one. Nothing here keeps state in memory.
 */
import { Kysely, sql } from 'kysely';
import { createDialect, describeTarget, parseDatabaseUrl, type Engine } from './database-url';
import { StoreOpenError } from './errors';
import { migrate } from './migrations';
import type { Database } from './tables';

export { databaseUrlDefault, type Engine } from './database-url';
export type { Database } from './tables';
export { criteriaVersion, getDirectory, getDocument, getResource, replaceDocument, type ReplaceOptions } from './criteria';
export { addDecisionCounts, decisionCounts, type DecisionCountRow } from './decision-counts';
export {
  CriteriaVersionConflict,
  DatabaseUrlError,
  StoreOpenError,
  StoreValidationError,
  StoredDataError,
  isCriteriaVersionConflict,
  isStoreError,
  isStoredDataError,
  type StoreError,
  type StoreProblem,
} from './errors';

export interface Store {
  readonly engine: Engine;
  /** The query builder the functions of lib/store take. Nothing outside lib/store writes SQL. */
  readonly db: Kysely<Database>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the database named by `databaseUrl` (see ./database-url.ts; empty
 * means `file:./data/gateway.db`) and brings its schema up to date.
 *
 * Open one store per process and share it (lib/runtime.ts does). Processes
 * may share a SQLite file, but two stores on one file inside one process
 * would block each other's writes: better-sqlite3 waits for a lock
 * synchronously, so the transaction holding it cannot go on meanwhile.
 */
export async function openStore(databaseUrl?: string): Promise<Store> {
  const target = parseDatabaseUrl(databaseUrl);
  let db: Kysely<Database> | undefined;
  try {
    db = new Kysely<Database>({ dialect: createDialect(target) });
    await migrate(db, target.engine);
  } catch (error) {
    await db?.destroy().catch(() => undefined);
    const reason = error instanceof Error ? error.message || error.name : String(error);
    throw new StoreOpenError(`Cannot open the database (${describeTarget(target)}): ${reason}`, { cause: error });
  }
  return new SqlStore(db, target.engine);
}

class SqlStore implements Store {
  #closing: Promise<void> | undefined;

  constructor(
    readonly db: Kysely<Database>,
    readonly engine: Engine,
  ) {}

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  close(): Promise<void> {
    this.#closing ??= this.db.destroy();
    return this.#closing;
  }
}
