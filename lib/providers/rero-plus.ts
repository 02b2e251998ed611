/**
 * RERO+ (Swiss library network): plain OAuth 2.0 authorization-code flow, no
 * OpenID Connect (no discovery, no id_token). Protocol work is openid-client's;
 * this file knows RERO+'s endpoints, its quirks and its patron-info shape.
 * Follows RERO+'s public OAuth document (bib.rero.ch) and how the real server
 * behaves (README, "Connecting to RERO+").
 */
import * as oidc from 'openid-client';
import * as z from 'zod';
import { ERROR_BRAND, hasErrorCode, isBranded } from '../errors';
import { timedFetch } from '../metrics';
import { getProtectedResource } from '../oauth/bearer';
import { classifyUpstreamError, failureDetails, isErrorAnswer, type UpstreamDetails, type UpstreamFailure } from '../oauth/errors';
import { allowLoopbackHttp } from '../oauth/loopback';
import type { PatronFacts, PatronRecord } from '../patron';

/** Endpoints below RERO_URL, the same on production and test. */
export const RERO_ENDPOINTS = {
  authorize: '/oauth/authorize',
  token: '/oauth/token',
  patronInfo: '/api/patrons/info',
} as const;

/** Seconds before RERO+ calls give up: a login page must not hang for 30 s (openid-client's default). */
export const RERO_TIMEOUT_SECONDS = 10;

export interface ReroSettings {
  reroUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string[];
  /** Defaults to RERO_TIMEOUT_SECONDS. */
  timeoutSeconds?: number;
}

export interface ReroTokens {
  accessToken: string;
  /** RERO+ rotates it on every refresh: always keep the newest. */
  refreshToken?: string;
  /** Epoch milliseconds after which the access token is no longer used. */
  expiresAt: number;
  /** RERO+ `user.id` from the token response, when it sends one. */
  userId?: string;
}

export type ReroErrorCode =
  | 'access_denied' // the patron refused consent
  | 'authorization_error' // RERO+ sent another error back on the redirect (e.g. invalid_scope)
  | 'invalid_state' // missing or wrong state: not the request we started, or a replay
  | 'invalid_grant' // code expired or reused; refresh token superseded or revoked
  | 'invalid_client' // the gateway's client id or secret is wrong
  | 'unauthorized' // the access token was rejected by /api/patrons/info
  | 'unreachable'
  | 'timeout'
  | 'upstream_error' // 5xx, non-JSON or otherwise broken answer
  | 'bad_response'; // a 2xx whose body does not match what RERO+ documents

/**
 * An error of the RERO+ exchange, with a stable code and, for the log, the
 * upstream's status and OAuth error code (the same fields as ConnectionError,
 * lib/oauth/errors.ts) and its words.
 */
export class ReroError extends Error {
  /** Recognised across bundles by isReroError (lib/errors.ts), not instanceof. */
  readonly [ERROR_BRAND] = 'ReroError';
  readonly upstreamStatus?: number;
  readonly upstreamError?: string;

  constructor(
    readonly code: ReroErrorCode,
    message: string,
    upstream: UpstreamDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReroError';
    this.upstreamStatus = upstream.upstreamStatus;
    this.upstreamError = upstream.upstreamError;
  }
}

/** Whether `error` is a ReroError (from any bundle's copy of the class), with one of `codes` when given. */
export function isReroError(error: unknown, ...codes: ReroErrorCode[]): error is ReroError {
  return codes.length === 0 ? isBranded<ReroError>(error, 'ReroError') : hasErrorCode<ReroError>(error, 'ReroError', codes);
}

const configurations = new Map<string, oidc.Configuration>();

/** One openid-client Configuration per settings, built by hand: RERO+ has no discovery document. */
export function reroConfiguration(settings: ReroSettings): oidc.Configuration {
  const key = JSON.stringify([settings.reroUrl, settings.clientId, settings.clientSecret, settings.timeoutSeconds]);
  let config = configurations.get(key);
  if (!config) {
    const base = new URL(settings.reroUrl);
    config = new oidc.Configuration(
      {
        issuer: base.origin,
        authorization_endpoint: new URL(RERO_ENDPOINTS.authorize, base).href,
        token_endpoint: new URL(RERO_ENDPOINTS.token, base).href,
      },
      settings.clientId,
      undefined,
      // RERO+ accepts client_secret_post only; HTTP Basic fails with invalid_client.
      oidc.ClientSecretPost(settings.clientSecret),
    );
    config.timeout = settings.timeoutSeconds ?? RERO_TIMEOUT_SECONDS;
    config[oidc.customFetch] = timedFetch('rero-plus');
    allowLoopbackHttp(config, [base]);
    configurations.set(key, config);
  }
  return config;
}

/** What the callback needs to finish the flow; kept sealed in a short-lived cookie. */
export interface AuthorizationTransaction {
  state: string;
  codeVerifier: string;
  returnTo: string;
}

/**
 * The authorize URL with `state` and PKCE S256 (RFC 9700 §2.1.1, §4.7). RERO+
 * accepts PKCE but never verifies it: `state` is what protects the callback.
 */
export async function createAuthorization(
  settings: ReroSettings,
  returnTo: string,
): Promise<{ url: URL; transaction: AuthorizationTransaction }> {
  const config = reroConfiguration(settings);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    // RERO+ wants exactly one space between scopes.
    scope: settings.scopes.join(' '),
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url, transaction: { state, codeVerifier, returnTo } };
}

/**
 * Exchanges the code at once (RERO+ codes live 30 s and are single-use).
 * `query` is the callback's query string; the URL handed to openid-client is
 * rebuilt from the configured redirect URI so that a proxy in front cannot
 * change the redirect_uri sent to RERO+.
 */
export async function exchangeCode(
  settings: ReroSettings,
  query: URLSearchParams,
  transaction: AuthorizationTransaction | undefined,
): Promise<ReroTokens> {
  if (!transaction) throw new ReroError('invalid_state', 'No sign-in was started from this browser (no transaction cookie).');
  const callbackUrl = new URL(settings.redirectUri);
  for (const [name, value] of query) callbackUrl.searchParams.append(name, value);
  try {
    const response = await oidc.authorizationCodeGrant(reroConfiguration(settings), callbackUrl, {
      expectedState: transaction.state,
      pkceCodeVerifier: transaction.codeVerifier,
    });
    return toTokens(response);
  } catch (error) {
    throw toReroError(error, 'token', [settings.clientSecret]);
  }
}

/** RFC 6749 §6. RERO+ answers with a new refresh token and deletes the old pair at once. */
export async function refreshTokens(settings: ReroSettings, refreshToken: string): Promise<ReroTokens> {
  try {
    const response = await oidc.refreshTokenGrant(reroConfiguration(settings), refreshToken);
    const tokens = toTokens(response);
    return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
  } catch (error) {
    throw toReroError(error, 'token', [settings.clientSecret, refreshToken]);
  }
}

const PatronInfoSchema = z.object({
  user_id: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
  fullname: z.string().optional(),
  birthdate: z.iso.date().optional(),
  // One entry per patron record, keyed by organisation code; absent for a user with no patron record.
  patron_info: z
    .record(
      z.string().min(1),
      z.object({
        patron_pid: z.union([z.string(), z.number()]).optional(),
        institution: z.string().optional(),
        patron_type: z.string().optional(),
        // A local date with no zone: "2027-03-30T00:00:00".
        expiration_date: z.union([z.iso.datetime({ local: true }), z.iso.date()]).optional(),
      }),
    )
    .optional(),
  // `barcode` (deprecated) and `patron_types` (deprecated scope) are ignored on purpose.
});

/** Maps a RERO+ /api/patrons/info body to PatronFacts; throws ReroError('bad_response') when it is not one. */
export function toPatronFacts(body: unknown): PatronFacts {
  const parsed = PatronInfoSchema.safeParse(body);
  if (!parsed.success) {
    throw new ReroError('bad_response', `RERO+ patron info did not match the documented shape: ${z.prettifyError(parsed.error)}`);
  }
  const info = parsed.data;
  const records: PatronRecord[] = Object.entries(info.patron_info ?? {})
    .map(([code, entry]) => ({
      code,
      // Kept as text: RERO+ documents a string ("316784"); some answers carry a number.
      ...(entry.patron_pid !== undefined && String(entry.patron_pid) !== '' ? { patronPid: String(entry.patron_pid) } : {}),
      ...(entry.patron_type ? { patronType: entry.patron_type } : {}),
      ...(entry.expiration_date ? { expirationDate: entry.expiration_date.slice(0, 10) } : {}),
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return {
    userId: String(info.user_id),
    ...(info.fullname ? { name: info.fullname } : {}),
    ...(info.birthdate ? { birthDate: info.birthdate } : {}),
    records,
  };
}

/**
 * GET /api/patrons/info with `Authorization: Bearer` — never `?access_token=`,
 * tokens in URLs end up in logs (RFC 6750 §2.3, RFC 9700 §4.3.2).
 */
export async function fetchPatronFacts(settings: ReroSettings, accessToken: string): Promise<PatronFacts> {
  const response = await getProtectedResource(
    reroConfiguration(settings),
    accessToken,
    new URL(RERO_ENDPOINTS.patronInfo, settings.reroUrl),
    { accept: 'application/json' },
    (failure, error) => reroErrorOf(failure, 'patron info', error),
  );
  const status = { upstreamStatus: response.status };
  if (response.status === 401) throw new ReroError('unauthorized', 'RERO+ rejected the access token at /api/patrons/info.', status);
  if (!response.ok) throw new ReroError('upstream_error', `RERO+ /api/patrons/info answered ${response.status}.`, status);
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new ReroError('upstream_error', 'RERO+ /api/patrons/info answered with something that is not JSON.', status, { cause: error });
  }
  return toPatronFacts(body);
}

function toTokens(response: oidc.TokenEndpointResponse): ReroTokens {
  const expiresIn = typeof response.expires_in === 'number' && response.expires_in > 0 ? response.expires_in : 3600;
  const user = response.user as { id?: unknown } | undefined;
  const userId = user && (typeof user.id === 'number' || typeof user.id === 'string') ? String(user.id) : undefined;
  return {
    accessToken: response.access_token,
    ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    expiresAt: Date.now() + expiresIn * 1000,
    ...(userId ? { userId } : {}),
  };
}

/**
 * A ReroError for an upstream failure (lib/oauth/errors.ts) of the RERO+
 * call `what` ("token", "patron info"). An OAuth error response (RFC 6749
 * §5.2) keeps its `error` code; invalid_grant and invalid_client have codes of
 * their own, as the sign-in and the session act on them.
 */
function reroErrorOf(failure: UpstreamFailure, what: string, cause: unknown): ReroError {
  const make = (code: ReroErrorCode, message: string) => new ReroError(code, message, failureDetails(failure), { cause });
  switch (failure.kind) {
    case 'timeout':
      return make('timeout', `RERO+ ${what} did not answer in time.`);
    case 'unreachable':
      return make('unreachable', failure.networkCode ? `RERO+ ${what} could not be reached (${failure.networkCode}).` : `RERO+ ${what} could not be reached: ${failure.detail}`);
    case 'authorization_error':
      return failure.error === 'access_denied'
        ? make('access_denied', 'The patron declined the authorization at RERO+.')
        : make('authorization_error', `RERO+ answered the authorization with ${failure.error}: ${failure.description ?? ''}`);
    case 'state_mismatch':
      return make('invalid_state', `The callback's state did not match: ${failure.detail}`);
    case 'failed':
      return make('upstream_error', `RERO+ ${what} failed: ${failure.detail}`);
  }
  if (isErrorAnswer(failure) && failure.error) {
    const code: ReroErrorCode =
      failure.error === 'invalid_grant' ? 'invalid_grant' : failure.error === 'invalid_client' ? 'invalid_client' : failure.kind === 'server_error' ? 'upstream_error' : 'bad_response';
    return make(code, `RERO+ ${what} answered ${failure.status} ${failure.error}${failure.description ? `: ${failure.description}` : ''}`);
  }
  return make('upstream_error', `RERO+ ${what} gave an answer that is not a valid OAuth response: ${failure.detail}`);
}

/** Maps whatever openid-client or fetch threw during a RERO+ call to a ReroError with a stable code; `secrets` stay out of its words. */
export function toReroError(error: unknown, what: string, secrets: readonly string[] = []): ReroError {
  return isReroError(error) ? error : reroErrorOf(classifyUpstreamError(error, secrets), what, error);
}
