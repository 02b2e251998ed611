import { afterEach, describe, expect, test } from 'vitest';
import { DEMO_CLIENT, startLibrisSimulator } from '../../simulators/libris.mjs';
import { testConnection } from '../connections';
import { clientForEntry } from '../connections/test-client';
import { ConnectionError } from '../oauth/errors';
import { TokenCache } from '../oauth/token-cache';
import { LIBRIS_ENDPOINTS, libris } from './libris';

type Simulator = Awaited<ReturnType<typeof startLibrisSimulator>>;
const started: Simulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

async function start(options?: Parameters<typeof startLibrisSimulator>[0]): Promise<Simulator> {
  const sim = await startLibrisSimulator(options);
  started.push(sim);
  return sim;
}

function entry(sim: Simulator, changes: Record<string, unknown> = {}) {
  return {
    id: 'libris-test',
    provider: 'libris',
    environment: 'test',
    clientId: DEMO_CLIENT.clientId,
    clientSecret: DEMO_CLIENT.clientSecret,
    activeSigel: 'Xyz',
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

describe('Libris', () => {
  test('endpoints: test is login-stg and libris-qa, production is login and libris', () => {
    expect(LIBRIS_ENDPOINTS.test).toEqual({
      token: 'https://login-stg.libris.kb.se/oauth/token',
      verify: 'https://login-stg.libris.kb.se/oauth/verify',
      api: 'https://libris-qa.kb.se',
    });
    expect(LIBRIS_ENDPOINTS.production.token).toBe('https://login.libris.kb.se/oauth/token');
  });

  test('asks for a token with a client_secret_post form, and learns the sigels once', async () => {
    const sim = await start();
    const client = clientForEntry(entry(sim), { tokens: new TokenCache() });
    const token = await client.token();
    expect(sim.stats.tokenForms).toEqual([{ contentType: 'application/x-www-form-urlencoded', fields: ['client_id', 'client_secret', 'grant_type'], basicAuth: false }]);
    expect(token.details).toEqual({
      sigels: [
        { code: 'Xyz', name: 'Demo Library, main branch', level: 2, globalRegistrant: false },
        { code: 'Xyzb', name: 'Demo Library, branch', level: 1, globalRegistrant: false },
      ],
      account: 'Demo Library',
      expiresAt: expect.any(String),
    });
    expect(token.expiresInSeconds).toBe(36000);
    expect(sim.stats.verifyRequests).toBe(1);
  });

  test('three API calls cost one token and one verify, and each carries XL-Active-Sigel', async () => {
    const sim = await start();
    const client = clientForEntry(entry(sim), { tokens: new TokenCache() });
    for (let i = 0; i < 3; i += 1) expect((await client.get('/fxql7jqr38b1dkf')).status).toBe(200);
    expect([sim.stats.tokenRequests, sim.stats.verifyRequests]).toEqual([1, 1]);
    expect(sim.stats.apiCalls.map((c) => [c.bearer, c.activeSigel, c.status])).toEqual([
      [true, 'Xyz', 200],
      [true, 'Xyz', 200],
      [true, 'Xyz', 200],
    ]);
  });

  test('a sigel that is not one of the token\'s is refused before anything is sent', async () => {
    const sim = await start();
    const client = clientForEntry(entry(sim, { activeSigel: 'Abc' }), { tokens: new TokenCache() });
    const error = await rejection(client.get('/fxql7jqr38b1dkf'));
    expect(error.code).toBe('not_permitted');
    expect(error.message).toBe('The active sigel "Abc" is not one of this client\'s sigels (Xyz, Xyzb); nothing was sent to Libris.');
    expect(sim.stats.apiRequests).toBe(0);
  });

  test('a token that Libris expired early is replaced once after the 401', async () => {
    const sim = await start();
    const client = clientForEntry(entry(sim), { tokens: new TokenCache() });
    await client.get('/fxql7jqr38b1dkf');
    sim.expireTokens();
    expect((await client.get('/fxql7jqr38b1dkf')).status).toBe(200);
    expect(sim.stats.tokenRequests).toBe(2);
    expect(sim.stats.apiCalls.map((c) => c.status)).toEqual([200, 401, 200]);
  });

  test('a wrong secret is a bad_secret that reminds that credentials are per environment', async () => {
    const sim = await start();
    const client = clientForEntry(entry(sim, { clientSecret: 'not-the-secret' }), { tokens: new TokenCache() });
    const error = await rejection(client.token());
    expect(error.code).toBe('bad_secret');
    expect(error.message).toContain('issued for test');
    expect(error.message).not.toContain('not-the-secret');
    expect(error.toJSON()).toMatchObject({ status: 401, upstreamError: 'invalid_client' });
  });

  test('"test connection" shows the sigels with their levels', async () => {
    const sim = await start();
    const result = await testConnection(clientForEntry(entry(sim), { tokens: new TokenCache() }));
    expect(result.ok).toBe(true);
    expect(result.summary).toEqual([
      expect.stringMatching(/^Connected to Libris \(test\): a token was issued, valid until .*, scope "read write"\.$/),
      'Libris Login account: Demo Library',
      'Sigel Xyz (Demo Library, main branch): level 2 (cataloger): bibliographic and holdings records — the active sigel',
      'Sigel Xyzb (Demo Library, branch): level 1 (registrant): holdings records only',
    ]);
    expect(result.token).toMatchObject({ expiresInSeconds: 36000, scope: 'read write', parameters: {} });
  });

  test('"test connection" fails with not_permitted when the active sigel is not the client\'s, and still shows the sigels', async () => {
    const sim = await start();
    const result = await testConnection(clientForEntry(entry(sim, { activeSigel: 'Abc' }), { tokens: new TokenCache() }));
    expect(result.ok).toBe(false);
    expect(result.failure?.code).toBe('not_permitted');
    expect(result.summary.slice(1)).toContain('Sigel Xyzb (Demo Library, branch): level 1 (registrant): holdings records only');
  });

  test('the provider object is pure data and functions', () => {
    expect(libris.secretFields).toEqual(['clientSecret']);
    expect(libris.tokenParameters()).toEqual({});
  });
});
