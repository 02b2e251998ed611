import { cookies } from 'next/headers';
import { MISSING_RESOURCE, forwardAuthAnswer } from '@/lib/forward-auth/answer';
import { gate } from '@/lib/gate';
import { gateway } from '@/lib/runtime';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/**
 * GET /api/verify?resource=<slug>: forward-auth for proxies that call the
 * gateway's public origin (Traefik `forwardAuth`, nginx without access to
 * the forward-auth listener). The same decision as the listener's /verify
 * (lib/forward-auth/answer.ts), never with the library's upstream credentials.
 */
export const GET = route(async (request: Request): Promise<Response> => {
  const slug = new URL(request.url).searchParams.get('resource');
  const { status, headers } = slug ? forwardAuthAnswer(await gate(slug, await gateway().sessions.open(await cookies()))) : MISSING_RESOURCE;
  return new Response(null, { status, headers });
});
