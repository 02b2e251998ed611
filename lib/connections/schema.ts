/**
 * The `connections` list of the criteria document: one entry per provider
 * connection, e.g.
 *   {"id": "libris-test", "provider": "libris", "environment": "test",
 *    "clientId": "…", "clientSecret": "…", "activeSigel": "Xyz"}
 * Common fields are checked here; each provider module declares its own
 * (lib/providers/*.ts). Objects are strict, and messages name the setting and
 * say what is expected, as lib/access/criteria.ts does for resources.
 *
 * A secret field may be MASKED (as an export prints it) or left out: the
 * stored secret is then kept. Messages never repeat a value.
 */
import * as z from 'zod';
import { isLoopbackHttp } from '../oauth/loopback';
import { PROVIDERS, providerOf, type AnyProvider } from '../providers';
import { ENVIRONMENTS, requiredText, type ConnectionBase, type Endpoints } from '../providers/types';

/** What an export prints instead of a secret; an import keeps the stored secret when it finds it. */
export const MASKED = '********';

/** A connection as the document has it, after validation and defaults. */
export type ConnectionEntry = ConnectionBase & Record<string, unknown>;

export interface ConnectionProblem {
  /** A JSON path: `$.connections[1].clientSecret`. */
  path: string;
  message: string;
}

export interface ParsedConnection {
  provider: AnyProvider;
  entry: ConnectionEntry;
}

const ID_PATTERN = /^[a-z0-9-]+$/;

function endpointUrl(name: string) {
  const wrong = `"endpoints.${name}" must be a full https:// URL (http:// only on localhost or 127.0.0.1, for a simulator).`;
  return z
    .url({ protocol: /^https?$/, error: wrong })
    .refine((value) => {
      const url = new URL(value);
      return (url.protocol === 'https:' || isLoopbackHttp(url)) && !url.username && !url.password && !url.hash;
    }, wrong)
    .optional();
}

const EndpointsSchema = z.strictObject(
  { token: endpointUrl('token'), api: endpointUrl('api'), verify: endpointUrl('verify') },
  { error: '"endpoints" must be an object such as {"token": "https://…", "api": "https://…"}, or be left out.' },
);

function hasPublicEndpoints(provider: AnyProvider): boolean {
  return ENVIRONMENTS.some((environment) => Object.keys(provider.endpoints[environment]).length > 0);
}

/** The provider's endpoints for the connection's environment, with its overrides applied. */
export function resolveEndpoints(provider: AnyProvider, entry: Pick<ConnectionBase, 'environment' | 'endpoints'>): Partial<Endpoints> {
  const defaults = provider.endpoints[entry.environment ?? 'production'];
  const overrides = Object.fromEntries(Object.entries(entry.endpoints ?? {}).filter(([, value]) => value !== undefined));
  return { ...defaults, ...overrides };
}

/**
 * The schema of one connection of `provider`. In `document` mode (import, a
 * form) a secret may be MASKED or left out; `complete` is what a stored
 * connection must be once its secrets are filled in.
 */
export function connectionSchema(provider: AnyProvider, mode: 'document' | 'complete') {
  const own: Record<string, z.ZodType> = { ...provider.fields };
  if (mode === 'document') {
    for (const name of provider.secretFields) {
      const field = provider.fields[name];
      if (field) own[name] = z.union([z.literal(MASKED), field]).optional();
    }
  }
  const needsEnvironment = hasPublicEndpoints(provider);
  return z
    .strictObject(
      {
        id: z
          .string({ error: (issue) => (issue.input === undefined ? 'Give the connection an id, such as "libris-test".' : 'The id must be text such as "libris-test".') })
          .regex(ID_PATTERN, { error: 'The id may contain only lowercase letters, digits and hyphens, such as "libris-test".' }),
        provider: z.literal(provider.id),
        environment: z
          .enum(ENVIRONMENTS, {
            error: (issue) =>
              issue.input === undefined
                ? `Say which environment the credentials were issued for: "environment": "production" or "test" (${provider.name} issues them for one only).`
                : '"environment" must be "production" or "test".',
          })
          .optional(),
        clientId: requiredText('clientId', `Give the client id ${provider.name} issued ("clientId").`),
        endpoints: EndpointsSchema.optional(),
        ...own,
      },
      { error: 'Each connection must be an object with at least an id, a provider and a clientId.' },
    )
    .superRefine((entry, ctx) => {
      if (needsEnvironment && entry.environment === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['environment'],
          input: undefined,
          message: `Say which environment the credentials were issued for: "environment": "production" or "test" (${provider.name} issues them for one only).`,
        });
      }
      const endpoints = resolveEndpoints(provider, entry);
      for (const name of ['token', 'api'] as const) {
        if (endpoints[name]) continue;
        ctx.addIssue({
          code: 'custom',
          path: ['endpoints', name],
          input: undefined,
          message: `Give "endpoints.${name}": ${provider.name}'s ${name === 'token' ? 'token endpoint' : 'API base'} is not public, so each connection names it.`,
        });
      }
    });
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function jsonPath(at: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return IDENTIFIER.test(name) ? `${out}.${name}` : `${out}[${JSON.stringify(name)}]`;
  }, at);
}

function knownSettings(provider: AnyProvider, path: readonly PropertyKey[]): string[] {
  if (path.length > 0 && path[0] === 'endpoints') return ['token', 'api', 'verify'];
  return ['id', 'provider', 'environment', 'clientId', 'endpoints', ...Object.keys(provider.fields)];
}

function explain(provider: AnyProvider, at: string, issue: z.core.$ZodIssue): ConnectionProblem[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownSettings(provider, issue.path).join(', ');
    return issue.keys.map((key) => ({
      path: jsonPath(at, [...issue.path, key]),
      message: `"${key}" is not a known setting of a ${provider.name} connection; check its spelling (known settings here: ${known}).`,
    }));
  }
  // A secret field is "MASKED or the field": say what the field says.
  if (issue.code === 'invalid_union') {
    const inner = issue.errors.at(-1) ?? [];
    if (inner.length > 0) return inner.flatMap((sub) => explain(provider, jsonPath(at, issue.path), sub));
  }
  return [{ path: jsonPath(at, issue.path), message: issue.message }];
}

export type ParseConnectionResult = { ok: true; connection: ParsedConnection } | { ok: false; errors: ConnectionProblem[] };

/** Validates one connection; `at` is the JSON path of the entry, for messages. */
export function parseConnectionEntry(input: unknown, at = '$', mode: 'document' | 'complete' = 'document'): ParseConnectionResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: at, message: 'Each connection must be an object with at least an id, a provider and a clientId.' }] };
  }
  const name = (input as { provider?: unknown }).provider;
  const provider = typeof name === 'string' ? providerOf(name) : undefined;
  if (!provider) {
    const known = Object.keys(PROVIDERS).map((id) => `"${id}"`).join(', ');
    return {
      ok: false,
      errors: [{ path: `${at}.provider`, message: name === undefined ? `Say which provider the connection is for ("provider": one of ${known}).` : `"provider" must be one of ${known}.` }],
    };
  }
  const result = connectionSchema(provider, mode).safeParse(input);
  if (!result.success) return { ok: false, errors: result.error.issues.flatMap((issue) => explain(provider, at, issue)) };
  return { ok: true, connection: { provider, entry: result.data as ConnectionEntry } };
}

export type ParseConnectionsResult = { ok: true; connections: ParsedConnection[] } | { ok: false; errors: ConnectionProblem[] };

/** Validates the document's `connections` list: every entry, then that no id is used twice. */
export function parseConnectionList(input: unknown, at = '$.connections'): ParseConnectionsResult {
  if (!Array.isArray(input)) return { ok: false, errors: [{ path: at, message: '"connections" must be a list.' }] };
  const connections: ParsedConnection[] = [];
  const errors: ConnectionProblem[] = [];
  const firstIndex = new Map<string, number>();
  input.forEach((item: unknown, index) => {
    const result = parseConnectionEntry(item, `${at}[${index}]`);
    if (!result.ok) errors.push(...result.errors);
    else connections.push(result.connection);
    const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') return;
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, index);
    else errors.push({ path: `${at}[${index}].id`, message: `The id "${id}" is already used by ${at}[${first}]; each connection needs its own id.` });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, connections };
}

/**
 * The entry as an export prints it and a form shows it: the common fields,
 * then the provider's in their declared order with every stored secret
 * MASKED, then the endpoint overrides.
 */
export function maskedEntry(provider: AnyProvider, entry: ConnectionEntry, storedSecrets: Iterable<string>): ConnectionEntry {
  const stored = new Set(storedSecrets);
  const secretNames = new Set<string>(provider.secretFields);
  const out: ConnectionEntry = { id: entry.id, provider: entry.provider, ...(entry.environment ? { environment: entry.environment } : {}), clientId: entry.clientId };
  for (const name of Object.keys(provider.fields)) {
    if (secretNames.has(name)) {
      if (stored.has(name)) out[name] = MASKED;
    } else if (entry[name] !== undefined) {
      out[name] = entry[name];
    }
  }
  if (entry.endpoints && Object.keys(entry.endpoints).length > 0) out.endpoints = entry.endpoints;
  return out;
}

/** Splits an entry into what is stored in clear (settings) and what is encrypted (secrets). */
export function splitEntry(provider: AnyProvider, entry: ConnectionEntry): { settings: Record<string, unknown>; secrets: Record<string, string> } {
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  const secretNames = new Set<string>(provider.secretFields);
  for (const [name, value] of Object.entries(entry)) {
    if (name === 'id' || name === 'provider' || value === undefined) continue;
    if (secretNames.has(name)) {
      if (typeof value === 'string' && value !== MASKED) secrets[name] = value;
    } else {
      settings[name] = value;
    }
  }
  return { settings, secrets };
}
