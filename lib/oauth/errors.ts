/**
 * What can go wrong with a call to an upstream: one classifier
 * (classifyUpstreamError) for what openid-client or fetch throws, whichever
 * client made the call, and ConnectionError, what can go wrong with a
 * provider connection, with a stable `code` and a message written for the
 * librarian who clicked "test connection". ReroError
 * (lib/providers/rero-plus.ts) is built from the same classification and
 * carries the upstream's status and OAuth error in the same fields.
 * Messages never carry a secret or a token: they are built from the status,
 * the OAuth `error` code and its description, and what the gateway knows
 * about the call.
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

/** The upstream's side of a failure, in the same fields on ConnectionError and ReroError (lib/providers/rero-plus.ts). */
export interface UpstreamDetails {
  /** The upstream's HTTP status, when it answered. */
  upstreamStatus?: number;
  /** The OAuth `error` code it answered with (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3.1), e.g. invalid_client. */
  upstreamError?: string;
}

export class ConnectionError extends Error {
  /** Recognised across bundles by isConnectionError (lib/errors.ts), not instanceof. */
  readonly [ERROR_BRAND] = 'ConnectionError';
  readonly upstreamStatus?: number;
  readonly upstreamError?: string;

  constructor(
    readonly code: ConnectionErrorCode,
    message: string,
    upstream: UpstreamDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectionError';
    this.upstreamStatus = upstream.upstreamStatus;
    this.upstreamError = upstream.upstreamError;
  }

  /** What a page or a JSON result may show: never the cause (it may hold response bodies). */
  toJSON(): { code: ConnectionErrorCode; message: string; status?: number; upstreamError?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.upstreamStatus !== undefined ? { status: this.upstreamStatus } : {}),
      ...(this.upstreamError !== undefined ? { upstreamError: this.upstreamError } : {}),
    };
  }
}

/** Whether `error` is a ConnectionError (from any bundle's copy of the class), with one of `codes` when given. */
export function isConnectionError(error: unknown, ...codes: ConnectionErrorCode[]): error is ConnectionError {
  return codes.length === 0 ? isBranded<ConnectionError>(error, 'ConnectionError') : hasErrorCode<ConnectionError>(error, 'ConnectionError', codes);
}

/** Clocks further apart than this fail signed assertions and JWT checks. */
export const CLOCK_SKEW_LIMIT_SECONDS = 60;

/** An error and its `cause` chain (at most six links), where network codes and timeouts hide. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current && chain.length < 6) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Replaces every secret value in `text`: upstream words are repeated in messages and must not carry one back. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[secret]');
  return out;
}

/**
 * What became of a call to an upstream (RERO+, a provider's token endpoint
 * or API), told from what openid-client 6 or fetch threw. openid-client
 * passes oauth4webapi's answers-as-errors through as they are
 * (AuthorizationResponseError, ResponseBodyError,
 * WWWAuthenticateChallengeError), wraps what else goes wrong in its
 * ClientError with a code (OAUTH_RESPONSE_IS_NOT_CONFORM,
 * OAUTH_INVALID_RESPONSE, OAUTH_TIMEOUT…), and lets fetch's TypeError
 * through (openid-client's API documentation, ClientError).
 */
export type UpstreamFailureKind =
  /** No connection: refused, reset, an unknown host or an unreachable network (fetch's "fetch failed"). */
  | 'unreachable'
  /** No answer in time: openid-client's `timeout`, an aborted request, undici's connect or headers timeout. */
  | 'timeout'
  /** An error sent back on the authorization redirect (RFC 6749 §4.1.2.1): `error` says which, e.g. access_denied. */
  | 'authorization_error'
  /** The redirect's `state` is missing or not the one sent (RFC 6749 §10.12). */
  | 'state_mismatch'
  /** The client was refused: `invalid_client` or `unauthorized_client` (RFC 6749 §5.2), or a 401. */
  | 'credentials_refused'
  /** Another error answer below 500: an OAuth error response (invalid_grant, invalid_scope…), a Bearer challenge (RFC 6750 §3), a 403, an error page. */
  | 'refused'
  /** The upstream failed: a 5xx. */
  | 'server_error'
  /** An answer openid-client refused as not conform: a 200 that is not JSON or lacks a field, a value that does not match. */
  | 'bad_response'
  /** Nothing the upstream answered: a request refused before it was sent, an unexpected exception. */
  | 'failed';

/** One upstream failure, whichever client met it: the input of ConnectionError's and ReroError's words. */
export interface UpstreamFailure {
  kind: UpstreamFailureKind;
  /** The upstream's HTTP status, when it answered. */
  status?: number;
  /** The OAuth `error` code of the answer (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3.1). */
  error?: string;
  /** Its `error_description`, as the upstream wrote it. */
  description?: string;
  /** The network error code of an unreachable upstream (ECONNREFUSED…), when there was one. */
  networkCode?: string;
  /** What the thrown error said (for a state mismatch, with its causes: openid-client's own words are general). Never a response body. */
  detail: string;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);
const ANSWER_KINDS = new Set<UpstreamFailureKind>(['credentials_refused', 'refused', 'server_error']);

/** Whether the upstream answered with an error status (a refusal or a 5xx), as opposed to no answer or an answer that is not conform. */
export function isErrorAnswer(failure: UpstreamFailure): boolean {
  return ANSWER_KINDS.has(failure.kind);
}

function answerKind(status: number, error: string | undefined): UpstreamFailureKind {
  if (status >= 500) return 'server_error';
  return error === 'invalid_client' || error === 'unauthorized_client' || status === 401 ? 'credentials_refused' : 'refused';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}

function described(description: string | undefined): { description?: string } {
  return description ? { description } : {};
}

function classify(error: unknown): UpstreamFailure {
  const detail = messageOf(error);
  // Answers first: an upstream that answered was reached, whatever its body holds.
  if (error instanceof oidc.AuthorizationResponseError) {
    return { kind: 'authorization_error', error: error.error, ...described(error.error_description), detail };
  }
  if (error instanceof oidc.ResponseBodyError) {
    return { kind: answerKind(error.status, error.error), status: error.status, error: error.error, ...described(error.error_description), detail };
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    const parameters = error.cause[0]?.parameters;
    const code = parameters?.error;
    return { kind: answerKind(error.status, code), status: error.status, ...(code ? { error: code } : {}), ...described(parameters?.error_description), detail };
  }
  for (const link of causes(error)) {
    const name = (link as { name?: unknown }).name;
    const code = (link as { code?: unknown }).code;
    if (name === 'TimeoutError' || name === 'AbortError' || (typeof code === 'string' && TIMEOUT_CODES.has(code))) return { kind: 'timeout', detail };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return { kind: 'unreachable', networkCode: code, detail };
  }
  if (error instanceof oidc.ClientError) {
    const chain = causes(error)
      .map((link) => String((link as Error).message ?? ''))
      .join(': ');
    if (error.code === 'OAUTH_INVALID_RESPONSE' && /"state"/.test(chain)) return { kind: 'state_mismatch', detail: chain };
    // An answer of an unexpected status or content type: the response is the cause.
    const status = (error.cause as { status?: unknown } | null | undefined)?.status;
    if (typeof status === 'number' && status !== 200) return { kind: answerKind(status, undefined), status, detail };
    return { kind: 'bad_response', ...(typeof status === 'number' ? { status } : {}), detail };
  }
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) return { kind: 'unreachable', detail };
  return { kind: 'failed', detail };
}

/**
 * The one classifier of upstream failures: what openid-client or fetch
 * threw, as an UpstreamFailure. `secrets` (the token or secret the call
 * carried) are replaced in the words it keeps: fetch repeats a header value it
 * refuses.
 */
export function classifyUpstreamError(error: unknown, secrets: readonly string[] = []): UpstreamFailure {
  const failure = classify(error);
  return { ...failure, detail: redact(failure.detail, secrets), ...(failure.description !== undefined ? { description: redact(failure.description, secrets) } : {}) };
}

/** The status and OAuth error of a failure, as the error classes carry them. */
export function failureDetails(failure: UpstreamFailure): UpstreamDetails {
  return { ...(failure.status ? { upstreamStatus: failure.status } : {}), ...(failure.error ? { upstreamError: failure.error } : {}) };
}

/** "401 invalid_client (description)": the refusal as the upstream put it. */
export function upstreamText(failure: UpstreamFailure): string {
  const parts = [failure.status ? `${failure.status}` : '', failure.error ?? '', failure.description ? `(${failure.description})` : ''];
  return parts.filter(Boolean).join(' ');
}

function minutes(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  return seconds < 120 ? `${seconds} seconds` : `${Math.round(seconds / 60)} minutes`;
}

/** "ahead of"/"behind": how this server's clock stands to the provider's. */
export function describeSkew(label: string, localNow: number, serverDate: number): string {
  return `this server's clock is ${minutes(localNow - serverDate)} ${localNow > serverDate ? 'ahead of' : 'behind'} ${label}'s`;
}

/** A timeout or an unreachable upstream as a ConnectionError; undefined for any other failure. */
export function networkError(failure: UpstreamFailure, what: string, cause: unknown): ConnectionError | undefined {
  if (failure.kind === 'timeout') return new ConnectionError('timeout', `${what} did not answer in time.`, {}, { cause });
  if (failure.kind !== 'unreachable') return undefined;
  const code = failure.networkCode ? ` (${failure.networkCode})` : '';
  return new ConnectionError('unreachable', `${what} could not be reached${code}: check the address and the network.`, {}, { cause });
}

export interface ClassifyContext {
  /** The provider's name, for messages: "Libris". */
  label: string;
  /** This server's clock when the answer came. */
  now: number;
  /** The token endpoint's Date header (epoch ms). */
  serverDate?: number;
  /** The provider's own words for a refusal, tried before the shared ones. */
  explain?: (failure: UpstreamFailure) => ConnectionError | undefined;
  /** The connection's secret values, kept out of the words (an upstream may repeat what it was sent). */
  secrets?: readonly string[];
}

/**
 * Maps whatever a client-credentials request threw (RFC 6749 §5.2 error
 * responses, network failures, broken answers) to a ConnectionError.
 */
export function classifyTokenError(error: unknown, context: ClassifyContext): ConnectionError {
  if (isConnectionError(error)) return error;
  const where = `${context.label}'s token endpoint`;
  const failure = classifyUpstreamError(error, context.secrets);
  if (!isErrorAnswer(failure)) {
    return (
      networkError(failure, where, error) ??
      new ConnectionError('upstream_error', `${where} gave an answer that is not a valid OAuth token response: ${failure.detail}`, {}, { cause: error })
    );
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
  if (failure.kind === 'server_error') {
    return new ConnectionError('upstream_error', `${where} failed (${upstreamText(failure)}); try again later.`, details, { cause: error });
  }
  if (failure.kind === 'credentials_refused') {
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
