import { cookies } from 'next/headers';
import { describeReason } from '@/lib/access';
import { gate } from '@/lib/gate';
import { seeOther } from '@/lib/http';
import { gateway } from '@/lib/runtime';
import { SESSION_COOKIE, sessionCookieOptions } from '@/lib/session';
import { SIGN_IN_PROBLEMS } from '@/lib/signin-errors';
import { htmlPage } from '@/lib/ui/html-page';

export const dynamic = 'force-dynamic';

/** GET /go/<slug>: to the resource when the patron qualifies; otherwise sign-in, or a page that says why not. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  const jar = await cookies();
  const result = await gate(slug, jar.get(SESSION_COOKIE)?.value);
  if ('cookie' in result && result.cookie) jar.set(SESSION_COOKIE, result.cookie, sessionCookieOptions(gateway().config));

  switch (result.kind) {
    case 'unknown-resource':
      return htmlPage({
        status: 404,
        title: 'No such e-resource',
        message: 'This link does not lead to any e-resource of the library. It may have been renamed or removed.',
        actions: [{ label: 'See your e-resources', href: '/', primary: true }],
      });
    case 'signed-out':
      if (result.clearCookie) jar.delete(SESSION_COOKIE);
      return seeOther(`/auth/login?returnTo=${encodeURIComponent(`/go/${encodeURIComponent(slug)}`)}`);
    case 'unavailable': {
      const problem = SIGN_IN_PROBLEMS[result.state.freshness.error.code];
      return htmlPage({
        status: problem.status >= 500 ? problem.status : 503,
        title: problem.title,
        message: `${problem.message} Your membership could not be confirmed, so this e-resource is unavailable until then.`,
        actions: [{ label: 'Try again', href: `/go/${encodeURIComponent(slug)}`, primary: true }],
        headers: { 'retry-after': '30' },
      });
    }
    case 'allowed':
      return seeOther(result.resource.url);
    case 'denied':
      return htmlPage({
        status: 403,
        title: `No access to ${result.resource.name}`,
        message: result.reasons.map((reason) => describeReason(reason)).join(' '),
        ...(result.resource.deniedMessage ? { detail: result.resource.deniedMessage } : {}),
        actions: [{ label: 'See your e-resources', href: '/', primary: true }],
      });
  }
}
