import { cookies } from 'next/headers';
import { gate } from '@/lib/gate';
import { seeOther } from '@/lib/http';
import { runtime, storeServices } from '@/lib/runtime';
import { deniedPage, requestLocale, unconfirmedPage, unknownResourcePage } from '@/lib/ui/pages';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/** GET /go/<slug>: to the resource when the patron qualifies; otherwise sign-in, or a page that says why not. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> => {
  const { slug } = await params;
  const locale = requestLocale(request);
  const result = await gate(slug, await runtime().sessions.open(await cookies()));
  switch (result.kind) {
    case 'unknown-resource':
      return unknownResourcePage(locale, slug);
    case 'signed-out':
      return seeOther(`/auth/login?returnTo=${encodeURIComponent(`/go/${encodeURIComponent(slug)}`)}`);
    case 'unavailable':
      return unconfirmedPage(locale, result.error.code, `/go/${encodeURIComponent(slug)}`);
    case 'allowed':
      return seeOther(result.resource.url);
    case 'denied':
      return deniedPage(locale, result.resource, result.reasons, await (await storeServices()).criteria.directory());
  }
});
