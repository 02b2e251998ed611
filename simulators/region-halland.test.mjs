import { X509Certificate, createPrivateKey, randomUUID, sign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCertificate, startRegionHallandSimulator } from './region-halland.mjs';

/** @type {Awaited<ReturnType<typeof startRegionHallandSimulator>>[]} */
const started = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

const CLIENT_ID = '0b8e4d0e-6a43-4f5e-9d0c-1f2a3b4c5d6e';
const RESOURCE = 'hsainfoapi.regionhalland.se';
const KEY = 'subscription-key-for-tests';
const certificate = createTestCertificate();

/** @param {Partial<Parameters<typeof startRegionHallandSimulator>[0]>} [options] */
async function start(options = {}) {
  const sim = await startRegionHallandSimulator({
    clients: [{ clientId: CLIENT_ID, certificate: certificate.certificate, resources: { [RESOURCE]: ['hsainfoapi.read', 'hsainfoapi.write'] } }],
    subscriptionKeys: [KEY],
    ...options,
  });
  started.push(sim);
  return sim;
}

/**
 * A client assertion as ADFS wants it, with overrides to break it.
 * @param {string} aud @param {{ header?: object, claims?: object, key?: string }} [change]
 */
function assertion(aud, change = {}) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', x5t: certificate.x5t, ...change.header };
  const claims = { iss: CLIENT_ID, sub: CLIENT_ID, aud, jti: randomUUID(), iat: now, nbf: now, exp: now + 60, ...change.claims };
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), createPrivateKey(change.key ?? certificate.privateKey)).toString('base64url')}`;
}

/** @param {Awaited<ReturnType<typeof start>>} sim @param {Record<string, string>} [fields] */
function requestToken(sim, fields = {}) {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: CLIENT_ID,
    resource: RESOURCE,
    scope: 'hsainfoapi.read',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion(sim.endpoints.token),
    ...fields,
  });
  return fetch(sim.endpoints.token, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
}

describe('createTestCertificate', () => {
  it('makes a self-signed certificate for the key, in PKCS#8 or PKCS#1', () => {
    for (const keyFormat of /** @type {const} */ (['pkcs8', 'pkcs1'])) {
      const made = createTestCertificate({ keyFormat, commonName: 'client.example' });
      const x509 = new X509Certificate(made.certificate);
      expect(x509.subject).toBe('CN=client.example');
      expect(x509.verify(x509.publicKey)).toBe(true);
      expect(x509.checkPrivateKey(createPrivateKey(made.privateKey))).toBe(true);
      expect(made.privateKey).toContain(keyFormat === 'pkcs8' ? 'BEGIN PRIVATE KEY' : 'BEGIN RSA PRIVATE KEY');
    }
  });
});

describe('Region Halland simulator: ADFS token endpoint', () => {
  it('issues a token for a correct assertion, resource and scope', async () => {
    const sim = await start();
    const response = await requestToken(sim);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600, resource: RESOURCE, scope: 'hsainfoapi.read' });
    expect(sim.stats.assertions[0]).toMatchObject({ accepted: true, header: { x5t: certificate.x5t }, claims: { aud: sim.endpoints.token } });
  });

  /** @type {[string, (sim: Awaited<ReturnType<typeof start>>) => { header?: object, claims?: object, key?: string }][]} */
  const broken = [
    ['another certificate (x5t)', () => ({ header: { x5t: createTestCertificate().x5t } })],
    ["a key that is not the certificate's", () => ({ key: createTestCertificate().privateKey })],
    ['aud = the issuer instead of the token endpoint', (sim) => ({ claims: { aud: sim.url } })],
    ['iss that is not the client id', () => ({ claims: { iss: 'someone' } })],
    ['an expired assertion', () => ({ claims: { exp: Math.floor(Date.now() / 1000) - 600 } })],
    ['an assertion that lives an hour', () => ({ claims: { exp: Math.floor(Date.now() / 1000) + 3600 } })],
    ['no jti', () => ({ claims: { jti: '' } })],
    ['HS256', () => ({ header: { alg: 'HS256' } })],
  ];
  it.each(broken)('refuses %s with invalid_client', async (_what, change) => {
    const sim = await start();
    const response = await requestToken(sim, { client_assertion: assertion(sim.endpoints.token, change(sim)) });
    expect(response.status).toBe(401);
    expect((await response.json()).error).toBe('invalid_client');
  });

  it('refuses a replayed jti, an unknown resource and a scope not granted', async () => {
    const sim = await start();
    const once = assertion(sim.endpoints.token);
    expect((await requestToken(sim, { client_assertion: once })).status).toBe(200);
    const replay = await requestToken(sim, { client_assertion: once });
    expect([replay.status, (await replay.json()).error]).toEqual([400, 'invalid_grant']);
    const resource = await requestToken(sim, { resource: 'other.regionhalland.se' });
    expect([resource.status, (await resource.json()).error]).toEqual([400, 'invalid_resource']);
    const scope = await requestToken(sim, { scope: 'hsainfoapi.admin' });
    expect([scope.status, (await scope.json()).error]).toEqual([400, 'invalid_scope']);
  });

  it('checks time against its own clock and says so in its Date header', async () => {
    const ahead = Date.now() + 10 * 60 * 1000;
    const sim = await start({ now: () => ahead });
    const response = await requestToken(sim);
    expect(response.status).toBe(401);
    expect(Date.parse(/** @type {string} */ (response.headers.get('date')))).toBeGreaterThan(Date.now() + 9 * 60 * 1000);
  });
});

describe('Region Halland simulator: API Management', () => {
  it('wants the subscription key first, then a Bearer token for the resource', async () => {
    const sim = await start();
    const token = (await (await requestToken(sim)).json()).access_token;
    const get = (/** @type {Record<string, string>} */ headers) => fetch(`${sim.url}/hsainfoapi/units`, { headers });
    const missing = await get({ Authorization: `Bearer ${token}` });
    expect([missing.status, (await missing.json()).message]).toEqual([401, expect.stringMatching(/^Access denied due to missing subscription key/)]);
    const wrongKey = await get({ Authorization: `Bearer ${token}`, 'Ocp-Apim-Subscription-Key': 'nope' });
    expect((await wrongKey.json()).message).toMatch(/^Access denied due to invalid subscription key/);
    const noToken = await get({ 'Ocp-Apim-Subscription-Key': KEY });
    expect([noToken.status, (await noToken.json()).message]).toEqual([401, 'Unauthorized. Access token is missing or invalid.']);
    const ok = await get({ Authorization: `Bearer ${token}`, 'Ocp-Apim-Subscription-Key': KEY });
    expect(ok.status).toBe(200);
    expect(sim.stats.apiCalls.map((c) => c.status)).toEqual([401, 401, 401, 200]);
  });

  it('reads the subscription key from a configured header', async () => {
    const sim = await start({ subscriptionKeyHeader: 'X-Subscription' });
    const token = (await (await requestToken(sim)).json()).access_token;
    const ok = await fetch(`${sim.url}/hsainfoapi/units`, { headers: { Authorization: `Bearer ${token}`, 'X-Subscription': KEY } });
    expect(ok.status).toBe(200);
  });
});
