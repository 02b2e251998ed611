/**
 * The criteria document: which e-resources the gateway offers and which
 * patrons may reach each one. Librarians write it, so every message below
 * names the setting and says what is expected, in plain English.
 *
 * Objects are strict (an unknown key is an error) so that a typo such as
 * "minage" is caught instead of silently allowing everyone.
 */
import * as z from 'zod';
import { DirectorySchema, InstitutionSchema, LANGUAGE_TAG, PatronTypeSchema, unknownCodes, unknownCodesMessage, type Directory } from './directory';
import { RELEASE_ATTRIBUTES, RELEASE_IDS } from './release-policy';

export { RELEASE_ATTRIBUTES, RELEASE_IDS, type ReleaseAttribute, type ReleaseId } from './release-policy';

type Issue = { input?: unknown };

/** One message for a missing value, another for a wrong one. */
function expect(missing: string, wrong: string) {
  return (issue: Issue) => (issue.input === undefined ? missing : wrong);
}

function codeList(setting: string, example: string) {
  const item = `Each entry of "${setting}" must be a non-empty code such as "${example}".`;
  return z
    .array(z.string({ error: item }).trim().min(1, { error: item }), {
      error: `"${setting}" must be a list of codes such as ["${example}"], or be left out to allow any.`,
    })
    .default(() => []);
}

function wholeNumber(setting: string, min: number, max: number, unit: string) {
  const error = `"${setting}" must be a whole number of ${unit} from ${min} to ${max}.`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

function flag(setting: string) {
  return z.boolean({ error: `"${setting}" must be true or false.` });
}

/**
 * Text the library writes for patrons, in one language or in several:
 * "…" or { "en": "…", "fr": "…" }, keyed as the directory's names; pages pick the patron's
 * language, then English, then any (textIn).
 */
function libraryText(setting: string, what: string, max: number, example: string) {
  const text = z
    .string({ error: `${what} must be text, or be left out.` })
    .trim()
    .min(1, { error: `${what} must not be empty; leave it out instead.` })
    .max(max, { error: `${what} must be at most ${max} characters.` });
  return z
    .union([text, z.record(z.string().regex(LANGUAGE_TAG, { error: `Each key of "${setting}" must be a language code such as "en", "fr" or "de-CH".` }), text)], {
      error: `"${setting}" must be text such as "${example}", or texts by language such as { "en": "${example}" }, or be left out.`,
    })
    .refine((value) => typeof value === 'string' || Object.keys(value).length > 0, { error: `"${setting}" must give at least one language; leave it out instead.` })
    .optional();
}

export const CriteriaSchema = z.strictObject(
  {
    /** Institution codes (RERO+ `patron_info` keys); empty = any institution. */
    institutions: codeList('institutions', 'vs'),
    /** Patron type codes; empty = any patron type. */
    patronTypes: codeList('patronTypes', 'vs-pm'),
    requireValidMembership: flag('requireValidMembership').default(true),
    /** Days a membership stays valid after its expiration date. */
    graceDays: wholeNumber('graceDays', 0, 365, 'days').default(0),
    minAge: wholeNumber('minAge', 0, 150, 'years').optional(),
  },
  { error: '"criteria" must be an object of rules, or be left out to use the defaults.' },
);

const SLUG_PATTERN = /^[a-z0-9-]+$/;

const ATTRIBUTE_ERROR = `Each entry of "release.attributes" must be one of ${RELEASE_ATTRIBUTES.map((a) => `"${a}"`).join(', ')}; nothing else is ever released.`;

export const ReleaseSchema = z.strictObject(
  {
    id: z.enum(RELEASE_IDS, { error: `"release.id" must be one of ${RELEASE_IDS.map((id) => `"${id}"`).join(', ')}.` }).default('pairwise'),
    /**
     * What the pairwise pseudonym is computed for; default the slug. Giving a
     * renamed or split resource its old sector keeps the pseudonyms vendors stored.
     */
    sector: z
      .string({ error: '"release.sector" must be text such as "cairn", or be left out to use the slug.' })
      .regex(SLUG_PATTERN, { error: '"release.sector" may contain only lowercase letters, digits and hyphens, such as "cairn".' })
      .max(100, { error: '"release.sector" must be at most 100 characters.' })
      .optional(),
    attributes: z
      .array(z.enum(RELEASE_ATTRIBUTES, { error: ATTRIBUTE_ERROR }), { error: `"release.attributes" must be a list such as ["institution", "patronType"], or [] for none.` })
      // One order, whatever was written: the same policy reads (and compares) the same.
      .transform((list) => RELEASE_ATTRIBUTES.filter((attribute) => list.includes(attribute)))
      .default(() => [...RELEASE_ATTRIBUTES]),
  },
  { error: '"release" must be an object such as { "id": "pairwise", "attributes": ["institution"] }, or be left out to use the defaults.' },
);

export type Release = z.output<typeof ReleaseSchema>;

/** What a resource releases when its document says nothing: a pseudonym, the institution and the patron type. */
export const DEFAULT_RELEASE: Release = ReleaseSchema.parse({});

export const UPSTREAM_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * A resource behind one of the library's provider connections: for an allowed
 * patron, the forward-auth listener adds the connection's credentials, on the
 * methods and paths listed only (by default GET and HEAD on every path).
 */
const UpstreamSchema = z.strictObject(
  {
    connection: z
      .string({ error: '"upstream.connection" must be the id of a provider connection, such as "libris-test".' })
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: '"upstream.connection" must be the id of a provider connection, such as "libris-test".' }),
    allow: z
      .array(
        z.strictObject(
          {
            methods: z
              .array(z.enum(UPSTREAM_METHODS, { error: `Each entry of "methods" must be one of ${UPSTREAM_METHODS.join(', ')}.` }), { error: '"methods" must be a list such as ["GET", "HEAD"].' })
              .min(1, { error: '"methods" must name at least one method.' }),
            paths: z
              .array(z.string({ error: 'Each entry of "paths" must be a path such as "/metadata/export/".' }).regex(/^\/[^\s?#]*$/, { error: 'Each entry of "paths" must be a path starting with "/", such as "/metadata/export/" (no query).' }), {
                error: '"paths" must be a list such as ["/metadata/export/"].',
              })
              .min(1, { error: '"paths" must name at least one path prefix ("/" for every path).' }),
          },
          { error: 'Each entry of "upstream.allow" must be an object such as { "methods": ["GET"], "paths": ["/"] }.' },
        ),
        { error: '"upstream.allow" must be a list of { "methods", "paths" }, or be left out for GET and HEAD on every path.' },
      )
      .default(() => [{ methods: ['GET', 'HEAD'] as ('GET' | 'HEAD')[], paths: ['/'] }]),
  },
  { error: '"upstream" must be an object such as { "connection": "libris-test" }, or be left out.' },
);

export type Upstream = z.output<typeof UpstreamSchema>;

/** Whether a request (method and path the proxy reports) may carry the connection's credentials. */
export function upstreamAllows(upstream: Upstream, method: string, path: string): boolean {
  return upstream.allow.some((rule) => (rule.methods as readonly string[]).includes(method.toUpperCase()) && rule.paths.some((prefix) => path.startsWith(prefix)));
}

/** Whether two policies release the same thing to the same sector. */
export function sameRelease(a: Release, b: Release, slug: string): boolean {
  return a.id === b.id && (a.sector ?? slug) === (b.sector ?? slug) && a.attributes.join() === b.attributes.join();
}

export const ResourceSchema = z.strictObject(
  {
    slug: z
      .string({ error: expect('Give the resource a slug, a short identifier such as "cairn".', 'The slug must be text such as "cairn".') })
      .regex(SLUG_PATTERN, {
        error: 'The slug may contain only lowercase letters, digits and hyphens, such as "cairn" or "jstor-arts".',
      }),
    name: z
      .string({ error: expect('Give the resource a name.', 'The name must be text.') })
      .trim()
      .min(1, { error: 'The name must not be empty.' }),
    url: z
      .url({
        protocol: z.regexes.httpProtocol,
        error: expect(
          "Give the resource's web address (URL).",
          'The URL must be a full web address starting with https:// or http://.',
        ),
      })
      // Normalised (non-ASCII characters percent-encoded), so that it can stand in a Location header.
      .transform((url) => new URL(url).href),
    enabled: flag('enabled').default(true),
    criteria: CriteriaSchema.prefault({}),
    /** What the e-resource receives about a patron who is let in (lib/release/). */
    release: ReleaseSchema.prefault({}),
    upstream: UpstreamSchema.optional(),
    /** What a refused patron reads beside the reasons: one text, or one per language. */
    deniedMessage: libraryText('deniedMessage', 'The denied message', 1000, 'Ask at the loans desk.'),
    /** A short line under the resource's name on the patron's home page: one text, or one per language. */
    description: libraryText('description', 'The description', 300, 'Newspapers and magazines from 1900 on.'),
  },
  { error: 'Each resource must be an object with at least a slug, a name and a URL.' },
);

export const CriteriaDocumentSchema = z
  .strictObject(
    {
      resources: z.array(ResourceSchema, {
        error: expect('The document needs a "resources" list.', '"resources" must be a list of resources.'),
      }),
      /**
       * The institutions and patron types the criteria name (./directory.ts).
       * Left out: the stored directory stays as it is.
       */
      directory: DirectorySchema.optional(),
      /** The library's provider connections, validated by lib/connections (their secrets are its business). */
      connections: z.array(z.unknown(), { error: '"connections" must be a list.' }).optional(),
    },
    { error: 'The criteria document must be a JSON object with a "resources" list.' },
  )
  .superRefine(
    (document, ctx) => {
      // `when` lets this run beside softer errors elsewhere (a bad URL, an
      // unknown key), so a librarian sees them together; the resources here
      // may therefore be only partly valid. Zod still skips it after a hard
      // error such as a resource that is not an object.
      const firstIndex = new Map<string, number>();
      document.resources.forEach((resource: unknown, index) => {
        const slug = typeof resource === 'object' && resource !== null ? (resource as { slug?: unknown }).slug : undefined;
        if (typeof slug !== 'string') return;
        const first = firstIndex.get(slug);
        if (first === undefined) {
          firstIndex.set(slug, index);
          return;
        }
        ctx.addIssue({
          code: 'custom',
          path: ['resources', index, 'slug'],
          input: slug,
          message: `The slug "${slug}" is already used by ${jsonPath(['resources', first])}; each resource needs its own slug.`,
        });
      });
      // With a directory, every code a resource names must be in it. Skipped while the
      // directory itself has problems: they are reported, and the codes checked once it is right.
      const directory = document.directory as unknown;
      if (directory === undefined || !DirectorySchema.safeParse(directory).success) return;
      const named = document.resources.filter(isNaming);
      for (const unknown of unknownCodes(directory as Directory, named)) {
        const index = document.resources.indexOf(named[unknown.index] as (typeof document.resources)[number]);
        ctx.addIssue({
          code: 'custom',
          path: ['resources', index, 'criteria', unknown.kind === 'institution' ? 'institutions' : 'patronTypes'],
          input: unknown.codes,
          params: { unknownCodes: unknown.codes, kind: unknown.kind },
          message: unknownCodesMessage(unknown),
        });
      }
    },
    {
      when: (payload) => {
        const value = payload.value as { resources?: unknown } | null | undefined;
        return typeof value === 'object' && value !== null && Array.isArray(value.resources);
      },
    },
  );

/** A resource whose slug and code lists are readable, whatever else is wrong with it. */
function isNaming(resource: unknown): resource is { slug: string; criteria: { institutions: string[]; patronTypes: string[] } } {
  if (typeof resource !== 'object' || resource === null) return false;
  const { slug, criteria } = resource as { slug?: unknown; criteria?: { institutions?: unknown; patronTypes?: unknown } };
  const codes = (list: unknown) => Array.isArray(list) && list.every((c) => typeof c === 'string');
  return typeof slug === 'string' && typeof criteria === 'object' && criteria !== null && codes(criteria.institutions) && codes(criteria.patronTypes);
}

export type Criteria = z.output<typeof CriteriaSchema>;
export type Resource = z.output<typeof ResourceSchema>;
export type CriteriaDocument = z.output<typeof CriteriaDocumentSchema>;

export interface CriteriaError {
  /** Where the problem is, as a JSON path: `$.resources[1].criteria.minAge`. */
  path: string;
  /** What is wrong, in words a librarian understands. */
  message: string;
}

export type ParseCriteriaResult =
  | { ok: true; document: CriteriaDocument }
  | { ok: false; errors: CriteriaError[] };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ['resources', 1, 'criteria'] → `$.resources[1].criteria`. */
function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return IDENTIFIER.test(name) ? `${out}.${name}` : `${out}[${JSON.stringify(name)}]`;
  }, '$');
}

function knownKeys(schema: z.ZodType): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The strict object schema that reported `path`, to list the settings it knows. */
function schemaAt(path: readonly PropertyKey[]): z.ZodType | undefined {
  const shape = path.filter((key) => typeof key !== 'number').join('.');
  return (
    {
      '': CriteriaDocumentSchema,
      resources: ResourceSchema,
      'resources.criteria': CriteriaSchema,
      'resources.release': ReleaseSchema,
      directory: DirectorySchema,
      'directory.institutions': InstitutionSchema,
      'directory.patronTypes': PatronTypeSchema,
    } as Record<string, z.ZodType>
  )[shape];
}

function explain(issue: z.core.$ZodIssue): CriteriaError[] {
  if (issue.code !== 'unrecognized_keys') return [{ path: jsonPath(issue.path), message: issue.message }];
  const schema = schemaAt(issue.path);
  const known = schema ? ` (known settings here: ${knownKeys(unwrap(schema)).join(', ')})` : '';
  return issue.keys.map((key) => ({
    path: jsonPath([...issue.path, key]),
    message: `"${key}" is not a known setting; check its spelling${known}.`,
  }));
}

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodPipe ? unwrap(schema.in as z.ZodType) : schema;
}

/**
 * Validates a parsed criteria JSON document and applies the defaults.
 * Problems are reported together, each with its JSON path, in document order
 * (duplicate slugs last).
 */
export function parseCriteriaDocument(json: unknown): ParseCriteriaResult {
  const result = CriteriaDocumentSchema.safeParse(json);
  if (result.success) return { ok: true, document: result.data };
  return { ok: false, errors: result.error.issues.flatMap(explain) };
}
