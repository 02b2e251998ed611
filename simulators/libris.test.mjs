import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, startLibrisSimulator } from './libris.mjs';

/** @type {Awaited<ReturnType<typeof startLibrisSimulator>>[]} */
const started = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

/** @param {Parameters<typeof startLibrisSimulator>[0]} [options] */
async function start(options) {
  const sim = await startLibrisSimulator(options);
  started.push(sim);
  return sim;
}

/** @param {string} url @param {Record<string, string>} fields @param {Record<string, string>} [headers] */
function postForm(url, fields, headers = {}) {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
}

const GOOD = { client_id: DEMO_CLIENT.clientId, client_secret: DEMO_CLIENT.clientSecret, grant_type: 'client_credentials' };

/** @param {Awaited<ReturnType<typeof startLibrisSimulator>>} sim */
async function tokenOf(sim) {
  const response = await postForm(`${sim.url}/oauth/token`, GOOD);
  return /** @type {{ access_token: string }} */ (await response.json()).access_token;
}

describe('Libris simulator: token endpoint', () => {
  it('issues a token for a client_secret_post form, as documented', async () => {
    const sim = await start();
    const response = await postForm(`${sim.url}/oauth/token`, GOOD);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ access_token: expect.stringMatching(/^[A-Za-z0-9]{24}$/), expires_in: 36000, token_type: 'Bearer', scope: 'read write', app_version: '1.5.0' });
    expect(sim.stats.tokenForms).toEqual([{ contentType: 'application/x-www-form-urlencoded', fields: ['client_id', 'client_secret', 'grant_type'], basicAuth: false }]);
  });

  it('refuses a wrong secret, HTTP Basic instead of the form, JSON, and other grants', async () => {
    const sim = await start();
    const wrong = await postForm(`${sim.url}/oauth/token`, { ...GOOD, client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    const basic = await postForm(`${sim.url}/oauth/token`, { grant_type: 'client_credentials' }, {
      Authorization: `Basic ${Buffer.from(`${GOOD.client_id}:${GOOD.client_secret}`).toString('base64')}`,
    });
    expect(basic.status).toBe(401);
    const json = await fetch(`${sim.url}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(GOOD) });
    expect(json.status).toBe(400);
    const grant = await postForm(`${sim.url}/oauth/token`, { ...GOOD, grant_type: 'password' });
    expect((await grant.json()).error).toBe('unsupported_grant_type');
  });
});

describe('Libris simulator: /oauth/verify', () => {
  it('lists the sigels with their levels', async () => {
    const sim = await start();
    const response = await fetch(`${sim.url}/oauth/verify`, { headers: { Authorization: `Bearer ${await tokenOf(sim)}` } });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.user.permissions).toEqual([
      { code: 'Xyz', friendly_name: 'Demo Library, main branch', registrant: true, cataloger: true, global_registrant: false },
      { code: 'Xyzb', friendly_name: 'Demo Library, branch', registrant: true, cataloger: false, global_registrant: false },
    ]);
    expect(body.app_version).toBe('1.5.0');
  });

  it('answers 401 with the documented messages', async () => {
    let now = Date.UTC(2026, 0, 1);
    const sim = await start({ now: () => now });
    const none = await fetch(`${sim.url}/oauth/verify`);
    expect([none.status, await none.json()]).toEqual([401, { message: 'Bearer token not found.' }]);
    const token = await tokenOf(sim);
    now += 36001 * 1000;
    const expired = await fetch(`${sim.url}/oauth/verify`, { headers: { Authorization: `Bearer ${token}` } });
    expect([expired.status, await expired.json()]).toEqual([401, { message: 'Bearer token is expired.' }]);
  });
});

describe('Libris simulator: API', () => {
  it('reads need no token, but a sent sigel must be one of the token\'s', async () => {
    const sim = await start();
    expect((await fetch(`${sim.url}/fxql7jqr38b1dkf`)).status).toBe(200);
    const token = await tokenOf(sim);
    const ok = await fetch(`${sim.url}/fxql7jqr38b1dkf`, { headers: { Authorization: `Bearer ${token}`, 'XL-Active-Sigel': 'Xyz' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBeTruthy();
    const other = await fetch(`${sim.url}/fxql7jqr38b1dkf`, { headers: { Authorization: `Bearer ${token}`, 'XL-Active-Sigel': 'Other' } });
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ status_code: 403, status: 'Forbidden' });
    const bad = await fetch(`${sim.url}/fxql7jqr38b1dkf`, { headers: { Authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(sim.stats.apiCalls.map((c) => [c.activeSigel, c.status])).toEqual([[null, 200], ['Xyz', 200], ['Other', 403], [null, 401]]);
  });

  it('writes need Bearer, XL-Active-Sigel, JSON-LD and the right level; PUT needs a fresh ETag', async () => {
    const sim = await start();
    const token = await tokenOf(sim);
    const headers = { Authorization: `Bearer ${token}`, 'XL-Active-Sigel': 'Xyz', 'Content-Type': 'application/ld+json' };
    const bib = JSON.stringify({ '@graph': [{ '@type': 'Record' }, { '@type': 'Instance' }] });
    const item = JSON.stringify({ '@graph': [{ '@type': 'Record' }, { '@type': 'Item' }] });
    expect((await fetch(`${sim.url}/data`, { method: 'POST', body: bib })).status).toBe(401);
    expect((await fetch(`${sim.url}/data`, { method: 'POST', headers: { ...headers, 'XL-Active-Sigel': '' }, body: bib })).status).toBe(400);
    expect((await fetch(`${sim.url}/data`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: bib })).status).toBe(415);
    const created = await fetch(`${sim.url}/data`, { method: 'POST', headers, body: bib });
    expect(created.status).toBe(201);
    const location = /** @type {string} */ (created.headers.get('location'));
    // Level 1 (registrant) writes holdings only.
    expect((await fetch(`${sim.url}/data`, { method: 'POST', headers: { ...headers, 'XL-Active-Sigel': 'Xyzb' }, body: bib })).status).toBe(403);
    expect((await fetch(`${sim.url}/data`, { method: 'POST', headers: { ...headers, 'XL-Active-Sigel': 'Xyzb' }, body: item })).status).toBe(201);
    const read = await fetch(`${sim.url}${location}`);
    const etag = /** @type {string} */ (read.headers.get('etag'));
    expect((await fetch(`${sim.url}${location}`, { method: 'PUT', headers: { ...headers, 'If-Match': '"stale"' }, body: bib })).status).toBe(412);
    expect((await fetch(`${sim.url}${location}`, { method: 'PUT', headers: { ...headers, 'If-Match': etag }, body: bib })).status).toBe(204);
    expect((await fetch(`${sim.url}${location}`, { method: 'DELETE', headers })).status).toBe(204);
    expect((await fetch(`${sim.url}${location}`)).status).toBe(404);
  });
});
