import { cookies } from 'next/headers';
import { htmlPage } from '@/lib/ui/html-page';
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
    return htmlPage({
      status: 403,
      title: 'Sign-out refused',
      message: 'This sign-out request did not come from the gateway’s own page. To sign out, use the “Sign out” button.',
      actions: [{ label: 'Go to the start page', href: '/', primary: true }],
    });
  }
  (await cookies()).delete(SESSION_COOKIE);
  log.info('signout');
  return seeOther('/');
}

export function GET(): Response {
  return htmlPage({
    status: 405,
    title: 'Use the sign-out button',
    message: 'Signing out is done with the “Sign out” button on the gateway’s pages.',
    actions: [{ label: 'Go to the start page', href: '/', primary: true }],
    headers: { allow: 'POST' },
  });
}
