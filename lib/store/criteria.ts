/**
 * The criteria document in the store: resources (each with its criteria,
 * release policy and texts), the directory of institutions and patron types,
 * and the one version number they share.
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import { parseCriteriaDocument, type CriteriaDocument, type Resource } from '../access/criteria';
import { hasDirectory, unknownCodes, unknownCodesMessage, type Directory } from '../access/directory';
import { chunks, CHUNK } from './chunks';
import { CriteriaVersionConflict, StoreValidationError, StoredDataError, isStoredDataError, type StoreProblem } from './errors';
import type { Database, DirectoryInstitutionsTable, DirectoryPatronTypesTable, ResourcesTable } from './tables';

export interface ReplaceOptions {
  expectedVersion?: number;
  alongside?: (trx: Transaction<Database>) => Promise<void>;
}

/** The criteria document, resources in their stored order, with the directory when there is one. */
export async function getDocument(db: Kysely<Database>): Promise<CriteriaDocument> {
  const rows = await db.selectFrom('resources').selectAll().orderBy('position').execute();
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
  const directory = await readDirectory(db);
  return directory ? { resources, directory } : { resources };
}

/** The directory; undefined when none is stored (codes are then free). */
export function getDirectory(db: Kysely<Database>): Promise<Directory | undefined> {
  return readDirectory(db);
}

/**
 * Validates, then replaces all resources — and the directory, when the
 * document has one; without, the stored one stays — in one transaction and
 * bumps the criteria version. Refused (StoreValidationError, nothing
 * written) when a resource names a code the resulting directory lacks.
 * With `expectedVersion`, only if the version is still that one (else CriteriaVersionConflict,
 * nothing written): a read-modify-write that cannot lose a concurrent change. `alongside`
 * runs inside the same transaction (e.g. the audit entry of the change).
 * It opens its own transaction: `db` is the store's, not a transaction.
 */
export async function replaceDocument(db: Kysely<Database>, document: CriteriaDocument, options: ReplaceOptions = {}): Promise<void> {
  const parsed = parseCriteriaDocument(document);
  if (!parsed.ok) throw new StoreValidationError('The criteria document is invalid; nothing was changed.', parsed.errors);
  const rows = parsed.document.resources.map(toRow);
  await db.transaction().execute(async (trx) => {
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

/** One resource by its slug. */
export async function getResource(db: Kysely<Database>, slug: string): Promise<Resource | undefined> {
  const row = await db.selectFrom('resources').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row && fromRow(row);
}

/** Monotonic; bumps on every criteria change. */
export async function criteriaVersion(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('criteria_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.version;
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
