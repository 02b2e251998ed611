import { defineConfig } from '@playwright/test';
import { CADDY } from './e2e/caddy/env';
import { CHROMIUM, E2E } from './e2e/env';
import { MULTI, SESSIONS } from './e2e/multi/env';
import { NGINX } from './e2e/nginx/env';

/** Every gateway's log lines also go to .e2e-logs/, which e2e/zz-logs.spec.ts scans at the end of the run. */
export const LOG_DIR = '.e2e-logs';
function logged<T extends { command: string; name?: string }>(server: T, name = server.name ?? 'gateway'): T {
  const file = `${LOG_DIR}/${name.replace(/[^a-z0-9]+/gi, '-')}.log`;
  return { ...server, command: `{ ${server.command}; } 2>&1 | tee -a ${file}` };
}

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  // The simulator holds one live token per patron, as RERO+ does: journeys run one at a time.
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: E2E.appUrl,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: CHROMIUM,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    {
      // The run starts with empty logs.
      command: `rm -rf ${LOG_DIR} && mkdir -p ${LOG_DIR} && node e2e/simulators/rero-plus.mjs`,
      url: `${E2E.simulatorUrl}/_sim/stats`,
      // The simulator also accepts the callbacks of the gateways behind nginx and Caddy.
      env: { ...NGINX.simulatorEnv, RERO_SIM_REDIRECT_URIS: `${NGINX.simulatorEnv.RERO_SIM_REDIRECT_URIS},${CADDY.redirectUri},${MULTI.redirectUri},${SESSIONS.redirectUri}` },
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The Libris fake: the API behind the credentialed resource `libris-api`.
      command: 'node e2e/simulators/libris.mjs',
      url: `${E2E.librisUrl}/_sim/stats`,
      env: { LIBRIS_SIM_PORT: String(E2E.librisPort) },
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    logged({
      name: 'gateway',
      command: `rm -rf '${E2E.databaseDir}' && npx tsx scripts/gateway.ts import e2e/fixtures/criteria.json && PORT=${E2E.appPort} node scripts/server.mjs`,
      url: `${E2E.appUrl}/api/health`,
      env: E2E.appEnv,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 60_000,
    }),
    // After the first app: it shares the store the first one imported.
    ...NGINX.webServers.map((server) => (server.name?.startsWith('nginx') ? server : logged(server))),
    ...CADDY.webServers.map((server) => (server.name === 'caddy' ? server : logged(server))),
    ...MULTI.webServers.map((server) => logged(server)),
    ...SESSIONS.webServers.map((server) => logged(server)),
  ],
});
