/**
 * The nginx journeys.
 *
 * e2e/nginx.spec.ts: docs/nginx.conf in front of a second gateway instance and a
 * stand-in e-resource, all on one origin, as in the documented deployment.
 *
 *   browser → nginx 127.0.0.1:8180 ─┬─ /cairn/…, /press/… (auth_request) → stand-in e-resource 127.0.0.1:8181
 *                                   └─ everything else                   → gateway 3101 (APP_URL = the nginx origin)
 *
 * e2e/nginx-hosts.spec.ts: docs/nginx-hosts.conf, each e-resource on its own host
 * name and the gateway on its own, over TLS (a self-signed certificate); Chromium
 * maps the test domain's host names to 127.0.0.1 (--host-resolver-rules).
 *
 *   browser → nginx 127.0.0.1:8190 ─┬─ gateway.library.test                  → gateway 3102 (APP_URL https://gateway.library.test:8190)
 *                                   ├─ cairn.library.test, press.library.test (auth_request) → stand-in e-resource 127.0.0.1:8191
 *                                   └─ any other name                        → 421
 */
import { e2eWorld, GATEWAY_COMMAND } from '../env';
import type { Server } from '../launch';
import { inWorld, WORLD } from '../world';

/** docs/nginx.conf and docs/nginx-hosts.conf in world `world` (e2e/world.ts). */
export function nginxWorld(world: number) {
  const e2e = e2eWorld(world);
  const port = inWorld(8180, world);
  const gatewayPort = inWorld(3101, world);
  const upstreamPort = inWorld(8181, world);
  const url = `http://localhost:${port}`;
  const redirectUri = `${url}/auth/callback`;

  const hostsPort = inWorld(8190, world);
  const hostsGatewayPort = inWorld(3102, world);
  const hostsUpstreamPort = inWorld(8191, world);
  const domain = 'library.test';
  const hostsOrigin = (name: string) => `https://${name}.${domain}:${hostsPort}`;

  /** docs/nginx-hosts.conf: the gateway and each e-resource on a host name of their own. */
  const HOSTS = {
    domain,
    port: hostsPort,
    /** The gateway's public origin: its APP_URL (https, so RERO+ accepts the redirect URI). */
    gateway: hostsOrigin('gateway'),
    cairn: hostsOrigin('cairn'),
    press: hostsOrigin('press'),
    /** The stand-in e-resource, directly: GET /__upstream__/requests lists what it served. */
    upstreamUrl: `http://127.0.0.1:${hostsUpstreamPort}`,
    redirectUri: `${hostsOrigin('gateway')}/auth/callback`,
    /** Chromium resolves every host name of the test domain to loopback. */
    resolverRule: `--host-resolver-rules=MAP *.${domain} 127.0.0.1`,
  };

  const NGINX = {
    port,
    /** The public origin: nginx. The second gateway's APP_URL. */
    url,
    gatewayPort,
    upstreamPort,
    /** The stand-in e-resource, directly (not through nginx): GET /__upstream__/requests lists what it served. */
    upstreamUrl: `http://127.0.0.1:${upstreamPort}`,
    redirectUri,

    /** e2e.simulatorEnv, with the callbacks of both nginx deployments registered too. */
    get simulatorEnv(): Record<string, string> {
      return { ...e2e.simulatorEnv, RERO_SIM_REDIRECT_URIS: `${e2e.simulatorEnv.RERO_SIM_REDIRECT_URIS},${redirectUri},${HOSTS.redirectUri}` };
    },

    /** The second gateway: e2e.appEnv, but its public origin is nginx. */
    get gatewayEnv(): Record<string, string> {
      return { ...e2e.appEnv, APP_URL: url, FORWARD_AUTH_PORT: String(gatewayPort + 10) };
    },

    /** Its servers (e2e/servers.ts), which also need the first app: its gateways share the store it filled. */
    get servers(): Server[] {
      return [
        {
          name: 'gateway behind nginx',
          command: `PORT=${gatewayPort} ${GATEWAY_COMMAND}`,
          url: `http://localhost:${gatewayPort}/api/health`,
          env: NGINX.gatewayEnv,
        },
        {
          name: 'nginx',
          command: 'node e2e/nginx/start.mjs',
          needs: ['gateway behind nginx'],
          // Through nginx to the gateway: ready when the whole chain answers.
          url: `http://127.0.0.1:${port}/api/health`,
          env: { NGINX_PORT: String(port), GATEWAY_PORT: String(gatewayPort), FORWARD_AUTH_PORT: String(gatewayPort + 10), LIBRIS_PORT: String(e2e.librisPort), UPSTREAM_PORT: String(upstreamPort) },
          // SIGTERM (the default) lets the script stop nginx and remove its temp dir.
          timeout: 120_000, // may include `apt-get install nginx-light` when run as root
        },
        {
          name: 'gateway behind nginx, separate host names',
          command: `PORT=${hostsGatewayPort} ${GATEWAY_COMMAND}`,
          url: `http://localhost:${hostsGatewayPort}/api/health`,
          env: { ...e2e.appEnv, APP_URL: HOSTS.gateway, FORWARD_AUTH_PORT: '0' },
        },
        {
          name: 'nginx, separate host names',
          command: 'node e2e/nginx/start.mjs',
          needs: ['gateway behind nginx, separate host names'],
          // Any name but the configured ones answers 421: wait for the port instead.
          port: hostsPort,
          env: {
            NGINX_CONF: 'nginx-hosts.conf',
            NGINX_DOMAIN: domain,
            NGINX_PORT: String(hostsPort),
            GATEWAY_PORT: String(hostsGatewayPort),
            UPSTREAM_PORT: String(hostsUpstreamPort),
          },
          timeout: 120_000,
        },
      ];
    },
  };
  return { NGINX, HOSTS };
}

/** This worker's world (in the runner: world 0). */
export const { NGINX, HOSTS } = nginxWorld(WORLD);
