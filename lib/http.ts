/** Small request/response helpers shared by route handlers. */

/**
 * Cross-site request defence for state-changing route handlers (Next checks
 * Origin for Server Actions only). The request must come from our own origin:
 * `Origin` equal to APP_URL's, or — where a browser omits Origin — a
 * `Sec-Fetch-Site: same-origin`. Neither present: refused (fail closed).
 */
export function isSameOriginRequest(request: Request, appUrl: string): boolean {
  const origin = request.headers.get('origin');
  if (origin !== null) return origin === new URL(appUrl).origin;
  return request.headers.get('sec-fetch-site') === 'same-origin';
}

/** JSON answer that no cache keeps. */
export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  headers.set('cache-control', 'no-store');
  return new Response(JSON.stringify(body), { ...init, headers });
}

/** 303 See Other to a path of this gateway or an absolute URL. */
export function seeOther(location: string, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set('location', location);
  h.set('cache-control', 'no-store');
  return new Response(null, { status: 303, headers: h });
}
