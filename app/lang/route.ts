import { cookies } from 'next/headers';
import { seeOther } from '@/lib/http';
import { LOCALE_COOKIE, isLocale } from '@/lib/i18n/locales';
import { runtime } from '@/lib/runtime';
import { safeReturnTo } from '@/lib/session';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/** GET /lang?to=<locale>&returnTo=<path>: remembers the patron's language for a year, back to the page. */
export const GET = route(async (request: Request): Promise<Response> => {
  const params = new URL(request.url).searchParams;
  const to = params.get('to');
  if (isLocale(to)) {
    (await cookies()).set(LOCALE_COOKIE, to, {
      httpOnly: true,
      sameSite: 'lax',
      secure: runtime().config.secureCookies,
      path: '/',
      maxAge: 365 * 24 * 3600,
    });
  }
  return seeOther(safeReturnTo(params.get('returnTo')));
});
