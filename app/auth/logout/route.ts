import { cookies } from 'next/headers';
import { requestLocale, simplePage } from '@/lib/ui/pages';
import { isSameOriginRequest, seeOther } from '@/lib/http';
import { log } from '@/lib/log';
import { gateway } from '@/lib/runtime';
import { SESSION_COOKIE } from '@/lib/session';

export const dynamic = 'force-dynamic';

/** POST /auth/logout: this device's session ends; 303 to /. Cross-site posts are refused. */
export async function POST(request: Request): Promise<Response> {
  const { config } = gateway();
  if (!isSameOriginRequest(request, config.APP_URL)) {
    log.warn('signout.refused', { reason: 'cross-site' });
    return simplePage(requestLocale(request), 403, 'signOut.refused');
  }
  (await cookies()).delete(SESSION_COOKIE);
  log.info('signout');
  return seeOther('/');
}

export function GET(request: Request): Response {
  return simplePage(requestLocale(request), 405, 'signOut.useButton', { allow: 'POST' });
}
