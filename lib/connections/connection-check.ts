/**
 * "Test connection": one click (or `npm run gateway -- connection test <id>`)
 * that tells whether a connection works now and what it may do. It asks for a
 * new token (a cached one would prove nothing about today's credentials),
 * lets the provider look at it (Libris: sigels and levels), checks that the
 * API calls it would make are allowed, and answers in words. Never a secret,
 * never the token.
 */
import { CLOCK_SKEW_LIMIT_SECONDS, ConnectionError, describeSkew, isConnectionError, redact, type ConnectionErrorCode } from '../oauth/errors';
import type { CachedToken } from '../oauth/token-cache';
import type { Endpoints, Environment } from '../providers/types';
import type { ConnectionClient } from './client';

export interface ConnectionTestFailure {
  /** Stable: bad_secret, wrong_audience, clock_skew, unreachable, … (ConnectionErrorCode). */
  code: ConnectionErrorCode;
  /** What went wrong and what to do, for a librarian. */
  message: string;
  /** The upstream HTTP status, when there was one. */
  status?: number;
  /** The upstream OAuth error code, e.g. invalid_client. */
  upstreamError?: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  connection: string;
  /** The provider id ("libris"), when known. */
  provider?: string;
  /** The provider's name ("Libris"). */
  providerName?: string;
  environment?: Environment;
  endpoints?: Endpoints;
  /** ISO 8601. */
  checkedAt: string;
  durationMs: number;
  /** The token obtained (never the token itself). */
  token?: {
    /** ISO 8601. */
    expiresAt: string;
    expiresInSeconds: number;
    scope?: string;
    /** The extra token parameters: audience, resource, scope. */
    parameters: Record<string, string>;
  };
  /** What the provider told about the token (Libris: sigels and levels). */
  details?: unknown;
  /** One line per fact, for a person: the first says whether it works. */
  summary: string[];
  warnings: string[];
  failure?: ConnectionTestFailure;
}

export function failureOf(error: unknown): ConnectionTestFailure {
  const known =
    isConnectionError(error)
      ? error
      : new ConnectionError('upstream_error', `The test failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
  return known.toJSON();
}

/** A result for a connection that could not even be loaded (unknown id, no SECRETS_KEY, unreadable secrets). */
export function failedBeforeStart(id: string, error: unknown, now: number, extra: Partial<ConnectionTestResult> = {}): ConnectionTestResult {
  const failure = failureOf(error);
  return { ok: false, connection: id, ...extra, checkedAt: new Date(now).toISOString(), durationMs: 0, summary: [failure.message], warnings: [], failure };
}

export async function testConnection(client: ConnectionClient, now: () => number = Date.now): Promise<ConnectionTestResult> {
  const { provider, entry, endpoints, secretValues } = client.connection;
  const started = now();
  const base = {
    connection: entry.id,
    provider: provider.id,
    providerName: provider.name,
    ...(entry.environment ? { environment: entry.environment } : {}),
    endpoints,
  };
  let token: CachedToken<unknown> | undefined;
  const finish = (result: Omit<ConnectionTestResult, keyof typeof base | 'checkedAt' | 'durationMs'>): ConnectionTestResult => {
    const hide = [...secretValues, ...(token ? [token.accessToken] : [])];
    const clean = (text: string) => redact(text, hide);
    return {
      ...base,
      ...result,
      checkedAt: new Date(started).toISOString(),
      durationMs: Math.max(0, now() - started),
      summary: result.summary.map(clean),
      warnings: result.warnings.map(clean),
      ...(result.failure ? { failure: { ...result.failure, message: clean(result.failure.message) } } : {}),
    };
  };

  try {
    token = await client.token({ renew: true });
  } catch (error) {
    const failure = failureOf(error);
    return finish({ ok: false, summary: [failure.message], warnings: [], failure });
  }

  const at = now();
  const tokenInfo = {
    expiresAt: new Date(token.expiresAt).toISOString(),
    expiresInSeconds: Math.max(0, Math.round((token.expiresAt - at) / 1000)),
    ...(token.scope ? { scope: token.scope } : {}),
    parameters: provider.tokenParameters(entry),
  };
  const warnings: string[] = [];
  if (token.serverDate !== undefined && Math.abs(token.obtainedAt - token.serverDate) > CLOCK_SKEW_LIMIT_SECONDS * 1000) {
    warnings.push(`${describeSkew(provider.name, token.obtainedAt, token.serverDate)}: tokens may be refused early or late. Set this server's clock right (NTP).`);
  }
  const lines = provider.describe(entry, token.details, at);
  const where = `${provider.name}${entry.environment ? ` (${entry.environment})` : ''}`;
  try {
    provider.apiHeaders(entry, token.details);
  } catch (error) {
    const failure = failureOf(error);
    return finish({ ok: false, token: tokenInfo, details: token.details, summary: [`A token was issued, but API calls would be refused: ${failure.message}`, ...lines], warnings, failure });
  }
  const scope = token.scope ? `, scope "${token.scope}"` : '';
  return finish({
    ok: true,
    token: tokenInfo,
    details: token.details,
    summary: [`Connected to ${where}: a token was issued, valid until ${tokenInfo.expiresAt}${scope}.`, ...lines],
    warnings,
  });
}
