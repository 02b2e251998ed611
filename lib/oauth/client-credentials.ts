/**
 * The OAuth 2.0 client-credentials grant (RFC 6749 §4.4) and Bearer calls to
 * the API behind it (RFC 6750 §2.1), through openid-client. What differs per
 * provider comes in as values: the client authentication (`ClientSecretPost`,
 * `PrivateKeyJwt`), the extra token parameters (`audience`, `resource`,
 * `scope`) and the extra API headers.
 */
import * as oidc from 'openid-client';
import { timedFetch } from '../metrics';
import { getProtectedResource } from './bearer';
import { ConnectionError, classifyTokenError, classifyUpstreamError, networkError, type UpstreamFailure } from './errors';
import { allowLoopbackHttp } from './loopback';
import type { ObtainedToken } from './token-cache';

/** Seconds before a provider call gives up: a "test connection" click must not hang for 30 s (openid-client's default). */
export const PROVIDER_TIMEOUT_SECONDS = 10;

export interface EndpointClient {
  /** The token endpoint URL; its origin stands in for the issuer (none of these servers has a discovery document). */
  tokenEndpoint: string;
  clientId: string;
  /** RFC 6749 §2.3 client authentication, as openid-client's value. */
  clientAuth: oidc.ClientAuth;
  timeoutSeconds?: number;
  /** The other URLs this configuration will call (API base, verify endpoint). */
  otherEndpoints?: string[];
  /** Sees every response (the token request reads the server's Date header from it). */
  onResponse?: (response: Response) => void;
  /** The provider's name in metrics (upstream latency); a token request's `label` otherwise. */
  metricsName?: string;
}

/** An openid-client Configuration built by hand from the token endpoint. */
export function endpointConfiguration(client: EndpointClient): oidc.Configuration {
  const tokenEndpoint = new URL(client.tokenEndpoint);
  const config = new oidc.Configuration({ issuer: tokenEndpoint.origin, token_endpoint: tokenEndpoint.href }, client.clientId, undefined, client.clientAuth);
  config.timeout = client.timeoutSeconds ?? PROVIDER_TIMEOUT_SECONDS;
  allowLoopbackHttp(config, [tokenEndpoint, ...(client.otherEndpoints ?? [])]);
  // Every token request is timed in the upstream histogram, per provider.
  const label = client.metricsName ?? ('label' in client && typeof client.label === 'string' ? client.label : 'provider');
  const timed = timedFetch<oidc.CustomFetchOptions>(label.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
  const seen = client.onResponse;
  config[oidc.customFetch] = async (url, options) => {
    const response = await timed(url, options);
    seen?.(response);
    return response;
  };
  return config;
}

export interface TokenRequest extends EndpointClient {
  /** The provider's name, for messages. */
  label: string;
  /** Extra body parameters: `audience` (Bokbasen), `resource` and `scope` (ADFS). */
  parameters: Record<string, string>;
  /** The provider's words for a refusal (Bokbasen's 403), tried before the shared ones. */
  explain?: (failure: UpstreamFailure) => ConnectionError | undefined;
  /** Secret values of the connection, kept out of the error's words. */
  secrets?: readonly string[];
  now?: () => number;
}

function dateHeader(response: Response): number | undefined {
  const value = response.headers.get('date');
  const time = value ? Date.parse(value) : Number.NaN;
  return Number.isFinite(time) ? time : undefined;
}

/**
 * RFC 6749 §4.4.2: POST grant_type=client_credentials plus the parameters to
 * the token endpoint, authenticated as the ClientAuth value says. Throws a
 * ConnectionError with a stable code and words for the person.
 */
export async function requestClientCredentials(request: TokenRequest): Promise<ObtainedToken> {
  const now = request.now ?? Date.now;
  let serverDate: number | undefined;
  const config = endpointConfiguration({
    ...request,
    onResponse: (response) => {
      serverDate = dateHeader(response);
    },
  });
  try {
    const response = await oidc.clientCredentialsGrant(config, request.parameters);
    return {
      accessToken: response.access_token,
      ...(typeof response.expires_in === 'number' ? { expiresInSeconds: response.expires_in } : {}),
      ...(typeof response.scope === 'string' ? { scope: response.scope } : {}),
      ...(serverDate !== undefined ? { serverDate } : {}),
    };
  } catch (error) {
    throw classifyTokenError(error, {
      label: request.label,
      now: now(),
      ...(serverDate !== undefined ? { serverDate } : {}),
      ...(request.explain ? { explain: request.explain } : {}),
      ...(request.secrets ? { secrets: request.secrets } : {}),
    });
  }
}

/** An API answer, read whole: these calls are small and their body is shown or parsed at once. */
export interface ApiResponse {
  url: string;
  status: number;
  statusText: string;
  contentType?: string;
  body: string;
}

/**
 * GET `url` with the token as Bearer and the provider's headers
 * (./bearer.ts). A 401 with a WWW-Authenticate challenge is an answer here,
 * not an error: the token cache decides what to do with it.
 */
export async function getWithBearer(config: oidc.Configuration, accessToken: string, url: URL, headers: Record<string, string>, what: string): Promise<ApiResponse> {
  const response = await getProtectedResource(
    config,
    accessToken,
    url,
    headers,
    (failure, error) => networkError(failure, what, error) ?? new ConnectionError('upstream_error', `${what} failed: ${failure.detail}`, {}, { cause: error }),
  );
  let body: string;
  try {
    body = await response.text();
  } catch (error) {
    throw networkError(classifyUpstreamError(error), what, error) ?? new ConnectionError('upstream_error', `${what} broke off its answer.`, { upstreamStatus: response.status }, { cause: error });
  }
  const contentType = response.headers.get('content-type');
  return { url: url.href, status: response.status, statusText: response.statusText, ...(contentType ? { contentType } : {}), body };
}
