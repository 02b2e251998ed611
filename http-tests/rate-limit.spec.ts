/**
 * The sign-in rate limit counts the client's real address: a client that is
 * not one of TRUSTED_PROXIES cannot choose its bucket by sending its own
 * X-Forwarded-For. An instance of its own that trusts no proxy on this
 * machine (TRUSTED_PROXIES=10.0.0.1), 30 sign-ins a minute.
 */
import { expect, test } from '@playwright/test';
import { startInstance, startSimulator } from '../bench/fixtures.mjs';

// The build the shared e2e servers run (never rebuilt here: a build under running servers breaks them).

test('61 sign-in starts with rotating X-Forwarded-For from an address that is not a trusted proxy meet a 429', async () => {
  test.setTimeout(120_000);
  const origin = 'http://localhost:3331';
  const simulator = await startSimulator([origin]);
  const instance = await startInstance({ port: 3331, simulator, extraEnv: { TRUSTED_PROXIES: '10.0.0.1', RATE_LIMIT_SIGNIN_PER_MINUTE: '30' } });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const response = await fetch(`${origin}/auth/login`, { redirect: 'manual', headers: { 'x-forwarded-for': `198.51.100.${i}` } });
      statuses.push(response.status);
    }
    console.info(`61 sign-in starts with rotating X-Forwarded-For: ${statuses.filter((s) => s === 302).length} × 302, ${statuses.filter((s) => s === 429).length} × 429`);
    // Limits count per one-minute window: 61 requests put at least 31 into one window, wherever a minute starts.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  } finally {
    instance.kill();
    await instance.exited;
    await simulator.close();
  }
});
