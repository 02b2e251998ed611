import { cookies } from 'next/headers';
import { requestLocale, signInProblemPage } from '@/lib/ui/pages';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics';
import { ReroError, exchangeCode, fetchPatronFacts, isReroError } from '@/lib/providers/rero-plus';
import { countSignIn, runtime, noteSignIn, signInRateLimit } from '@/lib/runtime';
import { seeOther } from '@/lib/http';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/** GET /auth/callback: code exchange at once, patron info with Bearer, session sealed, a staff member's name kept, 303 to returnTo. */
export const GET = route(async (request: Request): Promise<Response> => {
  const { rero, sessions } = runtime();
  const wait = await signInRateLimit(request, 'callback');
  if (wait !== undefined) return signInProblemPage(requestLocale(request), 'rate_limited', '/', { 'retry-after': String(wait), 'referrer-policy': 'no-referrer' });
  const jar = await cookies();
  const query = new URL(request.url).searchParams;
  // Single use once its state arrives; a callback with another state leaves it for the real one.
  const transaction = await sessions.takeSignIn(jar, query.get('state'));
  try {
    const tokens = await exchangeCode(rero, query, transaction);
    const facts = await fetchPatronFacts(rero, tokens.accessToken);
    if (tokens.userId && tokens.userId !== facts.userId) {
      throw new ReroError('bad_response', 'RERO+ patron info is for another user than the token response.');
    }
    const now = Date.now();
    await sessions.start(jar, {
      tokens: {
        accessToken: tokens.accessToken,
        ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
        expiresAt: tokens.expiresAt,
        obtainedAt: now,
      },
      facts,
      validatedAt: now,
    });
    // The session keeps no name; a staff member's is kept in the staff table, for the admin area.
    await noteSignIn(facts);
    metrics().signIns.inc();
    countSignIn(facts.records);
    log.info('signin.success', { records: facts.records.length });
    return seeOther(transaction?.returnTo ?? '/', { 'referrer-policy': 'no-referrer' });
  } catch (error) {
    const rero = isReroError(error) ? error : new ReroError('upstream_error', String(error), undefined, { cause: error });
    metrics().signInFailures.inc({ reason: rero.code });
    log.warn('signin.failed', { code: rero.code, status: rero.upstreamStatus, detail: rero.message });
    return signInProblemPage(requestLocale(request), rero.code, transaction?.returnTo ?? '/', { 'referrer-policy': 'no-referrer' });
  }
});
