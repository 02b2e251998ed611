/**
 * Two gateway instances on one PostgreSQL, as operators run them behind a
 * load balancer: both answer for the same public origin and share the
 * session key, so a patron's cookie works on either.
 */
import type { PlaywrightTestConfig } from '@playwright/test';
import { E2E } from '../env';

type WebServer = Extract<NonNullable<PlaywrightTestConfig['webServer']>, readonly unknown[]>[number];

const ports = [3201, 3202] as const;
const origin = `http://localhost:${ports[0]}`;
const postgres = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MULTI_SCHEMA = 'gw_e2e_multi';
const databaseUrl = `${postgres}${postgres.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${MULTI_SCHEMA}`)}`;

export const MULTI = {
  ports,
  /** The public origin both instances serve (the load balancer's). */
  origin,
  urls: ports.map((port) => `http://localhost:${port}`),
  databaseUrl,
  redirectUri: `${origin}/auth/callback`,
  get env(): Record<string, string> {
    return { ...E2E.appEnv, APP_URL: origin, DATABASE_URL: databaseUrl };
  },
  get webServers(): WebServer[] {
    return ports.map((port, index) => ({
      name: `instance ${index + 1} on PostgreSQL`,
      // The first instance starts on a fresh schema with the e2e criteria.
      command: `${index === 0 ? 'node e2e/multi/prepare-postgres.mjs && ' : ''}npx next start -p ${port}`,
      url: `http://localhost:${port}/api/health`,
      env: this.env,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      timeout: 60_000,
    }));
  },
};
