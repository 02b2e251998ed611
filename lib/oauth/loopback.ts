/**
 * Plain http, for a local simulator on this machine only. openid-client
 * talks to https endpoints only unless a Configuration is passed to
 * allowInsecureRequests (its documentation: meant for local development and
 * testing); the gateway does so only when a server it calls is on loopback,
 * and the connection schema (lib/connections/schema.ts) refuses http
 * anywhere else.
 */
import * as oidc from 'openid-client';

/** Whether `url` is http:// to localhost, 127.0.0.1 or [::1]. */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** Allows http on `config` when one of the servers it will call is on loopback; never otherwise. */
export function allowLoopbackHttp(config: oidc.Configuration, urls: readonly (string | URL)[]): void {
  if (urls.some((url) => isLoopbackHttp(new URL(url)))) oidc.allowInsecureRequests(config);
}
