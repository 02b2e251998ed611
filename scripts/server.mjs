#!/usr/bin/env node
/**
 * The gateway's production server, run from the build: `npm run build` (scripts/build.mjs)
 * copies this file into Next's standalone output as `.next/standalone/server.mjs`,
 * and `npm start`, the demo, the bench, the journeys and the systemd unit run it
 * there (`node .next/standalone/server.mjs`; the tests' build is `.next-test/`).
 * That folder holds everything it loads — the app, and the node_modules it needs —
 * so it can be copied to a server alone.
 *
 * Next's request handler behind a plain Node `http` server whose only addition
 * is to record, before Next sees the request, the address of the TCP peer in
 * `X-Gateway-Peer` and the X-Forwarded-Host it arrived with in
 * `X-Gateway-Forwarded-Host` — both always overwritten, so a client cannot set
 * them. Next sets `X-Forwarded-For` only when a request has none, so without
 * this a route handler could not tell the socket's peer from an address the
 * client made up (lib/http.ts `clientAddress`, TRUSTED_PROXIES). Next's own
 * standalone `server.js` cannot do this, which is why the build removes it.
 *
 * PORT (default 3000) and HOSTNAME (default: every interface) as `next start`.
 * Relative paths (DATABASE_URL=file:./data/…) and `.env` files are those of the
 * working directory, as with `next start` in the project.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PEER_HEADER = 'x-gateway-peer';
/** The X-Forwarded-Host the request arrived with ("" for none): Next adds one of its own when absent. */
export const FORWARDED_HOST_HEADER = 'x-gateway-forwarded-host';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The build's folder beside this file: the one with Next's required-server-files.json (`.next` or `.next-test`). */
const distDir = readdirSync(here).find((name) => existsSync(path.join(here, name, 'required-server-files.json')));
if (!distDir) {
  console.error(`${path.join(here, 'server.mjs')} runs from the build. Build it with \`npm run build\`, then start it with \`npm start\` (node .next/standalone/server.mjs).`);
  process.exit(1);
}
const { config } = JSON.parse(readFileSync(path.join(here, distDir, 'required-server-files.json'), 'utf8'));
// As Next's standalone server.js: the build's configuration, not a next.config to load.
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
process.env.NODE_ENV = 'production';
// From the build's own node_modules (this file's folder), not the project's.
const require = createRequire(import.meta.url);
require('@next/env').loadEnvConfig(process.cwd());
const next = require('next');

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME || undefined;
const app = next({ dev: false, dir: here, conf: config, port, ...(hostname ? { hostname } : {}) });
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
