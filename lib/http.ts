import { BlockList, isIPv4, isIPv6 } from 'node:net';
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

/**
 * A read that did not come from the gateway's own pages: opened by a link on
 * our pages or typed in the address bar is fine (Sec-Fetch-Site same-origin
 * or none); fetched by another site, or by a sibling host name of the same
 * site, is not (W3C Fetch Metadata Request Headers, §2.1). Browsers without
 * Fetch Metadata send no header: then an Origin, if any, must be ours.
 */
export function isCrossSiteRead(request: Request, appUrl: string): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = request.headers.get('origin');
  return origin !== null && origin !== new URL(appUrl).origin;
}

/**
 * /api/me answers only the gateway's own host, same-origin: not another site,
 * not an e-resource on a sibling host name (its scripts would learn the real
 * identifiers behind the pseudonyms, docs/nginx.md), and not a request a proxy
 * forwarded for another host name (X-Forwarded-Host, as docs/nginx.conf sets it).
 */
export function isForeignRead(request: Request, appUrl: string): boolean {
  if (isCrossSiteRead(request, appUrl)) return true;
  // Next adds X-Forwarded-Host (= Host) when a request has none; the entry server records what the
  // proxy really sent before that, so that an instance asked directly (a load balancer's health
  // check, another instance's operator) is not taken for a foreign host.
  const sent = request.headers.get(FORWARDED_HOST_HEADER) ?? request.headers.get('x-forwarded-host');
  const forwardedHost = sent?.split(',')[0]?.trim().toLowerCase();
  return !!forwardedHost && forwardedHost !== new URL(appUrl).host;
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

/** Headers every answer carries (pages get their CSP with a nonce in proxy.ts). */
export function applySecurityHeaders(headers: Headers, options: { https: boolean; path: string; csp?: string }): void {
  headers.set('x-content-type-options', 'nosniff');
  headers.set('x-frame-options', 'DENY');
  // The authorization code travels in /auth/callback's URL: never leak it in a Referer (RFC 9700 §4.2.4).
  headers.set('referrer-policy', options.path.startsWith('/auth/') ? 'no-referrer' : 'strict-origin-when-cross-origin');
  headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  headers.set('cross-origin-opener-policy', 'same-origin');
  if (options.https) headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  if (options.csp && !headers.has('content-security-policy')) headers.set('content-security-policy', options.csp);
}

/** The CSP of answers without script: self-contained HTML pages, JSON, redirects. */
export const STATIC_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/** The CSP of rendered pages: scripts only with this request's nonce (no 'unsafe-inline' scripts). */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' https: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The page's own path and query, set by proxy.ts for the render: the language switcher and sign-in come back to it. */
export const PATH_HEADER = 'x-gateway-path';

/** Where the entry server (scripts/server.mjs) records the TCP peer's address, overwriting whatever a client sent. */
export const PEER_HEADER = 'x-gateway-peer';
/** Where the entry server records the X-Forwarded-Host the request arrived with ("" for none), before Next adds its own. */
export const FORWARDED_HOST_HEADER = 'x-gateway-forwarded-host';

/** TRUSTED_PROXIES as a set of addresses and networks (node:net BlockList). */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

function trusted(list: BlockList, address: string): boolean {
  const plain = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (isIPv4(plain)) return list.check(plain, 'ipv4');
  if (isIPv6(plain)) return list.check(plain, 'ipv6');
  return false;
}

/**
 * The client's address, for per-client limits. The socket's peer (recorded by
 * the entry server) is the client unless it is one of TRUSTED_PROXIES; then
 * X-Forwarded-For is believed, walking from its right end (what the nearest
 * proxy appended) leftwards past every trusted proxy: the first address not
 * in the list is the client. Entries a client wrote at the left end are never
 * reached unless every proxy after them is trusted. Run the gateway through
 * the entry server (`npm start`): under `next start` or `next dev` nothing
 * overwrites X-Gateway-Peer, so a client could set it; without it every
 * request counts as "unknown".
 */
export function clientAddress(request: Request, proxies: BlockList): string {
  const peer = request.headers.get(PEER_HEADER);
  if (!peer) return 'unknown';
  const chain = [...(request.headers.get('x-forwarded-for') ?? '').split(',').map((part) => part.trim()).filter(Boolean), peer];
  let index = chain.length - 1;
  while (index > 0 && trusted(proxies, chain[index]!)) index--;
  const client = chain[index]!;
  return client.length <= 64 ? client : 'unknown';
}
