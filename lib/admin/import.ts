/**
 * The one importer of the criteria document, shared by /admin/transfer, the
 * /admin/import route and `npm run gateway -- import`:
 *
 *   1. reads the JSON and validates it (the document's schema, the
 *      connections' own rules);
 *   2. merges it with what is stored, as the importer may (roles.ts: an
 *      admin replaces everything, a librarian their part; without
 *      `directory` or `connections`, the stored ones stay);
 *   3. validates the result as a whole (codes the directory lacks, entries
 *      still in use), naming where each problem is;
 *   4. tells the difference — resources, directory entries and connections
 *      added, changed field by field, removed — and the version of the store
 *      it was computed against;
 *   5. only when asked, writes it: resources, directory, connections and the
 *      audit entry in one transaction, refused when the store moved on from
 *      the version the person saw (`expectedVersion`).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { parseCriteriaDocument, unknownCodesMessage, unknownCodes, type CriteriaDocument, type CriteriaError, type Resource } from '../access';
import { checkConnectionImport, exportConnections, importCriteria, isConnectionError, MASKED, parseDocumentConnections, type ConnectionEntry, type ParsedConnection } from '../connections';
import { providerOf } from '../providers';
import { criteriaVersion, type Database, getDocument, isCriteriaVersionConflict, isStoredDataError, isStoreError, type Store } from '../store';
import { appendAudit } from '../store/audit';
import { listConnectionRows } from '../store/connections';
import { diff, type FieldChange } from './audit-diff';
import type { AdminContext, Failure, Result } from './actions';
import { isAdmin, mergeDirectory, mergeImport, visibleDirectory, visibleResources, type ImportRefusal, type Refusal, type StaffMember } from './roles';

export interface ImportContext extends AdminContext {
  /** SECRETS_KEY, for the connections of an admin's document. */
  secretsKey?: string;
}

/** Who imports: the staff member (or the command line, as an admin) and the actor the audit trail names. */
export interface Importer {
  staff: StaffMember;
  /** A RERO+ user id, or "cli". */
  actor: string;
}

export type EntryKind = 'added' | 'removed' | 'changed';

/** One resource, directory entry or connection that an import adds, changes or removes. */
export interface EntryChange {
  kind: EntryKind;
  /** Its slug, code or id. */
  key: string;
  /** What it is called: a resource's name. */
  name?: string;
  /** A directory entry's names by language, for a page to name it in its own language. */
  names?: Record<string, string>;
  /** For a change: each field that differs, before and after (JSON text). */
  fields: FieldChange[];
}

export interface ImportChanges {
  resources: EntryChange[];
  institutions: EntryChange[];
  patronTypes: EntryChange[];
  connections: EntryChange[];
}

export interface ImportPlan {
  /**
   * The version of the store the difference was computed against: the
   * criteria version and a digest of the stored connections. A confirmation
   * carries it, and is refused when the store has moved on.
   */
  version: string;
  changes: ImportChanges;
  /** Resources in the imported document. */
  count: number;
  /** Whether the document carried `directory` (without, the stored one stays). */
  directory: boolean;
  /** How many connections the document lists; absent when it has no `connections` (the stored ones stay). */
  connections?: number;
  /**
   * The stored criteria could not be read (rows that no longer validate): the
   * import replaces them whole, and the difference counts everything as added.
   */
  unreadable?: CriteriaError[];
}

const fail = (code: Failure['code'], extra: Omit<Failure, 'ok' | 'code'> = {}): Failure => ({ ok: false, code, ...extra });

/** Why one part of a librarian's import is refused, in words. */
export function importProblem(refusal: ImportRefusal | Refusal): string {
  switch (refusal.code) {
    case 'slug-outside':
      return `The slug "${refusal.slug}" belongs to a resource outside your institutions.`;
    case 'new-slug':
      return `There is no resource "${refusal.slug}" yet, and only admins create resources: ask an admin to create it first.`;
    case 'any-institution':
      return `"criteria.institutions" must name your institutions (${refusal.scope.join(', ')}); an empty list would open the resource to every library.`;
    case 'out-of-scope':
      return `"criteria.institutions" names ${refusal.outside.join(', ')}, outside your institutions (${refusal.scope.join(', ')}).`;
    case 'release':
      return '"release" decides what the e-resource receives about patrons: only admins change it. Keep it as exported.';
    case 'upstream':
      return '"upstream" decides which of the library\'s provider credentials go with the resource: only admins change it. Keep it as exported.';
    case 'institution-admin-only':
      return `Only admins add or remove institutions of the directory ("${refusal.institution}").`;
    case 'institution-outside':
      return `This entry belongs to "${refusal.institution}", outside your institutions (${refusal.scope.join(', ')}): leave it out.`;
    case 'contact':
      return `Only admins change the contact of "${refusal.institution}". Keep it as exported.`;
    case 'connections':
      return 'Only admins import provider connections: leave "connections" out.';
    case 'admin-only':
      return 'Only admins may do this.';
  }
}

// ---------------------------------------------------------------- the difference

function keyed<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

/** Entries of two lists by key: added and changed in the order of `after`, then removed in the order of `before`. */
function changesOf<T>(before: readonly T[], after: readonly T[], key: (item: T) => string, name?: (item: T) => Pick<EntryChange, 'name' | 'names'>): EntryChange[] {
  const old = keyed(before, key);
  const now = keyed(after, key);
  const out: EntryChange[] = [];
  const named = (item: T) => name?.(item) ?? {};
  for (const [k, item] of now) {
    const previous = old.get(k);
    if (previous === undefined) out.push({ kind: 'added', key: k, ...named(item), fields: diff(undefined, item) });
    else {
      const fields = diff(previous, item);
      if (fields.length > 0) out.push({ kind: 'changed', key: k, ...named(item), fields });
    }
  }
  for (const [k, item] of old) if (!now.has(k)) out.push({ kind: 'removed', key: k, ...named(item), fields: diff(item, undefined) });
  return out;
}

/** A connection as a difference and the audit trail show it: its settings, and for each secret whether one is stored or replaced. Never a secret. */
function connectionView(entry: ConnectionEntry, storedSecrets: (id: string, provider: string) => boolean, given: boolean): Record<string, unknown> {
  const provider = providerOf(String(entry.provider));
  const secretNames = new Set<string>(provider?.secretFields ?? []);
  const settings = Object.fromEntries(Object.entries(entry).filter(([name]) => !secretNames.has(name)));
  const secrets = Object.fromEntries(
    [...secretNames].map((name) => {
      const value = entry[name];
      const written = given && typeof value === 'string' && value !== MASKED;
      return [name, written ? 'replaced' : value === MASKED || storedSecrets(entry.id, String(entry.provider)) ? 'stored' : 'not set'];
    }),
  );
  return { ...settings, secrets };
}

// ---------------------------------------------------------------- the plan

interface Prepared {
  plan: ImportPlan;
  /** What the store will hold: the resources, and the directory when the document had one. */
  document: CriteriaDocument;
  connections: ParsedConnection[] | undefined;
  criteriaVersion: number;
  connectionsDigest: string;
  audit: { before: Record<string, unknown>; after: Record<string, unknown> };
}

/** A digest of the stored connections, secrets' ciphertext included: any save changes it. */
async function connectionsDigest(db: Kysely<Database>): Promise<string> {
  const rows = await listConnectionRows(db);
  return createHash('sha256')
    .update(JSON.stringify(rows.map((row) => [row.id, row.provider, row.settings, row.secrets, row.position, row.updated_at])))
    .digest('base64url')
    .slice(0, 12);
}

function parseJson(text: string): { ok: true; json: unknown } | Failure {
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch (error) {
    return fail('invalid', { problems: [{ path: '$', message: `This is not valid JSON: ${(error as Error).message}` }] });
  }
}

/** Problems of the merged document, at the path of the importer's own document where there is one. */
function placeProblems(errors: CriteriaError[], merged: readonly Resource[], imported: readonly Resource[]): CriteriaError[] {
  const indexOf = new Map(imported.map((resource, index) => [resource.slug, index]));
  return errors.map((error) => {
    const match = /^\$\.resources\[(\d+)\](.*)$/.exec(error.path);
    if (!match) return error;
    const slug = merged[Number(match[1])]?.slug;
    const index = slug === undefined ? undefined : indexOf.get(slug);
    // A resource the import leaves as it is: the directory is what changed under it.
    return index === undefined ? { path: '$.directory', message: error.message } : { path: `$.resources[${index}]${match[2]}`, message: error.message };
  });
}

async function prepare(importer: Importer, json: unknown, ctx: ImportContext): Promise<{ ok: true; prepared: Prepared } | Failure> {
  const { staff } = importer;
  const parsed = parseCriteriaDocument(json);
  const listed = parseDocumentConnections(json);
  const problems = [...(parsed.ok ? [] : parsed.errors), ...(listed?.ok === false ? listed.errors : [])];
  if (!parsed.ok || problems.length > 0) return fail('invalid', { problems });
  const incoming = parsed.document;
  const connections = listed?.ok ? listed.connections : undefined;
  if (connections !== undefined && !isAdmin(staff)) {
    return fail('out-of-scope', { problems: [{ path: '$.connections', message: importProblem({ code: 'connections' }) }] });
  }

  // The version first: a change between the reads only makes the write refuse, never lose it.
  const version = await criteriaVersion(ctx.store.db);
  const digest = await connectionsDigest(ctx.store.db);
  let stored: CriteriaDocument;
  let unreadable: CriteriaError[] | undefined;
  try {
    stored = await getDocument(ctx.store.db);
  } catch (error) {
    // Stored rows that no longer validate: an admin's import is the way to correct them (the
    // store's message says so), replacing them whole; a librarian's part cannot be merged into them.
    if (!isStoredDataError(error) || !isAdmin(staff)) throw error;
    stored = { resources: [] };
    unreadable = error.errors;
  }

  const merged = mergeImport(staff, stored.resources, incoming.resources);
  const directory = mergeDirectory(staff, stored.directory, incoming.directory);
  const refusals = [
    ...(merged.ok ? [] : merged.problems.map(({ index, refusal }) => ({ path: `$.resources[${index}]`, message: importProblem(refusal) }))),
    ...(directory.ok ? [] : directory.problems.map(({ path, refusal }) => ({ path, message: importProblem(refusal) }))),
  ];
  if (!merged.ok || !directory.ok) return fail('out-of-scope', { problems: refusals });

  // The result as a whole: the codes every resource names, kept ones included, must be in the directory.
  const effective = directory.directory;
  const whole = parseCriteriaDocument({ resources: merged.resources, ...(effective ? { directory: effective } : {}) });
  if (!whole.ok) return fail('invalid', { problems: placeProblems(whole.errors, merged.resources, incoming.resources) });
  const unknown = unknownCodes(effective, whole.document.resources);
  if (unknown.length > 0) {
    const errors = unknown.map((u) => ({ path: `$.resources[${u.index}].criteria.${u.kind === 'institution' ? 'institutions' : 'patronTypes'}`, message: unknownCodesMessage(u) }));
    return fail('invalid', { problems: placeProblems(errors, merged.resources, incoming.resources) });
  }

  if (connections !== undefined) {
    try {
      const checked = await checkConnectionImport(ctx.store, connections, { ...(ctx.secretsKey === undefined ? {} : { secretsKey: ctx.secretsKey }), now: () => ctx.now.getTime() });
      if (!checked.ok) return fail('invalid', { problems: checked.errors });
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      return fail('invalid', { problems: [{ path: '$.connections', message: error.message }] });
    }
  }

  // The difference, as far as the importer may see: a librarian's part before and after.
  const beforeResources = visibleResources(staff, stored.resources);
  const afterResources = visibleResources(staff, whole.document.resources);
  const beforeDirectory = visibleDirectory(staff, stored.directory) ?? { institutions: [], patronTypes: [] };
  const afterDirectory = visibleDirectory(staff, effective) ?? { institutions: [], patronTypes: [] };
  const storedConnections = connections === undefined ? [] : await exportConnections(ctx.store);
  const hadSecrets = new Map(storedConnections.map((c) => [c.id, { provider: String(c.provider), secrets: Object.values(c).includes(MASKED) }]));
  const keptSecret = (id: string, provider: string) => hadSecrets.get(id)?.provider === provider && hadSecrets.get(id)?.secrets === true;
  const beforeConnections = storedConnections.map((entry) => connectionView(entry, keptSecret, false));
  const afterConnections = (connections ?? []).map(({ entry }) => connectionView(entry, keptSecret, true));
  const changes: ImportChanges = {
    resources: changesOf(beforeResources, afterResources, (r) => r.slug, (r) => ({ name: r.name })),
    institutions: changesOf(beforeDirectory.institutions, afterDirectory.institutions, (i) => i.code, (i) => ({ names: i.names })),
    patronTypes: changesOf(beforeDirectory.patronTypes, afterDirectory.patronTypes, (p) => p.code, (p) => ({ names: p.names })),
    connections: changesOf(beforeConnections, afterConnections, (c) => String(c.id)),
  };
  const audit = {
    before: {
      resources: beforeResources,
      ...(incoming.directory ? { directory: beforeDirectory } : {}),
      ...(connections ? { connections: beforeConnections } : {}),
    },
    after: {
      resources: afterResources,
      ...(incoming.directory ? { directory: afterDirectory } : {}),
      ...(connections ? { connections: afterConnections } : {}),
    },
  };
  const document: CriteriaDocument = { resources: whole.document.resources, ...(incoming.directory && effective ? { directory: effective } : {}) };
  return {
    ok: true,
    prepared: {
      plan: {
        version: `${version}.${digest}`,
        changes,
        count: incoming.resources.length,
        directory: incoming.directory !== undefined,
        ...(connections === undefined ? {} : { connections: connections.length }),
        ...(unreadable ? { unreadable } : {}),
      },
      document,
      connections,
      criteriaVersion: version,
      connectionsDigest: digest,
      audit,
    },
  };
}

/** The connections changed after the plan read them (they have no version of their own). */
class ConnectionsMoved extends Error {}

/** Each round of concurrent writers lets at least one through: enough for a few imports at once. */
const ATTEMPTS = 10;

/**
 * The difference `text` would make, and the version it was computed
 * against; nothing is written.
 */
export async function previewImport(importer: Importer, text: string, ctx: ImportContext): Promise<Result<{ plan: ImportPlan }>> {
  const read = parseJson(text);
  if (!read.ok) return read;
  const result = await prepare(importer, read.json, ctx);
  return result.ok ? { ok: true, plan: result.prepared.plan } : result;
}

/**
 * Imports `text` and audits it, atomically. With `expectedVersion` (a
 * confirmed preview), only if the store is still at that version: otherwise
 * `conflict`, with the difference as it would be now, and nothing written.
 * Without it (the command line, scripts), a concurrent change makes it
 * compute the difference again and retry. A document that changes nothing
 * writes nothing (`written: false`).
 */
export async function runImport(importer: Importer, text: string, ctx: ImportContext, options: { expectedVersion?: string } = {}): Promise<Result<{ plan: ImportPlan; written: boolean }>> {
  const read = parseJson(text);
  if (!read.ok) return read;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const result = await prepare(importer, read.json, ctx);
    if (!result.ok) return result;
    const { prepared } = result;
    if (options.expectedVersion !== undefined && prepared.plan.version !== options.expectedVersion) return { ...fail('conflict'), plan: prepared.plan };
    // The document the store already holds changes nothing: no new version, no audit entry
    // (as for every change that changes nothing).
    if (unchanged(prepared.plan.changes)) return { ok: true, plan: prepared.plan, written: false };
    try {
      await importCriteria(ctx.store, prepared.document, prepared.connections, {
        ...(ctx.secretsKey === undefined ? {} : { secretsKey: ctx.secretsKey }),
        now: () => ctx.now.getTime(),
        expectedVersion: prepared.criteriaVersion,
        alongside: async (trx) => {
          if ((await connectionsDigest(trx)) !== prepared.connectionsDigest) throw new ConnectionsMoved();
          await appendAudit(trx, { at: ctx.now, actor: importer.actor, action: 'criteria.import', target: 'document', ...prepared.audit });
        },
      });
    } catch (error) {
      if (!isCriteriaVersionConflict(error) && !(error instanceof ConnectionsMoved)) {
        // The store's own checks, if something slipped past ours: refused, with the problems.
        if (isStoreError(error) && error.code === 'STORE_INVALID_INPUT') return fail('invalid', { problems: error.errors });
        if (isConnectionError(error)) return fail('invalid', { problems: [{ path: '$.connections', message: error.message }] });
        throw error;
      }
      if (options.expectedVersion !== undefined) {
        const again = await prepare(importer, read.json, ctx);
        return { ...fail('conflict'), ...(again.ok ? { plan: again.prepared.plan } : {}) };
      }
      continue;
    }
    ctx.criteriaChanged?.();
    return { ok: true, plan: prepared.plan, written: true };
  }
  return fail('conflict');
}

/** Whether a difference is empty: nothing added, changed or removed anywhere. */
export function unchanged(changes: ImportChanges): boolean {
  return Object.values(changes).every((entries: EntryChange[]) => entries.length === 0);
}

/** The version of the store an import would be computed against now (ImportPlan.version). */
export async function currentVersion(store: Store): Promise<string> {
  return `${await criteriaVersion(store.db)}.${await connectionsDigest(store.db)}`;
}

/** The command line imports as an admin would, audited as "cli". */
export const CLI_IMPORTER: Importer = { staff: { userId: 'cli', role: 'admin', institutions: [] }, actor: 'cli' };

// ---------------------------------------------------------------- in words, for the command line

function fieldLine(change: FieldChange): string {
  const before = change.before ?? '(none)';
  const after = change.after ?? '(none)';
  return `    ${change.path}: ${change.kind === 'added' ? after : change.kind === 'removed' ? `${before} → (none)` : `${before} → ${after}`}`;
}

const SECTIONS: { key: keyof ImportChanges; title: string; one: string; many: string }[] = [
  { key: 'resources', title: 'Resources', one: 'resource', many: 'resources' },
  { key: 'institutions', title: 'Institutions', one: 'institution', many: 'institutions' },
  { key: 'patronTypes', title: 'Patron types', one: 'patron type', many: 'patron types' },
  { key: 'connections', title: 'Connections', one: 'connection', many: 'connections' },
];

/**
 * The difference as lines of text, the way the command line prints it:
 * a count per kind of entry, then each entry (+ added, ~ changed, - removed)
 * with its changed fields. Library-written names are printed as written.
 */
export function describeChanges(changes: ImportChanges): string[] {
  const lines: string[] = [];
  for (const section of SECTIONS) {
    const entries = changes[section.key];
    if (entries.length === 0) continue;
    const count = (kind: EntryKind) => entries.filter((e) => e.kind === kind).length;
    lines.push(`${section.title}: ${count('added')} added, ${count('changed')} changed, ${count('removed')} removed.`);
    for (const entry of entries) {
      const mark = entry.kind === 'added' ? '+' : entry.kind === 'removed' ? '-' : '~';
      const name = entry.name ?? entry.names?.en;
      const label = `${mark} ${section.one} ${entry.key}${name && name !== entry.key ? ` (${name})` : ''}`;
      lines.push(entry.kind === 'changed' ? label : `${label}, ${entry.kind}`);
      if (entry.kind === 'changed') for (const field of entry.fields) lines.push(fieldLine(field));
    }
  }
  return lines.length > 0 ? lines : ['No changes.'];
}

/** "3 resources" / "1 resource". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The problems of a failed import, one line each with its path. */
export function problemLines(failure: Failure): string[] {
  return (failure.problems ?? []).map((p) => `${p.path}: ${p.message}`);
}

