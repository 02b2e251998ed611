import { cookies } from 'next/headers';
import { MISSING_RESOURCE, forwardAuthAnswer } from '@/lib/forward-auth/answer';
import { gate } from '@/lib/gate';
import { runtime, pseudonymKey } from '@/lib/runtime';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/**
 * GET /api/verify?resource=<slug>: forward-auth for proxies that reach only
 * the gateway's public origin. The same decision and headers as the
 * forward-auth listener's /verify (lib/forward-auth/answer.ts): X-Patron-* as the
 * resource's release policy says, never the library's upstream credentials.
 */
export const GET = route(async (request: Request): Promise<Response> => {
  const slug = new URL(request.url).searchParams.get('resource');
  if (!slug) return new Response(null, MISSING_RESOURCE);
  const result = await gate(slug, await runtime().sessions.open(await cookies()));
  const forwarded = { cookie: request.headers.get('cookie') ?? undefined, originalUri: request.headers.get('x-original-uri') ?? request.headers.get('x-forwarded-uri') ?? undefined };
  const { status, headers } = forwardAuthAnswer(result, forwarded, result.kind === 'allowed' ? await pseudonymKey() : undefined);
  return new Response(null, { status, headers });
});
