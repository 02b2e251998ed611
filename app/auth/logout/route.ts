import { cookies } from 'next/headers';
import { isSameOriginRequest, seeOther } from '@/lib/http';
import { log } from '@/lib/log';
import { gateway } from '@/lib/runtime';
import { SESSION_COOKIE, unsealSession } from '@/lib/session';
import { requestLocale, simplePage } from '@/lib/ui/pages';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/**
 * POST /auth/logout: this device's session ends; 303 to /. With the form
 * field `everywhere=1`, every session of the patron ends at its next
 * revalidation too. Cross-site posts are refused.
 */
export const POST = route(async (request: Request): Promise<Response> => {
  const { config, freshener } = gateway();
  if (!isSameOriginRequest(request, config.APP_URL)) {
    log.warn('signout.refused', { reason: 'cross-site' });
    return simplePage(requestLocale(request), 403, 'signOut.refused');
  }
  const jar = await cookies();
  const form = await request.formData().catch(() => undefined);
  if (form?.get('everywhere') === '1') {
    const session = await unsealSession(config, jar.get(SESSION_COOKIE)?.value);
    if (session) {
      try {
        await freshener.signOutEverywhere(session.facts.userId);
      } catch (error) {
        // Not recorded: the other devices would stay signed in. Say so, and keep this one as it is.
        log.error('signout.everywhere.failed', { detail: (error as Error)?.message });
        return simplePage(requestLocale(request), 503, 'signOut.everywhereFailed', { 'retry-after': '10' });
      }
      log.info('signout.everywhere');
    }
  }
  jar.delete(SESSION_COOKIE);
  log.info('signout');
  return seeOther('/');
});

export const GET = route((request: Request): Response => {
  return simplePage(requestLocale(request), 405, 'signOut.useButton', { allow: 'POST' });
});
