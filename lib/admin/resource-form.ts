/**
 * The resource editor's form, as plain data: what a librarian types (text
 * fields, checkboxes) to a candidate resource, and the criteria schema's
 * problems back to the field they belong to. Messages are keys of the
 * `admin.errors` namespace (messages/*.json), translated by the page.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { CriteriaDocumentSchema, LANGUAGE_TAG, type Directory, type Release, type Resource } from '../access';
import type { Refusal } from './roles';

export const FIELDS = [
  'slug',
  'name',
  'url',
  'enabled',
  'institutions',
  'patronTypes',
  'requireValidMembership',
  'graceDays',
  'minAge',
  'deniedMessage',
  'description',
  'releaseId',
  'releaseSector',
  'releaseAttributes',
] as const;
export type Field = (typeof FIELDS)[number];

/** The form as submitted: every value as typed. */
export interface ResourceForm {
  slug: string;
  name: string;
  url: string;
  enabled: boolean;
  /** Codes separated by commas or spaces; empty = any institution. */
  institutions: string;
  patronTypes: string;
  requireValidMembership: boolean;
  graceDays: string;
  minAge: string;
  /** In English, shown in every language that has no text of its own (a plain text when it is the only one). */
  deniedMessage: string;
  /** In other languages, by language tag ("fr", "de-CH"): fields `deniedMessage.<tag>`. */
  deniedMessageIn: Record<string, string>;
  /** The short description on the patron's home page, as `deniedMessage`. */
  description: string;
  descriptionIn: Record<string, string>;
  /**
   * What the e-resource receives (admins only). Absent when the form did not
   * carry the fields (a librarian's form): the saved policy stays as it is.
   */
  release?: ReleaseForm;
}

export interface ReleaseForm {
  /** `release.id` as chosen. */
  id: string;
  /** Empty: the slug. */
  sector: string;
  /** The ticked facts. */
  attributes: string[];
}

/** A message for one field: a key of `admin.errors` and its values. */
export interface FieldError {
  key: string;
  values?: Record<string, string | number>;
}
/** Field name (or `form` for the whole form) → its message. */
export type FieldErrors = Partial<Record<string, FieldError>>;

/** What a new resource releases: the criteria document's default (a pseudonym, the institution and the patron type). */
export const DEFAULT_RELEASE_FORM: ReleaseForm = { id: 'pairwise', sector: '', attributes: ['institution', 'patronType'] };

/** A form as the editor starts it: with the release policy (the saved one, or the default). */
export type LoadedForm = ResourceForm & { release: ReleaseForm };

export const EMPTY_FORM: LoadedForm = {
  slug: '',
  name: '',
  url: 'https://',
  enabled: true,
  institutions: '',
  patronTypes: '',
  requireValidMembership: true,
  graceDays: '0',
  minAge: '',
  deniedMessage: '',
  deniedMessageIn: {},
  description: '',
  descriptionIn: {},
  release: DEFAULT_RELEASE_FORM,
};

export function formOf(resource: Resource): LoadedForm {
  const { criteria } = resource;
  return {
    slug: resource.slug,
    name: resource.name,
    url: resource.url,
    enabled: resource.enabled,
    institutions: criteria.institutions.join(', '),
    patronTypes: criteria.patronTypes.join(', '),
    requireValidMembership: criteria.requireValidMembership,
    graceDays: String(criteria.graceDays),
    minAge: criteria.minAge === undefined ? '' : String(criteria.minAge),
    ...textsFormOf('deniedMessage', resource.deniedMessage),
    ...textsFormOf('description', resource.description),
    release: releaseFormOf(resource.release),
  };
}

type TextField = 'deniedMessage' | 'description';

/**
 * A text the library writes in one language or several, as the form's fields: a plain
 * text, or the English one, in the field itself; the other languages in `<field>In`.
 */
function textsFormOf<F extends TextField>(field: F, value: string | Record<string, string> | undefined) {
  const inOthers = `${field}In` as `${F}In`;
  if (value === undefined || typeof value === 'string') return { [field]: value ?? '', [inOthers]: {} } as Record<F, string> & Record<`${F}In`, Record<string, string>>;
  const { en = '', ...others } = value;
  return { [field]: en, [inOthers]: others } as Record<F, string> & Record<`${F}In`, Record<string, string>>;
}

/** The form's fields back to the document's value: a plain text when only the first field is filled, else texts by language. */
function textsOf(main: string, others: Record<string, string>): string | Record<string, string> | undefined {
  const given = Object.entries(others)
    .map(([tag, value]) => [tag, value.trim()] as const)
    .filter(([, value]) => value !== '');
  const first = main.trim();
  if (given.length === 0) return first || undefined;
  return Object.fromEntries([...(first ? [['en', first] as const] : []), ...given]);
}

/** The `<field>.<language>` fields of `data` ("deniedMessage.fr"), by language. */
function inLanguages(data: FormData, field: TextField): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of data.entries()) {
    const tag = key.startsWith(`${field}.`) ? key.slice(field.length + 1) : undefined;
    if (tag && tag !== 'en' && LANGUAGE_TAG.test(tag) && typeof value === 'string') out[tag] = value;
  }
  return out;
}

export function releaseFormOf(release: Release): ReleaseForm {
  return { id: release.id, sector: release.sector ?? '', attributes: [...release.attributes] };
}

const text = (value: FormDataEntryValue | null | undefined) => (typeof value === 'string' ? value : '');

/**
 * FormData → ResourceForm. Checkbox groups (a librarian's institutions, the
 * directory's pickers) send one value per ticked box; a text field sends one
 * string: both are joined.
 */
export function readResourceForm(data: FormData): ResourceForm {
  return {
    slug: text(data.get('slug')).trim(),
    name: text(data.get('name')),
    url: text(data.get('url')).trim(),
    enabled: data.get('enabled') === 'on' || data.get('enabled') === 'true',
    institutions: data.getAll('institutions').map(text).join(', '),
    patronTypes: data.getAll('patronTypes').map(text).join(', '),
    requireValidMembership: data.get('requireValidMembership') === 'on' || data.get('requireValidMembership') === 'true',
    graceDays: text(data.get('graceDays')),
    minAge: text(data.get('minAge')),
    deniedMessage: text(data.get('deniedMessage')),
    deniedMessageIn: inLanguages(data, 'deniedMessage'),
    description: text(data.get('description')),
    descriptionIn: inLanguages(data, 'description'),
    // Only an admin's form carries the release fields; their absence means "unchanged".
    ...(data.has('releaseId')
      ? { release: { id: text(data.get('releaseId')), sector: text(data.get('releaseSector')).trim(), attributes: data.getAll('releaseAttributes').map(text) } }
      : {}),
  };
}

/** "vs, rbnj  nj" → ["vs", "rbnj", "nj"]: commas, semicolons or spaces separate; duplicates dropped. */
export function codes(value: string): string[] {
  return [...new Set(value.split(/[\s,;]+/).map((code) => code.trim()).filter(Boolean))];
}

/** "" → undefined (use the default); a whole number → that number; anything else as typed, for the schema to refuse. */
function wholeNumber(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^-?\d{1,6}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The resource the form describes, before validation (the schema decides whether it is one). */
export function candidateOf(form: ResourceForm): Record<string, unknown> {
  const graceDays = wholeNumber(form.graceDays);
  const minAge = wholeNumber(form.minAge);
  const deniedMessage = textsOf(form.deniedMessage, form.deniedMessageIn ?? {});
  const description = textsOf(form.description ?? '', form.descriptionIn ?? {});
  return {
    slug: form.slug,
    name: form.name,
    url: form.url,
    enabled: form.enabled,
    criteria: {
      institutions: codes(form.institutions),
      patronTypes: codes(form.patronTypes),
      requireValidMembership: form.requireValidMembership,
      ...(graceDays === undefined ? {} : { graceDays }),
      ...(minAge === undefined ? {} : { minAge }),
    },
    ...(form.release ? { release: { id: form.release.id, ...(form.release.sector ? { sector: form.release.sector } : {}), attributes: form.release.attributes } } : {}),
    ...(deniedMessage ? { deniedMessage } : {}),
    ...(description ? { description } : {}),
  };
}

const RELEASE_FIELDS: Record<string, Field> = { id: 'releaseId', sector: 'releaseSector', attributes: 'releaseAttributes' };

function fieldOf(path: readonly PropertyKey[]): Field | undefined {
  const [first, second] = path;
  if (first === 'criteria') return typeof second === 'string' && (FIELDS as readonly string[]).includes(second) ? (second as Field) : undefined;
  if (first === 'release') return typeof second === 'string' ? RELEASE_FIELDS[second] : undefined;
  return typeof first === 'string' && (FIELDS as readonly string[]).includes(first) ? (first as Field) : undefined;
}

/** The codes a custom issue of the criteria document says the directory lacks (lib/access/criteria.ts). */
function unknownCodesOf(issue: z.core.$ZodIssue): string[] | undefined {
  if (issue.code !== 'custom') return undefined;
  const codes = (issue.params as { unknownCodes?: unknown } | undefined)?.unknownCodes;
  return Array.isArray(codes) ? codes.map(String) : undefined;
}

function errorFor(field: Field, issue: z.core.$ZodIssue): FieldError {
  const empty = issue.input === undefined || issue.input === '';
  const unknown = unknownCodesOf(issue);
  if (unknown && (field === 'institutions' || field === 'patronTypes')) {
    return { key: field === 'institutions' ? 'unknownInstitutions' : 'unknownPatronTypes', values: { codes: unknown.join(', '), count: unknown.length } };
  }
  switch (field) {
    case 'slug':
      if (issue.code === 'custom') return { key: 'slugTaken' };
      return { key: empty ? 'slugMissing' : 'slugPattern' };
    case 'name':
      return { key: 'nameMissing' };
    case 'url':
      return { key: empty ? 'urlMissing' : 'urlInvalid' };
    case 'graceDays':
      return { key: 'graceDays', values: { min: 0, max: 365 } };
    case 'minAge':
      return { key: 'minAge', values: { min: 0, max: 150 } };
    case 'institutions':
      return { key: 'codes' };
    case 'patronTypes':
      return { key: 'codes' };
    case 'releaseId':
    case 'releaseSector':
    case 'releaseAttributes':
      return { key: field };
    default:
      return { key: 'invalid' };
  }
}

export type Validated = { ok: true; resources: Resource[] } | { ok: false; errors: FieldErrors };

/**
 * Validates the document `others` + the form's resource at `index` with the
 * same zod schema as an import, so that a form cannot store what an import
 * would refuse (including a slug used twice, or — with a directory — a code
 * the directory does not have). Problems land on their field; a problem
 * elsewhere in the document goes to `form`.
 */
export function validateWithin(others: readonly Resource[], index: number, form: ResourceForm, directory?: Directory): Validated {
  const resources: unknown[] = [...others];
  resources.splice(index, 0, candidateOf(form));
  // reportInput: the problem keeps the value, to tell a missing one from a wrong one.
  const result = CriteriaDocumentSchema.safeParse({ resources, ...(directory ? { directory } : {}) }, { reportInput: true });
  if (result.success) return { ok: true, resources: result.data.resources };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const [, at, ...rest] = issue.path;
    const field = at === index ? fieldOf(rest) : undefined;
    if (field) errors[field] ??= errorFor(field, issue);
    else if (issue.code === 'unrecognized_keys' && at === index) errors.form ??= { key: 'invalid' };
    else errors.form ??= { key: 'documentInvalid', values: { problem: issue.message } };
  }
  return { ok: false, errors };
}

/** A scope refusal shown at the institutions field. */
export function scopeError(refusal: Refusal): FieldErrors {
  switch (refusal.code) {
    case 'any-institution':
      return { institutions: { key: 'institutionsRequired', values: { scope: refusal.scope.join(', ') } } };
    case 'out-of-scope':
      return { institutions: { key: 'institutionsOutside', values: { outside: refusal.outside.join(', '), scope: refusal.scope.join(', ') } } };
    case 'admin-only':
      return { form: { key: 'adminOnly' } };
    case 'release':
      return { releaseId: { key: 'releaseAdminOnly' } };
    case 'upstream':
    case 'institution-admin-only':
    case 'institution-outside':
    case 'contact':
    case 'connections':
      return { form: { key: 'adminOnly' } };
  }
}

/**
 * What a form remembers of the resource it edits: the change is refused when
 * the stored resource no longer matches, so nobody overwrites a change they
 * have not seen. Short, not secret.
 */
export function fingerprint(resource: Resource): string {
  return createHash('sha256').update(JSON.stringify(resource)).digest('base64url').slice(0, 22);
}
