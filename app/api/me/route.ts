import { cookies } from 'next/headers';
import { isForeignRead, json } from '@/lib/http';
import { gateway, resolveSession } from '@/lib/runtime';
import { SESSION_COOKIE, sessionCookieOptions } from '@/lib/session';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/** GET /api/me: the signed-in patron's facts, after revalidation; 401 when signed out; 403 to anyone but the gateway's own pages. */
export const GET = route(async (request: Request): Promise<Response> => {
  if (isForeignRead(request, gateway().config.APP_URL)) {
    return json({ error: 'cross_origin', message: 'Only the gateway’s own pages may read this.' }, { status: 403 });
  }
  const jar = await cookies();
  const state = await resolveSession(jar.get(SESSION_COOKIE)?.value);
  switch (state.kind) {
    case 'none':
      if (state.clearCookie) jar.delete(SESSION_COOKIE);
      return json({ error: 'not_signed_in', message: 'Sign in at /auth/login.' }, { status: 401 });
    case 'ended':
      jar.delete(SESSION_COOKIE);
      return json({ error: 'session_ended', message: 'The session has ended; sign in again at /auth/login.' }, { status: 401 });
    case 'unavailable':
      return json({ error: 'rero_unavailable', message: 'RERO+ cannot confirm the session right now; try again later.' }, { status: 503, headers: { 'retry-after': '30' } });
    case 'signed-in': {
      if (state.cookie) jar.set(SESSION_COOKIE, state.cookie, sessionCookieOptions(gateway().config));
      const { facts } = state.session;
      return json({
        userId: facts.userId,
        name: facts.name ?? null,
        institutions: facts.records.map((r) => ({ code: r.code, patronPid: r.patronPid ?? null, patronType: r.patronType ?? null, expirationDate: r.expirationDate ?? null })),
      });
    }
  }
});
