import { mkdirSync, rmSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { caddyWorld } from './e2e/caddy/env';
import { CHROMIUM, E2E, e2eWorld } from './e2e/env';
import { multiWorld } from './e2e/multi/env';
import { nginxWorld } from './e2e/nginx/env';
import { WORLDS } from './e2e/world';

// Every gateway the journeys start serves the tests' own build (`npm run build:test`),
// never the .next a running demo or `npm start` serves.
process.env.NEXT_DIST_DIR ??= '.next-test';

/** Every gateway's log lines also go to .e2e-logs/, which e2e/logs.after.ts scans once every journey has run. */
export const LOG_DIR = '.e2e-logs';
// The runner (not a worker, which loads this file too) starts the run with empty logs.
if (process.env.TEST_PARALLEL_INDEX === undefined) {
  rmSync(LOG_DIR, { recursive: true, force: true });
  mkdirSync(LOG_DIR, { recursive: true });
}
function logged<T extends { command: string; name?: string }>(server: T, name = server.name ?? 'gateway'): T {
  const file = `${LOG_DIR}/${name.replace(/[^a-z0-9]+/gi, '-')}.log`;
  return { ...server, command: `{ ${server.command}; } 2>&1 | tee -a ${file}` };
}

/** Every server of world `world` (e2e/world.ts), in the order they need each other. */
function worldServers(world: number) {
  const e2e = e2eWorld(world);
  const { NGINX } = nginxWorld(world);
  const CADDY = caddyWorld(world);
  const { MULTI, SESSIONS } = multiWorld(world);
  const named = <T extends { name?: string }>(server: T, name = server.name ?? 'gateway'): T => ({ ...server, name: `${name} (world ${world})` });
  const isProxy = (server: { name?: string }) => server.name?.startsWith('nginx') || server.name === 'caddy';
  return [
    named({
      name: 'RERO+ simulator',
      command: 'node simulators/rero-plus.mjs',
      url: `${e2e.simulatorUrl}/_sim/stats`,
      // The simulator also accepts the callbacks of the gateways behind nginx and Caddy, and of the pairs.
      env: { ...NGINX.simulatorEnv, RERO_SIM_REDIRECT_URIS: `${NGINX.simulatorEnv.RERO_SIM_REDIRECT_URIS},${CADDY.redirectUri},${MULTI.redirectUri},${SESSIONS.redirectUri}` },
      reuseExistingServer: false,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
    }),
    named({
      // The Libris fake: the API behind the credentialed resource `libris-api`.
      name: 'Libris fake',
      command: 'node simulators/libris.mjs',
      url: `${e2e.librisUrl}/_sim/stats`,
      env: { LIBRIS_SIM_PORT: String(e2e.librisPort) },
      reuseExistingServer: false,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
    }),
    ...[
      {
        name: 'gateway',
        command: `rm -rf '${e2e.databaseDir}' && ${e2e.importFixture} && PORT=${e2e.appPort} node scripts/server.mjs`,
        url: `${e2e.appUrl}/api/health`,
        env: e2e.appEnv,
        reuseExistingServer: false,
        stdout: 'ignore' as const,
        stderr: 'pipe' as const,
        timeout: 60_000,
      },
      // After the first app: they share the store it filled.
      ...NGINX.webServers,
      ...CADDY.webServers,
      ...MULTI.webServers,
      ...SESSIONS.webServers,
    ].map((server) => named(isProxy(server) ? server : logged(server, `${server.name ?? 'gateway'} ${world}`))),
  ];
}

export default defineConfig({
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  // One worker per world (e2e/world.ts): the journeys of a file run one at a time, in the
  // world of their worker, where RERO+'s one live token per patron holds for them alone.
  workers: WORLDS,
  retries: 0,
  timeout: 60_000,
  // `npm test` asks for a JSON report too (TEST_REPORT_DIR), to print the slowest journeys at the end.
  reporter: process.env.TEST_REPORT_DIR ? [['list'], ['json', { outputFile: `${process.env.TEST_REPORT_DIR}/journeys.json` }]] : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: E2E.appUrl,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: CHROMIUM,
  },
  projects: [
    // What a person does in a browser.
    { name: 'journeys', testDir: './e2e', use: { browserName: 'chromium' } },
    // What a client, an instance or the network does to the gateway, at the HTTP level:
    // faults, fuzzing, forward-auth equivalence, rate limits, two instances on one database.
    { name: 'http', testDir: './http-tests', use: { browserName: 'chromium' } },
    // Once every test of both has run: the logs of the whole run (e2e/logs.after.ts).
    { name: 'logs', testDir: './e2e', testMatch: 'logs.after.ts', dependencies: ['journeys', 'http'] },
  ],
  webServer: Array.from({ length: WORLDS }, (_, world) => worldServers(world)).flat(),
});
