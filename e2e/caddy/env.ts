/**
 * The Caddy journey (e2e/caddy.spec.ts): docs/Caddyfile in front of a gateway whose
 * APP_URL is the Caddy origin, a stand-in e-resource and the Libris fake, on one
 * origin as in the documented deployment.
 *
 *   browser → caddy 127.0.0.1:8200 (world 0) ─┬─ /cairn/…, /press/… (forward_auth) → stand-in e-resource 127.0.0.1:8201
 *                                   ├─ /libris-api/… (forward_auth, the library's credentials) → Libris fake
 *                                   └─ everything else                    → gateway 3105 (listener 3115)
 */
import { e2eWorld, GATEWAY_COMMAND } from '../env';
import type { Server } from '../launch';
import { inWorld, WORLD } from '../world';

/** docs/Caddyfile in world `world` (e2e/world.ts). */
export function caddyWorld(world: number) {
  const e2e = e2eWorld(world);
  const port = inWorld(8200, world);
  const gatewayPort = inWorld(3105, world);
  const forwardAuthPort = gatewayPort + 10;
  const upstreamPort = inWorld(8201, world);
  const url = `http://localhost:${port}`;

  const CADDY = {
    port,
    /** The public origin: Caddy. The gateway's APP_URL. */
    url,
    /** The stand-in e-resource, directly (not through Caddy): GET /__upstream__/requests lists what it served. */
    upstreamUrl: `http://127.0.0.1:${upstreamPort}`,
    redirectUri: `${url}/auth/callback`,

    /** Its servers (e2e/servers.ts), which also need the first app: its gateway shares the store it filled. */
    get servers(): Server[] {
      return [
        {
          name: 'gateway behind caddy',
          command: `PORT=${gatewayPort} ${GATEWAY_COMMAND}`,
          url: `http://localhost:${gatewayPort}/api/health`,
          env: { ...e2e.appEnv, APP_URL: url, FORWARD_AUTH_PORT: String(forwardAuthPort) },
        },
        {
          name: 'caddy',
          command: 'node e2e/caddy/start.mjs',
          needs: ['gateway behind caddy'],
          // Through Caddy to the gateway: ready when the whole chain answers.
          url: `http://127.0.0.1:${port}/api/health`,
          env: {
            CADDY_PORT: String(port),
            GATEWAY_PORT: String(gatewayPort),
            FORWARD_AUTH_PORT: String(forwardAuthPort),
            UPSTREAM_PORT: String(upstreamPort),
            LIBRIS_PORT: String(e2e.librisPort),
          },
          // SIGTERM (the default) lets the script stop Caddy and remove its temp dir.
          timeout: 120_000, // may include `apt-get install caddy` when run as root
        },
      ];
    },
  };
  return CADDY;
}

/** This worker's world (in the runner: world 0). */
export const CADDY = caddyWorld(WORLD);
