/**
 * The directory of the library's world, part of the criteria document: the
 * institutions (RERO+ organisation codes) and patron types the resources'
 * criteria name, with what the library calls them in each language, where a
 * patron renews a membership and whom to ask.
 *
 *   "directory": {
 *     "institutions": [{ "code": "vs", "names": { "en": "Valais Media Library", "fr": "Médiathèque Valais" },
 *                        "renewUrl": "https://…", "contact": "…" }],
 *     "patronTypes":  [{ "institution": "vs", "code": "vs-pm", "names": { "en": "Adult reader" } }]
 *   }
 *
 * The names are the library's own words, data of the document, never the
 * product's translation messages. A directory with no institution is no
 * directory at all: codes are then accepted as they are written.
 *
 * Pure: no I/O, as the rest of lib/access.
 */
import * as z from 'zod';

/** A language tag such as "en", "fr" or "de-CH" (RFC 5646, primary language and subtags). */
export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

const CODE_ERROR = (setting: string, example: string) => `"${setting}" must be a non-empty code such as "${example}".`;

function code(setting: string, example: string) {
  const error = CODE_ERROR(setting, example);
  return z.string({ error }).trim().min(1, { error }).max(100, { error: `"${setting}" must be at most 100 characters.` });
}

export const NamesSchema = z
  .record(
    z.string().regex(LANGUAGE_TAG, { error: 'Each key of "names" must be a language code such as "en", "fr" or "de-CH".' }),
    z
      .string({ error: 'Each name must be text, such as "Valais Media Library".' })
      .trim()
      .min(1, { error: 'A name must not be empty; leave the language out instead.' })
      .max(200, { error: 'A name must be at most 200 characters.' }),
    { error: '"names" must be an object of names by language, such as { "en": "Valais Media Library", "fr": "Médiathèque Valais" }.' },
  )
  .default(() => ({}));

export const InstitutionSchema = z.strictObject(
  {
    /** The RERO+ organisation code, the key of `patron_info`. */
    code: code('code', 'vs'),
    names: NamesSchema,
    /** Where a patron renews a membership: https only, it is a link patrons follow. */
    renewUrl: z
      .url({ protocol: /^https$/, error: '"renewUrl" must be a full web address starting with https://, or be left out.' })
      .transform((url) => new URL(url).href)
      .optional(),
    contact: z
      .string({ error: '"contact" must be text such as an e-mail address or a telephone number, or be left out.' })
      .trim()
      .min(1, { error: '"contact" must not be empty; leave it out instead.' })
      .max(500, { error: '"contact" must be at most 500 characters.' })
      .optional(),
  },
  { error: 'Each institution must be an object such as { "code": "vs", "names": { "en": "Valais Media Library" } }.' },
);

export const PatronTypeSchema = z.strictObject(
  {
    /** The code of the institution (of this directory) the patron type belongs to. */
    institution: code('institution', 'vs'),
    code: code('code', 'vs-pm'),
    names: NamesSchema,
  },
  { error: 'Each patron type must be an object such as { "institution": "vs", "code": "vs-pm", "names": { "en": "Adult reader" } }.' },
);

function firstUses(list: unknown[], key: (item: Record<string, unknown>) => unknown, report: (index: number, value: string, first: number) => void): void {
  const seen = new Map<string, number>();
  list.forEach((item, index) => {
    if (typeof item !== 'object' || item === null) return;
    const value = key(item as Record<string, unknown>);
    if (typeof value !== 'string') return;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, index);
    else report(index, value, first);
  });
}

export const DirectorySchema = z
  .strictObject(
    {
      institutions: z.array(InstitutionSchema, { error: '"directory.institutions" must be a list of institutions.' }).default(() => []),
      patronTypes: z.array(PatronTypeSchema, { error: '"directory.patronTypes" must be a list of patron types.' }).default(() => []),
    },
    { error: '"directory" must be an object with "institutions" and "patronTypes" lists, or be left out to keep the stored one.' },
  )
  .superRefine(
    (directory, ctx) => {
      // As the document's own check (criteria.ts), this may see entries that are only partly valid.
      const institutions = directory.institutions as unknown[];
      const patronTypes = directory.patronTypes as unknown[];
      firstUses(institutions, (item) => item.code, (index, value, first) =>
        ctx.addIssue({ code: 'custom', path: ['institutions', index, 'code'], input: value, message: `The institution "${value}" is already listed at $.directory.institutions[${first}]; each code once.` }),
      );
      firstUses(patronTypes, (item) => item.code, (index, value, first) =>
        ctx.addIssue({ code: 'custom', path: ['patronTypes', index, 'code'], input: value, message: `The patron type "${value}" is already listed at $.directory.patronTypes[${first}]; each code once.` }),
      );
      const known = new Set(institutions.map((item) => (typeof item === 'object' && item !== null ? (item as { code?: unknown }).code : undefined)));
      patronTypes.forEach((item, index) => {
        const institution = typeof item === 'object' && item !== null ? (item as { institution?: unknown }).institution : undefined;
        if (typeof institution !== 'string' || known.has(institution)) return;
        ctx.addIssue({
          code: 'custom',
          path: ['patronTypes', index, 'institution'],
          input: institution,
          message: `The patron type belongs to "${institution}", which is not an institution of the directory: add the institution first.`,
        });
      });
    },
    {
      when: (payload) => {
        const value = payload.value as { institutions?: unknown; patronTypes?: unknown } | null | undefined;
        return typeof value === 'object' && value !== null && Array.isArray(value.institutions) && Array.isArray(value.patronTypes);
      },
    },
  );

export type Names = z.output<typeof NamesSchema>;
export type Institution = z.output<typeof InstitutionSchema>;
export type PatronType = z.output<typeof PatronTypeSchema>;
export type Directory = z.output<typeof DirectorySchema>;

/** Whether there is a directory to hold codes to: one with at least one institution. */
export function hasDirectory(directory: Directory | undefined): directory is Directory {
  return directory !== undefined && directory.institutions.length > 0;
}

/** What the cross-checks need of a resource. */
interface NamingResource {
  slug: string;
  criteria: { institutions: readonly string[]; patronTypes: readonly string[] };
}

export type CodeKind = 'institution' | 'patronType';

/** One resource naming codes the directory does not have. */
export interface UnknownCodes {
  /** The resource's index in the list given. */
  index: number;
  slug: string;
  kind: CodeKind;
  codes: string[];
}

/**
 * The codes each resource names that `directory` does not know, resource by
 * resource; empty when there is no directory (codes are then free).
 */
export function unknownCodes(directory: Directory | undefined, resources: readonly NamingResource[]): UnknownCodes[] {
  if (!hasDirectory(directory)) return [];
  const institutions = new Set(directory.institutions.map((i) => i.code));
  const patronTypes = new Set(directory.patronTypes.map((p) => p.code));
  const out: UnknownCodes[] = [];
  resources.forEach((resource, index) => {
    const missingInstitutions = [...new Set(resource.criteria.institutions.filter((c) => !institutions.has(c)))];
    if (missingInstitutions.length > 0) out.push({ index, slug: resource.slug, kind: 'institution', codes: missingInstitutions });
    const missingTypes = [...new Set(resource.criteria.patronTypes.filter((c) => !patronTypes.has(c)))];
    if (missingTypes.length > 0) out.push({ index, slug: resource.slug, kind: 'patronType', codes: missingTypes });
  });
  return out;
}

const quoted = (codes: readonly string[]) => codes.map((c) => `"${c}"`).join(', ');

/** The sentence for one resource's unknown codes, naming the resource (where the code is used). */
export function unknownCodesMessage(unknown: Pick<UnknownCodes, 'slug' | 'kind' | 'codes'>): string {
  const what = unknown.kind === 'institution' ? (unknown.codes.length === 1 ? 'institution' : 'institutions') : unknown.codes.length === 1 ? 'patron type' : 'patron types';
  return `The resource "${unknown.slug}" names the ${what} ${quoted(unknown.codes)}, which the directory does not have: add ${unknown.codes.length === 1 ? 'it' : 'them'} to the directory, or choose from it.`;
}

/** The slugs of the resources that name `code` (an institution or a patron type), in their order. */
export function usedBy(resources: readonly NamingResource[], kind: CodeKind, code: string): string[] {
  return resources.filter((r) => (kind === 'institution' ? r.criteria.institutions : r.criteria.patronTypes).includes(code)).map((r) => r.slug);
}

// ---------------------------------------------------------------- for pages

/**
 * The name in `locale`: that language, else its primary language ("fr" for
 * "fr-CH"), else English, else the code itself.
 */
export function nameIn(names: Names | undefined, locale: string, fallback: string): string {
  if (!names) return fallback;
  const base = locale.split('-')[0] ?? locale;
  return names[locale] ?? names[base] ?? names.en ?? fallback;
}

export function findInstitution(directory: Directory | undefined, code: string): Institution | undefined {
  return directory?.institutions.find((i) => i.code === code);
}

export function findPatronType(directory: Directory | undefined, code: string): PatronType | undefined {
  return directory?.patronTypes.find((p) => p.code === code);
}

/** Text the library writes in one language or several (a resource's `deniedMessage`, `description`) for a page in `locale`. */
export function textIn(text: string | Readonly<Record<string, string>> | undefined, locale: string): string | undefined {
  if (text === undefined || typeof text === 'string') return text;
  return nameIn(text, locale, '') || Object.values(text)[0];
}

/** An institution's name for a page in `locale`; the code when the directory does not name it. */
export function institutionName(directory: Directory | undefined, code: string, locale: string): string {
  return nameIn(findInstitution(directory, code)?.names, locale, code);
}

/** A patron type's name for a page in `locale`; the code when the directory does not name it. */
export function patronTypeName(directory: Directory | undefined, code: string, locale: string): string {
  return nameIn(findPatronType(directory, code)?.names, locale, code);
}

/** Where a patron of `code` renews a membership and whom to ask; empty when the directory says nothing. */
export function renewalOf(directory: Directory | undefined, code: string): { renewUrl?: string; contact?: string } {
  const institution = findInstitution(directory, code);
  return {
    ...(institution?.renewUrl ? { renewUrl: institution.renewUrl } : {}),
    ...(institution?.contact ? { contact: institution.contact } : {}),
  };
}
