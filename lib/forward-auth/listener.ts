/**
 * The forward-auth listener: a plain Node `http` server in the gateway's
 * process, for nginx `auth_request` and Caddy `forward_auth`. A reverse proxy
 * asks it once for every request it proxies (each page, image and API call of
 * an e-resource), so it answers without Next's router on the way: the same
 * session door and gate as /api/verify, and the same answer.
 *
 * It runs in the instrumentation bundle, apart from the route handlers: what
 * they share lives in the process-wide singletons of lib/runtime.ts, and
 * errors are recognised by code, never by class.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { isLoopback, type Config } from '../config';
import { gate, gateNow } from '../gate';
import { log } from '../log';
import { runtime, pseudonymKey, pseudonymKeyNow } from '../runtime';
import { nodeJar } from '../session';
import { MISSING_RESOURCE, forwardAuthAnswer, type ForwardAuthAnswer } from './answer';
import { withUpstream } from './upstream';

function send(response: ServerResponse, { status, headers }: ForwardAuthAnswer): void {
  response.writeHead(status, headers).end();
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Answers one request; without a promise when nothing needs waiting for (nearly always). */
export function handleForwardAuth(request: IncomingMessage, response: ServerResponse, config: Pick<Config, 'FORWARD_AUTH_HOST' | 'FORWARD_AUTH_TOKEN'>): Promise<void> | void {
  // Split by hand: a WHATWG URL per proxied request costs more than the rest of the parsing.
  const target = request.url ?? '/';
  const mark = target.indexOf('?');
  const path = mark === -1 ? target : target.slice(0, mark);
  if (request.method !== 'GET' || path !== '/verify') {
    send(response, { status: 404, headers: { 'cache-control': 'no-store' } });
    return;
  }
  if (config.FORWARD_AUTH_TOKEN && !bearerMatches(request.headers.authorization, config.FORWARD_AUTH_TOKEN)) {
    // Never 401: a proxy turns 401 into a sign-in loop. This is the proxy's configuration, not the patron's doing.
    log.error('forward-auth.refused', { reason: request.headers.authorization ? 'wrong-token' : 'no-token' });
    send(response, { status: 500, headers: { 'cache-control': 'no-store' } });
    return;
  }
  const slug = new URLSearchParams(mark === -1 ? '' : target.slice(mark + 1)).get('resource');
  if (!slug) {
    send(response, MISSING_RESOURCE);
    return;
  }
  const jar = nodeJar(request, response);
  const forwarded = { cookie: request.headers.cookie, originalUri: header(request, 'x-original-uri') ?? header(request, 'x-forwarded-uri') };
  const original = { method: header(request, 'x-original-method') ?? header(request, 'x-forwarded-method'), uri: forwarded.originalUri };
  const { sessions } = runtime();
  const opened = sessions.openNow(jar);
  const now = opened && gateNow(slug, opened);
  const key = pseudonymKeyNow();
  const ready = now && (now.kind !== 'allowed' || (key && !now.resource.upstream));
  if (ready) return send(response, forwardAuthAnswer(now, forwarded, key));
  return (async () => {
    const result = now ?? (await gate(slug, opened ?? (await sessions.open(jar))));
    const answer = forwardAuthAnswer(result, forwarded, result.kind === 'allowed' ? await pseudonymKey() : undefined);
    send(response, await withUpstream(answer, result, original));
  })();
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Starts the listener on FORWARD_AUTH_HOST:FORWARD_AUTH_PORT. Resolves once
 * it listens; rejects when it cannot bind (whatever else holds the port would
 * answer the proxy instead: start-up must fail).
 */
export function startForwardAuthListener(config: Config): Promise<Server | undefined> {
  if (config.FORWARD_AUTH_PORT === 0) return Promise.resolve(undefined);
  if (!isLoopback(config.FORWARD_AUTH_HOST) && !config.FORWARD_AUTH_TOKEN) return Promise.reject(new Error('FORWARD_AUTH_TOKEN is required beyond loopback.'));
  const failed = (response: ServerResponse, error: unknown) => {
    log.error('forward-auth.failed', { detail: (error as Error)?.message ?? String(error) });
    if (!response.headersSent) send(response, { status: 500, headers: { 'cache-control': 'no-store' } });
    else response.destroy();
  };
  const server = createServer((request, response) => {
    try {
      handleForwardAuth(request, response, config)?.catch((error: unknown) => failed(response, error));
    } catch (error) {
      failed(response, error);
    }
  });
  server.keepAliveTimeout = 65_000; // longer than nginx's upstream keepalive_timeout (60 s)
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.FORWARD_AUTH_PORT, config.FORWARD_AUTH_HOST, () => {
      server.off('error', reject);
      log.info('forward-auth.listener', { address: `${config.FORWARD_AUTH_HOST}:${config.FORWARD_AUTH_PORT}` });
      resolve(server);
    });
  });
}
