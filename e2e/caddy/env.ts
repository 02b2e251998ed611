/**
 * The Caddy journey (e2e/caddy.spec.ts): docs/Caddyfile in front of a gateway whose
 * APP_URL is the Caddy origin, a stand-in e-resource and the Libris fake, on one
 * origin as in the documented deployment.
 *
 *   browser → caddy 127.0.0.1:8200 ─┬─ /cairn/…, /press/… (forward_auth) → stand-in e-resource 127.0.0.1:8201
 *                                   ├─ /libris-api/… (forward_auth, the library's credentials) → Libris fake
 *                                   └─ everything else                    → gateway 3105 (listener 3115)
 */
import type { PlaywrightTestConfig } from '@playwright/test';
import { E2E } from '../env';

type WebServer = Extract<NonNullable<PlaywrightTestConfig['webServer']>, readonly unknown[]>[number];

const port = 8200;
const gatewayPort = 3105;
const forwardAuthPort = gatewayPort + 10;
const upstreamPort = 8201;
const url = `http://localhost:${port}`;

export const CADDY = {
  port,
  /** The public origin: Caddy. The gateway's APP_URL. */
  url,
  /** The stand-in e-resource, directly (not through Caddy): GET /__upstream__/requests lists what it served. */
  upstreamUrl: `http://127.0.0.1:${upstreamPort}`,
  redirectUri: `${url}/auth/callback`,

  /** Append to playwright.config.ts's webServer array, after the simulator, the Libris fake and the first app. */
  get webServers(): WebServer[] {
    return [
      {
        name: 'gateway behind caddy',
        command: `PORT=${gatewayPort} node scripts/server.mjs`,
        url: `http://localhost:${gatewayPort}/api/health`,
        env: { ...E2E.appEnv, APP_URL: url, FORWARD_AUTH_PORT: String(forwardAuthPort) },
        reuseExistingServer: false,
        stdout: 'ignore',
        stderr: 'pipe',
        timeout: 60_000,
      },
      {
        name: 'caddy',
        command: 'node e2e/caddy/start.mjs',
        // Through Caddy to the gateway: ready when the whole chain answers.
        url: `http://127.0.0.1:${port}/api/health`,
        env: {
          CADDY_PORT: String(port),
          GATEWAY_PORT: String(gatewayPort),
          FORWARD_AUTH_PORT: String(forwardAuthPort),
          UPSTREAM_PORT: String(upstreamPort),
          LIBRIS_PORT: String(E2E.librisPort),
        },
        reuseExistingServer: false,
        // SIGTERM lets the script stop Caddy and remove its temp dir; SIGKILL after 5 s.
        gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
        stdout: 'pipe',
        stderr: 'pipe',
        timeout: 120_000, // may include `apt-get install caddy` when run as root
      },
    ];
  },
};
