/**
 * One connection put to work: its provider module, its settings with the
 * secrets filled in, the shared token cache. Knows no provider by name: all
 * that differs comes from the Provider value (lib/providers/types.ts).
 */
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { getWithBearer, endpointConfiguration, requestClientCredentials, PROVIDER_TIMEOUT_SECONDS, type ApiResponse } from '../oauth/client-credentials';
import { ConnectionError, isConnectionError } from '../oauth/errors';
import type { CachedToken, ObtainedToken, TokenCache, TokenKey } from '../oauth/token-cache';
import type { AnyProvider } from '../providers';
import type { Endpoints } from '../providers/types';
import type { ConnectionEntry } from './schema';

/** A stored connection, validated, with its secrets decrypted. Lives in memory only. */
export interface LoadedConnection {
  provider: AnyProvider;
  entry: ConnectionEntry;
  endpoints: Endpoints;
  /** The secret values, to keep them out of every message. */
  secretValues: string[];
}

export interface ClientOptions {
  tokens: TokenCache;
  now?: () => number;
  timeoutSeconds?: number;
}

/**
 * `path` below the API base: `/data`, `metadata/export/onix/v1?after=…`.
 * Anything that would leave the base (another host, `..` above it) is refused:
 * the Bearer token must never go elsewhere.
 */
export function apiUrl(base: string, path: string): URL {
  const refuse = () => new ConnectionError('not_permitted', `"${path}" is not a path below the API base ${base}; nothing was sent.`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//') || path.includes('\\')) throw refuse();
  const baseUrl = new URL(base);
  const basePath = baseUrl.pathname.replace(/\/+$/, '');
  const url = new URL(`${basePath}/${path.replace(/^\/+/, '')}`, baseUrl.origin);
  if (url.origin !== baseUrl.origin || !(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))) throw refuse();
  return url;
}

export class ConnectionClient {
  readonly key: TokenKey;
  readonly #tokens: TokenCache;
  readonly #now: () => number;
  readonly #timeoutSeconds: number;
  readonly #api: oidc.Configuration;

  constructor(
    readonly connection: LoadedConnection,
    options: ClientOptions,
  ) {
    const { provider, entry, endpoints } = connection;
    this.#tokens = options.tokens;
    this.#now = options.now ?? Date.now;
    this.#timeoutSeconds = options.timeoutSeconds ?? PROVIDER_TIMEOUT_SECONDS;
    // One token per connection and audience/resource; a change of any
    // setting or secret makes a new key, so no token outlives its settings.
    const parameters = provider.tokenParameters(entry);
    const revision = createHash('sha256').update(JSON.stringify([entry, endpoints])).digest('base64url');
    this.key = { connection: entry.id, target: JSON.stringify([parameters, revision]) };
    this.#api = endpointConfiguration({
      tokenEndpoint: endpoints.token,
      clientId: entry.clientId,
      clientAuth: oidc.None(),
      timeoutSeconds: this.#timeoutSeconds,
      otherEndpoints: [endpoints.api, ...(endpoints.verify ? [endpoints.verify] : [])],
    });
  }

  get #label(): string {
    return this.connection.provider.name;
  }

  /** A valid token: the cached one, or a new one (single-flight). `renew` asks for a new one regardless. */
  token(options: { renew?: boolean } = {}): Promise<CachedToken<unknown>> {
    return this.#tokens.get(this.key, () => this.#obtain(), options);
  }

  /** The cached token, without asking for one. */
  cachedToken(): CachedToken<unknown> | undefined {
    return this.#tokens.peek(this.key);
  }

  /**
   * GET `path` below the API base with the token and the provider's headers.
   * The provider may refuse before anything is sent (Libris: a sigel that is
   * not the client's). A 401 fetches a new token and tries once more.
   */
  get(path: string): Promise<ApiResponse> {
    const { provider, entry, endpoints } = this.connection;
    const url = apiUrl(endpoints.api, path);
    return this.#tokens.withToken(
      this.key,
      () => this.#obtain(),
      (token) => getWithBearer(this.#api, token.accessToken, url, provider.apiHeaders(entry, token.details), `${this.#label}'s API`),
    );
  }

  async #obtain(): Promise<ObtainedToken<unknown>> {
    const { provider, entry, endpoints } = this.connection;
    let clientAuth: oidc.ClientAuth;
    try {
      clientAuth = await provider.clientAuth(entry, endpoints);
    } catch (error) {
      if (isConnectionError(error)) throw error;
      throw new ConnectionError('invalid_settings', `The client authentication of this ${this.#label} connection cannot be set up: check its key and certificate.`, {}, { cause: error });
    }
    const token = await requestClientCredentials({
      label: this.#label,
      tokenEndpoint: endpoints.token,
      clientId: entry.clientId,
      clientAuth,
      parameters: provider.tokenParameters(entry),
      timeoutSeconds: this.#timeoutSeconds,
      otherEndpoints: [endpoints.api, ...(endpoints.verify ? [endpoints.verify] : [])],
      explain: (failure) => provider.explainTokenError?.(failure, entry),
      secrets: this.connection.secretValues,
      now: this.#now,
    });
    const details: unknown = await provider.inspect(token, entry, {
      endpoints,
      get: (url) => getWithBearer(this.#api, token.accessToken, new URL(url), {}, `${this.#label} ${new URL(url).pathname}`),
    });
    return { ...token, details };
  }
}
