import { cookies } from 'next/headers';
import { isSameOriginRequest, seeOther } from '@/lib/http';
import { log } from '@/lib/log';
import { runtime } from '@/lib/runtime';
import { requestLocale, simplePage } from '@/lib/ui/pages';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/**
 * POST /auth/logout: this session ends — on every instance, within seconds,
 * whatever copies of its cookie exist; 303 to / saying so. With the form field
 * `everywhere=1`, every session of the patron that exists now ends too.
 * Cross-site posts are refused.
 */
export const POST = route(async (request: Request): Promise<Response> => {
  const { config, sessions } = runtime();
  if (!isSameOriginRequest(request, config.APP_URL)) {
    log.warn('signout.refused', { reason: 'cross-site' });
    return simplePage(requestLocale(request), 403, 'signOut.refused');
  }
  const form = await request.formData().catch(() => undefined);
  const everywhere = form?.get('everywhere') === '1';
  const { recorded } = await sessions.end(await cookies(), { everywhere });
  // Not recorded: this browser is signed out, but a copy of its cookie (or the other devices) would not be. Say so.
  if (!recorded) return simplePage(requestLocale(request), 503, everywhere ? 'signOut.everywhereFailed' : 'signOut.notRecorded', { 'retry-after': '10' });
  // The start page confirms it ("You are signed out").
  return seeOther(everywhere ? '/?signed-out=everywhere' : '/?signed-out=1');
});

export const GET = route((request: Request): Response => {
  return simplePage(requestLocale(request), 405, 'signOut.useButton', { allow: 'POST' });
});
