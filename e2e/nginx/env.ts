/**
 * The nginx journeys (e2e/nginx.spec.ts): docs/nginx.conf in front of a second gateway
 * instance and a stand-in e-resource, all on one origin, as in the documented deployment.
 *
 *   browser → nginx 127.0.0.1:8180 ─┬─ /cairn/… (auth_request) → stand-in e-resource 127.0.0.1:8181
 *                                   └─ everything else         → gateway 3101 (APP_URL = the nginx origin)
 */
import type { PlaywrightTestConfig } from '@playwright/test';
import { E2E } from '../env';

type WebServer = Extract<NonNullable<PlaywrightTestConfig['webServer']>, readonly unknown[]>[number];

const port = 8180;
const gatewayPort = 3101;
const upstreamPort = 8181;
const url = `http://localhost:${port}`;
const redirectUri = `${url}/auth/callback`;

export const NGINX = {
  port,
  /** The public origin: nginx. The second gateway's APP_URL. */
  url,
  gatewayPort,
  upstreamPort,
  /** The stand-in e-resource, directly (not through nginx): GET /__upstream__/requests lists what it served. */
  upstreamUrl: `http://127.0.0.1:${upstreamPort}`,
  redirectUri,

  /** E2E.simulatorEnv, with the nginx origin's callback registered too. */
  get simulatorEnv(): Record<string, string> {
    return { ...E2E.simulatorEnv, RERO_SIM_REDIRECT_URIS: `${E2E.simulatorEnv.RERO_SIM_REDIRECT_URIS},${redirectUri}` };
  },

  /** The second gateway: E2E.appEnv, but its public origin is nginx. */
  get gatewayEnv(): Record<string, string> {
    return { ...E2E.appEnv, APP_URL: url, FORWARD_AUTH_PORT: String(gatewayPort + 10) };
  },

  /** Append to playwright.config.ts's webServer array, after the simulator and the first app. */
  get webServers(): WebServer[] {
    return [
      {
        name: 'gateway behind nginx',
        command: `npx next start -p ${gatewayPort}`,
        url: `http://localhost:${gatewayPort}/api/health`,
        env: this.gatewayEnv,
        reuseExistingServer: false,
        stdout: 'ignore',
        stderr: 'pipe',
        timeout: 60_000,
      },
      {
        name: 'nginx',
        command: 'node e2e/nginx/start.mjs',
        // Through nginx to the gateway: ready when the whole chain answers.
        url: `http://127.0.0.1:${port}/api/health`,
        env: { NGINX_PORT: String(port), GATEWAY_PORT: String(gatewayPort), UPSTREAM_PORT: String(upstreamPort) },
        reuseExistingServer: false,
        // SIGTERM lets the script stop nginx and remove its temp dir; SIGKILL after 5 s.
        gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
        stdout: 'pipe',
        stderr: 'pipe',
        timeout: 120_000, // may include `apt-get install nginx-light` when run as root
      },
    ];
  },
};
