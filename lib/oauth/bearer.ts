/**
 * A GET to a protected resource (RERO+'s patron info, a provider's API),
 * through openid-client, the same for every caller.
 */
import * as oidc from 'openid-client';
import { classifyUpstreamError, type UpstreamFailure } from './errors';

/**
 * GET `url` with `Authorization: Bearer` (RFC 6750 §2.1; never the token in
 * the query, §2.3 — it would end up in logs) and `headers`. A 401 with a
 * WWW-Authenticate challenge (RFC 6750 §3) is an answer here, not an error:
 * openid-client throws it as WWWAuthenticateChallengeError, and its response
 * is returned for the caller to read like any other. What else is thrown is
 * classified, with the token and the header values kept out of its words,
 * and `fail` makes the caller's error of it.
 */
export async function getProtectedResource(
  config: oidc.Configuration,
  accessToken: string,
  url: URL,
  headers: Record<string, string>,
  fail: (failure: UpstreamFailure, error: unknown) => Error,
): Promise<Response> {
  try {
    return await oidc.fetchProtectedResource(config, accessToken, url, 'GET', undefined, new Headers(headers));
  } catch (error) {
    if (error instanceof oidc.WWWAuthenticateChallengeError) return error.response;
    throw fail(classifyUpstreamError(error, [accessToken, ...Object.values(headers)]), error);
  }
}
