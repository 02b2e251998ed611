/**
 * Pages cannot write cookies while rendering, so their session is opened
 * here, before the render, through the session door: an ended session goes
 * through sign-in again; stale facts are revalidated, and the new cookie goes
 * to the browser AND to the render (in the request's Cookie header). Route
 * handlers open the session on their own.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { applySecurityHeaders, pageCsp, PATH_HEADER } from '@/lib/http';
import { requestIdOf, withRequestId } from '@/lib/log';
import { runtime } from '@/lib/runtime';
import { forwardingJar } from '@/lib/session';
import { requestLocale, unconfirmedPage } from '@/lib/ui/pages';

export async function proxy(request: NextRequest) {
  const requestId = requestIdOf(request);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const csp = pageCsp(nonce);
  const response = await withRequestId(requestId, () => decide(request, csp));
  response.headers.set('x-request-id', requestId);
  applySecurityHeaders(response.headers, { https: runtime().config.secureCookies, path: request.nextUrl.pathname, csp });
  return response;
}

async function decide(request: NextRequest, csp: string): Promise<Response> {
  const here = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const cookies = forwardingJar(request);
  const opened = await runtime().sessions.open(cookies.jar);
  if (opened.kind === 'ended') {
    // Through sign-in again, and back here afterwards.
    const response = NextResponse.redirect(new URL(`/auth/login?returnTo=${encodeURIComponent(here)}`, runtime().config.APP_URL), 303);
    cookies.applyTo(response);
    return response;
  }
  if (opened.kind === 'unavailable') return unconfirmedPage(requestLocale(request), opened.error.code, here);
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, here);
  // Next reads the nonce for its own scripts from the request's CSP header.
  headers.set('content-security-policy', csp);
  // The render sees the cookie as the browser will: refreshed, or gone.
  if (cookies.changed) cookies.forward(headers, request.cookies);
  const response = NextResponse.next({ request: { headers } });
  cookies.applyTo(response);
  return response;
}

export const config = {
  // Pages only: route handlers (/api, /auth, /go, /lang, /metrics) resolve their own session and set their own headers.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/|auth/|go/|lang|metrics).*)'],
};
