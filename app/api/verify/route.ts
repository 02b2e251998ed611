import { cookies } from 'next/headers';
import { gate } from '@/lib/gate';
import { releasedHeaders } from '@/lib/release';
import { gateway, pseudonymKey } from '@/lib/runtime';
import { SESSION_COOKIE, sessionCookieOptions } from '@/lib/session';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

function answer(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/**
 * GET /api/verify?resource=<slug>: forward-auth for nginx `auth_request` and
 * Traefik `forwardAuth`. 200 with X-Patron-* headers, 401 without a valid
 * session, 403 with X-Access-Denied-Reason, 404 for an unknown resource.
 * No redirects, no HTML.
 */
export const GET = route(async (request: Request): Promise<Response> => {
  const slug = new URL(request.url).searchParams.get('resource');
  if (!slug) return answer(400, { 'x-access-denied-reason': 'missing-resource' });
  const jar = await cookies();
  const result = await gate(slug, jar.get(SESSION_COOKIE)?.value);
  if ('cookie' in result && result.cookie) jar.set(SESSION_COOKIE, result.cookie, sessionCookieOptions(gateway().config));

  switch (result.kind) {
    case 'unknown-resource':
      return answer(404);
    case 'signed-out':
      if (result.clearCookie) jar.delete(SESSION_COOKIE);
      return answer(401);
    case 'unavailable':
      return answer(503, { 'retry-after': '30' });
    case 'allowed':
      return answer(200, releasedHeaders(result.resource, result.session.facts, result.record, await pseudonymKey()));
    case 'denied':
      return answer(403, { 'x-access-denied-reason': result.reasons[0]?.code ?? 'denied' });
  }
});
