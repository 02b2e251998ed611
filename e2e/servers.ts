/**
 * Playwright's global setup: every world's servers (e2e/world.ts), started
 * together, each once what it needs is ready (e2e/launch.ts); its result stops
 * them once every project has run.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { caddyWorld } from './caddy/env';
import { e2eWorld, GATEWAY_COMMAND } from './env';
import { launch, type Server } from './launch';
import { multiWorld } from './multi/env';
import { nginxWorld } from './nginx/env';
import { WORLDS } from './world';

/** Every gateway's log lines also go to .e2e-logs/, which e2e/logs.after.ts scans once every journey has run. */
export const LOG_DIR = '.e2e-logs';

/** Every server of world `world`, named for it. */
export function worldServers(world: number): Server[] {
  const e2e = e2eWorld(world);
  const { NGINX } = nginxWorld(world);
  const CADDY = caddyWorld(world);
  const { MULTI, SESSIONS } = multiWorld(world);
  const inWorld = (name: string) => `${name} (world ${world})`;
  const gateway = 'gateway';
  const servers: Server[] = [
    {
      name: 'RERO+ simulator',
      command: 'node simulators/rero-plus.mjs',
      url: `${e2e.simulatorUrl}/_sim/stats`,
      // The simulator also accepts the callbacks of the gateways behind nginx and Caddy, and of the pairs.
      env: { ...NGINX.simulatorEnv, RERO_SIM_REDIRECT_URIS: `${NGINX.simulatorEnv.RERO_SIM_REDIRECT_URIS},${CADDY.redirectUri},${MULTI.redirectUri},${SESSIONS.redirectUri}` },
    },
    {
      // The Libris fake: the API behind the credentialed resource `libris-api`.
      name: 'Libris fake',
      command: 'node simulators/libris.mjs',
      url: `${e2e.librisUrl}/_sim/stats`,
      env: { LIBRIS_SIM_PORT: String(e2e.librisPort) },
    },
    {
      name: gateway,
      command: `rm -rf '${e2e.databaseDir}' && ${e2e.importFixture} && PORT=${e2e.appPort} ${GATEWAY_COMMAND}`,
      url: `${e2e.appUrl}/api/health`,
      env: e2e.appEnv,
    },
    // The gateways behind nginx and Caddy share the store the first app filled.
    ...[...NGINX.servers, ...CADDY.servers].map((server) => (server.needs ? server : { ...server, needs: [gateway] })),
    ...MULTI.servers,
    ...SESSIONS.servers,
  ];
  return servers.map((server) => ({
    ...server,
    name: inWorld(server.name),
    needs: server.needs?.map(inWorld),
    // A gateway's output goes to its log file (scanned at the end), a proxy's to the runner's output, and a simulator's errors.
    output: server.command.endsWith(GATEWAY_COMMAND)
      ? { file: `${LOG_DIR}/${inWorld(server.name).replace(/[^a-z0-9]+/gi, '-')}.log` }
      : server.command.includes('simulators/')
        ? 'errors'
        : 'print',
  }));
}

export default async function globalSetup() {
  // Each run starts with empty logs.
  rmSync(LOG_DIR, { recursive: true, force: true });
  mkdirSync(LOG_DIR, { recursive: true });
  const started = performance.now();
  const stop = await launch(Array.from({ length: WORLDS }, (_, world) => worldServers(world)).flat());
  console.error(`The servers of ${WORLDS} worlds are ready after ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return stop;
}
