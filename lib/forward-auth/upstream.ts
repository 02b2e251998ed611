/**
 * Resources behind one of the library's provider connections (`upstream` in
 * the criteria document): for an allowed patron, the forward-auth listener —
 * never /api/verify, which anyone may call — adds the connection's
 * credentials, for the methods and paths the admin allowed only. A denied,
 * signed-out or unknown request never gets them.
 */
import { upstreamAllows } from '../access/criteria';
import type { GateResult } from '../gate';
import { log } from '../log';
import { connections } from '../runtime';
import type { ForwardAuthAnswer } from './answer';

/** The request the proxy is checking, as it reports it (X-Original-Method / X-Original-URI). */
export interface OriginalRequest {
  method?: string | undefined;
  uri?: string | undefined;
}

const refuse = (reason: string, status = 403): ForwardAuthAnswer => ({
  status,
  headers: { 'cache-control': 'no-store', 'x-access-denied-reason': reason, ...(status === 503 ? { 'retry-after': '30' } : {}) },
});

/**
 * The path the e-resource will be asked for, as the proxy will normalise it
 * (dot-segments resolved, repeated slashes merged), so that the check and the
 * request agree. Encoded slashes, backslashes, encoded dots and `;` are refused
 * outright (undefined): a proxy may decode them after the check.
 */
export function normalisedPath(uri: string): string | undefined {
  const raw = uri.split('?')[0] ?? '';
  // `;` too: servlet containers read `/a/..;/b` as `/b`.
  if (!raw.startsWith('/') || /%2f|%5c|%2e|%3b|;|\\/i.test(raw)) return undefined;
  try {
    return new URL(raw.replace(/\/{2,}/g, '/'), 'http://upstream.invalid').pathname;
  } catch {
    return undefined;
  }
}

/** The headers of a connection's credentials (lib/connections `upstreamHeaders`); throws when it cannot give them. */
export type Credentials = (connection: string) => Promise<Record<string, string>>;

const processCredentials: Credentials = async (connection) => (await connections()).upstreamHeaders(connection);

/** `answer` with the connection's credentials added, or a refusal; unchanged for a resource without `upstream`. */
export async function withUpstream(answer: ForwardAuthAnswer, result: GateResult, original: OriginalRequest, credentials: Credentials = processCredentials): Promise<ForwardAuthAnswer> {
  if (result.kind !== 'allowed' || !result.resource.upstream) return answer;
  const { upstream } = result.resource;
  // Without the original method and URI the access decision stands, but nothing is added.
  if (!original.method || !original.uri) return answer;
  const path = normalisedPath(original.uri);
  if (!path || !upstreamAllows(upstream, original.method, path)) return refuse('upstream-not-allowed');
  try {
    const headers = await credentials(upstream.connection);
    return { status: answer.status, headers: { ...answer.headers, ...headers } };
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    log.warn('forward-auth.upstream.failed', { resource: result.resource.slug, connection: upstream.connection, code: typeof code === 'string' ? code : 'unexpected' });
    return refuse('connection-failed', 503);
  }
}
