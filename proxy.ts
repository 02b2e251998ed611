/**
 * Pages cannot write cookies while rendering, so revalidation for pages happens
 * here, before the render: stale facts are re-fetched (refreshing tokens when
 * needed), the new cookie is set on the response AND handed to the render in
 * the request's Cookie header. Route handlers revalidate on their own.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { htmlPage } from '@/lib/ui/html-page';
import { gateway, resolveSession } from '@/lib/runtime';
import { SESSION_COOKIE, sessionCookieOptions } from '@/lib/session';
import { SIGN_IN_PROBLEMS } from '@/lib/signin-errors';

export async function proxy(request: NextRequest) {
  const cookieValue = request.cookies.get(SESSION_COOKIE)?.value;
  if (!cookieValue) return NextResponse.next();
  const state = await resolveSession(cookieValue);
  const here = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  switch (state.kind) {
    case 'none': {
      // An unreadable cookie is the same as none: drop it, for this render and the browser.
      const headers = new Headers(request.headers);
      request.cookies.delete(SESSION_COOKIE);
      headers.set('cookie', request.cookies.toString());
      const response = NextResponse.next({ request: { headers } });
      response.cookies.delete(SESSION_COOKIE);
      return response;
    }
    case 'ended': {
      // Through sign-in again, and back here afterwards.
      const response = NextResponse.redirect(new URL(`/auth/login?returnTo=${encodeURIComponent(here)}`, gateway().config.APP_URL), 303);
      response.cookies.delete(SESSION_COOKIE);
      return response;
    }
    case 'unavailable': {
      const problem = SIGN_IN_PROBLEMS[state.freshness.error.code];
      return htmlPage({
        status: problem.status >= 500 ? problem.status : 503,
        title: problem.title,
        message: `${problem.message} Your membership could not be confirmed, so your e-resources are unavailable until then.`,
        actions: [{ label: 'Try again', href: here, primary: true }],
        headers: { 'retry-after': '30' },
      });
    }
    case 'signed-in': {
      if (!state.cookie) return NextResponse.next();
      const headers = new Headers(request.headers);
      request.cookies.set(SESSION_COOKIE, state.cookie);
      headers.set('cookie', request.cookies.toString());
      const response = NextResponse.next({ request: { headers } });
      response.cookies.set(SESSION_COOKIE, state.cookie, sessionCookieOptions(gateway().config));
      return response;
    }
  }
}

export const config = {
  // Pages only: route handlers (/api, /auth, /go) resolve their own session.
  matcher: ['/', '/admin/:path*'],
};
