/**
 * What can go wrong with a provider connection, as one error class with a
 * stable `code` and a message written for the librarian who clicked "test
 * connection". Messages never carry a secret or a token: they are built from
 * the status, the OAuth `error` code and its description, and what the
 * gateway knows about the connection.
 */
import * as oidc from 'openid-client';
import { ERROR_BRAND, hasErrorCode, isBranded } from '../errors';

export type ConnectionErrorCode =
  /** No connection with that id. */
  | 'not_found'
  /** The stored settings no longer pass validation. */
  | 'invalid_settings'
  /** The connection has secrets and SECRETS_KEY is not set. */
  | 'secrets_key_missing'
  /** The stored secrets cannot be decrypted with SECRETS_KEY. */
  | 'secrets_unreadable'
  /** The token server refused the client: wrong id, secret, key or certificate. */
  | 'bad_secret'
  /** The client may not have a token for that audience or resource. */
  | 'wrong_audience'
  /** The client may not have that scope. */
  | 'wrong_scope'
  /** This server's clock and the token server's disagree. */
  | 'clock_skew'
  | 'unreachable'
  | 'timeout'
  /** The token works, but may not do what the settings ask (Libris: a sigel that is not the client's). */
  | 'not_permitted'
  /** The API refused the token even after a new one was fetched. */
  | 'unauthorized'
  /** 5xx, or an answer that is not a conform OAuth response. */
  | 'upstream_error'
  /** A 2xx whose body is not what the provider documents. */
  | 'bad_response';

export class ConnectionError extends Error {
  /** Recognised across bundles by isConnectionError (lib/errors.ts), not instanceof. */
  readonly [ERROR_BRAND] = 'ConnectionError';

  constructor(
    readonly code: ConnectionErrorCode,
    message: string,
    readonly details: { status?: number; upstreamError?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectionError';
  }

  /** What a page or a JSON result may show: never the cause (it may hold response bodies). */
  toJSON(): { code: ConnectionErrorCode; message: string; status?: number; upstreamError?: string } {
    return { code: this.code, message: this.message, ...this.details };
  }
}

/** Whether `error` is a ConnectionError (from any bundle's copy of the class), with one of `codes` when given. */
export function isConnectionError(error: unknown, ...codes: ConnectionErrorCode[]): error is ConnectionError {
  return codes.length === 0 ? isBranded<ConnectionError>(error, 'ConnectionError') : hasErrorCode<ConnectionError>(error, 'ConnectionError', codes);
}

/** What the token endpoint answered when it refused: input to a provider's own explanation. */
export interface TokenFailure {
  status?: number;
  /** The OAuth `error` code (RFC 6749 §5.2), when the body had one. */
  error?: string;
  error_description?: string;
}

/** Clocks further apart than this fail signed assertions and JWT checks. */
export const CLOCK_SKEW_LIMIT_SECONDS = 60;

/** An error and its `cause` chain (at most six links), where network codes and timeouts hide. */
export function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current && chain.length < 6) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** A network failure (timeout, refused, unknown host) as a ConnectionError; undefined when `error` is something else. */
export function networkFailure(error: unknown, what: string): ConnectionError | undefined {
  for (const link of causes(error)) {
    const name = (link as { name?: string }).name;
    const code = (link as { code?: string }).code;
    if (name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new ConnectionError('timeout', `${what} did not answer in time.`, {}, { cause: error });
    }
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
      return new ConnectionError('unreachable', `${what} could not be reached (${code}): check the address and the network.`, {}, { cause: error });
    }
  }
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) {
    return new ConnectionError('unreachable', `${what} could not be reached: check the address and the network.`, {}, { cause: error });
  }
  return undefined;
}

/** The status and OAuth error of whatever openid-client threw for a refused token request. */
export function tokenFailureOf(error: unknown): TokenFailure | undefined {
  if (error instanceof oidc.ResponseBodyError) {
    return { status: error.status, error: error.error, ...(error.error_description ? { error_description: error.error_description } : {}) };
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0];
    const code = challenge?.parameters.error;
    return { status: error.status, ...(code ? { error: code } : {}) };
  }
  if (error instanceof oidc.ClientError) {
    // A non-JSON error body (Libris answers 401 in plain text): the response is the cause.
    const status = (error.cause as { status?: unknown } | undefined)?.status;
    if (typeof status === 'number' && status !== 200) return { status };
  }
  return undefined;
}

function minutes(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  return seconds < 120 ? `${seconds} seconds` : `${Math.round(seconds / 60)} minutes`;
}

/** "ahead of"/"behind": how this server's clock stands to the provider's. */
export function describeSkew(label: string, localNow: number, serverDate: number): string {
  return `this server's clock is ${minutes(localNow - serverDate)} ${localNow > serverDate ? 'ahead of' : 'behind'} ${label}'s`;
}

/** The status and OAuth error of a refusal, as ConnectionError details. */
export function failureDetails(failure: TokenFailure): { status?: number; upstreamError?: string } {
  return { ...(failure.status ? { status: failure.status } : {}), ...(failure.error ? { upstreamError: failure.error } : {}) };
}

export interface ClassifyContext {
  /** The provider's name, for messages: "Libris". */
  label: string;
  /** This server's clock when the answer came. */
  now: number;
  /** The token endpoint's Date header (epoch ms). */
  serverDate?: number;
  /** The provider's own words for a refusal, tried before the shared ones. */
  explain?: (failure: TokenFailure) => ConnectionError | undefined;
}

/** "401 invalid_client (description)": the refusal as the upstream put it. */
export function upstreamText(failure: TokenFailure): string {
  const parts = [failure.status ? `${failure.status}` : '', failure.error ?? '', failure.error_description ? `(${failure.error_description})` : ''];
  return parts.filter(Boolean).join(' ');
}

/**
 * Maps whatever a client-credentials request threw (RFC 6749 §5.2 error
 * responses, network failures, broken answers) to a ConnectionError.
 */
export function classifyTokenError(error: unknown, context: ClassifyContext): ConnectionError {
  if (isConnectionError(error)) return error;
  const where = `${context.label}'s token endpoint`;
  const network = networkFailure(error, where);
  if (network) return network;
  const failure = tokenFailureOf(error);
  if (!failure) {
    const message = error instanceof Error ? error.message : String(error);
    return new ConnectionError('upstream_error', `${where} gave an answer that is not a valid OAuth token response: ${message}`, {}, { cause: error });
  }
  const details = failureDetails(failure);
  const status = failure.status ?? 0;
  if (status >= 400 && status < 500 && context.serverDate !== undefined && Math.abs(context.now - context.serverDate) > CLOCK_SKEW_LIMIT_SECONDS * 1000) {
    return new ConnectionError(
      'clock_skew',
      `${context.label} refused the token request (${upstreamText(failure)}) and ${describeSkew(context.label, context.now, context.serverDate)}: ` +
        'signed assertions and tokens are refused when clocks disagree. Set this server’s clock right (NTP), then test again.',
      details,
      { cause: error },
    );
  }
  const explained = context.explain?.(failure);
  if (explained) return explained;
  if (status >= 500) {
    return new ConnectionError('upstream_error', `${where} failed (${upstreamText(failure)}); try again later.`, details, { cause: error });
  }
  if (failure.error === 'invalid_client' || failure.error === 'unauthorized_client' || status === 401) {
    return new ConnectionError('bad_secret', `${context.label} refused the client credentials (${upstreamText(failure)}): check the client id and secret.`, details, { cause: error });
  }
  if (failure.error === 'invalid_scope') {
    return new ConnectionError('wrong_scope', `${context.label} refused the scope (${upstreamText(failure)}): the client may not have it.`, details, { cause: error });
  }
  if (failure.error === 'invalid_target' || failure.error === 'invalid_resource' || status === 403) {
    return new ConnectionError('wrong_audience', `${context.label} refused the audience or resource (${upstreamText(failure)}): the client has no access to it.`, details, { cause: error });
  }
  return new ConnectionError('upstream_error', `${context.label} refused the token request (${upstreamText(failure)}).`, details, { cause: error });
}
