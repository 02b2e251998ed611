import { cookies } from 'next/headers';
import { isForeignRead, json } from '@/lib/http';
import { runtime } from '@/lib/runtime';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/** GET /api/me: the signed-in patron's facts, after revalidation; 401 when signed out; 403 to anyone but the gateway's own pages. */
export const GET = route(async (request: Request): Promise<Response> => {
  if (isForeignRead(request, runtime().config.APP_URL)) {
    return json({ error: 'cross_origin', message: 'Only the gateway’s own pages may read this.' }, { status: 403 });
  }
  const opened = await runtime().sessions.open(await cookies());
  switch (opened.kind) {
    case 'none':
      return json({ error: 'not_signed_in', message: 'Sign in at /auth/login.' }, { status: 401 });
    case 'ended':
      return json({ error: 'session_ended', message: 'The session has ended; sign in again at /auth/login.' }, { status: 401 });
    case 'unavailable':
      return json({ error: 'rero_unavailable', message: 'RERO+ cannot confirm the session right now; try again later.' }, { status: 503, headers: { 'retry-after': '30' } });
    case 'signed-in': {
      const { facts } = opened.session;
      return json({
        // No name: sessions keep none (patrons' names are kept nowhere; staff names only in the staff table).
        userId: facts.userId,
        institutions: facts.records.map((r) => ({ code: r.code, patronPid: r.patronPid ?? null, patronType: r.patronType ?? null, expirationDate: r.expirationDate ?? null })),
      });
    }
  }
});
