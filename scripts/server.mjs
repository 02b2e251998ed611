#!/usr/bin/env node
/**
 * `npm start`: the gateway's production server. Next's request handler behind
 * a plain Node `http` server whose only addition is to record, before Next
 * sees the request, the address of the TCP peer in `X-Gateway-Peer` and the
 * X-Forwarded-Host it arrived with in `X-Gateway-Forwarded-Host` — both
 * always overwritten, so a client cannot set them. Next sets `X-Forwarded-For` only
 * when a request has none, so without this a route handler could not tell
 * the socket's peer from an address the client made up (lib/http.ts
 * `clientAddress`, TRUSTED_PROXIES).
 *
 * PORT (default 3000) and HOSTNAME (default: every interface) as `next start`.
 */
import { createServer } from 'node:http';
import next from 'next';

export const PEER_HEADER = 'x-gateway-peer';
/** The X-Forwarded-Host the request arrived with ("" for none): Next adds one of its own when absent. */
export const FORWARDED_HOST_HEADER = 'x-gateway-forwarded-host';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME || undefined;
const app = next({ dev: false, dir: process.cwd(), port, ...(hostname ? { hostname } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  request.headers[PEER_HEADER] = request.socket.remoteAddress ?? '';
  const forwardedHost = request.headers['x-forwarded-host'];
  request.headers[FORWARDED_HOST_HEADER] = Array.isArray(forwardedHost) ? forwardedHost.join(',') : forwardedHost ?? '';
  handle(request, response).catch((error) => {
    console.error(JSON.stringify({ level: 'error', event: 'server.failed', detail: error?.message ?? String(error) }));
    if (!response.headersSent) response.writeHead(500).end();
  });
});
// Longer than a proxy's upstream keep-alive (nginx: 60 s), so that it never reuses a closed connection.
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => console.log(`> Ready on http://${hostname ?? 'localhost'}:${port}`));

// A process manager's SIGTERM (or Ctrl+C): stop taking requests, let pending work (decision counts) flush, exit.
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeIdleConnections?.();
  setTimeout(() => process.exit(0), 1500).unref();
}
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, stop);
// Started with an IPC channel (`npm run demo`): the parent's end closing means it is gone.
if (process.connected) process.once('disconnect', stop);
