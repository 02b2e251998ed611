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
 * A refusal at any step writes nothing, and so does a change that changes nothing.
 */
import { localDate, type CriteriaDocument, type CriteriaError, type Directory, type Resource } from '../access';
import { exportConnections } from '../connections';
import { criteriaVersion, type DecisionCountRow, decisionCounts, getDocument, getResource, isCriteriaVersionConflict, isStoreError, replaceDocument, type Store } from '../store';
import { appendAudit, listAudit, type AuditAction, type AuditEntry } from '../store/audit';
import { getStaff, listStaff, staffNames, type StoredStaff } from '../store/staff';
import { diff } from './audit-diff';
import { authorize, authorizeAdmin, type Identity } from './authorize';
import { fingerprint, releaseFormOf, scopeError, validateWithin, type FieldErrors, type ResourceForm } from './resource-form';
import { previewImport, runImport, type ImportContext, type ImportPlan } from './import';
import { canSeeAuditEntry, checkChange, checkCreate, checkRelease, checkTouch, checkUpstream, isAdmin, visibleDirectory, visibleResources, type Refusal, type StaffMember } from './roles';
import { readStaffInput, removeStaff, setStaff } from './staff';
import { compareDraft, instantOf, institutionsShutOut, judgeAll, readPatronInfo, samplePatrons, type DraftRow, type ResourceVerdict } from './try-patron';
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
  /** For an import refused as a `conflict`: the difference it would make now. */
  plan?: ImportPlan;
}

export type Result<T> = ({ ok: true } & T) | Failure;

export const fail = (code: FailureCode, extra: Omit<Failure, 'ok' | 'code'> = {}): Failure => ({ ok: false, code, ...extra });

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
async function readDocument(store: Store): Promise<{ version: number; resources: Resource[]; directory: Directory | undefined }> {
  const version = await criteriaVersion(store.db);
  const { resources, directory } = await getDocument(store.db);
  return { version, resources, directory };
}

export interface Edit {
  resources: Resource[];
  /** The whole directory after the edit; absent when the edit leaves it as it is. */
  directory?: Directory;
  /** One entry, or several (a cascade), written in the edit's transaction. */
  audit: AuditChange | AuditChange[];
}

interface AuditChange {
  action: AuditAction;
  target: string;
  before?: unknown;
  after?: unknown;
}

const ATTEMPTS = 3;

/**
 * Read, apply, write if the version has not moved; otherwise read again and
 * re-apply (the check inside `apply` refuses if what it touches has changed).
 * The criteria document's parts move together: resources, directory, version.
 */
export async function editDocument<T>(
  ctx: AdminContext,
  actor: StaffMember,
  apply: (current: { resources: Resource[]; directory: Directory | undefined }) => (Edit & { value: T }) | Failure,
): Promise<Result<{ value: T }>> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const { version, resources, directory } = await readDocument(ctx.store);
    const edit = apply({ resources, directory });
    if ('ok' in edit && edit.ok === false) return edit;
    const { resources: next, directory: nextDirectory, audit, value } = edit as Edit & { value: T };
    // Saving what is already stored (a form sent back unchanged, a second click on "disable")
    // writes nothing: no new version, no audit entry.
    if (sameDocument(resources, next) && (nextDirectory === undefined || diff(directory ?? { institutions: [], patronTypes: [] }, nextDirectory).length === 0)) return { ok: true, value };
    try {
      await replaceDocument(ctx.store.db, 
        { resources: next, ...(nextDirectory ? { directory: nextDirectory } : {}) },
        {
          expectedVersion: version,
          alongside: async (trx) => {
            for (const record of Array.isArray(audit) ? audit : [audit]) await appendAudit(trx, { at: ctx.now, actor: actor.userId, ...record });
          },
        },
      );
    } catch (error) {
      if (isCriteriaVersionConflict(error)) continue;
      // The store's own last check (codes the directory lacks): refused, nothing written.
      if (isStoreError(error) && error.code === 'STORE_INVALID_INPUT') {
        return fail('invalid', { problems: error.errors, errors: { form: { key: 'documentInvalid', values: { problem: error.errors[0]?.message ?? error.message } } } });
      }
      throw error;
    }
    ctx.criteriaChanged?.();
    return { ok: true, value };
  }
  return fail('conflict');
}

/** The same resources in the same order, field for field (as the audit trail compares them). */
function sameDocument(before: readonly Resource[], after: readonly Resource[]): boolean {
  return before.map((r) => r.slug).join('\n') === after.map((r) => r.slug).join('\n') && diff({ resources: before }, { resources: after }).length === 0;
}

function findResource(resources: readonly Resource[], slug: string): { index: number; resource: Resource } | undefined {
  const index = resources.findIndex((r) => r.slug === slug);
  const resource = resources[index];
  return resource ? { index, resource } : undefined;
}

type StoredDocument = { resources: Resource[]; directory: Directory | undefined };

/**
 * A change to one stored resource, after the checks every such change makes
 * in this order: it exists; the staff member may touch it as it is stored
 * now, before anything else (a form posted against another institution's
 * resource learns nothing about it); it has not changed since the form was
 * loaded (`fingerprint`). `change` then says what becomes of it.
 */
async function editResource(
  ctx: AdminContext,
  staff: StaffMember,
  input: { slug: string; fingerprint: string },
  change: (found: { index: number; resource: Resource }, current: StoredDocument) => (Edit & { value: string }) | Failure,
): Promise<Result<{ slug: string }>> {
  const result = await editDocument<string>(ctx, staff, (current) => {
    const found = findResource(current.resources, input.slug);
    if (!found) return fail('not-found');
    const touch = checkTouch(staff, found.resource);
    if (touch) return fail('out-of-scope', { refusal: touch });
    if (fingerprint(found.resource) !== input.fingerprint) return fail('conflict');
    return change(found, current);
  });
  return result.ok ? { ok: true, slug: result.value } : result;
}

// ---------------------------------------------------------------- resources

export interface ResourceListing {
  staff: StaffMember;
  resources: { resource: Resource; fingerprint: string }[];
  /** To name the codes the rules use; undefined when there is none. */
  directory?: Directory;
}

/** The dashboard: the resources the staff member may see, in document order. */
export async function listResources(identity: Identity, ctx: AdminContext): Promise<Result<ResourceListing>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const { resources, directory } = await getDocument(ctx.store.db);
  return {
    ok: true,
    staff: auth.staff,
    resources: visibleResources(auth.staff, resources).map((resource) => ({ resource, fingerprint: fingerprint(resource) })),
    ...(directory ? { directory } : {}),
  };
}

/** One resource for the edit page; out of scope is refused like a change would be. */
export async function readResource(identity: Identity, slug: string, ctx: AdminContext): Promise<Result<{ staff: StaffMember; resource: Resource; fingerprint: string }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const resource = await getResource(ctx.store.db, slug);
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
  const result = await editDocument<string>(ctx, staff, ({ resources, directory }) => {
    if (resources.some((r) => r.slug === form.slug)) return fail('invalid', { errors: { slug: { key: 'slugTaken' } } });
    const validated = validateWithin(resources, resources.length, form, directory);
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
  return editResource(ctx, staff, input, ({ index, resource: before }, { resources, directory }) => {
    const others = resources.filter((_, i) => i !== index);
    // A form without the release fields (a librarian's) leaves the saved policy as it is.
    const release = input.form.release ?? releaseFormOf(before.release);
    const validated = validateWithin(others, index, { ...input.form, slug: before.slug, release }, directory);
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
}

export async function setResourceEnabled(
  identity: Identity,
  input: { slug: string; fingerprint: string; enabled: boolean },
  ctx: AdminContext,
): Promise<Result<{ slug: string }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  return editResource(ctx, auth.staff, input, (found, { resources }) => {
    const after = { ...found.resource, enabled: input.enabled };
    const next = resources.map((r, i) => (i === found.index ? after : r));
    return {
      resources: next,
      audit: { action: input.enabled ? 'resource.enable' : 'resource.disable', target: after.slug, before: found.resource, after },
      value: after.slug,
    };
  });
}

export async function deleteResource(identity: Identity, input: { slug: string; fingerprint: string }, ctx: AdminContext): Promise<Result<{ slug: string }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  return editResource(ctx, auth.staff, input, (found, { resources }) => ({
    resources: resources.filter((_, i) => i !== found.index),
    audit: { action: 'resource.delete', target: found.resource.slug, before: found.resource },
    value: found.resource.slug,
  }));
}

// ---------------------------------------------------------------- import / export

/**
 * The document as the staff member may see it: all of it for an admin
 * (connections with every secret masked), their resources and their part of
 * the directory for a librarian.
 */
export async function exportDocument(identity: Identity, ctx: AdminContext): Promise<Result<{ document: CriteriaDocument; staff: StaffMember }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  return { ok: true, staff: auth.staff, document: await documentFor(auth.staff, ctx.store) };
}

/** What an export prints for `staff`; the command line prints an admin's. */
export async function documentFor(staff: StaffMember, store: Store): Promise<CriteriaDocument> {
  const { resources, directory } = await getDocument(store.db);
  const visible = visibleDirectory(staff, directory);
  const connections = isAdmin(staff) ? await exportConnections(store) : [];
  return {
    resources: visibleResources(staff, resources),
    ...(visible && (visible.institutions.length > 0 || visible.patronTypes.length > 0) ? { directory: visible } : {}),
    ...(connections.length > 0 ? { connections } : {}),
  };
}

/**
 * The difference a criteria document (JSON text) would make, for the staff
 * member to confirm (lib/admin/import.ts); nothing is written.
 */
export async function previewDocument(identity: Identity, input: { text: string }, ctx: ImportContext): Promise<Result<{ plan: ImportPlan }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  return previewImport({ staff: auth.staff, actor: auth.staff.userId }, input.text, ctx);
}

/**
 * Imports a criteria document (JSON text), atomically and audited, with the
 * same importer as `npm run gateway -- import`. An admin replaces every
 * resource; a librarian replaces their part only, and creates none (see
 * mergeImport). With `expectedVersion` (the version a preview showed), only
 * if the store is still at it; otherwise `conflict` with the difference now.
 */
export async function importDocument(
  identity: Identity,
  input: { text: string; expectedVersion?: string },
  ctx: ImportContext,
): Promise<Result<{ count: number; plan: ImportPlan; written: boolean }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const result = await runImport({ staff: auth.staff, actor: auth.staff.userId }, input.text, ctx, input.expectedVersion === undefined ? {} : { expectedVersion: input.expectedVersion });
  return result.ok ? { ok: true, count: result.plan.count, plan: result.plan, written: result.written } : result;
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
  const { resources } = await getDocument(ctx.store.db);
  const visible = visibleResources(auth.staff, resources);
  return { ok: true, facts: reading.facts, day: when.day, verdicts: judgeAll(reading.facts, visible, when.now, ctx.timeZone) };
}

export interface DraftTrial {
  day: string;
  rows: DraftRow[];
  /** Whether the rows compare with a saved resource. */
  compared: boolean;
  /** Institutions whose sample members had access under the saved rules and all lose it under the draft. */
  shutOut: string[];
}

/**
 * Unsaved criteria (the editor's form) against sample patrons around their
 * edges and those of the saved criteria and, if pasted, a real
 * /api/patrons/info answer, beside the saved criteria when a resource is
 * being edited. Nothing is written.
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
    saved = await getResource(ctx.store.db, input.slug);
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
  const { resources } = await getDocument(ctx.store.db);
  const known = isAdmin(staff) ? [...new Set(resources.flatMap((r) => r.criteria.institutions))].sort() : [...staff.institutions].sort();
  patrons.push(...samplePatrons(draft.criteria, saved?.criteria, when.day, known));
  const rows = compareDraft(draft, saved, patrons, when.now, ctx.timeZone);
  return { ok: true, day: when.day, compared: saved !== undefined, rows, shutOut: institutionsShutOut(rows) };
}

// ---------------------------------------------------------------- staff

export async function listStaffMembers(identity: Identity, ctx: AdminContext): Promise<Result<{ staff: StaffMember; members: StoredStaff[] }>> {
  const auth = await adminOf(identity, ctx);
  if (!auth.ok) return auth;
  return { ok: true, staff: auth.staff, members: await listStaff(ctx.store.db) };
}

export async function addStaffMember(
  identity: Identity,
  input: { userId: string; role: string; institutions: string | string[] },
  ctx: AdminContext,
): Promise<Result<{ userId: string; updated: boolean; changed: boolean }>> {
  const auth = await adminOf(identity, ctx);
  if (!auth.ok) return auth;
  const read = readStaffInput(input);
  if (!read.ok) return fail('invalid', { errors: read.errors });
  if (read.member.userId === auth.staff.userId && read.member.role !== 'admin') return fail('self', { errors: { role: { key: 'selfDemote' } } });
  const { before, changed } = await setStaff(ctx.store.db, auth.staff.userId, read.member, ctx.now);
  return { ok: true, userId: read.member.userId, updated: before !== undefined, changed };
}

/** One staff member, for the page that asks before removing them. Admins only. */
export async function readStaffMember(identity: Identity, input: { userId: string }, ctx: AdminContext): Promise<Result<{ staff: StaffMember; member: StoredStaff }>> {
  const auth = await adminOf(identity, ctx);
  if (!auth.ok) return auth;
  const member = await getStaff(ctx.store.db, input.userId);
  return member ? { ok: true, staff: auth.staff, member } : fail('not-found');
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
  /**
   * The names of the staff the page's entries name (actors, and targets of
   * staff entries), as the staff table has them now: an entry keeps the user
   * id only, so a removed member's name is gone from every entry.
   */
  names: Record<string, string>;
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
  const named = await staffNames(ctx.store.db, page.flatMap((entry) => (entry.action.startsWith('staff.') ? [entry.actor, entry.target] : [entry.actor])));
  return {
    ok: true,
    staff,
    entries: page,
    names: Object.fromEntries(named),
    ...(older === undefined ? {} : { older }),
    ...(newer === undefined ? {} : { newer }),
  };
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
  const { resources } = await getDocument(ctx.store.db);
  const visible = visibleResources(auth.staff, resources);
  const visibleSlugs = new Set(visible.map((r) => r.slug));
  const rows = (await decisionCounts(ctx.store.db, range.from, range.to)).filter((row) => isAdmin(auth.staff) || visibleSlugs.has(row.resource));
  return {
    ok: true,
    staff: auth.staff,
    range,
    rows,
    names: Object.fromEntries(visible.map((r) => [r.slug, r.name])),
    order: visible.map((r) => r.slug),
  };
}

/**
 * Why the admin area answered 403 on `path` (app/admin/forbidden.tsx): not
 * staff; a resource outside the librarian's institutions (its page, its
 * delete page); or, for any other page, admins only. Says nothing about the
 * resource beyond that (not which institutions it names).
 */
export async function forbiddenReason(identity: Identity, path: string, ctx: AdminContext): Promise<'not-staff' | 'out-of-scope' | 'admin-only'> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return 'not-staff';
  const slug = /^\/admin\/resources\/([^/?#]+)(?:\/delete)?(?:[?#]|$)/.exec(path)?.[1];
  if (slug && slug !== 'new') {
    let decoded: string;
    try {
      decoded = decodeURIComponent(slug);
    } catch {
      return 'admin-only';
    }
    const result = await readResource(identity, decoded, ctx);
    if (!result.ok && result.code === 'out-of-scope') return 'out-of-scope';
  }
  return 'admin-only';
}

/** For pages that only need to know who is asking (layout, navigation). */
export async function whoIsStaff(identity: Identity, ctx: AdminContext): Promise<Result<{ staff: StaffMember }>> {
  return staffOf(identity, ctx);
}

export type { Refusal, StaffMember };
