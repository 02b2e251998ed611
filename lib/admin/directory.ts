/**
 * The directory in the admin area (/admin/directory): the institutions and
 * patron types the criteria name, with the library's names for them, as
 * functions of (identity, input, context) like ./actions.ts. Every staff
 * member reads the directory; admins change all of it, a librarian the names
 * and renewal link of their own institutions and their patron types
 * (roles.ts checkInstitution, checkPatronType). An entry still named by a
 * resource is not deleted: the refusal names the resources. Changes go
 * through the criteria document's version and are audited in the same
 * transaction.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { DirectorySchema, hasDirectory, InstitutionSchema, PatronTypeSchema, usedBy, type Directory, type Institution, type PatronType, type Resource } from '../access';
import { listSignInCodes, type SignInCodeCount } from '../store/sign-in-codes';
import { authorize, authorizeAdmin, type Identity } from './authorize';
import { editDocument, fail, type AdminContext, type Failure, type Result } from './actions';
import type { FieldErrors } from './resource-form';
import { checkInstitution, checkPatronType, isAdmin, type Refusal, type StaffMember } from './roles';
import { getDirectory, getDocument } from '../store';

const EMPTY: Directory = { institutions: [], patronTypes: [] };

/** What a form remembers of the entry it edits: a change is refused when the stored entry no longer matches. */
export function entryFingerprint(entry: Institution | PatronType): string {
  return createHash('sha256').update(JSON.stringify(entry)).digest('base64url').slice(0, 22);
}

/** A resource that names an entry, as a refusal or a page names it. */
export interface ResourceUse {
  slug: string;
  name: string;
}

function usesOf(resources: readonly Resource[], kind: 'institution' | 'patronType', code: string): ResourceUse[] {
  const slugs = new Set(usedBy(resources, kind, code));
  return resources.filter((r) => slugs.has(r.slug)).map((r) => ({ slug: r.slug, name: r.name }));
}

async function staffOf(identity: Identity, ctx: AdminContext): Promise<{ ok: true; staff: StaffMember } | Failure> {
  const result = await authorize(identity, ctx.store);
  return result.ok ? result : fail(result.code);
}

// ---------------------------------------------------------------- reading

export interface InstitutionListing {
  institution: Institution;
  fingerprint: string;
  usedBy: ResourceUse[];
  /** Whether this member may change it (names, renewal link; for admins everything). */
  editable: boolean;
  patronTypes: { patronType: PatronType; fingerprint: string; usedBy: ResourceUse[] }[];
}

export interface DirectoryListing {
  staff: StaffMember;
  institutions: InstitutionListing[];
  /** For admins: codes met at sign-in that the directory does not name, most frequent first. */
  unknown?: SignInCodeCount[];
}

/** Codes met at sign-in that `directory` does not name: institutions not in it, patron types not in it. */
export function unnamedCodes(directory: Directory | undefined, met: readonly SignInCodeCount[]): SignInCodeCount[] {
  const institutions = new Set((directory ?? EMPTY).institutions.map((i) => i.code));
  const patronTypes = new Set((directory ?? EMPTY).patronTypes.map((p) => p.code));
  return met.filter((c) => (c.kind === 'institution' ? !institutions.has(c.code) : !patronTypes.has(c.code)));
}

/** The whole directory, with where each entry is used; for admins, the codes met at sign-in it does not name. */
export async function readDirectory(identity: Identity, ctx: AdminContext): Promise<Result<DirectoryListing>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const { staff } = auth;
  const { resources, directory } = await getDocument(ctx.store.db);
  const current = directory ?? EMPTY;
  const institutions = current.institutions.map((institution) => ({
    institution,
    fingerprint: entryFingerprint(institution),
    usedBy: usesOf(resources, 'institution', institution.code),
    editable: isAdmin(staff) || staff.institutions.includes(institution.code),
    patronTypes: current.patronTypes
      .filter((p) => p.institution === institution.code)
      .map((patronType) => ({ patronType, fingerprint: entryFingerprint(patronType), usedBy: usesOf(resources, 'patronType', patronType.code) })),
  }));
  const unknown = isAdmin(staff) ? unnamedCodes(directory, await listSignInCodes(ctx.store.db)) : undefined;
  return { ok: true, staff, institutions, ...(unknown ? { unknown } : {}) };
}

/** The directory for pickers (the resource editor): every institution and patron type, nothing else. */
export async function directoryForPickers(ctx: AdminContext): Promise<Directory | undefined> {
  const directory = await getDirectory(ctx.store.db);
  return hasDirectory(directory) ? directory : undefined;
}

export interface EntryReading<E> {
  staff: StaffMember;
  entry: E;
  fingerprint: string;
  usedBy: ResourceUse[];
  /** For an institution: its patron types (a deletion takes them along; `usedBy` counts theirs too). */
  patronTypes?: PatronType[];
}

export async function readInstitution(identity: Identity, code: string, ctx: AdminContext): Promise<Result<EntryReading<Institution>>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const { resources, directory } = await getDocument(ctx.store.db);
  const entry = directory?.institutions.find((i) => i.code === code);
  if (!entry) return fail('not-found');
  const patronTypes = (directory ?? EMPTY).patronTypes.filter((p) => p.institution === code);
  // What keeps it from being deleted: resources naming it, or one of its patron types.
  const uses = [...usesOf(resources, 'institution', code), ...patronTypes.flatMap((p) => usesOf(resources, 'patronType', p.code))];
  return { ok: true, staff: auth.staff, entry, fingerprint: entryFingerprint(entry), usedBy: [...new Map(uses.map((u) => [u.slug, u])).values()], patronTypes };
}

export async function readPatronType(identity: Identity, code: string, ctx: AdminContext): Promise<Result<EntryReading<PatronType>>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const { resources, directory } = await getDocument(ctx.store.db);
  const entry = directory?.patronTypes.find((p) => p.code === code);
  if (!entry) return fail('not-found');
  return { ok: true, staff: auth.staff, entry, fingerprint: entryFingerprint(entry), usedBy: usesOf(resources, 'patronType', code) };
}

/** Codes met at sign-in the directory does not name: admins only. */
export async function readUnnamedCodes(identity: Identity, ctx: AdminContext): Promise<Result<{ codes: SignInCodeCount[] }>> {
  const auth = await authorizeAdmin(identity, ctx.store);
  if (!auth.ok) return fail(auth.code);
  return { ok: true, codes: unnamedCodes(await getDirectory(ctx.store.db), await listSignInCodes(ctx.store.db)) };
}

// ---------------------------------------------------------------- forms

/** An institution's form as posted: every value as typed. `contact` is absent from a librarian's form (kept as stored). */
export interface InstitutionForm {
  code: string;
  /** Language → name; empty ones are left out. */
  names: Record<string, string>;
  renewUrl: string;
  contact?: string;
}

export interface PatronTypeForm {
  institution: string;
  code: string;
  names: Record<string, string>;
}

const text = (value: FormDataEntryValue | null | undefined) => (typeof value === 'string' ? value : '');

/** The names of a form: fields `names.<language>`. */
function readNames(data: FormData): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [key, value] of data.entries()) {
    const match = /^names\.(.+)$/.exec(key);
    if (match?.[1] && typeof value === 'string') names[match[1]] = value;
  }
  return names;
}

export function readInstitutionForm(data: FormData): InstitutionForm {
  return {
    code: text(data.get('code')).trim(),
    names: readNames(data),
    renewUrl: text(data.get('renewUrl')).trim(),
    ...(data.has('contact') ? { contact: text(data.get('contact')) } : {}),
  };
}

export function readPatronTypeForm(data: FormData): PatronTypeForm {
  return { institution: text(data.get('institution')).trim(), code: text(data.get('code')).trim(), names: readNames(data) };
}

function namesOf(names: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(names).map(([language, name]) => [language, name.trim()]).filter(([, name]) => name !== ''));
}

/** A form's problems on their fields (keys of `admin.errors`). */
function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const [first, second] = issue.path;
    if (first === 'names') errors[typeof second === 'string' ? `names.${second}` : 'form'] ??= { key: typeof second === 'string' && /^[a-z]/.test(second) ? 'directoryName' : 'invalid' };
    else if (first === 'code') errors.code ??= { key: 'directoryCode' };
    else if (first === 'renewUrl') errors.renewUrl ??= { key: 'renewUrl' };
    else if (first === 'contact') errors.contact ??= { key: 'contact' };
    else if (first === 'institution') errors.institution ??= { key: 'institutionUnknown' };
    else errors.form ??= { key: 'invalid' };
  }
  return errors;
}

function refusalErrors(refusal: Refusal): FieldErrors {
  switch (refusal.code) {
    case 'contact':
      return { contact: { key: 'contactAdminOnly' } };
    case 'institution-outside':
      return { form: { key: 'directoryOutside', values: { institution: refusal.institution, scope: refusal.scope.join(', ') } } };
    default:
      return { form: { key: 'adminOnly' } };
  }
}

function inUse(uses: readonly ResourceUse[]): FieldErrors {
  return { form: { key: 'inUse', values: { resources: uses.map((u) => `${u.name} (${u.slug})`).join(', ') } } };
}

// ---------------------------------------------------------------- changes

/**
 * Adds (no `original`) or changes the institution `original`. A librarian's
 * form carries no contact: the stored one is kept. The code of an existing
 * institution does not change (resources and sign-ins name it).
 */
export async function saveInstitution(
  identity: Identity,
  input: { original?: string; fingerprint?: string; form: InstitutionForm },
  ctx: AdminContext,
): Promise<Result<{ code: string }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const { staff } = auth;
  if (input.original === undefined && !isAdmin(staff)) return fail('admin-only');
  const result = await editDocument<string>(ctx, staff, ({ resources, directory }) => {
    const current = directory ?? EMPTY;
    const before = input.original === undefined ? undefined : current.institutions.find((i) => i.code === input.original);
    if (input.original !== undefined && !before) return fail('not-found');
    if (before && input.fingerprint !== entryFingerprint(before)) return fail('conflict');
    const code = before ? before.code : input.form.code;
    const contact = input.form.contact === undefined ? before?.contact : input.form.contact.trim() || undefined;
    const candidate = { code, names: namesOf(input.form.names), ...(input.form.renewUrl ? { renewUrl: input.form.renewUrl } : {}), ...(contact ? { contact } : {}) };
    const parsed = InstitutionSchema.safeParse(candidate, { reportInput: true });
    if (!parsed.success) return fail('invalid', { errors: fieldErrorsOf(parsed.error.issues) });
    const after = parsed.data;
    if (!before && current.institutions.some((i) => i.code === after.code)) return fail('invalid', { errors: { code: { key: 'codeTaken' } } });
    const refusal = checkInstitution(staff, before, after);
    if (refusal) return fail(refusal.code === 'institution-outside' ? 'out-of-scope' : 'admin-only', { refusal, errors: refusalErrors(refusal) });
    const institutions = before ? current.institutions.map((i) => (i.code === before.code ? after : i)) : [...current.institutions, after];
    return {
      resources,
      directory: { institutions, patronTypes: current.patronTypes },
      audit: { action: before ? 'institution.update' : 'institution.create', target: after.code, ...(before ? { before } : {}), after },
      value: after.code,
    };
  });
  return result.ok ? { ok: true, code: result.value } : result;
}

/** Deletes an institution and its patron types: admins only, and only when no resource names any of them. */
export async function deleteInstitution(identity: Identity, input: { code: string; fingerprint: string }, ctx: AdminContext): Promise<Result<{ code: string }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const { staff } = auth;
  const result = await editDocument<string>(ctx, staff, ({ resources, directory }) => {
    const current = directory ?? EMPTY;
    const before = current.institutions.find((i) => i.code === input.code);
    if (!before) return fail('not-found');
    const refusal = checkInstitution(staff, before, undefined);
    if (refusal) return fail('admin-only', { refusal, errors: refusalErrors(refusal) });
    if (input.fingerprint !== entryFingerprint(before)) return fail('conflict');
    const types = current.patronTypes.filter((p) => p.institution === before.code);
    const uses = [...usesOf(resources, 'institution', before.code), ...types.flatMap((p) => usesOf(resources, 'patronType', p.code))];
    const unique = [...new Map(uses.map((u) => [u.slug, u])).values()];
    if (unique.length > 0) return fail('invalid', { errors: inUse(unique) });
    return {
      resources,
      directory: { institutions: current.institutions.filter((i) => i !== before), patronTypes: current.patronTypes.filter((p) => p.institution !== before.code) },
      audit: [...types.map((p) => ({ action: 'patron-type.delete' as const, target: p.code, before: p })), { action: 'institution.delete', target: before.code, before }],
      value: before.code,
    };
  });
  return result.ok ? { ok: true, code: result.value } : result;
}

/** Adds (no `original`) or changes a patron type; a librarian's must belong to their institutions, before and after. */
export async function savePatronType(
  identity: Identity,
  input: { original?: string; fingerprint?: string; form: PatronTypeForm },
  ctx: AdminContext,
): Promise<Result<{ code: string }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const { staff } = auth;
  const result = await editDocument<string>(ctx, staff, ({ resources, directory }) => {
    const current = directory ?? EMPTY;
    const before = input.original === undefined ? undefined : current.patronTypes.find((p) => p.code === input.original);
    if (input.original !== undefined && !before) return fail('not-found');
    if (before) {
      const touch = checkPatronType(staff, before, undefined);
      if (touch) return fail('out-of-scope', { refusal: touch, errors: refusalErrors(touch) });
      if (input.fingerprint !== entryFingerprint(before)) return fail('conflict');
    }
    // The code of an existing patron type does not change (resources name it); its institution may.
    const candidate = { institution: input.form.institution || before?.institution, code: before ? before.code : input.form.code, names: namesOf(input.form.names) };
    const parsed = PatronTypeSchema.safeParse(candidate, { reportInput: true });
    if (!parsed.success) return fail('invalid', { errors: fieldErrorsOf(parsed.error.issues) });
    const after = parsed.data;
    if (!current.institutions.some((i) => i.code === after.institution)) return fail('invalid', { errors: { institution: { key: 'institutionUnknown' } } });
    if (!before && current.patronTypes.some((p) => p.code === after.code)) return fail('invalid', { errors: { code: { key: 'codeTaken' } } });
    const refusal = checkPatronType(staff, before, after);
    if (refusal) return fail('out-of-scope', { refusal, errors: refusalErrors(refusal) });
    const patronTypes = before ? current.patronTypes.map((p) => (p.code === before.code ? after : p)) : [...current.patronTypes, after];
    const next = DirectorySchema.safeParse({ institutions: current.institutions, patronTypes });
    if (!next.success) return fail('invalid', { errors: { form: { key: 'invalid' } } });
    return {
      resources,
      directory: next.data,
      audit: { action: before ? 'patron-type.update' : 'patron-type.create', target: after.code, ...(before ? { before } : {}), after },
      value: after.code,
    };
  });
  return result.ok ? { ok: true, code: result.value } : result;
}

/** Deletes a patron type no resource names. */
export async function deletePatronType(identity: Identity, input: { code: string; fingerprint: string }, ctx: AdminContext): Promise<Result<{ code: string }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const { staff } = auth;
  const result = await editDocument<string>(ctx, staff, ({ resources, directory }) => {
    const current = directory ?? EMPTY;
    const before = current.patronTypes.find((p) => p.code === input.code);
    if (!before) return fail('not-found');
    const refusal = checkPatronType(staff, before, undefined);
    if (refusal) return fail('out-of-scope', { refusal, errors: refusalErrors(refusal) });
    if (input.fingerprint !== entryFingerprint(before)) return fail('conflict');
    const uses = usesOf(resources, 'patronType', before.code);
    if (uses.length > 0) return fail('invalid', { errors: inUse(uses) });
    return {
      resources,
      directory: { institutions: current.institutions, patronTypes: current.patronTypes.filter((p) => p !== before) },
      audit: { action: 'patron-type.delete', target: before.code, before },
      value: before.code,
    };
  });
  return result.ok ? { ok: true, code: result.value } : result;
}

/**
 * Starts the directory from the codes in use: an institution for every code
 * the resources name or sign-ins met, a patron type for every patron type
 * code — under the institution it was met with at sign-in, else the first
 * institution of the first resource naming it, else the first institution.
 * Without names: the admin names them next. Admins only, and only while
 * there is no directory (adding one institution at a time would refuse the
 * resources naming the others).
 */
export async function startDirectory(identity: Identity, ctx: AdminContext): Promise<Result<{ institutions: number; patronTypes: number }>> {
  const auth = await staffOf(identity, ctx);
  if (!auth.ok) return auth;
  const { staff } = auth;
  if (!isAdmin(staff)) return fail('admin-only');
  const met = await listSignInCodes(ctx.store.db);
  const result = await editDocument<{ institutions: number; patronTypes: number }>(ctx, staff, ({ resources, directory }) => {
    if (hasDirectory(directory)) return fail('conflict');
    const institutionCodes = [...new Set([...resources.flatMap((r) => r.criteria.institutions), ...met.filter((c) => c.kind === 'institution').map((c) => c.code), ...met.filter((c) => c.kind === 'patron-type').map((c) => c.institution)])];
    const typeCodes = [...new Set([...resources.flatMap((r) => r.criteria.patronTypes), ...met.filter((c) => c.kind === 'patron-type').map((c) => c.code)])];
    const institutionOf = (code: string): string | undefined =>
      met.find((c) => c.kind === 'patron-type' && c.code === code)?.institution ?? resources.find((r) => r.criteria.patronTypes.includes(code) && r.criteria.institutions.length > 0)?.criteria.institutions[0] ?? institutionCodes[0];
    if (institutionCodes.length === 0) return fail('invalid', { errors: { form: { key: 'nothingToStart' } } });
    const parsed = DirectorySchema.safeParse({
      institutions: institutionCodes.map((code) => ({ code })),
      patronTypes: typeCodes.map((code) => ({ code, institution: institutionOf(code) })),
    });
    if (!parsed.success) return fail('invalid', { errors: { form: { key: 'invalid' } } });
    const next = parsed.data;
    return {
      resources,
      directory: next,
      audit: [
        ...next.institutions.map((after) => ({ action: 'institution.create' as const, target: after.code, after })),
        ...next.patronTypes.map((after) => ({ action: 'patron-type.create' as const, target: after.code, after })),
      ],
      value: { institutions: next.institutions.length, patronTypes: next.patronTypes.length },
    };
  });
  return result.ok ? { ok: true, ...result.value } : result;
}
