/**
 * Provider connections (Libris, Bokbasen, Region Halland): kept in the store
 * with their secrets encrypted, listed with their status, saved with
 * write-only secrets, tested in one call, used with cached tokens.
 *
 * What an admin page needs is `Connections`: list(), get(id), save(input),
 * remove(id), test(id). The command line uses the same object
 * (scripts/commands/connection.ts), and `importCriteria`/`exportConnections`
 * for the criteria document's `connections` list.
 *
 * Keep one Connections per process (its token cache and last test results
 * are in memory); `processTokenCache()` gives the shared cache.
 */
import type { CriteriaDocument } from '../access/criteria';
import type { ApiResponse } from '../oauth/client-credentials';
import { ConnectionError, isConnectionError, type ConnectionErrorCode } from '../oauth/errors';
import { TokenCache } from '../oauth/token-cache';
import { providerOf, type AnyProvider } from '../providers';
import type { Endpoints, Environment } from '../providers/types';
import type { Transaction } from 'kysely';
import { type Database, replaceDocument, type ReplaceOptions, type Store, StoreValidationError } from '../store';
import { deleteConnectionRow, getConnectionRow, listConnectionRows, replaceConnectionRows, saveConnectionRow, type ConnectionRow } from '../store/connections';
import { ConnectionClient, type ClientOptions, type LoadedConnection } from './client';
import {
  MASKED,
  maskedEntry,
  parseConnectionEntry,
  parseConnectionList,
  resolveEndpoints,
  splitEntry,
  type ConnectionEntry,
  type ConnectionProblem,
  type ParsedConnection,
} from './schema';
import { missingKeyMessage, secretBox, secretsContext, type SecretBox } from './secrets';
import { failedBeforeStart, testConnection, type ConnectionTestResult } from './connection-check';

export { ConnectionError, isConnectionError, type ConnectionErrorCode } from '../oauth/errors';
export { ConnectionClient, apiUrl } from './client';
export type { ApiResponse } from '../oauth/client-credentials';
export { PROVIDERS, providerOf } from '../providers';
export { MASKED, parseConnectionEntry, parseConnectionList, type ConnectionEntry, type ConnectionProblem, type ParsedConnection } from './schema';
export { secretsKeyFromEnv } from './secrets';
export { testConnection, type ConnectionTestFailure, type ConnectionTestResult } from './connection-check';

export interface ConnectionsOptions {
  /** SECRETS_KEY; without it, connections with secrets can be listed and exported but not used or saved. */
  secretsKey?: string;
  /** Defaults to the process's shared cache. */
  tokens?: TokenCache;
  now?: () => number;
  /** Per provider call (default 10 s). */
  timeoutSeconds?: number;
}

/** A connection's service to resources behind it, in this process. */
export interface UpstreamHealth {
  /** Epoch ms of the last request it gave credentials for. */
  lastSuccessAt?: number;
  /** The last time it could not, with the code and the words of the failure. */
  lastFailure?: { code: string; message: string; at: number };
}

export interface ConnectionStatus {
  /** ready: usable; locked: its secrets cannot be read (no or another SECRETS_KEY); invalid: the stored settings no longer validate. */
  state: 'ready' | 'locked' | 'invalid';
  message: string;
  /** The last test in this process. */
  lastTest?: { ok: boolean; at: string; code?: ConnectionErrorCode; message: string };
}

export interface ConnectionSummary {
  id: string;
  provider: string;
  /** "Libris"; the provider id when it is not known. */
  providerName: string;
  environment?: Environment;
  clientId: string;
  endpoints: Partial<Endpoints>;
  /** The connection as an export prints it and a form shows it: stored secrets are MASKED. */
  entry: ConnectionEntry;
  /** Each secret field of the provider, and whether a value is stored. Secrets are write-only. */
  secrets: Record<string, boolean>;
  status: ConnectionStatus;
}

export type SaveResult = { ok: true; connection: ConnectionSummary } | { ok: false; errors: ConnectionProblem[] };

const TOKENS = Symbol.for('rero-gateway.connection-tokens');

/** The token cache of this process, shared by every Connections (Next bundles route handlers separately). */
export function processTokenCache(): TokenCache {
  const holder = globalThis as { [TOKENS]?: TokenCache };
  holder[TOKENS] ??= new TokenCache();
  return holder[TOKENS];
}

function storedSettings(row: ConnectionRow): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(row.settings);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below as invalid settings
  }
  throw new ConnectionError('invalid_settings', `The stored settings of connection "${row.id}" are not valid JSON; save or import it again.`);
}

function problemsText(problems: ConnectionProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('; ');
}

function boxFor(secretsKey: string | undefined): SecretBox | undefined {
  return secretsKey === undefined ? undefined : secretBox(secretsKey);
}

const ENDPOINT_WORDS: Record<keyof Endpoints, string> = { token: 'token endpoint', api: 'API base', verify: 'verify endpoint' };

/**
 * What changed between the stored row and `entry` in where the secrets go:
 * the environment and each resolved endpoint, in words; empty when nothing
 * did. Settings that cannot be read count as changed.
 */
function destinationChanges(provider: AnyProvider, previous: ConnectionRow, entry: ConnectionEntry): string[] {
  let before: Pick<ConnectionEntry, 'environment' | 'endpoints'>;
  try {
    before = storedSettings(previous);
  } catch {
    return ['stored settings'];
  }
  const changes = before.environment === entry.environment ? [] : ['environment'];
  const was = resolveEndpoints(provider, before);
  const now = resolveEndpoints(provider, entry);
  for (const name of ['token', 'api', 'verify'] as const) if (was[name] !== now[name]) changes.push(ENDPOINT_WORDS[name]);
  return changes;
}

/**
 * Turns validated entries into rows: secrets that are masked or left out are
 * taken from the stored row of the same id and provider, unless the
 * environment or an endpoint changed — a stored secret goes only to the hosts
 * it was given for, so whoever points a connection elsewhere types the
 * secrets again (docs/security.md, "Secrets at rest"). The others are sealed
 * anew. Problems name the entry's JSON path.
 */
async function prepareRows(
  parsed: { connection: ParsedConnection; at: string }[],
  stored: Map<string, ConnectionRow>,
  box: SecretBox | undefined,
  updatedAt: string,
): Promise<{ ok: true; rows: Omit<ConnectionRow, 'position'>[] } | { ok: false; errors: ConnectionProblem[] }> {
  const rows: Omit<ConnectionRow, 'position'>[] = [];
  const errors: ConnectionProblem[] = [];
  for (const { connection, at } of parsed) {
    const { provider, entry } = connection;
    const { settings, secrets } = splitEntry(provider, entry);
    if (provider.secretFields.length > 0 && !box) {
      throw new ConnectionError('secrets_key_missing', missingKeyMessage(`Connection "${entry.id}" has`) + ' Nothing was changed.');
    }
    const previous = stored.get(entry.id);
    const missing = provider.secretFields.filter((name) => secrets[name] === undefined);
    if (missing.length > 0) {
      let kept: Record<string, string> = {};
      let why = `no secret is stored for "${entry.id}" yet: give the value itself.`;
      const changed = previous && previous.provider === provider.id ? destinationChanges(provider, previous, entry) : [];
      if (previous && previous.provider !== provider.id) {
        why = `the stored connection "${entry.id}" is a ${providerOf(previous.provider)?.name ?? previous.provider} connection: give the value itself.`;
      } else if (changed.length > 0) {
        why = `the ${changed.join(' and ')} changed: a stored secret goes only to the hosts it was given for, so give the value itself again.`;
      } else if (previous?.secrets && box) {
        try {
          kept = box.open(previous.secrets, secretsContext(previous.provider, previous.id));
        } catch (error) {
          if (!isConnectionError(error)) throw error;
          why = 'the stored secret cannot be decrypted with this SECRETS_KEY: give the value itself, or use the key it was stored with.';
        }
      }
      const unresolved = missing.filter((name) => kept[name] === undefined);
      for (const name of unresolved) {
        errors.push({ path: `${at}.${name}`, message: `"${name}" is ${entry[name] === MASKED ? 'masked' : 'left out'}, but ${why}` });
      }
      if (unresolved.length > 0) continue;
      for (const name of missing) secrets[name] = kept[name] as string;
    }
    // The secrets filled in must pass the provider's own rules too.
    const complete = parseConnectionEntry({ ...entry, ...secrets }, at, 'complete');
    if (!complete.ok) {
      errors.push(...complete.errors);
      continue;
    }
    const sealed = Object.keys(secrets).length > 0 && box ? box.seal(secrets, secretsContext(provider.id, entry.id)) : null;
    rows.push({ id: entry.id, provider: provider.id, settings: JSON.stringify(settings), secrets: sealed, updated_at: updatedAt });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}

/**
 * The document's `connections` list, validated; undefined when the document
 * has none (or it is not a list, which parseCriteriaDocument reports).
 */
export function parseDocumentConnections(json: unknown): ReturnType<typeof parseConnectionList> | undefined {
  const list = typeof json === 'object' && json !== null ? (json as { connections?: unknown }).connections : undefined;
  return Array.isArray(list) ? parseConnectionList(list) : undefined;
}

/**
 * Whether `connections` would import over the stored ones: every problem an
 * import would meet (a masked secret that cannot be kept, a provider's own
 * rules), with its JSON path; nothing is written. Throws a ConnectionError
 * when secrets are given and SECRETS_KEY is not set.
 */
export async function checkConnectionImport(
  store: Store,
  connections: ParsedConnection[],
  options: { secretsKey?: string; now?: () => number } = {},
): Promise<{ ok: true } | { ok: false; errors: ConnectionProblem[] }> {
  const previous = await listConnectionRows(store.db);
  const prepared = await prepareRows(
    connections.map((connection, index) => ({ connection, at: `$.connections[${index}]` })),
    new Map(previous.map((row) => [row.id, row])),
    boxFor(options.secretsKey),
    new Date((options.now ?? Date.now)()).toISOString(),
  );
  return prepared.ok ? { ok: true } : prepared;
}

/**
 * Writes an imported criteria document: its resources (and directory), and —
 * when it has a `connections` list — all connections, replacing those
 * stored. A document without the list leaves the stored connections alone.
 * The one write path of every import (lib/admin/import.ts).
 *
 * Everything is validated first, secrets included (a masked one is taken
 * from the stored row); then resources and connections are replaced in one
 * transaction: both or neither. `expectedVersion` and `alongside` are the
 * store's (ReplaceOptions): `alongside` runs first inside the transaction.
 */
export async function importCriteria(
  store: Store,
  document: CriteriaDocument,
  connections: ParsedConnection[] | undefined,
  options: { secretsKey?: string; now?: () => number } & ReplaceOptions = {},
): Promise<void> {
  const { expectedVersion, alongside } = options;
  const replace = (write?: (trx: Transaction<Database>) => Promise<void>) =>
    replaceDocument(store.db, document, {
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
      alongside: async (trx) => {
        await alongside?.(trx);
        await write?.(trx);
      },
    });
  if (connections === undefined) {
    await replace();
    return;
  }
  const previous = await listConnectionRows(store.db);
  const prepared = await prepareRows(
    connections.map((connection, index) => ({ connection, at: `$.connections[${index}]` })),
    new Map(previous.map((row) => [row.id, row])),
    boxFor(options.secretsKey),
    new Date((options.now ?? Date.now)()).toISOString(),
  );
  if (!prepared.ok) throw new StoreValidationError('The connections are invalid; nothing was imported.', prepared.errors);
  const rows = prepared.rows.map((row, position) => ({ ...row, position }));
  await replace((trx) => replaceConnectionRows(trx, rows));
  // Tokens of this process that belong to replaced settings are keyed by
  // them and simply age out; those of removed connections are dropped.
  const kept = new Set(rows.map((row) => row.id));
  for (const row of previous) if (!kept.has(row.id)) processTokenCache().dropConnection(row.id);
}

/** The stored connections as the document's `connections` list, every secret MASKED. Needs no SECRETS_KEY. */
export async function exportConnections(store: Store): Promise<ConnectionEntry[]> {
  const rows = await listConnectionRows(store.db);
  return rows.map((row) => {
    const provider = providerOf(row.provider);
    const entry = { id: row.id, provider: row.provider, ...storedSettings(row) } as ConnectionEntry;
    if (!provider) return entry;
    return maskedEntry(provider, entry, row.secrets === null ? [] : provider.secretFields);
  });
}

/**
 * Start-up check: refuses (throws) when stored connections have secrets and
 * SECRETS_KEY is missing, or is not the key they were sealed with.
 */
export async function checkStoredSecrets(store: Store, secretsKey: string | undefined): Promise<void> {
  const rows = (await listConnectionRows(store.db)).filter((row) => row.secrets !== null);
  if (rows.length === 0) return;
  if (secretsKey === undefined) {
    const ids = rows.map((row) => `"${row.id}"`).join(', ');
    throw new ConnectionError('secrets_key_missing', missingKeyMessage(`The stored connections ${ids} have`));
  }
  const box = secretBox(secretsKey);
  for (const row of rows) box.open(row.secrets as string, secretsContext(row.provider, row.id));
}

export class Connections {
  readonly #store: Store;
  readonly #box: SecretBox | undefined;
  readonly #tokens: TokenCache;
  readonly #now: () => number;
  readonly #timeoutSeconds: number | undefined;
  readonly #lastTests = new Map<string, NonNullable<ConnectionStatus['lastTest']>>();
  readonly #upstreamClients = new Map<string, { client: ConnectionClient; until: number }>();
  readonly #health = new Map<string, UpstreamHealth>();

  constructor(store: Store, options: ConnectionsOptions = {}) {
    this.#store = store;
    this.#box = boxFor(options.secretsKey);
    this.#tokens = options.tokens ?? processTokenCache();
    this.#now = options.now ?? Date.now;
    this.#timeoutSeconds = options.timeoutSeconds;
  }

  /** Whether secrets can be stored and read: SECRETS_KEY is set. Pages say so before a form is filled in. */
  get keepsSecrets(): boolean {
    return this.#box !== undefined;
  }

  /** Every connection with its status, in document order. Decrypts to check, never shows a secret. */
  async list(): Promise<ConnectionSummary[]> {
    const rows = await listConnectionRows(this.#store.db);
    return rows.map((row) => this.#summary(row));
  }

  async get(id: string): Promise<ConnectionSummary | undefined> {
    const row = await getConnectionRow(this.#store.db, id);
    return row && this.#summary(row);
  }

  /**
   * Creates or updates one connection from a form or JSON entry. Secrets are
   * write-only: a secret field that is MASKED or left out keeps the stored
   * value. With `create`, an existing id is a problem instead of an update.
   */
  async save(input: unknown, options: { create?: boolean } = {}): Promise<SaveResult> {
    const parsed = parseConnectionEntry(input, '$');
    if (!parsed.ok) return parsed;
    const { entry } = parsed.connection;
    const previous = await getConnectionRow(this.#store.db, entry.id);
    if (previous && options.create) return { ok: false, errors: [{ path: '$.id', message: `The id "${entry.id}" is already used by another connection.` }] };
    const prepared = await prepareRows(
      [{ connection: parsed.connection, at: '$' }],
      new Map(previous ? [[previous.id, previous]] : []),
      this.#box,
      new Date(this.#now()).toISOString(),
    );
    if (!prepared.ok) return prepared;
    const [row] = prepared.rows;
    if (!row) throw new Error('unreachable: one entry gives one row');
    await saveConnectionRow(this.#store.db, row);
    this.#forget(entry.id);
    const saved = await this.get(entry.id);
    if (!saved) throw new Error(`Connection "${entry.id}" vanished after it was saved.`);
    return { ok: true, connection: saved };
  }

  /** True when it existed. */
  async remove(id: string): Promise<boolean> {
    const removed = await deleteConnectionRow(this.#store.db, id);
    this.#forget(id);
    return removed;
  }

  /** "Test connection": a new token, what it may do, and words for any failure. Never throws for a connection problem. */
  async test(id: string): Promise<ConnectionTestResult> {
    let client: ConnectionClient;
    try {
      client = await this.client(id);
    } catch (error) {
      const row = await getConnectionRow(this.#store.db, id).catch(() => undefined);
      const provider = row && providerOf(row.provider);
      const result = failedBeforeStart(id, error, this.#now(), provider ? { provider: provider.id, providerName: provider.name } : {});
      if (row) this.#remember(result);
      return result;
    }
    const result = await testConnection(client, this.#now);
    this.#remember(result);
    return result;
  }

  /** GETs each path below the connection's API base, in order, with one token for all of them. */
  async fetch(id: string, paths: string[]): Promise<ApiResponse[]> {
    const client = await this.client(id);
    const answers: ApiResponse[] = [];
    for (const path of paths) answers.push(await client.get(path));
    return answers;
  }

  /**
   * The headers a proxy adds for a request of an allowed patron to a resource
   * behind this connection: `X-Upstream-Authorization: Bearer <token>` from the
   * token cache (one token request per token lifetime, however many patrons),
   * and each of the provider's own API headers as `X-Upstream-<Name>`, for
   * the proxy to send under their real names. The loaded connection is kept
   * for a few seconds, so that a change made on another instance is used soon
   * without reading the store on every request. Throws a ConnectionError when
   * the connection cannot give credentials; its health records the outcome.
   */
  async upstreamHeaders(id: string): Promise<Record<string, string>> {
    try {
      const client = await this.#upstreamClient(id);
      const token = await client.token();
      const { provider, entry } = client.connection;
      const headers: Record<string, string> = { 'x-upstream-authorization': `Bearer ${token.accessToken}` };
      for (const [name, value] of Object.entries(provider.apiHeaders(entry, token.details))) headers[`x-upstream-${name.toLowerCase()}`] = value;
      this.#health.set(id, { ...this.#health.get(id), lastSuccessAt: this.#now() });
      return headers;
    } catch (error) {
      const failure = isConnectionError(error) ? { code: error.code, message: error.message } : { code: 'unexpected', message: 'The connection failed unexpectedly.' };
      this.#health.set(id, { ...this.#health.get(id), lastFailure: { ...failure, at: this.#now() } });
      throw error;
    }
  }

  /** How the connection has served resources in this process: the last token it gave, the last failure in words. */
  health(id: string): UpstreamHealth {
    return this.#health.get(id) ?? {};
  }

  async #upstreamClient(id: string): Promise<ConnectionClient> {
    const kept = this.#upstreamClients.get(id);
    if (kept && kept.until > this.#now()) return kept.client;
    const client = await this.client(id);
    this.#upstreamClients.set(id, { client, until: this.#now() + 5_000 });
    return client;
  }

  /** The connection put to work; a ConnectionError when it cannot be (unknown id, no SECRETS_KEY, invalid). */
  async client(id: string): Promise<ConnectionClient> {
    return new ConnectionClient(await this.#load(id), { tokens: this.#tokens, now: this.#now, ...(this.#timeoutSeconds ? { timeoutSeconds: this.#timeoutSeconds } : {}) });
  }

  async #load(id: string): Promise<LoadedConnection> {
    const row = await getConnectionRow(this.#store.db, id);
    if (!row) throw new ConnectionError('not_found', `There is no connection "${id}".`);
    const provider = providerOf(row.provider);
    if (!provider) throw new ConnectionError('invalid_settings', `Connection "${id}" is for an unknown provider "${row.provider}".`);
    let secrets: Record<string, string> = {};
    if (row.secrets !== null) {
      if (!this.#box) throw new ConnectionError('secrets_key_missing', missingKeyMessage(`Connection "${id}" has`));
      secrets = this.#box.open(row.secrets, secretsContext(row.provider, row.id));
    }
    const parsed = parseConnectionEntry({ ...storedSettings(row), ...secrets, id: row.id, provider: row.provider }, '$', 'complete');
    if (!parsed.ok) {
      throw new ConnectionError('invalid_settings', `The stored settings of connection "${id}" are no longer valid (${problemsText(parsed.errors)}); save or import it again.`);
    }
    const endpoints = resolveEndpoints(provider, parsed.connection.entry);
    if (!endpoints.token || !endpoints.api) throw new ConnectionError('invalid_settings', `Connection "${id}" has no token endpoint or API base.`);
    return {
      provider,
      entry: parsed.connection.entry,
      endpoints: { ...endpoints, token: endpoints.token, api: endpoints.api },
      secretValues: Object.values(secrets),
    };
  }

  #summary(row: ConnectionRow): ConnectionSummary {
    const provider = providerOf(row.provider);
    const lastTest = this.#lastTests.get(row.id);
    let settings: Record<string, unknown> = {};
    let status: ConnectionStatus = { state: 'ready', message: 'Ready.' };
    try {
      settings = storedSettings(row);
    } catch (error) {
      status = { state: 'invalid', message: (error as Error).message };
    }
    const entry = { ...settings, id: row.id, provider: row.provider } as ConnectionEntry;
    const secretNames = provider?.secretFields ?? [];
    let stored: string[] = row.secrets === null ? [] : [...secretNames];
    if (!provider) {
      status = { state: 'invalid', message: `Unknown provider "${row.provider}".` };
    } else if (status.state === 'ready') {
      const masked = Object.fromEntries(stored.map((name) => [name, MASKED]));
      const check = parseConnectionEntry({ ...entry, ...masked }, '$', 'document');
      if (!check.ok) status = { state: 'invalid', message: `The stored settings are no longer valid: ${problemsText(check.errors)}` };
    }
    if (status.state === 'ready' && row.secrets !== null) {
      if (!this.#box) {
        status = { state: 'locked', message: 'SECRETS_KEY is not set: the secrets cannot be read, so the connection cannot be used.' };
      } else {
        try {
          stored = Object.keys(this.#box.open(row.secrets, secretsContext(row.provider, row.id)));
        } catch (error) {
          status = { state: 'locked', message: (error as Error).message };
        }
      }
    }
    const missing = secretNames.filter((name) => !stored.includes(name));
    if (status.state === 'ready' && missing.length > 0) status = { state: 'invalid', message: `No ${missing.join(', ')} is stored.` };
    const endpoints = provider ? resolveEndpoints(provider, entry) : {};
    return {
      id: row.id,
      provider: row.provider,
      providerName: provider?.name ?? row.provider,
      ...(entry.environment ? { environment: entry.environment } : {}),
      clientId: typeof entry.clientId === 'string' ? entry.clientId : '',
      endpoints,
      entry: provider ? maskedEntry(provider, entry, stored) : entry,
      secrets: Object.fromEntries(secretNames.map((name) => [name, stored.includes(name)])),
      status: { ...status, ...(lastTest ? { lastTest } : {}) },
    };
  }

  #remember(result: ConnectionTestResult): void {
    this.#lastTests.set(result.connection, {
      ok: result.ok,
      at: result.checkedAt,
      ...(result.failure ? { code: result.failure.code } : {}),
      message: result.summary[0] ?? '',
    });
  }

  #forget(id: string): void {
    this.#tokens.dropConnection(id);
    this.#lastTests.delete(id);
    this.#upstreamClients.delete(id);
  }
}
