/**
 * Everything the admin area does, as plain functions of (identity, input,
 * context): the server actions, route handlers and pages in app/admin are thin
 * wrappers that read the session and the form, call one of these, and render
 * the result. Each function
 *   1. authorizes: the role is read from the store for this call (authorize.ts);
 *   2. reads what it touches and checks the institution scope on it — before
 *      the change, and on what it would become — and that only admins change
 *      what an e-resource receives (roles.ts);
 *   3. validates with the criteria document's own zod schema;
 *   4. writes the change and its audit entry in one transaction, only if the
 *      criteria are still at the version it read (a concurrent change is never
 *      overwritten: the edit is re-read and re-applied, or refused as a conflict).
 * A refusal at any step writes nothing.
 */
import { CriteriaDocumentSchema, localDate, parseCriteriaDocument, type CriteriaDocument, type CriteriaError, type Resource } from '../access';
import { isCriteriaVersionConflict, type DecisionCountRow, type Store } from '../store';
import { appendAudit, listAudit, type AuditAction, type AuditEntry } from '../store/audit';
import { listStaff, type StaffRecord } from '../store/staff';
import { authorize, authorizeAdmin, type Identity } from './authorize';
import { fingerprint, releaseFormOf, scopeError, validateWithin, type FieldErrors, type ResourceForm } from './resource-form';
import { canSeeAuditEntry, checkChange, checkCreate, checkRelease, checkTouch, checkUpstream, isAdmin, mergeImport, visibleResources, type ImportRefusal, type Refusal, type StaffMember } from './roles';
import { readStaffInput, removeStaff, setStaff } from './staff';
import { compareDraft, instantOf, judgeAll, readPatronInfo, samplePatrons, type DraftRow, type ResourceVerdict } from './try-patron';
import { readRange, type RangeResult } from './usage';
import type { PatronFacts } from '../patron';

export interface AdminContext {
  store: Store;
  now: Date;
  /** The library's zone (LIBRARY_TIME_ZONE): decisions and days are counted in it. */
  timeZone: string;
  /** Called after the criteria changed, so that this process serves them at once. */
  criteriaChanged?: () => void;
}

export type FailureCode =
  /** No session: to sign-in. */
  | 'signed-out'
  /** Signed in but not staff: 403. */
  | 'not-staff'
  /** Staff, but only admins may do this: 403. */
  | 'admin-only'
  /** The resource (or staff member) does not exist. */
  | 'not-found'
  /** Outside the librarian's institutions: refused, nothing stored. */
  | 'out-of-scope'
  /** Someone else changed it since the form was loaded: reload. */
  | 'conflict'
  /** The input does not pass validation: `errors` per field, or `problems` per JSON path. */
  | 'invalid'
  /** An admin may not remove or demote themselves (the area would lose its last door). */
  | 'self';

export interface Failure {
  ok: false;
  code: FailureCode;
  errors?: FieldErrors;
  problems?: CriteriaError[];
  refusal?: Refusal;
}

export type Result<T> = ({ ok: true } & T) | Failure;

const fail = (code: FailureCode, extra: Omit<Failure, 'ok' | 'code'> = {}): Failure => ({ ok: false, code, ...extra });

type Authorized = { ok: true; staff: StaffMember } | Failure;

async function staffOf(identity: Identity, ctx: AdminContext): Promise<Authorized> {
  const result = await authorize(identity, ctx.store);
  return result.ok ? result : fail(result.code);
}

async function adminOf(identity: Identity, ctx: AdminContext): Promise<Authorized> {
  const result = await authorizeAdmin(identity, ctx.store);
  return result.ok ? result : fail(result.code);
}

/** The version first, then the document: a change between the two reads only causes a needless retry, never a lost update. */
async function readDocument(store: Store): Promise<{ version: number; resources: Resource[] }> {
  const version = await store.criteriaVersion();
  const { resources } = await store.getDocument();
  return { version, resources };
}

interface Edit {
  resources: Resource[];
  audit: { action: AuditAction; target: string; before?: unknown; after?: unknown };
}

const ATTEMPTS = 3;

/**
 * Read, apply, write if the version has not moved; otherwise read again and
 * re-apply (the check inside `apply` refuses if what it touches has changed).
 */
async function editDocument<T>(
  ctx: AdminContext,
  actor: StaffMember,
  apply: (current: { resources: Resource[] }) => (Edit & { value: T }) | Failure,
): Promise<Result<{ value: T }>> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const { version, resources } = await readDocument(ctx.store);
    const edit = apply({ resources });
    if ('ok' in edit && edit.ok === false) return edit;
    const { resources: next, audit, value } = edit as Edit & { value: T };
    try {
      await ctx.store.replaceDocument(
        { resources: next },
        {
          expectedVersion: version,
          alongside: (trx) => appendAudit(trx, { at: ctx.now, actor: actor.userId, ...audit }),
        },
      );
    } catch (error) {
      if (isCriteriaVersionConflict(error)) continue;
      throw error;
    }
    ctx.criteriaChanged?.();
    return { ok: true, value };
  }
  return fail('conflict');
}

function findResource(resources: readonly Resource[], slug: string): { index: number; resource: Resource } | undefined {
  const index = resources.findIndex((r) => r.slug === slug);
  const resource = resources[index];
  return resource ? { index, resource } : undefined;
}

// ---------------------------------------------------------------- resources

export interface ResourceListing {
  staff: StaffMember;
  resources: { resource: Resource; fingerprint: string }[];
}

/** The dashboard: the resources the staff member may see, in document order. */
export async function listResources(identity: Identity, ctx: AdminContext): Promise<Result<ResourceListing>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const { resources } = await ctx.store.getDocument();
  return { ok: true, staff: auth.staff, resources: visibleResources(auth.staff, resources).map((resource) => ({ resource, fingerprint: fingerprint(resource) })) };
}

/** One resource for the edit page; out of scope is refused like a change would be. */
export async function readResource(identity: Identity, slug: string, ctx: AdminContext): Promise<Result<{ staff: StaffMember; resource: Resource; fingerprint: string }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const resource = await ctx.store.getResource(slug);
  if (!resource) return fail('not-found');
  const refusal = checkTouch(auth.staff, resource);
  if (refusal) return fail('out-of-scope', { refusal });
  return { ok: true, staff: auth.staff, resource, fingerprint: fingerprint(resource) };
}

/** Admins only (roles.ts checkCreate): a librarian is refused before anything is read or validated. */
export async function createResource(identity: Identity, form: ResourceForm, ctx: AdminContext): Promise<Result<{ slug: string }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const staff = auth.staff;
  const refusal = checkCreate(staff);
  if (refusal) return fail('admin-only');
  const result = await editDocument<string>(ctx, staff, ({ resources }) => {
    if (resources.some((r) => r.slug === form.slug)) return fail('invalid', { errors: { slug: { key: 'slugTaken' } } });
    const validated = validateWithin(resources, resources.length, form);
    if (!validated.ok) return fail('invalid', { errors: validated.errors });
    const after = validated.resources[resources.length];
    if (!after) return fail('invalid', { errors: { form: { key: 'invalid' } } });
    return { resources: validated.resources, audit: { action: 'resource.create', target: after.slug, after }, value: after.slug };
  });
  return result.ok ? { ok: true, slug: result.value } : result;
}

export interface ResourceChange {
  /** The resource being edited (the slug cannot change: links and usage counts use it). */
  slug: string;
  /** fingerprint() of the resource when the form was loaded. */
  fingerprint: string;
  form: ResourceForm;
}

export async function updateResource(identity: Identity, input: ResourceChange, ctx: AdminContext): Promise<Result<{ slug: string }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const staff = auth.staff;
  const result = await editDocument<string>(ctx, staff, ({ resources }) => {
    const found = findResource(resources, input.slug);
    if (!found) return fail('not-found');
    const { index, resource: before } = found;
    // Scope of what is stored now, before anything else: a form posted against another
    // institution's resource learns nothing about it.
    const touch = checkTouch(staff, before);
    if (touch) return fail('out-of-scope', { refusal: touch });
    if (fingerprint(before) !== input.fingerprint) return fail('conflict');
    const others = resources.filter((_, i) => i !== index);
    // A form without the release fields (a librarian's) leaves the saved policy as it is.
    const release = input.form.release ?? releaseFormOf(before.release);
    const validated = validateWithin(others, index, { ...input.form, slug: before.slug, release });
    if (!validated.ok) return fail('invalid', { errors: validated.errors });
    const formed = validated.resources[index];
    if (!formed) return fail('invalid', { errors: { form: { key: 'invalid' } } });
    // The editor does not carry `upstream` (attached by an admin through the document): it stays as stored.
    const after = before.upstream ? { ...formed, upstream: before.upstream } : formed;
    validated.resources[index] = after;
    const refusal = checkChange(staff, before, after);
    if (refusal) return fail('out-of-scope', { refusal, errors: scopeError(refusal) });
    const releaseRefusal = checkRelease(staff, before, after) ?? checkUpstream(staff, before, after);
    if (releaseRefusal) return fail('admin-only', { refusal: releaseRefusal, errors: scopeError(releaseRefusal) });
    return { resources: validated.resources, audit: { action: 'resource.update', target: before.slug, before, after }, value: before.slug };
  });
  return result.ok ? { ok: true, slug: result.value } : result;
}

export async function setResourceEnabled(
  identity: Identity,
  input: { slug: string; fingerprint: string; enabled: boolean },
  ctx: AdminContext,
): Promise<Result<{ slug: string }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const staff = auth.staff;
  const result = await editDocument<string>(ctx, staff, ({ resources }) => {
    const found = findResource(resources, input.slug);
    if (!found) return fail('not-found');
    const refusal = checkTouch(staff, found.resource);
    if (refusal) return fail('out-of-scope', { refusal });
    if (fingerprint(found.resource) !== input.fingerprint) return fail('conflict');
    const after = { ...found.resource, enabled: input.enabled };
    const next = resources.map((r, i) => (i === found.index ? after : r));
    return {
      resources: next,
      audit: { action: input.enabled ? 'resource.enable' : 'resource.disable', target: after.slug, before: found.resource, after },
      value: after.slug,
    };
  });
  return result.ok ? { ok: true, slug: result.value } : result;
}

export async function deleteResource(identity: Identity, input: { slug: string; fingerprint: string }, ctx: AdminContext): Promise<Result<{ slug: string }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const staff = auth.staff;
  const result = await editDocument<string>(ctx, staff, ({ resources }) => {
    const found = findResource(resources, input.slug);
    if (!found) return fail('not-found');
    const refusal = checkTouch(staff, found.resource);
    if (refusal) return fail('out-of-scope', { refusal });
    if (fingerprint(found.resource) !== input.fingerprint) return fail('conflict');
    return {
      resources: resources.filter((_, i) => i !== found.index),
      audit: { action: 'resource.delete', target: found.resource.slug, before: found.resource },
      value: found.resource.slug,
    };
  });
  return result.ok ? { ok: true, slug: result.value } : result;
}

// ---------------------------------------------------------------- import / export

/** The document as the staff member may see it: all of it for an admin, their resources for a librarian. */
export async function exportDocument(identity: Identity, ctx: AdminContext): Promise<Result<{ document: CriteriaDocument; staff: StaffMember }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const { resources } = await ctx.store.getDocument();
  return { ok: true, staff: auth.staff, document: { resources: visibleResources(auth.staff, resources) } };
}

/** Why one resource of a librarian's import is refused, in words. */
function importProblem(refusal: ImportRefusal): string {
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
    case 'admin-only':
      return 'Only admins may do this.';
  }
}

/**
 * Imports a criteria document (JSON text), atomically, with the same
 * validation as `npm run gateway -- import`. An admin replaces every resource;
 * a librarian replaces their part only, and creates none (see mergeImport).
 */
export async function importDocument(identity: Identity, input: { text: string }, ctx: AdminContext): Promise<Result<{ count: number }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const staff = auth.staff;
  let json: unknown;
  try {
    json = JSON.parse(input.text);
  } catch (error) {
    return fail('invalid', { problems: [{ path: '$', message: `This is not valid JSON: ${(error as Error).message}` }] });
  }
  const parsed = parseCriteriaDocument(json);
  if (!parsed.ok) return fail('invalid', { problems: parsed.errors });
  const imported = parsed.document.resources;
  const result = await editDocument<number>(ctx, staff, ({ resources }) => {
    const merged = mergeImport(staff, resources, imported);
    if (!merged.ok) {
      return fail('out-of-scope', {
        problems: merged.problems.map(({ index, refusal }) => ({
          path: `$.resources[${index}]`,
          message: importProblem(refusal),
        })),
      });
    }
    const check = CriteriaDocumentSchema.safeParse({ resources: merged.resources });
    if (!check.success) {
      const again = parseCriteriaDocument({ resources: merged.resources });
      return fail('invalid', { problems: again.ok ? [] : again.errors });
    }
    const before = isAdmin(staff) ? resources : visibleResources(staff, resources);
    return {
      resources: check.data.resources,
      audit: { action: 'criteria.import', target: 'document', before: { resources: before }, after: { resources: imported } },
      value: imported.length,
    };
  });
  return result.ok ? { ok: true, count: result.value } : result;
}

// ---------------------------------------------------------------- try a patron

export interface PatronTrial {
  facts: PatronFacts;
  day: string;
  verdicts: ResourceVerdict[];
}

function dayOf(input: string | undefined, ctx: AdminContext): { ok: true; day: string; now: Date } | Failure {
  const wanted = input?.trim();
  if (!wanted) return { ok: true, day: localDate(ctx.now, ctx.timeZone), now: ctx.now };
  const range = readRange(wanted, wanted, wanted);
  if (!range.ok) return fail('invalid', { errors: { day: { key: 'dateInvalid' } } });
  return { ok: true, day: wanted, now: instantOf(wanted) };
}

/** A pasted /api/patrons/info answer, judged against every resource the staff member may see. */
export async function tryPatron(identity: Identity, input: { text: string; day?: string }, ctx: AdminContext): Promise<Result<PatronTrial>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const when = dayOf(input.day, ctx);
  if (!when.ok) return when;
  const reading = readPatronInfo(input.text);
  if (!reading.ok) return fail('invalid', { errors: { patron: { key: reading.key, values: { detail: reading.detail } } } });
  const { resources } = await ctx.store.getDocument();
  const visible = visibleResources(auth.staff, resources);
  return { ok: true, facts: reading.facts, day: when.day, verdicts: judgeAll(reading.facts, visible, when.now, ctx.timeZone) };
}

export interface DraftTrial {
  day: string;
  rows: DraftRow[];
  /** Whether the rows compare with a saved resource. */
  compared: boolean;
}

/**
 * Unsaved criteria (the editor's form) against sample patrons around their
 * edges and, if pasted, a real /api/patrons/info answer, beside the saved
 * criteria when a resource is being edited. Nothing is written.
 */
export async function tryDraft(
  identity: Identity,
  input: { slug?: string; form: ResourceForm; patronText?: string; day?: string },
  ctx: AdminContext,
): Promise<Result<DraftTrial>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const staff = auth.staff;
  let saved: Resource | undefined;
  if (input.slug) {
    saved = await ctx.store.getResource(input.slug);
    if (!saved) return fail('not-found');
    const refusal = checkTouch(staff, saved);
    if (refusal) return fail('out-of-scope', { refusal });
  }
  const form = saved ? { ...input.form, slug: saved.slug } : input.form;
  // The draft alone: a slug still to be chosen (or already taken) must not stop a trial.
  const validated = validateWithin([], 0, { ...form, slug: /^[a-z0-9-]+$/.test(form.slug) ? form.slug : 'draft' });
  if (!validated.ok) return fail('invalid', { errors: validated.errors });
  const draft = validated.resources[0];
  if (!draft) return fail('invalid', { errors: { form: { key: 'invalid' } } });
  const when = dayOf(input.day, ctx);
  if (!when.ok) return when;
  const patrons: { id: string; key?: string; values?: Record<string, string | number>; facts: PatronFacts }[] = [];
  if (input.patronText?.trim()) {
    const reading = readPatronInfo(input.patronText);
    if (!reading.ok) return fail('invalid', { errors: { patron: { key: reading.key, values: { detail: reading.detail } } } });
    patrons.push({ id: 'pasted', facts: reading.facts });
  }
  const { resources } = await ctx.store.getDocument();
  const known = isAdmin(staff) ? [...new Set(resources.flatMap((r) => r.criteria.institutions))].sort() : [...staff.institutions].sort();
  patrons.push(...samplePatrons(draft.criteria, when.day, known));
  return { ok: true, day: when.day, compared: saved !== undefined, rows: compareDraft(draft, saved, patrons, when.now, ctx.timeZone) };
}

// ---------------------------------------------------------------- staff

export async function listStaffMembers(identity: Identity, ctx: AdminContext): Promise<Result<{ staff: StaffMember; members: StaffRecord[] }>> {
  const auth = await adminOf(identity, ctx);
  if (!auth.ok) return auth;
  return { ok: true, staff: auth.staff, members: await listStaff(ctx.store.db) };
}

export async function addStaffMember(
  identity: Identity,
  input: { userId: string; role: string; institutions: string | string[] },
  ctx: AdminContext,
): Promise<Result<{ userId: string; updated: boolean }>> {
  const auth = await adminOf(identity, ctx);
  if (!auth.ok) return auth;
  const read = readStaffInput(input);
  if (!read.ok) return fail('invalid', { errors: read.errors });
  if (read.member.userId === auth.staff.userId && read.member.role !== 'admin') return fail('self', { errors: { role: { key: 'selfDemote' } } });
  const { before } = await setStaff(ctx.store.db, auth.staff.userId, read.member, ctx.now);
  return { ok: true, userId: read.member.userId, updated: before !== undefined };
}

export async function removeStaffMember(identity: Identity, input: { userId: string }, ctx: AdminContext): Promise<Result<{ userId: string }>> {
  const auth = await adminOf(identity, ctx);
  if (!auth.ok) return auth;
  if (input.userId === auth.staff.userId) return fail('self');
  const removed = await removeStaff(ctx.store.db, auth.staff.userId, input.userId, ctx.now);
  return removed ? { ok: true, userId: removed.userId } : fail('not-found');
}

// ---------------------------------------------------------------- audit

export const AUDIT_PAGE_SIZE = 20;
/** How many entries a librarian's page may scan for ones they may read. */
const AUDIT_SCAN_LIMIT = 5000;

export interface AuditPage {
  staff: StaffMember;
  entries: AuditEntry[];
  /** Cursor for the next (older) page, when there is one. */
  older?: number;
  /** Cursor for the previous (newer) page, when there is one. */
  newer?: number;
}

/**
 * The audit trail, newest first, a page at a time (cursors are entry ids).
 * Read-only: there is no function to change or remove an entry.
 */
export async function readAudit(identity: Identity, input: { olderThan?: number; newerThan?: number }, ctx: AdminContext): Promise<Result<AuditPage>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const staff = auth.staff;
  const towardsNewer = input.newerThan !== undefined;
  // Walk away from the cursor (older: descending ids; newer: ascending), keeping what this member may read.
  const batch = isAdmin(staff) ? AUDIT_PAGE_SIZE + 1 : 200;
  const found: AuditEntry[] = [];
  let cursor = towardsNewer ? input.newerThan : input.olderThan;
  let scanned = 0;
  let more = false;
  for (;;) {
    const entries = towardsNewer
      ? (await listAudit(ctx.store.db, { limit: batch, ...(cursor === undefined ? {} : { newerThan: cursor }) })).reverse()
      : await listAudit(ctx.store.db, { limit: batch, ...(cursor === undefined ? {} : { olderThan: cursor }) });
    scanned += entries.length;
    for (const entry of entries) if (canSeeAuditEntry(staff, entry)) found.push(entry);
    if (found.length > AUDIT_PAGE_SIZE) {
      more = true;
      break;
    }
    if (entries.length < batch) break;
    if (scanned >= AUDIT_SCAN_LIMIT) {
      more = true;
      break;
    }
    cursor = entries[entries.length - 1]?.id;
  }
  const page = found.slice(0, AUDIT_PAGE_SIZE);
  if (towardsNewer) page.reverse(); // newest first on every page
  const newest = page[0]?.id;
  const oldest = page[page.length - 1]?.id;
  const hasOlder = towardsNewer ? true : more;
  const hasNewer = towardsNewer ? more : input.olderThan !== undefined;
  const older = hasOlder ? (oldest ?? (input.newerThan === undefined ? undefined : input.newerThan + 1)) : undefined;
  const newer = hasNewer ? (newest ?? (input.olderThan === undefined ? undefined : input.olderThan - 1)) : undefined;
  return { ok: true, staff, entries: page, ...(older === undefined ? {} : { older }), ...(newer === undefined ? {} : { newer }) };
}

// ---------------------------------------------------------------- usage

export interface UsageReport {
  staff: StaffMember;
  range: Extract<RangeResult, { ok: true }>;
  rows: DecisionCountRow[];
  /** Names of the resources the rows are about (current names; deleted resources have none). */
  names: Record<string, string>;
  /** Slugs in document order, for a stable chart order. */
  order: string[];
}

/** Decision counts per resource per day over a range, limited to the resources the staff member may see. */
export async function readUsage(identity: Identity, input: { from?: string; to?: string }, ctx: AdminContext): Promise<Result<UsageReport>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const range = readRange(input.from, input.to, localDate(ctx.now, ctx.timeZone));
  if (!range.ok) return fail('invalid', { errors: { [range.field]: { key: range.key } } });
  const { resources } = await ctx.store.getDocument();
  const visible = visibleResources(auth.staff, resources);
  const visibleSlugs = new Set(visible.map((r) => r.slug));
  const rows = (await ctx.store.decisionCounts(range.from, range.to)).filter((row) => isAdmin(auth.staff) || visibleSlugs.has(row.resource));
  return {
    ok: true,
    staff: auth.staff,
    range,
    rows,
    names: Object.fromEntries(visible.map((r) => [r.slug, r.name])),
    order: visible.map((r) => r.slug),
  };
}

/** For pages that only need to know who is asking (layout, navigation). */
export async function whoIsStaff(identity: Identity, ctx: AdminContext): Promise<Result<{ staff: StaffMember }>> {
  return staffOf(identity, ctx);
}

export type { Refusal, StaffMember };
