/**
 * Pages cannot write cookies while rendering, so revalidation for pages happens
 * here, before the render: stale facts are re-fetched (refreshing tokens when
 * needed), the new cookie is set on the response AND handed to the render in
 * the request's Cookie header. Route handlers revalidate on their own.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { applySecurityHeaders, pageCsp } from '@/lib/http';
import { requestIdOf, withRequestId } from '@/lib/log';
import { gateway, resolveSession } from '@/lib/runtime';
import { SESSION_COOKIE, sessionCookieOptions } from '@/lib/session';
import { requestLocale, unconfirmedPage } from '@/lib/ui/pages';

/** The page's own path, for the language switcher to come back to. */
export const PATH_HEADER = 'x-gateway-path';

function next(request: NextRequest, here: string, csp: string, cookie?: { set: string } | { clear: true }) {
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, here);
  // Next reads the nonce for its own scripts from the request's CSP header.
  headers.set('content-security-policy', csp);
  if (cookie) {
    if ('set' in cookie) request.cookies.set(SESSION_COOKIE, cookie.set);
    else request.cookies.delete(SESSION_COOKIE);
    headers.set('cookie', request.cookies.toString());
  }
  const response = NextResponse.next({ request: { headers } });
  if (cookie && 'set' in cookie) response.cookies.set(SESSION_COOKIE, cookie.set, sessionCookieOptions(gateway().config));
  if (cookie && 'clear' in cookie) response.cookies.delete(SESSION_COOKIE);
  return response;
}

export async function proxy(request: NextRequest) {
  const requestId = requestIdOf(request);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const csp = pageCsp(nonce);
  const response = await withRequestId(requestId, () => decide(request, csp));
  response.headers.set('x-request-id', requestId);
  applySecurityHeaders(response.headers, { https: gateway().config.secureCookies, path: request.nextUrl.pathname, csp });
  return response;
}

async function decide(request: NextRequest, csp: string): Promise<Response> {
  const here = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const cookieValue = request.cookies.get(SESSION_COOKIE)?.value;
  if (!cookieValue) return next(request, here, csp);
  const state = await resolveSession(cookieValue);
  switch (state.kind) {
    case 'none':
      // An unreadable cookie is the same as none: drop it, for this render and the browser.
      return next(request, here, csp, { clear: true });
    case 'ended': {
      // Through sign-in again, and back here afterwards.
      const response = NextResponse.redirect(new URL(`/auth/login?returnTo=${encodeURIComponent(here)}`, gateway().config.APP_URL), 303);
      response.cookies.delete(SESSION_COOKIE);
      return response;
    }
    case 'unavailable':
      return unconfirmedPage(requestLocale(request), state.freshness.error.code, here);
    case 'signed-in':
      return state.cookie ? next(request, here, csp, { set: state.cookie }) : next(request, here, csp);
  }
}

export const config = {
  // Pages only: route handlers (/api, /auth, /go, /lang, /metrics) resolve their own session and set their own headers.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/|auth/|go/|lang|metrics).*)'],
};
