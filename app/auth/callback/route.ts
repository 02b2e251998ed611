import { cookies } from 'next/headers';
import { requestLocale, signInProblemPage } from '@/lib/ui/pages';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics';
import { ReroError, exchangeCode, fetchPatronFacts } from '@/lib/providers/rero-plus';
import { gateway, signInRateLimit } from '@/lib/runtime';
import { SESSION_COOKIE, TRANSACTION_COOKIE, sealSession, sessionCookieOptions, unsealTransaction, type PatronSession } from '@/lib/session';
import { seeOther } from '@/lib/http';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/** GET /auth/callback: code exchange at once, patron info with Bearer, session sealed, 303 to returnTo. */
export const GET = route(async (request: Request): Promise<Response> => {
  const { config, rero, freshener } = gateway();
  const wait = await signInRateLimit(request, 'callback');
  if (wait !== undefined) return signInProblemPage(requestLocale(request), 'rate_limited', '/', { 'retry-after': String(wait), 'referrer-policy': 'no-referrer' });
  const jar = await cookies();
  const transaction = await unsealTransaction(config, jar.get(TRANSACTION_COOKIE)?.value);
  // The transaction is single-use, whatever happens next.
  jar.delete({ name: TRANSACTION_COOKIE, path: '/auth' });
  const query = new URL(request.url).searchParams;
  try {
    const tokens = await exchangeCode(rero, query, transaction);
    const facts = await fetchPatronFacts(rero, tokens.accessToken);
    if (tokens.userId && tokens.userId !== facts.userId) {
      throw new ReroError('bad_response', 'RERO+ patron info is for another user than the token response.');
    }
    const now = Date.now();
    const session: PatronSession = {
      tokens: {
        accessToken: tokens.accessToken,
        ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
        expiresAt: tokens.expiresAt,
        obtainedAt: now,
      },
      facts,
      validatedAt: now,
      signedInAt: now,
    };
    jar.set(SESSION_COOKIE, await sealSession(config, session), sessionCookieOptions(config));
    await freshener.recordSignIn(session);
    metrics().signIns.inc();
    log.info('signin.success', { records: facts.records.length });
    return seeOther(transaction?.returnTo ?? '/', { 'referrer-policy': 'no-referrer' });
  } catch (error) {
    const rero = error instanceof ReroError ? error : new ReroError('upstream_error', String(error), undefined, { cause: error });
    metrics().signInFailures.inc({ reason: rero.code });
    log.warn('signin.failed', { code: rero.code, status: rero.upstreamStatus, detail: rero.message });
    return signInProblemPage(requestLocale(request), rero.code, transaction?.returnTo ?? '/', { 'referrer-policy': 'no-referrer' });
  }
});
