/**
 * Who may do what in the admin area: pure functions of a staff member and the
 * data touched, no I/O.
 *
 * - `admin`: everything, including staff (and, later, provider connections).
 * - `librarian`: limited to a list of institution codes. A resource is within
 *   a librarian's scope when its criteria name at least one institution and
 *   only institutions of that list. A resource open to "any institution" (an
 *   empty list) is never within a librarian's scope: it concerns every library.
 *   A librarian sees and changes only resources within scope, before AND after
 *   the change, and never touches staff.
 * - Only admins create resources, by the editor or by import. The slug is
 *   what ties a resource to the proxy's location (docs/nginx.md): a slug the
 *   proxy protects may be missing from the store (deleted, not yet created),
 *   and a librarian who could create it would open it to their patrons.
 * - What an e-resource receives about patrons (`release`) is changed by
 *   admins only; librarians see it.
 * - The directory: admins change all of it. A librarian changes the names
 *   and renewal link of their own institutions, and adds, changes and removes
 *   their patron types; they add or remove no institution and change no
 *   contact. Everyone in the area reads the whole directory (names only).
 */
import { DEFAULT_RELEASE, sameRelease, type Directory, type Institution, type PatronType, type Release, type Resource } from '../access';

export type Role = 'admin' | 'librarian';

export interface StaffMember {
  userId: string;
  role: Role;
  /** For librarians: the institution codes they are limited to. Ignored for admins. */
  institutions: string[];
  /** The name at their last sign-in ("Last, First"), for pages only: rights never depend on it. */
  name?: string;
}

/** Why a staff member may not do something, with what the page needs to say so. */
export type Refusal =
  /** Only admins may do this (staff management). */
  | { code: 'admin-only' }
  /** A librarian may not leave the institutions list empty: that opens the resource to every library. */
  | { code: 'any-institution'; scope: string[] }
  /** The resource names institutions outside the librarian's scope (listed). */
  | { code: 'out-of-scope'; outside: string[]; scope: string[] }
  /** Only admins change what an e-resource receives about patrons (`release`); librarians see it. */
  | { code: 'release' }
  | { code: 'upstream' }
  /** Only admins add or remove institutions of the directory. */
  | { code: 'institution-admin-only'; institution: string }
  /** A directory entry of an institution outside the librarian's scope. */
  | { code: 'institution-outside'; institution: string; scope: string[] }
  /** Only admins change an institution's contact. */
  | { code: 'contact'; institution: string }
  /** Only admins import provider connections. */
  | { code: 'connections' };

type WithCriteria = Pick<Resource, 'criteria'>;
/** A resource's release policy; absent means the default (a resource not created yet, or a test's sketch). */
type WithRelease = Pick<Resource, 'slug'> & { release?: Release; upstream?: unknown };

export function isAdmin(staff: StaffMember): boolean {
  return staff.role === 'admin';
}

/** Why `resource` is outside `staff`'s scope; undefined when it is within. */
export function scopeRefusal(staff: StaffMember, resource: WithCriteria): Refusal | undefined {
  if (isAdmin(staff)) return undefined;
  const scope = [...staff.institutions].sort();
  const named = resource.criteria.institutions;
  if (named.length === 0) return { code: 'any-institution', scope };
  const outside = [...new Set(named.filter((code) => !staff.institutions.includes(code)))].sort();
  return outside.length > 0 ? { code: 'out-of-scope', outside, scope } : undefined;
}

export function inScope(staff: StaffMember, resource: WithCriteria): boolean {
  return scopeRefusal(staff, resource) === undefined;
}

/** The resources `staff` may see, in their order. */
export function visibleResources<R extends WithCriteria>(staff: StaffMember, resources: readonly R[]): R[] {
  return resources.filter((resource) => inScope(staff, resource));
}

/** Creating a resource: admins only (see above: a new slug may be one the proxy already protects). */
export function checkCreate(staff: StaffMember): Refusal | undefined {
  return isAdmin(staff) ? undefined : { code: 'admin-only' };
}

/** Changing `before` into `after`: both must be within scope (no widening beyond it). */
export function checkChange(staff: StaffMember, before: WithCriteria, after: WithCriteria): Refusal | undefined {
  return scopeRefusal(staff, before) ?? scopeRefusal(staff, after);
}

/** Disabling, enabling or deleting `before`. */
export function checkTouch(staff: StaffMember, before: WithCriteria): Refusal | undefined {
  return scopeRefusal(staff, before);
}

/**
 * `release` decides what leaves the library about a patron: only admins
 * change it. A librarian's `after` must release exactly what `before`
 * released (the default when creating).
 */
export function checkRelease(staff: StaffMember, before: WithRelease | undefined, after: WithRelease): Refusal | undefined {
  if (isAdmin(staff)) return undefined;
  return sameRelease(before?.release ?? DEFAULT_RELEASE, after.release ?? DEFAULT_RELEASE, after.slug) ? undefined : { code: 'release' };
}

/**
 * What leaves the library besides the patron's facts: the provider connection
 * whose credentials a resource's requests carry (`upstream`). Admins only, as
 * with `release`.
 */
export function checkUpstream(staff: StaffMember, before: { upstream?: unknown } | undefined, after: { upstream?: unknown }): Refusal | undefined {
  if (isAdmin(staff)) return undefined;
  return JSON.stringify(before?.upstream ?? null) === JSON.stringify(after.upstream ?? null) ? undefined : { code: 'upstream' };
}

export function checkStaffManagement(staff: StaffMember): Refusal | undefined {
  return isAdmin(staff) ? undefined : { code: 'admin-only' };
}

/** The resources in an audit entry's before/after: one resource, or a document's resources. */
function resourcesIn(value: unknown): WithCriteria[] | undefined {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object') return undefined;
  const resources = (value as { resources?: unknown }).resources;
  const list = Array.isArray(resources) ? resources : [value];
  const out: WithCriteria[] = [];
  for (const item of list) {
    const criteria = (item as { criteria?: { institutions?: unknown } } | null)?.criteria;
    if (!criteria || !Array.isArray(criteria.institutions)) return undefined;
    out.push({ criteria: { ...(criteria as Resource['criteria']), institutions: criteria.institutions.map(String) } });
  }
  return out;
}

/** The institution codes a directory entry (or a document's directory) in an audit entry concerns; undefined when unreadable. */
function institutionsIn(value: unknown): string[] | undefined {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object') return undefined;
  const item = value as { code?: unknown; institution?: unknown; institutions?: unknown; patronTypes?: unknown };
  if (Array.isArray(item.institutions) || Array.isArray(item.patronTypes)) {
    const codes: string[] = [];
    for (const entry of [...((item.institutions as unknown[]) ?? []), ...((item.patronTypes as unknown[]) ?? [])]) {
      const inner = institutionsIn(entry);
      if (!inner) return undefined;
      codes.push(...inner);
    }
    return codes;
  }
  if (typeof item.institution === 'string') return [item.institution];
  if (typeof item.code === 'string') return [item.code];
  return undefined;
}

const DIRECTORY_ACTIONS = /^(institution|patron-type)\./;

/**
 * Whether `staff` may read an audit entry: admins read all; a librarian reads
 * resource and import entries whose every resource, before and after, is
 * within scope (an import's directory entries too, and none with provider
 * connections), directory entries of their own institutions, and no staff
 * entries.
 */
export function canSeeAuditEntry(staff: StaffMember, entry: { action: string; before: unknown; after: unknown }): boolean {
  if (isAdmin(staff)) return true;
  const own = (codes: string[] | undefined) => codes !== undefined && codes.every((code) => staff.institutions.includes(code));
  if (DIRECTORY_ACTIONS.test(entry.action)) {
    const codes = [...(institutionsIn(entry.before) ?? ['\0']), ...(institutionsIn(entry.after) ?? ['\0'])];
    return codes.length > 0 && own(codes);
  }
  if (!entry.action.startsWith('resource.') && entry.action !== 'criteria.import') return false;
  const parts = [entry.before, entry.after].map((side) => (typeof side === 'object' && side !== null ? (side as { directory?: unknown; connections?: unknown }) : {}));
  if (parts.some((side) => side.connections !== undefined)) return false;
  if (!parts.every((side) => side.directory === undefined || own(institutionsIn(side.directory)))) return false;
  const before = resourcesIn(entry.before);
  const after = resourcesIn(entry.after);
  if (!before || !after) return false;
  const all = [...before, ...after];
  return all.length > 0 && all.every((resource) => inScope(staff, resource));
}

/** Why one resource of a librarian's import is refused. */
export type ImportRefusal =
  | Refusal
  /** The slug belongs to a resource outside the librarian's scope. */
  | { code: 'slug-outside'; slug: string }
  /** No resource has this slug yet: only admins create resources. */
  | { code: 'new-slug'; slug: string };

/**
 * A librarian's import: their part of the document is replaced by `imported`
 * (every resource of which must be within scope and already exist: only
 * admins create), the rest stays as it is. In-scope resources keep their
 * place when the import has them, are dropped when it does not. An admin's
 * import replaces all.
 */
export function mergeImport<R extends WithCriteria & WithRelease>(
  staff: StaffMember,
  current: readonly R[],
  imported: readonly R[],
): { ok: true; resources: R[] } | { ok: false; problems: { index: number; refusal: ImportRefusal }[] } {
  if (isAdmin(staff)) return { ok: true, resources: [...imported] };
  const problems: { index: number; refusal: ImportRefusal }[] = [];
  const kept = new Map(current.filter((r) => !inScope(staff, r)).map((r) => [r.slug, r]));
  const own = new Map(current.filter((r) => inScope(staff, r)).map((r) => [r.slug, r]));
  imported.forEach((resource, index) => {
    const refusal = scopeRefusal(staff, resource);
    if (refusal) problems.push({ index, refusal });
    else if (kept.has(resource.slug)) problems.push({ index, refusal: { code: 'slug-outside', slug: resource.slug } });
    else if (!own.has(resource.slug)) problems.push({ index, refusal: { code: 'new-slug', slug: resource.slug } });
    else {
      const refusal = checkRelease(staff, own.get(resource.slug), resource) ?? checkUpstream(staff, own.get(resource.slug), resource);
      if (refusal) problems.push({ index, refusal });
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  const incoming = new Map(imported.map((r) => [r.slug, r]));
  const placed = new Set<string>();
  const resources: R[] = [];
  for (const resource of current) {
    if (!inScope(staff, resource)) resources.push(resource);
    else {
      const replacement = incoming.get(resource.slug);
      if (replacement && !placed.has(resource.slug)) {
        resources.push(replacement);
        placed.add(resource.slug);
      }
    }
  }
  return { ok: true, resources };
}

// ---------------------------------------------------------------- the directory

/** The part of the directory a librarian's export carries: their institutions and their patron types. */
export function visibleDirectory(staff: StaffMember, directory: Directory | undefined): Directory | undefined {
  if (!directory || isAdmin(staff)) return directory;
  return {
    institutions: directory.institutions.filter((i) => staff.institutions.includes(i.code)),
    patronTypes: directory.patronTypes.filter((p) => staff.institutions.includes(p.institution)),
  };
}

function outside(staff: StaffMember, institution: string): Refusal {
  return { code: 'institution-outside', institution, scope: [...staff.institutions].sort() };
}

/** Adding (no `before`), changing or removing (no `after`) an institution of the directory. */
export function checkInstitution(staff: StaffMember, before: Institution | undefined, after: Institution | undefined): Refusal | undefined {
  if (isAdmin(staff)) return undefined;
  const code = (before ?? after)?.code ?? '';
  if (!before || !after || before.code !== after.code) return { code: 'institution-admin-only', institution: code };
  if (!staff.institutions.includes(code)) return outside(staff, code);
  if ((before.contact ?? null) !== (after.contact ?? null)) return { code: 'contact', institution: code };
  return undefined;
}

/** Adding, changing or removing a patron type: of the librarian's own institutions, before and after. */
export function checkPatronType(staff: StaffMember, before: PatronType | undefined, after: PatronType | undefined): Refusal | undefined {
  if (isAdmin(staff)) return undefined;
  for (const entry of [before, after]) if (entry && !staff.institutions.includes(entry.institution)) return outside(staff, entry.institution);
  return undefined;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The directory after an import. An admin's document replaces it (without
 * one, the stored one stays). A librarian's changes the entries of their own
 * institutions only: each institution listed must be theirs and exist (its
 * names and renewal link are taken, its contact must be as stored), each
 * patron type listed must belong to one of theirs, and their patron types
 * are replaced by those listed. Entries of other institutions must be left
 * out or be exactly as stored; the rest stays as it is.
 */
export function mergeDirectory(
  staff: StaffMember,
  current: Directory | undefined,
  imported: Directory | undefined,
): { ok: true; directory: Directory | undefined } | { ok: false; problems: { path: string; refusal: Refusal }[] } {
  if (imported === undefined) return { ok: true, directory: current };
  if (isAdmin(staff)) return { ok: true, directory: imported };
  const stored = current ?? { institutions: [], patronTypes: [] };
  const problems: { path: string; refusal: Refusal }[] = [];
  const storedInstitutions = new Map(stored.institutions.map((i) => [i.code, i]));
  const storedTypes = new Map(stored.patronTypes.map((p) => [p.code, p]));
  const mine = (code: string) => staff.institutions.includes(code);
  const changedInstitutions = new Map<string, Institution>();
  imported.institutions.forEach((institution, index) => {
    const path = `$.directory.institutions[${index}]`;
    const before = storedInstitutions.get(institution.code);
    if (before && same(before, institution)) return;
    if (!before) problems.push({ path, refusal: { code: 'institution-admin-only', institution: institution.code } });
    else if (!mine(institution.code)) problems.push({ path, refusal: outside(staff, institution.code) });
    else {
      const refusal = checkInstitution(staff, before, institution);
      if (refusal) problems.push({ path, refusal });
      else changedInstitutions.set(institution.code, institution);
    }
  });
  const ownTypes: PatronType[] = [];
  imported.patronTypes.forEach((type, index) => {
    const path = `$.directory.patronTypes[${index}]`;
    const before = storedTypes.get(type.code);
    if (!mine(type.institution)) {
      if (!before || !same(before, type)) problems.push({ path, refusal: outside(staff, type.institution) });
      return;
    }
    if (before && !mine(before.institution)) problems.push({ path, refusal: outside(staff, before.institution) });
    else ownTypes.push(type);
  });
  if (problems.length > 0) return { ok: false, problems };
  const institutions = stored.institutions.map((i) => changedInstitutions.get(i.code) ?? i);
  const incoming = new Map(ownTypes.map((t) => [t.code, t]));
  const patronTypes: PatronType[] = [];
  for (const type of stored.patronTypes) {
    if (!mine(type.institution)) patronTypes.push(type);
    else {
      const replacement = incoming.get(type.code);
      if (replacement) {
        patronTypes.push(replacement);
        incoming.delete(type.code);
      }
    }
  }
  patronTypes.push(...incoming.values());
  return { ok: true, directory: { institutions, patronTypes } };
}
