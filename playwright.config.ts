import { defineConfig } from '@playwright/test';
import { CHROMIUM, E2E } from './e2e/env';
import { WORLDS } from './e2e/world';

// Every gateway the journeys start serves the tests' own build (`npm run build:test`),
// never the .next a running demo or `npm start` serves.
process.env.NEXT_DIST_DIR ??= '.next-test';

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
    // A trace costs every journey CPU, failing or not: `--trace retain-on-failure` asks for one.
    trace: 'off',
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
  // Every world's servers (e2e/servers.ts), started before the first test and stopped after the last.
  globalSetup: './e2e/servers.ts',
});
