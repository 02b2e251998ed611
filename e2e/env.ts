/** Ports, secrets and variables of the e2e run: the app, its store and its RERO+ simulator. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADLESS_CHROMIUM } from '../scripts/test/programs.mjs';
import { inWorld, WORLD } from './world';

/** The e2e run of world `world` (e2e/world.ts): the app, its store, its RERO+ simulator and Libris fake. */
export function e2eWorld(world: number) {
  const appPort = inWorld(3100, world);
  /** The app's forward-auth listener (GET /verify). */
  const forwardAuthPort = appPort + 10;
  const simulatorPort = inWorld(4500, world);
  const appUrl = `http://localhost:${appPort}`;
  const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
  /** The Libris fake behind the credentialed resource `libris-api` (e2e/fixtures/criteria.json names it as the connection's endpoints). */
  const librisPort = inWorld(4511, world);
  const clientId = 'gateway-e2e';
  const clientSecret = 'e2e-client-secret-0123456789abcdef';

  /** A store of its own, emptied and filled with e2e/fixtures/criteria.json before the app starts. */
  const databaseDir = join(tmpdir(), `rero-gateway-e2e-${world}`);

  return {
    world,
    databaseDir,
    databaseUrl: `file:${join(databaseDir, 'gateway.db')}`,
    appPort,
    appUrl,
    forwardAuthUrl: `http://127.0.0.1:${forwardAuthPort}`,
    simulatorUrl,
    librisPort,
    librisUrl: `http://127.0.0.1:${librisPort}`,
    /** Facts go stale quickly here so that journeys can cross a revalidation. */
    revalidateSeconds: 3,
    sessionSecret: 'e2e-session-secret-0123456789abcdefghij',
    metricsToken: 'e2e-metrics-token-0123456789',
    simulatorEnv: {
      RERO_SIM_PORT: String(simulatorPort),
      RERO_SIM_CLIENT_ID: clientId,
      RERO_SIM_CLIENT_SECRET: clientSecret,
      RERO_SIM_REDIRECT_URIS: `${appUrl}/auth/callback`,
    },
    get appEnv() {
      return {
        NEXT_TELEMETRY_DISABLED: '1',
        APP_URL: appUrl,
        SESSION_SECRET: this.sessionSecret,
        RERO_URL: simulatorUrl,
        RERO_CLIENT_ID: clientId,
        RERO_CLIENT_SECRET: clientSecret,
        PATRON_REVALIDATE_SECONDS: String(this.revalidateSeconds),
        DATABASE_URL: this.databaseUrl,
        // louis (1001) is admin of /admin (e2e/admin.spec.ts).
        ADMIN_USER_IDS: '1001',
        // Every journey signs in from 127.0.0.1; the limit is exercised with other addresses.
        RATE_LIMIT_SIGNIN_PER_MINUTE: '300',
        METRICS_TOKEN: this.metricsToken,
        // Several gateways run on this machine: each listener on a port of its own (or none).
        FORWARD_AUTH_PORT: String(forwardAuthPort),
        METRICS_PORT: '0',
        SECRETS_KEY: 'e2e-secrets-key-0123456789abcdefghijkl',
        // The brand a consortium would set; the a11y journeys check the denial page names whom to contact.
        LIBRARY_NAME: 'Bibliothèque cantonale (e2e)',
        LIBRARY_CONTACT: 'info@bibliotheque.example, +41 27 000 00 00',
      };
    },
    /**
     * The shell command that fills a store with e2e/fixtures/criteria.json, its
     * addresses moved to this world's ports (e2e/fixtures/world-criteria.mjs).
     */
    importFixture: `node e2e/fixtures/world-criteria.mjs ${world}`,
  };
}

/** This worker's world (in the runner: world 0). */
export const E2E = e2eWorld(WORLD);

/**
 * How every journey starts a gateway (after PORT=…): the server of the tests' own
 * standalone build (`npm run build:test`), as `npm start` and the systemd unit run
 * the one of `.next` (scripts/deployment.test.ts holds them to it).
 */
export const GATEWAY_COMMAND = 'node .next-test/standalone/server.mjs';

/**
 * How Playwright starts Debian's headless Chromium (scripts/test/programs.mjs
 * HEADLESS_CHROMIUM); a journey that needs more flags extends these (e2e/nginx-hosts.spec.ts).
 */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH || HEADLESS_CHROMIUM,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu', '--no-first-run'],
};
