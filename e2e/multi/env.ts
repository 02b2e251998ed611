/**
 * Two gateway instances on one PostgreSQL, as operators run them behind a
 * load balancer: both answer for the same public origin and share the
 * session key, so a patron's cookie works on either.
 *
 * Two pairs run: MULTI revalidates patron facts every few seconds (journeys
 * across revalidations); SESSIONS never within a journey (PATRON_REVALIDATE_SECONDS
 * of an hour), so that what ends a session there cannot be a revalidation.
 */
import { e2eWorld, GATEWAY_COMMAND } from '../env';
import type { Server } from '../launch';
import { inWorld, WORLD } from '../world';

const postgres = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function pair(world: number, name: string, ports: readonly [number, number], schema: string, env: Record<string, string> = {}) {
  const E2E = e2eWorld(world);
  const origin = `http://localhost:${ports[0]}`;
  const databaseUrl = `${postgres}${postgres.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    ports,
    schema,
    /** The public origin both instances serve (the load balancer's). */
    origin,
    urls: ports.map((port) => `http://localhost:${port}`),
    databaseUrl,
    redirectUri: `${origin}/auth/callback`,
    get env(): Record<string, string> {
      return { ...E2E.appEnv, APP_URL: origin, DATABASE_URL: databaseUrl, FORWARD_AUTH_PORT: '0', ...env };
    },
    get servers(): Server[] {
      const first = `${name} instance 1 on PostgreSQL`;
      return ports.map((port, index) => ({
        name: `${name} instance ${index + 1} on PostgreSQL`,
        // The first instance starts on a fresh schema with the e2e criteria; the second on what it prepared.
        command: `${index === 0 ? `node e2e/multi/prepare-postgres.mjs ${schema} ${world} && ` : ''}PORT=${port} ${GATEWAY_COMMAND}`,
        url: `http://localhost:${port}/api/health`,
        env: this.env,
        ...(index === 0 ? {} : { needs: [first] }),
      }));
    },
  };
}

/** The two pairs of world `world` (e2e/world.ts), each on a schema of its own. */
export function multiWorld(world: number) {
  return {
    MULTI: pair(world, 'multi', [inWorld(3201, world), inWorld(3202, world)], `gw_e2e_multi_${world}`),
    SESSIONS: pair(world, 'sessions', [inWorld(3203, world), inWorld(3204, world)], `gw_e2e_sessions_${world}`, { PATRON_REVALIDATE_SECONDS: '3600' }),
  };
}

/** This worker's world (in the runner: world 0). */
export const { MULTI, SESSIONS } = multiWorld(WORLD);
