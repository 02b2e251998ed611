import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, startBokbasenSimulator } from './bokbasen.mjs';

/** @type {Awaited<ReturnType<typeof startBokbasenSimulator>>[]} */
const started = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

/** @param {Parameters<typeof startBokbasenSimulator>[0]} [options] */
async function start(options) {
  const sim = await startBokbasenSimulator(options);
  started.push(sim);
  return sim;
}

const METADATA = 'https://api.bokbasen.io/metadata/';
const GOOD = { client_id: DEMO_CLIENT.clientId, client_secret: DEMO_CLIENT.clientSecret, audience: METADATA, grant_type: 'client_credentials' };

/** @param {string} url @param {Record<string, string>} body @param {'json' | 'form'} [as] */
function postToken(url, body, as = 'json') {
  return fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': as === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: as === 'json' ? JSON.stringify(body) : new URLSearchParams(body).toString(),
  });
}

/** @param {string} token */
const claimsOf = (token) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));

describe('Bokbasen simulator: token endpoint', () => {
  it('accepts JSON and form bodies and issues a JWT for the audience', async () => {
    const sim = await start({ now: () => Date.UTC(2026, 0, 1) });
    for (const as of /** @type {const} */ (['json', 'form'])) {
      const response = await postToken(sim.url, GOOD, as);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toEqual({ access_token: expect.any(String), expires_in: 86400, token_type: 'Bearer' });
      expect(claimsOf(body.access_token)).toMatchObject({ aud: METADATA, sub: `${DEMO_CLIENT.clientId}@clients`, gty: 'client-credentials' });
    }
    expect(sim.stats.tokenForms.map((f) => f.contentType)).toEqual(['application/json', 'application/x-www-form-urlencoded']);
  });

  it('401 for wrong credentials or a missing attribute; 403 for an audience the client may not have', async () => {
    const sim = await start();
    expect((await postToken(sim.url, { ...GOOD, client_secret: 'nope' })).status).toBe(401);
    const { audience: _audience, ...noAudience } = GOOD;
    expect((await postToken(sim.url, noAudience)).status).toBe(401);
    const forbidden = await postToken(sim.url, { ...GOOD, audience: 'https://api.bokbasen.io/reporting/' });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: 'access_denied', error_description: 'Service not enabled within domain: https://api.bokbasen.io/reporting/' });
  });

  it('hands out its cached token while it has 10 minutes left, so expires_in varies', async () => {
    let now = Date.UTC(2026, 0, 1);
    const sim = await start({ now: () => now, tokenTtlSeconds: 3600 });
    const first = await (await postToken(sim.url, GOOD)).json();
    now += 1000 * 1000;
    const second = await (await postToken(sim.url, GOOD)).json();
    expect(second.access_token).toBe(first.access_token);
    expect(second.expires_in).toBe(2600);
    now += 2100 * 1000; // 500 s left: less than 10 minutes
    const third = await (await postToken(sim.url, GOOD)).json();
    expect(third.access_token).not.toBe(first.access_token);
    expect(third.expires_in).toBe(3600);
    expect([sim.stats.tokenRequests, sim.stats.tokensIssued]).toEqual([3, 2]);
  });
});

describe('Bokbasen simulator: API', () => {
  it('wants a valid Bearer token of the API\'s audience', async () => {
    let now = Date.UTC(2026, 0, 1);
    const sim = await start({ now: () => now, clients: [{ ...DEMO_CLIENT, audiences: [METADATA, 'https://api.bokbasen.io/reporting/'] }] });
    const metadata = (await (await postToken(sim.url, GOOD)).json()).access_token;
    const reporting = (await (await postToken(sim.url, { ...GOOD, audience: 'https://api.bokbasen.io/reporting/' })).json()).access_token;
    const get = (/** @type {string} */ auth) => fetch(`${sim.url}/metadata/export/onix/v1`, { headers: auth ? { Authorization: auth } : {} });
    expect((await get('')).status).toBe(401);
    expect((await get('Boknett TGT-123')).status).toBe(401);
    expect((await get(`Bearer ${reporting}`)).status).toBe(403);
    expect((await get(`Bearer ${metadata}`)).status).toBe(200);
    now += 86401 * 1000;
    expect((await get(`Bearer ${metadata}`)).status).toBe(401);
  });
});
