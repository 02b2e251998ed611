/**
 * The forward-auth answer to a gate result, shared by /api/verify (in Next)
 * and the forward-auth listener (lib/forward-auth/listener.ts): 200 with
 * X-Patron-* headers, 401 without a live session, 403 with
 * X-Access-Denied-Reason, 404 for an unknown resource, 503 when RERO+ cannot
 * confirm the session. No redirects, no HTML.
 *
 * Two things the proxy needs are computed here rather than with string
 * tricks in its configuration:
 *  - X-Upstream-Cookie (200): the Cookie header the e-resource may receive —
 *    the browser's cookies without the gateway's own (gw_*), whatever their
 *    number and order; absent when none remain, and then no Cookie goes upstream;
 *  - X-Sign-In-Location (401): where to send the browser to sign in and come
 *    back to the address it asked for (X-Original-URI or X-Forwarded-Uri,
 *    as a same-origin path, percent-encoded as a query value).
 */
import type { GateResult } from '../gate';
import { releasedHeaders, type PseudonymKey } from '../release';
import { safeReturnTo } from '../session/transaction';

export interface ForwardAuthAnswer {
  status: number;
  headers: Record<string, string>;
}

/** What of the proxy's request the answer depends on besides the decision. */
export interface ForwardAuthRequest {
  /** The browser's Cookie header, as the proxy passed it on. */
  cookie?: string | undefined;
  /** The URI the browser asked the proxy for (X-Original-URI, X-Forwarded-Uri). */
  originalUri?: string | undefined;
}

/** The gateway's own cookies: whoever holds the sealed session IS the patron at the gateway. */
const GATEWAY_COOKIE = /^\s*gw_/;

/** The browser's cookies without the gateway's, as the e-resource may receive them; undefined when none remain. */
export function upstreamCookie(cookie: string | undefined): string | undefined {
  if (!cookie) return undefined;
  const kept = cookie
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.length > 0 && !GATEWAY_COOKIE.test(pair));
  return kept.length > 0 ? kept.join('; ') : undefined;
}

/** Sign-in, then back to the address asked for (a path of this origin only). */
export function signInLocation(originalUri: string | undefined): string {
  const returnTo = safeReturnTo(originalUri);
  return returnTo === '/' ? '/auth/login' : `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}

/** `key` is needed for an allowed patron (the pairwise pseudonym); `pseudonymKeyNow()` or `await pseudonymKey()`. */
export function forwardAuthAnswer(result: GateResult, request: ForwardAuthRequest, key: PseudonymKey | undefined): ForwardAuthAnswer {
  const answer = (status: number, headers: Record<string, string> = {}) => ({ status, headers: { 'cache-control': 'no-store', ...headers } });
  switch (result.kind) {
    case 'unknown-resource':
      return answer(404);
    case 'signed-out':
      return answer(401, { 'x-sign-in-location': signInLocation(request.originalUri) });
    case 'unavailable':
      return answer(503, { 'retry-after': '30' });
    case 'allowed': {
      if (!key) throw new Error('The pseudonym key is needed to answer for an allowed patron.');
      const cookie = upstreamCookie(request.cookie);
      return answer(200, {
        ...releasedHeaders(result.resource, result.session.facts, result.record, key),
        ...(cookie ? { 'x-upstream-cookie': cookie } : {}),
      });
    }
    case 'denied':
      return answer(403, { 'x-access-denied-reason': result.reasons[0]?.code ?? 'denied' });
  }
}

/** A request without `resource`. */
export const MISSING_RESOURCE: ForwardAuthAnswer = { status: 400, headers: { 'cache-control': 'no-store', 'x-access-denied-reason': 'missing-resource' } };
