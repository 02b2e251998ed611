import { X509Certificate, createPublicKey, verify } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { createTestCertificate, startRegionHallandSimulator } from '../../simulators/region-halland.mjs';
import { parseConnectionEntry, testConnection } from '../connections';
import { clientForEntry } from '../connections/test-client';
import { ConnectionError } from '../oauth/errors';
import { TokenCache } from '../oauth/token-cache';
import { certificateThumbprint } from './region-halland';

type Simulator = Awaited<ReturnType<typeof startRegionHallandSimulator>>;
const started: Simulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

const CLIENT_ID = '6f1c1b7e-4f4a-4b8e-9a55-2d8c0b1e7a10';
const RESOURCE = 'hsainfoapi.regionhalland.se';
const SUBSCRIPTION_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const credentials = createTestCertificate({ commonName: 'gateway.library.example' });

async function start(options: Partial<Parameters<typeof startRegionHallandSimulator>[0]> = {}): Promise<Simulator> {
  const sim = await startRegionHallandSimulator({
    clients: [{ clientId: CLIENT_ID, certificate: credentials.certificate, resources: { [RESOURCE]: ['hsainfoapi.read', 'hsainfoapi.write'] } }],
    subscriptionKeys: [SUBSCRIPTION_KEY],
    ...options,
  });
  started.push(sim);
  return sim;
}

function entry(sim: Simulator, changes: Record<string, unknown> = {}) {
  return {
    id: 'halland-hsa',
    provider: 'region-halland',
    clientId: CLIENT_ID,
    privateKey: credentials.privateKey,
    certificate: credentials.certificate,
    resource: RESOURCE,
    scope: 'hsainfoapi.read',
    subscriptionKey: SUBSCRIPTION_KEY,
    endpoints: { token: sim.endpoints.token, api: `${sim.url}/hsainfoapi` },
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

describe('Region Halland', () => {
  test('x5t is base64url of the SHA-1 of the certificate DER', () => {
    const sha1Hex = new X509Certificate(credentials.certificate).fingerprint.replaceAll(':', '');
    expect(certificateThumbprint(credentials.certificate)).toBe(Buffer.from(sha1Hex, 'hex').toString('base64url'));
    expect(certificateThumbprint(credentials.certificate)).toBe(credentials.x5t);
  });

  test('the token endpoint and the API base are required: they are not public', () => {
    const { endpoints: _endpoints, ...without } = entry({ endpoints: {}, url: '' } as unknown as Simulator);
    const parsed = parseConnectionEntry(without);
    expect(!parsed.ok && parsed.errors.map((e) => e.path)).toEqual(['$.endpoints.token', '$.endpoints.api']);
  });

  test('the assertion verifies against the certificate, with x5t, aud = token endpoint, iss = sub = client id, a unique jti and a short exp', async () => {
    const sim = await start();
    const client = clientForEntry(entry(sim), { tokens: new TokenCache() });
    await client.token();
    await client.token({ renew: true });
    expect(sim.stats.tokensIssued).toBe(2);
    const [first, second] = sim.stats.assertions;
    for (const seen of [first, second]) {
      expect(seen?.accepted).toBe(true);
      expect(seen?.header).toEqual({ alg: 'RS256', typ: 'JWT', x5t: credentials.x5t });
      expect(seen?.claims).toMatchObject({ iss: CLIENT_ID, sub: CLIENT_ID, aud: sim.endpoints.token });
      const claims = seen?.claims as { exp: number; iat: number; nbf: number };
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(60);
      expect(claims.nbf).toBe(claims.iat);
    }
    expect(first?.claims.jti).toEqual(expect.any(String));
    expect(first?.claims.jti).not.toBe(second?.claims.jti);
    expect(sim.stats.tokenForms[0]).toMatchObject({
      fields: ['client_assertion', 'client_assertion_type', 'client_id', 'grant_type', 'resource', 'scope'],
      resource: RESOURCE,
      scope: 'hsainfoapi.read',
    });
  });

  test('the signature checks out with the certificate\'s public key, outside the simulator too', async () => {
    const sim = await start();
    const seen: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      if (String(input) === sim.endpoints.token && typeof init?.body === 'string') seen.push(new URLSearchParams(init.body).get('client_assertion') ?? '');
      else if (String(input) === sim.endpoints.token && init?.body instanceof URLSearchParams) seen.push(init.body.get('client_assertion') ?? '');
      return original(input, init);
    };
    try {
      await clientForEntry(entry(sim), { tokens: new TokenCache() }).token();
    } finally {
      globalThis.fetch = original;
    }
    const [h, p, s] = (seen[0] ?? '').split('.');
    const publicKey = createPublicKey(credentials.certificate);
    expect(verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s ?? '', 'base64url'))).toBe(true);
  });

  test('a PKCS#1 key ("BEGIN RSA PRIVATE KEY") is converted and works', async () => {
    const pkcs1 = createTestCertificate({ keyFormat: 'pkcs1' });
    const sim = await start({ clients: [{ clientId: CLIENT_ID, certificate: pkcs1.certificate, resources: { [RESOURCE]: ['hsainfoapi.read'] } }] });
    const client = clientForEntry(entry(sim, { privateKey: pkcs1.privateKey, certificate: pkcs1.certificate }), { tokens: new TokenCache() });
    expect((await client.token()).scope).toBe('hsainfoapi.read');
  });

  test('API calls carry the Bearer token and the subscription key; three calls cost one token', async () => {
    const sim = await start();
    const client = clientForEntry(entry(sim), { tokens: new TokenCache() });
    for (let i = 0; i < 3; i += 1) expect((await client.get('/units')).status).toBe(200);
    expect(sim.stats.tokenRequests).toBe(1);
    expect(sim.stats.apiCalls).toEqual(Array.from({ length: 3 }, () => ({ path: '/hsainfoapi/units', subscriptionKey: true, bearer: true, status: 200 })));
  });

  test('the subscription key header is configurable', async () => {
    const sim = await start({ subscriptionKeyHeader: 'X-Api-Key' });
    const client = clientForEntry(entry(sim, { subscriptionKeyHeader: 'X-Api-Key' }), { tokens: new TokenCache() });
    expect((await client.get('/units')).status).toBe(200);
  });

  test('a key that is not the certificate\'s is refused before any request', async () => {
    const sim = await start();
    const error = await rejection(clientForEntry(entry(sim, { privateKey: createTestCertificate().privateKey }), { tokens: new TokenCache() }).token());
    expect(error.code).toBe('bad_secret');
    expect(error.message).toMatch(/^The private key does not belong to the certificate/);
    expect(sim.stats.tokenRequests).toBe(0);
  });

  test('a certificate ADFS does not know is a bad secret naming the x5t', async () => {
    const other = createTestCertificate();
    const sim = await start();
    const error = await rejection(clientForEntry(entry(sim, { privateKey: other.privateKey, certificate: other.certificate }), { tokens: new TokenCache() }).token());
    expect(error.code).toBe('bad_secret');
    expect(error.message).toContain(`x5t ${other.x5t}`);
  });

  test('a resource or scope the client may not have: wrong_audience, wrong_scope', async () => {
    const sim = await start();
    const resource = await rejection(clientForEntry(entry(sim, { resource: 'other.regionhalland.se' }), { tokens: new TokenCache() }).token());
    expect(resource.code).toBe('wrong_audience');
    expect(resource.message).toContain('"other.regionhalland.se"');
    const scope = await rejection(clientForEntry(entry(sim, { scope: 'hsainfoapi.admin' }), { tokens: new TokenCache() }).token());
    expect(scope.code).toBe('wrong_scope');
  });

  test('a clock ten minutes off is named as clock skew', async () => {
    const sim = await start({ now: () => Date.now() + 10 * 60 * 1000 });
    const result = await testConnection(clientForEntry(entry(sim), { tokens: new TokenCache() }));
    expect(result.failure?.code).toBe('clock_skew');
    expect(result.failure?.message).toMatch(/this server's clock is 10 minutes behind Region Halland's/);
  });

  test('"test connection" shows the resource, the scope and the certificate', async () => {
    const sim = await start();
    const result = await testConnection(clientForEntry(entry(sim), { tokens: new TokenCache() }));
    expect(result.ok).toBe(true);
    expect(result.token).toMatchObject({ scope: 'hsainfoapi.read', parameters: { resource: RESOURCE, scope: 'hsainfoapi.read' } });
    expect(result.summary.slice(1)).toEqual([
      `Resource ${RESOURCE}`,
      expect.stringMatching(new RegExp(`^Certificate CN=gateway.library.example, valid until \\d{4}-\\d{2}-\\d{2}, x5t ${credentials.x5t.replace(/[-]/g, '\\-')}$`)),
      'Subscription key sent as Ocp-Apim-Subscription-Key',
    ]);
    expect(JSON.stringify(result)).not.toContain(SUBSCRIPTION_KEY);
  });
});
