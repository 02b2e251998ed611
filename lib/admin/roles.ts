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
 */
import { DEFAULT_RELEASE, sameRelease, type Release, type Resource } from '../access';

export type Role = 'admin' | 'librarian';

export interface StaffMember {
  userId: string;
  role: Role;
  /** For librarians: the institution codes they are limited to. Ignored for admins. */
  institutions: string[];
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
  | { code: 'upstream' };

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

/**
 * Whether `staff` may read an audit entry: admins read all; a librarian reads
 * resource and import entries whose every resource, before and after, is
 * within scope, and no staff entries.
 */
export function canSeeAuditEntry(staff: StaffMember, entry: { action: string; before: unknown; after: unknown }): boolean {
  if (isAdmin(staff)) return true;
  if (!entry.action.startsWith('resource.') && entry.action !== 'criteria.import') return false;
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
