/**
 * The store: criteria and decision counts, in SQLite (embedded default) or
 * PostgreSQL (several instances), from one code path through Kysely.
 * Migrations run at open (./migrations.ts).
 */
import { Kysely, sql, type Insertable, type Selectable, type Transaction } from 'kysely';
import { isCalendarDate } from '../access/dates';
import { parseCriteriaDocument, type CriteriaDocument, type Resource } from '../access/criteria';
import { hasDirectory, unknownCodes, unknownCodesMessage, type Directory } from '../access/directory';
import { createDialect, describeTarget, parseDatabaseUrl, type Engine } from './database-url';
import { CriteriaVersionConflict, StoreOpenError, StoreValidationError, StoredDataError, isStoredDataError, type StoreProblem } from './errors';
import { migrate } from './migrations';
import type { Database, DirectoryInstitutionsTable, DirectoryPatronTypesTable, ResourcesTable } from './tables';

export { databaseUrlDefault, type Engine } from './database-url';
export type { Database } from './tables';
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

export interface DecisionCountRow {
  /** YYYY-MM-DD */
  day: string;
  resource: string;
  /** 'allowed' or a reason code */
  outcome: string;
  count: number;
}

export interface ReplaceOptions {
  expectedVersion?: number;
  alongside?: (trx: Transaction<Database>) => Promise<void>;
}

export interface Store {
  readonly engine: Engine;
  /**
   * The query builder, for the feature modules beside this file
   * (lib/store/staff.ts, audit.ts, newest-tokens.ts, connections.ts).
   * Nothing outside lib/store writes SQL.
   */
  readonly db: Kysely<Database>;
  /** The criteria document, resources in their stored order, with the directory when there is one. */
  getDocument(): Promise<CriteriaDocument>;
  /** The directory; undefined when none is stored (codes are then free). */
  getDirectory(): Promise<Directory | undefined>;
  /**
   * Validates, then replaces all resources — and the directory, when the
   * document has one; without, the stored one stays — in one transaction and
   * bumps the criteria version. Refused (StoreValidationError, nothing
   * written) when a resource names a code the resulting directory lacks.
   * With `expectedVersion`, only if the version is still that one (else CriteriaVersionConflict,
   * nothing written): a read-modify-write that cannot lose a concurrent change. `alongside`
   * runs inside the same transaction (e.g. the audit entry of the change).
   */
  replaceDocument(document: CriteriaDocument, options?: ReplaceOptions): Promise<void>;
  getResource(slug: string): Promise<Resource | undefined>;
  /** Monotonic; bumps on every criteria change. */
  criteriaVersion(): Promise<number>;
  /** Adds the counts to those stored (upsert increment), in one transaction. */
  addDecisionCounts(rows: DecisionCountRow[]): Promise<void>;
  /** Days from `fromDay` to `toDay` inclusive, ordered by day, resource, outcome. */
  decisionCounts(fromDay: string, toDay: string): Promise<DecisionCountRow[]>;
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

/** Rows per INSERT: far below SQLite's 32766 and PostgreSQL's 65535 bound parameters. */
const CHUNK = 200;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A resource's per-language texts (a `deniedMessage` by language, the `description`) for the `texts` column. */
function textsOf(resource: Resource): string | null {
  const texts = {
    ...(resource.deniedMessage !== undefined && typeof resource.deniedMessage !== 'string' ? { deniedMessage: resource.deniedMessage } : {}),
    ...(resource.description !== undefined ? { description: resource.description } : {}),
  };
  return Object.keys(texts).length > 0 ? JSON.stringify(texts) : null;
}

function toRow(resource: Resource, position: number): Insertable<ResourcesTable> {
  return {
    slug: resource.slug,
    position,
    name: resource.name,
    url: resource.url,
    enabled: resource.enabled ? 1 : 0,
    denied_message: typeof resource.deniedMessage === 'string' ? resource.deniedMessage : null,
    texts: textsOf(resource),
    criteria: JSON.stringify(resource.criteria),
    release: JSON.stringify(resource.release),
    upstream: resource.upstream ? JSON.stringify(resource.upstream) : null,
  };
}

/** A JSON column of a stored row; StoredDataError naming its place when it is not JSON. */
function parseColumn(text: string, path: string, message: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StoredDataError([{ path, message }]);
  }
}

/**
 * A stored row back to a Resource, through the same schema an import goes
 * through: a row written under looser rules is reported, not served.
 */
function fromRow(row: Selectable<ResourcesTable>): Resource {
  // Paths name the resource as it appears in an exported document.
  const at = `$.resources[${row.position}]`;
  const criteria = parseColumn(row.criteria, `${at}.criteria`, `The stored criteria of "${row.slug}" are not valid JSON.`);
  const candidate = {
    slug: row.slug,
    name: row.name,
    url: row.url,
    enabled: row.enabled === 1,
    criteria,
    ...(row.release === null ? {} : { release: parseColumn(row.release, `${at}.release`, `The stored release policy of "${row.slug}" is not valid JSON.`) }),
    ...(row.upstream === null || row.upstream === undefined ? {} : { upstream: parseColumn(row.upstream, `${at}.upstream`, `The stored upstream of "${row.slug}" is not valid JSON.`) }),
    ...(row.denied_message === null ? {} : { deniedMessage: row.denied_message }),
    ...(row.texts === null || row.texts === undefined ? {} : (parseColumn(row.texts, at, `The stored texts of "${row.slug}" are not valid JSON.`) as object)),
  };
  const parsed = parseCriteriaDocument({ resources: [candidate] });
  if (parsed.ok && parsed.document.resources[0]) return parsed.document.resources[0];
  const errors = parsed.ok ? [] : parsed.errors;
  throw new StoredDataError(errors.map((e) => ({ path: e.path.replace(/^\$\.resources\[0\]/, at), message: e.message })));
}

type InstitutionRow = Selectable<DirectoryInstitutionsTable>;
type PatronTypeRow = Selectable<DirectoryPatronTypesTable>;

function directoryRows(directory: Directory): { institutions: Insertable<DirectoryInstitutionsTable>[]; patronTypes: Insertable<DirectoryPatronTypesTable>[] } {
  return {
    institutions: directory.institutions.map((institution, position) => ({
      code: institution.code,
      position,
      names: JSON.stringify(institution.names),
      renew_url: institution.renewUrl ?? null,
      contact: institution.contact ?? null,
    })),
    patronTypes: directory.patronTypes.map((type, position) => ({ code: type.code, institution: type.institution, position, names: JSON.stringify(type.names) })),
  };
}

/** Stored rows back to a directory, through the document's schema; undefined when there are none. */
function fromDirectoryRows(institutions: InstitutionRow[], patronTypes: PatronTypeRow[]): Directory | undefined {
  if (institutions.length === 0 && patronTypes.length === 0) return undefined;
  const candidate = {
    institutions: institutions.map((row, index) => ({
      code: row.code,
      names: parseColumn(row.names, `$.directory.institutions[${index}].names`, `The stored names of the institution "${row.code}" are not valid JSON.`),
      ...(row.renew_url === null ? {} : { renewUrl: row.renew_url }),
      ...(row.contact === null ? {} : { contact: row.contact }),
    })),
    patronTypes: patronTypes.map((row, index) => ({
      institution: row.institution,
      code: row.code,
      names: parseColumn(row.names, `$.directory.patronTypes[${index}].names`, `The stored names of the patron type "${row.code}" are not valid JSON.`),
    })),
  };
  const parsed = parseCriteriaDocument({ resources: [], directory: candidate });
  if (parsed.ok) return parsed.document.directory;
  throw new StoredDataError(parsed.errors);
}

async function readDirectory(db: Kysely<Database>): Promise<Directory | undefined> {
  const institutions = await db.selectFrom('directory_institutions').selectAll().orderBy('position').orderBy('code').execute();
  const patronTypes = await db.selectFrom('directory_patron_types').selectAll().orderBy('position').orderBy('code').execute();
  return fromDirectoryRows(institutions, patronTypes);
}

function checkCountRows(rows: DecisionCountRow[]): void {
  const errors: StoreProblem[] = [];
  rows.forEach((row, index) => {
    if (!isCalendarDate(row.day)) errors.push({ path: `$[${index}].day`, message: 'must be a calendar date YYYY-MM-DD' });
    for (const key of ['resource', 'outcome'] as const) {
      const value: unknown = row[key];
      // PostgreSQL text cannot hold NUL.
      if (typeof value !== 'string' || value === '' || value.includes('\0')) {
        errors.push({ path: `$[${index}].${key}`, message: 'must be non-empty text' });
      }
    }
    if (!Number.isSafeInteger(row.count) || row.count < 0) {
      errors.push({ path: `$[${index}].count`, message: 'must be a whole number, 0 or more' });
    }
  });
  if (errors.length > 0) throw new StoreValidationError('The decision counts are invalid; nothing was added.', errors);
}

/** Code-unit order, the same on both engines (PostgreSQL text would sort by the database's locale). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class SqlStore implements Store {
  #closing: Promise<void> | undefined;

  constructor(
    readonly db: Kysely<Database>,
    readonly engine: Engine,
  ) {}

  async getDocument(): Promise<CriteriaDocument> {
    const rows = await this.db.selectFrom('resources').selectAll().orderBy('position').execute();
    const resources: Resource[] = [];
    const errors: StoreProblem[] = [];
    for (const row of rows) {
      try {
        resources.push(fromRow(row));
      } catch (error) {
        if (!isStoredDataError(error)) throw error;
        errors.push(...error.errors);
      }
    }
    if (errors.length > 0) throw new StoredDataError(errors);
    const directory = await readDirectory(this.db);
    return directory ? { resources, directory } : { resources };
  }

  getDirectory(): Promise<Directory | undefined> {
    return readDirectory(this.db);
  }

  async replaceDocument(document: CriteriaDocument, options: ReplaceOptions = {}): Promise<void> {
    const parsed = parseCriteriaDocument(document);
    if (!parsed.ok) throw new StoreValidationError('The criteria document is invalid; nothing was changed.', parsed.errors);
    const rows = parsed.document.resources.map(toRow);
    await this.db.transaction().execute(async (trx) => {
      // The version first: its row lock makes concurrent replacements wait
      // for each other (PostgreSQL, READ COMMITTED) instead of interleaving
      // their deletes and inserts; on SQLite it starts the write at once.
      // With expectedVersion the same statement is the check: 0 rows means someone else won.
      let bump = trx
        .updateTable('criteria_version')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', 1);
      if (options.expectedVersion !== undefined) bump = bump.where('version', '=', options.expectedVersion);
      const [bumped] = await bump.execute();
      if (options.expectedVersion !== undefined && Number(bumped?.numUpdatedRows ?? 0) === 0) {
        throw new CriteriaVersionConflict(options.expectedVersion);
      }
      await trx.deleteFrom('resources').execute();
      for (const chunk of chunks(rows, CHUNK)) await trx.insertInto('resources').values(chunk).execute();
      const given = parsed.document.directory;
      if (given) {
        const { institutions, patronTypes } = directoryRows(given);
        await trx.deleteFrom('directory_patron_types').execute();
        await trx.deleteFrom('directory_institutions').execute();
        for (const chunk of chunks(institutions, CHUNK)) await trx.insertInto('directory_institutions').values(chunk).execute();
        for (const chunk of chunks(patronTypes, CHUNK)) await trx.insertInto('directory_patron_types').values(chunk).execute();
      } else {
        // The stored directory stays: the resources must name only what it knows
        // (the document's own directory was checked with the document).
        const stored = await readDirectory(trx);
        if (hasDirectory(stored)) {
          const problems = unknownCodes(stored, parsed.document.resources).map((unknown) => ({
            path: `$.resources[${unknown.index}].criteria.${unknown.kind === 'institution' ? 'institutions' : 'patronTypes'}`,
            message: unknownCodesMessage(unknown),
          }));
          if (problems.length > 0) throw new StoreValidationError('The resources name codes the directory does not have; nothing was changed.', problems);
        }
      }
      await options.alongside?.(trx);
    });
  }

  async getResource(slug: string): Promise<Resource | undefined> {
    const row = await this.db.selectFrom('resources').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row && fromRow(row);
  }

  async criteriaVersion(): Promise<number> {
    const row = await this.db.selectFrom('criteria_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
    return row.version;
  }

  async addDecisionCounts(rows: DecisionCountRow[]): Promise<void> {
    checkCountRows(rows);
    // One row per key: PostgreSQL refuses an INSERT … ON CONFLICT that touches a row twice.
    const merged = new Map<string, DecisionCountRow>();
    for (const row of rows) {
      if (row.count === 0) continue;
      const key = JSON.stringify([row.day, row.resource, row.outcome]);
      const seen = merged.get(key);
      merged.set(key, { day: row.day, resource: row.resource, outcome: row.outcome, count: (seen?.count ?? 0) + row.count });
    }
    if (merged.size === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const chunk of chunks([...merged.values()], CHUNK)) {
        await trx
          .insertInto('decision_counts')
          .values(chunk)
          .onConflict((oc) =>
            oc.columns(['day', 'resource', 'outcome']).doUpdateSet((eb) => ({
              count: eb('decision_counts.count', '+', eb.ref('excluded.count')),
            })),
          )
          .execute();
      }
    });
  }

  async decisionCounts(fromDay: string, toDay: string): Promise<DecisionCountRow[]> {
    const errors: StoreProblem[] = [];
    if (!isCalendarDate(fromDay)) errors.push({ path: 'fromDay', message: 'must be a calendar date YYYY-MM-DD' });
    if (!isCalendarDate(toDay)) errors.push({ path: 'toDay', message: 'must be a calendar date YYYY-MM-DD' });
    if (errors.length > 0) throw new StoreValidationError('The range of days is invalid.', errors);
    const rows = await this.db
      .selectFrom('decision_counts')
      .select(['day', 'resource', 'outcome', 'count'])
      .where('day', '>=', fromDay)
      .where('day', '<=', toDay)
      .execute();
    return rows
      .map((row) => ({ day: row.day, resource: row.resource, outcome: row.outcome, count: row.count }))
      .sort((a, b) => compareText(a.day, b.day) || compareText(a.resource, b.resource) || compareText(a.outcome, b.outcome));
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  close(): Promise<void> {
    this.#closing ??= this.db.destroy();
    return this.#closing;
  }
}
