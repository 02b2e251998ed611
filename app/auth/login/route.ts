import { cookies } from 'next/headers';
import { log, pathPrefix } from '@/lib/log';
import { createAuthorization } from '@/lib/providers/rero-plus';
import { runtime, signInRateLimit } from '@/lib/runtime';
import { requestLocale, signInProblemPage } from '@/lib/ui/pages';
import { safeReturnTo } from '@/lib/session';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/** GET /auth/login?returnTo=<path>: to RERO+'s authorize page, with state and PKCE S256. */
export const GET = route(async (request: Request): Promise<Response> => {
  const { rero, sessions } = runtime();
  const wait = await signInRateLimit(request, 'login');
  if (wait !== undefined) return signInProblemPage(requestLocale(request), 'rate_limited', '/', { 'retry-after': String(wait) });
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get('returnTo'));
  const { url, transaction } = await createAuthorization(rero, returnTo);
  await sessions.beginSignIn(await cookies(), transaction);
  log.info('signin.start', { returnTo: pathPrefix(returnTo) });
  return new Response(null, {
    status: 302,
    headers: { location: url.href, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  });
});
