/**
 * Provider connections in the admin area (/admin/connections): admins only.
 * As in ./actions.ts, each function takes (identity, input, context), reads
 * the role from the store for this call, and only then touches anything; a
 * librarian, a patron or a signed-out visitor is refused before a connection
 * is read, saved, removed or tested, and a refusal writes nothing.
 *
 * Secrets are write-only: a secret field left empty keeps the stored value,
 * unless the environment or an endpoint changes (then lib/connections asks
 * for every secret again).
 * They never leave lib/connections in clear: not in results, problems,
 * audit entries or pages. Every create, update and delete is audited with
 * the connection before and after, its secrets replaced by whether one is
 * stored (and whether this change replaced it).
 *
 * The audit entry is written right after the change (lib/connections saves
 * in its own transaction, so the two cannot share one); a save that changes
 * nothing writes none.
 */
import { isConnectionError, MASKED, type ConnectionProblem, type ConnectionSummary, type ConnectionTestResult, type Connections } from '../connections';
import { missingKeyMessage } from '../connections/secrets';
import { PROVIDERS, providerOf } from '../providers';
import { ENVIRONMENTS, type Environment } from '../providers/types';
import { appendAudit, type AuditAction } from '../store/audit';
import { diff } from './audit-diff';
import { authorizeAdmin, type Identity } from './authorize';
import type { AdminContext, FailureCode } from './actions';
import type { StaffMember } from './roles';

export interface ConnectionsContext extends AdminContext {
  /** The process's Connections (lib/runtime.ts `connections`). */
  connections: Connections;
}

export interface ConnectionFailure {
  ok: false;
  code: FailureCode;
  /** For `invalid`: what is wrong, per JSON path of the connection (`$.clientSecret`, `$.endpoints.token`, `$`). */
  problems?: ConnectionProblem[];
  /** For `invalid`: SECRETS_KEY is not set, and the connection has secrets to store. Nothing was stored. */
  secretsKeyMissing?: true;
}

export type ConnectionResult<T> = ({ ok: true } & T) | ConnectionFailure;

type ConnectionAuditAction = Extract<AuditAction, `connection.${string}`>;

const fail = (code: FailureCode, problems?: ConnectionProblem[]): ConnectionFailure => ({ ok: false, code, ...(problems ? { problems } : {}) });

async function adminOf(identity: Identity, ctx: ConnectionsContext): Promise<{ ok: true; staff: StaffMember } | ConnectionFailure> {
  const result = await authorizeAdmin(identity, ctx.store);
  return result.ok ? result : fail(result.code);
}

// ---------------------------------------------------------------- the form

/** PEM values: written in a text area, not a one-line input. */
const MULTILINE = new Set(['privateKey', 'certificate']);

export const ENDPOINT_NAMES = ['token', 'api', 'verify'] as const;
export type EndpointName = (typeof ENDPOINT_NAMES)[number];

export interface FormField {
  /** The setting, and the form field's name. */
  name: string;
  secret: boolean;
  multiline: boolean;
  /** Must be given (for a secret: on creation, or when none is stored). */
  required: boolean;
}

/** What the create/edit form of one provider shows: built from PROVIDERS, no provider named here. */
export interface ConnectionFormSpec {
  provider: string;
  providerName: string;
  /** Whether the credentials name an environment (the provider has public endpoints per environment). */
  needsEnvironment: boolean;
  environments: readonly Environment[];
  fields: FormField[];
  /** The provider's own endpoints per environment; an override field left empty uses them. */
  endpointDefaults: Record<EndpointName, Partial<Record<Environment, string>>>;
}

export function providerChoices(): { id: string; name: string }[] {
  return Object.values(PROVIDERS).map((provider) => ({ id: provider.id, name: provider.name }));
}

export function connectionFormSpec(providerId: string): ConnectionFormSpec | undefined {
  const provider = providerOf(providerId);
  if (!provider) return undefined;
  const secrets = new Set<string>(provider.secretFields);
  const fields = Object.entries(provider.fields as Record<string, { safeParse(value: unknown): { success: boolean } }>).map(([name, schema]) => ({
    name,
    secret: secrets.has(name),
    multiline: MULTILINE.has(name),
    // Optional, or with a default: the field takes no value.
    required: !schema.safeParse(undefined).success,
  }));
  const endpointDefaults = Object.fromEntries(
    ENDPOINT_NAMES.map((name) => [
      name,
      Object.fromEntries(ENVIRONMENTS.flatMap((environment) => {
        const url = provider.endpoints[environment][name];
        return url ? [[environment, url]] : [];
      })),
    ]),
  ) as ConnectionFormSpec['endpointDefaults'];
  const needsEnvironment = ENVIRONMENTS.some((environment) => Object.keys(provider.endpoints[environment]).length > 0);
  return { provider: provider.id, providerName: provider.name, needsEnvironment, environments: ENVIRONMENTS, fields, endpointDefaults };
}

/** The form's fields by name, as posted: every value a string. */
export type ConnectionForm = Record<string, string>;

/**
 * A posted form as a connection entry: what is left empty is left out, so
 * that a secret left empty keeps the stored one and a required setting left
 * empty is reported as missing. `secretsGiven` names the secrets typed.
 */
export function readConnectionForm(form: ConnectionForm): { entry: Record<string, unknown>; secretsGiven: string[] } {
  const value = (name: string) => (form[name] ?? '').trim();
  const provider = providerOf(value('provider'));
  const entry: Record<string, unknown> = { id: value('id'), provider: value('provider') };
  if (value('environment')) entry.environment = value('environment');
  if (value('clientId')) entry.clientId = value('clientId');
  const secretsGiven: string[] = [];
  if (provider) {
    const secrets = new Set<string>(provider.secretFields);
    for (const name of Object.keys(provider.fields)) {
      const given = value(name);
      if (!given) continue;
      if (secrets.has(name)) {
        if (given === MASKED) continue;
        secretsGiven.push(name);
      }
      entry[name] = given;
    }
  }
  const endpoints = Object.fromEntries(ENDPOINT_NAMES.flatMap((name) => (value(`endpoints.${name}`) ? [[name, value(`endpoints.${name}`)]] : [])));
  if (Object.keys(endpoints).length > 0) entry.endpoints = endpoints;
  return { entry, secretsGiven };
}

/** The form field a problem belongs to (`$.endpoints.token` → `endpoints.token`); undefined for the whole form. */
export function problemField(path: string): string | undefined {
  const match = /^\$\.([A-Za-z][\w]*(?:\.[A-Za-z][\w]*)?)$/.exec(path);
  if (!match?.[1] || match[1] === 'endpoints' || match[1] === 'provider') return undefined;
  return match[1];
}

// ---------------------------------------------------------------- audit

/** A connection as the audit trail keeps it: every setting but the secrets, and for each secret whether one is stored. */
export function auditView(connection: ConnectionSummary, replaced: readonly string[] = []): Record<string, unknown> {
  const provider = providerOf(connection.provider);
  const secretNames = new Set<string>([...(provider?.secretFields ?? []), ...Object.keys(connection.secrets)]);
  const settings = Object.fromEntries(Object.entries(connection.entry).filter(([name, value]) => !secretNames.has(name) && value !== MASKED));
  const secrets = Object.fromEntries(
    Object.entries(connection.secrets).map(([name, stored]) => [name, replaced.includes(name) ? 'replaced' : stored ? 'stored' : 'not set']),
  );
  return { ...settings, secrets };
}

async function audit(ctx: ConnectionsContext, actor: StaffMember, action: ConnectionAuditAction, target: string, before?: unknown, after?: unknown): Promise<void> {
  await appendAudit(ctx.store.db, {
    at: ctx.now,
    actor: actor.userId,
    action,
    target,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  });
}

// ---------------------------------------------------------------- actions

/**
 * The list: every connection with its status and last test; never a secret.
 * `keepsSecrets` is false without SECRETS_KEY: the pages say so before a form is filled in.
 */
export async function listConnections(
  identity: Identity,
  ctx: ConnectionsContext,
): Promise<ConnectionResult<{ staff: StaffMember; connections: ConnectionSummary[]; keepsSecrets: boolean }>> {
  const auth = await adminOf(identity, ctx);
  if (!auth.ok) return auth;
  return { ok: true, staff: auth.staff, connections: await ctx.connections.list(), keepsSecrets: ctx.connections.keepsSecrets };
}

export async function readConnection(
  identity: Identity,
  input: { id: string },
  ctx: ConnectionsContext,
): Promise<ConnectionResult<{ staff: StaffMember; connection: ConnectionSummary; keepsSecrets: boolean }>> {
  const auth = await adminOf(identity, ctx);
  if (!auth.ok) return auth;
  const connection = await ctx.connections.get(input.id);
  return connection ? { ok: true, staff: auth.staff, connection, keepsSecrets: ctx.connections.keepsSecrets } : fail('not-found');
}

/**
 * How a connection's state reads on the pages: its stored state, except that
 * a ready connection whose last test in this process failed reads "failing",
 * not "ready", until a test works again.
 */
export function shownState(status: ConnectionSummary['status']): ConnectionSummary['status']['state'] | 'failing' {
  return status.state === 'ready' && status.lastTest && !status.lastTest.ok ? 'failing' : status.state;
}

/**
 * Creates (no `original`) or updates the connection `original` from a posted
 * form. The id and provider of an existing connection are kept whatever the
 * form says. Secrets left empty keep the stored ones.
 */
export async function saveConnection(
  identity: Identity,
  input: { original?: string; form: ConnectionForm },
  ctx: ConnectionsContext,
): Promise<ConnectionResult<{ id: string; created: boolean }>> {
  const auth = await adminOf(identity, ctx);
  if (!auth.ok) return auth;
  let before: ConnectionSummary | undefined;
  let form = input.form;
  if (input.original !== undefined) {
    before = await ctx.connections.get(input.original);
    if (!before) return fail('not-found');
    form = { ...form, id: before.id, provider: before.provider };
  }
  const { entry, secretsGiven } = readConnectionForm(form);
  // Refused before anything is read or sealed: without SECRETS_KEY a secret can be neither stored nor kept.
  const provider = providerOf(String(entry.provider));
  if (!ctx.connections.keepsSecrets && provider && provider.secretFields.length > 0) {
    return { ok: false, code: 'invalid', secretsKeyMissing: true, problems: [{ path: '$', message: missingKeyMessage(`A ${provider.name} connection has`) + ' Nothing was stored.' }] };
  }
  let saved;
  try {
    saved = await ctx.connections.save(entry, { create: before === undefined });
  } catch (error) {
    // The message names the variable, never a value.
    if (isConnectionError(error, 'secrets_key_missing')) return { ok: false, code: 'invalid', secretsKeyMissing: true, problems: [{ path: '$', message: error.message }] };
    if (isConnectionError(error)) return fail('invalid', [{ path: '$', message: error.message }]);
    throw error;
  }
  if (!saved.ok) return fail('invalid', saved.errors);
  const after = saved.connection;
  if (!before) await audit(ctx, auth.staff, 'connection.create', after.id, undefined, auditView(after));
  // A form saved as it was (no setting changed, no secret typed) leaves no entry.
  else if (diff(auditView(before), auditView(after, secretsGiven)).length > 0) await audit(ctx, auth.staff, 'connection.update', after.id, auditView(before), auditView(after, secretsGiven));
  return { ok: true, id: after.id, created: before === undefined };
}

export async function deleteConnection(identity: Identity, input: { id: string }, ctx: ConnectionsContext): Promise<ConnectionResult<{ id: string }>> {
  const auth = await adminOf(identity, ctx);
  if (!auth.ok) return auth;
  const before = await ctx.connections.get(input.id);
  if (!before) return fail('not-found');
  if (!(await ctx.connections.remove(input.id))) return fail('not-found');
  await audit(ctx, auth.staff, 'connection.delete', before.id, auditView(before));
  return { ok: true, id: before.id };
}

/** "Test connection": a new token and what it may do, or the words for why not. The result holds no secret and no token. */
export async function testConnection(identity: Identity, input: { id: string }, ctx: ConnectionsContext): Promise<ConnectionResult<{ result: ConnectionTestResult }>> {
  const auth = await adminOf(identity, ctx);
  if (!auth.ok) return auth;
  if (!(await ctx.connections.get(input.id))) return fail('not-found');
  return { ok: true, result: await ctx.connections.test(input.id) };
}
