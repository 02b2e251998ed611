import { afterEach, describe, expect, test } from 'vitest';
import { DEMO_CLIENT, startBokbasenSimulator } from '../../simulators/bokbasen.mjs';
import { parseConnectionEntry, testConnection } from '../connections';
import { clientForEntry } from '../connections/test-client';
import { ConnectionError } from '../oauth/errors';
import { TokenCache } from '../oauth/token-cache';
import { BOKBASEN_ENDPOINTS } from './bokbasen';

type Simulator = Awaited<ReturnType<typeof startBokbasenSimulator>>;
const started: Simulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

async function start(options?: Parameters<typeof startBokbasenSimulator>[0]): Promise<Simulator> {
  const sim = await startBokbasenSimulator(options);
  started.push(sim);
  return sim;
}

const METADATA = 'https://api.bokbasen.io/metadata/';

function entry(sim: Simulator, changes: Record<string, unknown> = {}) {
  return {
    id: 'bokbasen-metadata',
    provider: 'bokbasen',
    environment: 'test',
    clientId: DEMO_CLIENT.clientId,
    clientSecret: DEMO_CLIENT.clientSecret,
    audience: METADATA,
    endpoints: sim.endpoints,
    ...changes,
  };
}

async function rejection(promise: Promise<unknown>): Promise<ConnectionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectionError);
  return error as ConnectionError;
}

describe('Bokbasen', () => {
  test('endpoints per environment', () => {
    expect(BOKBASEN_ENDPOINTS.test.token).toBe('https://auth.stage.bokbasen.io/oauth/token');
    expect(BOKBASEN_ENDPOINTS.production.token).toBe('https://auth.bokbasen.io/oauth/token');
  });

  test('the audience is required', () => {
    const { audience: _audience, ...without } = entry({ endpoints: {} } as unknown as Simulator);
    const parsed = parseConnectionEntry(without);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors[0]?.path).toBe('$.audience');
  });

  test('the token request carries the audience; three API calls cost one token', async () => {
    const sim = await start();
    const client = clientForEntry(entry(sim), { tokens: new TokenCache() });
    for (let i = 0; i < 3; i += 1) expect((await client.get('/metadata/export/onix/v1')).status).toBe(200);
    expect(sim.stats.tokenRequests).toBe(1);
    expect(sim.stats.tokenForms).toEqual([
      { contentType: 'application/x-www-form-urlencoded', fields: ['audience', 'client_id', 'client_secret', 'grant_type'], audience: METADATA, status: 200 },
    ]);
  });

  test('one token per audience', async () => {
    const reporting = 'https://api.bokbasen.io/reporting/';
    const sim = await start({ clients: [{ ...DEMO_CLIENT, audiences: [METADATA, reporting] }] });
    const tokens = new TokenCache();
    await clientForEntry(entry(sim), { tokens }).get('/metadata/export/onix/v1');
    await clientForEntry(entry(sim, { audience: reporting }), { tokens }).get('/reporting/sales');
    await clientForEntry(entry(sim), { tokens }).get('/metadata/export/onix/v1');
    expect(sim.stats.tokenForms.map((f) => f.audience)).toEqual([METADATA, reporting]);
    expect(sim.stats.apiCalls.map((c) => c.status)).toEqual([200, 200, 200]);
  });

  test('403 is explained: this client has no access to that audience', async () => {
    const sim = await start();
    const error = await rejection(clientForEntry(entry(sim, { audience: 'https://api.bokbasen.io/orders/' }), { tokens: new TokenCache() }).token());
    expect(error.code).toBe('wrong_audience');
    expect(error.message).toBe(
      'This client has no access to that audience (https://api.bokbasen.io/orders/): Bokbasen answered 403 access_denied (Service not enabled within domain: https://api.bokbasen.io/orders/).',
    );
  });

  test('401 is a bad secret, naming the environment the credentials must be for', async () => {
    const sim = await start();
    const error = await rejection(clientForEntry(entry(sim, { clientSecret: 'wrong-secret-value' }), { tokens: new TokenCache() }).token());
    expect(error.code).toBe('bad_secret');
    expect(error.message).toContain('issued for TEST');
    expect(error.message).not.toContain('wrong-secret-value');
  });

  test('"test connection" shows the audience, the expiry and the permissions of the token', async () => {
    const sim = await start();
    const result = await testConnection(clientForEntry(entry(sim), { tokens: new TokenCache() }));
    expect(result.ok).toBe(true);
    expect(result.token).toMatchObject({ parameters: { audience: METADATA } });
    expect(result.summary.slice(1)).toEqual([
      'Audience https://api.bokbasen.io/metadata/ (metadata: ONIX export, object export, MARC export, ONIX import)',
      'Permissions: read:onix, read:marc',
    ]);
  });

  test('the token is renewed at the JWT exp when it comes before expires_in', async () => {
    let now = Date.UTC(2026, 0, 1);
    const sim = await start({ now: () => now, tokenTtlSeconds: 3600 });
    const tokens = new TokenCache({ now: () => now });
    const client = clientForEntry(entry(sim), { tokens, now: () => now });
    const first = await client.token();
    expect(first.expiresAt).toBe(now + 3600 * 1000);
    now += 3000 * 1000;
    expect((await client.token()).accessToken).toBe(first.accessToken);
    now += 541 * 1000; // 59 s left: within the margin
    await client.token();
    expect(sim.stats.tokenRequests).toBe(2);
  });
});
