/**
 * The wrapper of every route handler: a request id on its log lines and its
 * answer, the security headers, and — should a bug slip through — a plain
 * page instead of a stack trace.
 */
import { getConfig } from './config';
import { applySecurityHeaders, STATIC_CSP } from './http';
import { log, requestIdOf, withRequestId } from './log';
import { localeOfRequest } from './i18n/locales';
import { translator } from './i18n/messages';
import { htmlPage } from './ui/html-page';

export function route<Args extends unknown[]>(handler: (request: Request, ...args: Args) => Response | Promise<Response>) {
  return async (request: Request, ...args: Args): Promise<Response> => {
    const requestId = requestIdOf(request);
    const path = new URL(request.url).pathname;
    let response: Response;
    try {
      response = await withRequestId(requestId, () => handler(request, ...args));
    } catch (error) {
      // Next signals redirects and not-found by throwing: let them through.
      const digest = (error as { digest?: unknown })?.digest;
      if (typeof digest === 'string' && (digest.startsWith('NEXT_REDIRECT') || digest.startsWith('NEXT_HTTP_ERROR_FALLBACK'))) throw error;
      withRequestId(requestId, () => log.error('request.failed', { path, detail: (error as Error)?.message ?? String(error) }));
      const locale = localeOfRequest(request);
      const t = translator(locale);
      response = htmlPage({
        status: 500,
        title: t('serverError.title'),
        message: t('serverError.message', { reference: requestId }),
        lang: locale,
      });
    }
    const headers = new Headers(response.headers);
    headers.set('x-request-id', requestId);
    let https = false;
    try {
      https = getConfig().secureCookies;
    } catch {
      // configuration problems are reported at start-up
    }
    applySecurityHeaders(headers, { https, path, csp: STATIC_CSP });
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}
