import { cookies } from 'next/headers';
import { log } from '@/lib/log';
import { createAuthorization } from '@/lib/providers/rero-plus';
import { gateway } from '@/lib/runtime';
import { TRANSACTION_COOKIE, safeReturnTo, sealTransaction, transactionCookieOptions } from '@/lib/session';

export const dynamic = 'force-dynamic';

/** GET /auth/login?returnTo=<path>: to RERO+'s authorize page, with state and PKCE S256. */
export async function GET(request: Request): Promise<Response> {
  const { config, rero } = gateway();
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get('returnTo'));
  const { url, transaction } = await createAuthorization(rero, returnTo);
  (await cookies()).set(TRANSACTION_COOKIE, await sealTransaction(config, transaction), transactionCookieOptions(config));
  log.info('signin.start', { returnTo });
  return new Response(null, {
    status: 302,
    headers: { location: url.href, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  });
}
