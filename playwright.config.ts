import { defineConfig } from '@playwright/test';
import { E2E } from './e2e/env';
import { MULTI } from './e2e/multi/env';
import { NGINX } from './e2e/nginx/env';

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
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    {
      command: 'node e2e/simulators/rero-plus.mjs',
      url: `${E2E.simulatorUrl}/_sim/stats`,
      // The simulator also accepts the callback of the gateway behind nginx.
      env: { ...NGINX.simulatorEnv, RERO_SIM_REDIRECT_URIS: `${NGINX.simulatorEnv.RERO_SIM_REDIRECT_URIS},${MULTI.redirectUri}` },
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `rm -rf '${E2E.databaseDir}' && npx tsx scripts/gateway.ts import e2e/fixtures/criteria.json && npx next start -p ${E2E.appPort}`,
      url: `${E2E.appUrl}/api/health`,
      env: E2E.appEnv,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      timeout: 60_000,
    },
    // After the first app: it shares the store the first one imported.
    ...NGINX.webServers,
    ...MULTI.webServers,
  ],
});
