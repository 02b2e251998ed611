import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, DEMO_PATRONS, DOCUMENT_EXAMPLE, startReroSimulator } from './rero-plus.mjs';

const REDIRECT = DEMO_CLIENT.redirectUris[0];
const ALL_SCOPES = 'fullname birthdate institution expiration_date patron_type';

/** @type {Awaited<ReturnType<typeof startReroSimulator>>[]} */
const started = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

/** @param {Parameters<typeof startReroSimulator>[0]} [options] */
async function start(options) {
  const sim = await startReroSimulator(options);
  started.push(sim);
  return sim;
}

/** A clock the test moves by hand. */
function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let t = start;
  return { now: () => t, advance: (/** @type {number} */ seconds) => { t += seconds * 1000; } };
}

/** @param {Record<string, string | undefined>} params */
function authorizeUrl(sim, params = {}) {
  const defaults = { client_id: DEMO_CLIENT.clientId, response_type: 'code', redirect_uri: REDIRECT, scope: ALL_SCOPES, state: 'st-123' };
  const query = Object.entries({ ...defaults, ...params })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(/** @type {string} */ (v))}`)
    .join('&');
  return `${sim.url}/oauth/authorize?${query}`;
}

/** @param {string} html */
function requestId(html) {
  const match = html.match(/name="request_id" value="([^"]+)"/);
  if (!match) throw new Error(`no request_id in page:\n${html}`);
  return match[1];
}

/** @param {string} url @param {Record<string, string>} fields */
function postForm(url, fields, headers = {}) {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/**
 * The browser journey: authorize page → login form → consent form → the redirect back.
 * @returns {Promise<{ location: URL, loginHtml: string, consentHtml: string }>}
 */
async function signIn(sim, { username = 'louis', password = 'demo', decision = 'authorize', rawUrl = '', ...params } = {}) {
  const authorize = await fetch(rawUrl || authorizeUrl(sim, params), { redirect: 'manual' });
  expect(authorize.status).toBe(200);
  const loginHtml = await authorize.text();
  const login = await postForm(`${sim.url}/oauth/login`, { request_id: requestId(loginHtml), username, password });
  expect(login.status).toBe(200);
  const consentHtml = await login.text();
  const consent = await postForm(`${sim.url}/oauth/consent`, { request_id: requestId(consentHtml), decision });
  expect(consent.status).toBe(302);
  return { location: new URL(/** @type {string} */ (consent.headers.get('location'))), loginHtml, consentHtml };
}

/** @param {Record<string, string>} fields */
function tokenRequest(sim, fields, headers = {}) {
  return postForm(`${sim.url}/oauth/token`, fields, headers);
}

const credentials = { client_id: DEMO_CLIENT.clientId, client_secret: DEMO_CLIENT.clientSecret };

async function codeFor(sim, options = {}) {
  const { location } = await signIn(sim, options);
  const code = location.searchParams.get('code');
  expect(code).toBeTruthy();
  return /** @type {string} */ (code);
}

async function exchangeCode(sim, code, redirectUri = REDIRECT) {
  return tokenRequest(sim, { ...credentials, grant_type: 'authorization_code', code, redirect_uri: redirectUri });
}

/** Signs in and returns the token response body. */
async function tokensFor(sim, options = {}) {
  const res = await exchangeCode(sim, await codeFor(sim, options));
  expect(res.status).toBe(200);
  return res.json();
}

function refresh(sim, refreshToken) {
  return tokenRequest(sim, { ...credentials, grant_type: 'refresh_token', refresh_token: refreshToken });
}

function info(sim, accessToken) {
  return fetch(`${sim.url}/api/patrons/info`, { headers: { Authorization: `Bearer ${accessToken}` } });
}

describe('demo data', () => {
  it('gives every demo patron a distinct integer id and barcode', () => {
    const ids = DEMO_PATRONS.map((p) => p.id);
    expect(ids.every(Number.isInteger)).toBe(true);
    expect(new Set(ids).size).toBe(4);
    const barcodes = DEMO_PATRONS.filter((p) => p.barcode).map((p) => p.barcode);
    expect(new Set(barcodes).size).toBe(barcodes.length);
    expect(DEMO_PATRONS.map((p) => p.username)).toEqual(['louis', 'marie', 'noah', 'lea']);
  });

  it('refuses a plain-http redirect URI that is not on localhost', async () => {
    await expect(startReroSimulator({ clients: [{ ...DEMO_CLIENT, redirectUris: ['http://gateway.example/cb'] }] })).rejects.toThrow(/https/);
  });
});

describe('authorization code flow', () => {
  it('signs in, asks consent, and exchanges the code for tokens and patron info', async () => {
    const sim = await start();
    const { location, loginHtml, consentHtml } = await signIn(sim);
    expect(loginHtml).toMatch(/<title>[^<]+<\/title>/);
    expect(loginHtml).toMatch(/<h1>[^<]+<\/h1>/);
    expect(loginHtml).toContain('<label for="username">Username</label>');
    expect(loginHtml).toContain('<label for="password">Password</label>');
    expect(loginHtml).toContain('>Sign in</button>');
    expect(consentHtml).toContain('>Authorize</button>');
    expect(consentHtml).toContain('>Reject</button>');
    for (const scope of ALL_SCOPES.split(' ')) expect(consentHtml).toContain(`<code>${scope}</code>`);

    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st-123');
    const res = await exchangeCode(sim, /** @type {string} */ (location.searchParams.get('code')));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9]{30}$/),
      refresh_token: expect.stringMatching(/^[A-Za-z0-9]{30}$/),
      expires_in: 3600,
      token_type: 'Bearer',
      scope: ALL_SCOPES,
      user: { id: 1001 },
    });

    const patron = await info(sim, body.access_token);
    expect(patron.status).toBe(200);
    expect(await patron.json()).toEqual({
      user_id: 1001,
      barcode: '2050124311',
      fullname: 'Roduit, Louis',
      birthdate: '1985-04-12',
      patron_info: {
        vs: { patron_pid: '11', institution: 'vs', patron_type: 'vs-pm', expiration_date: '2031-12-31T00:00:00' },
        rbnj: { patron_pid: '876', institution: 'rbnj', patron_type: 'rbnj-adult', expiration_date: '2031-06-30T00:00:00' },
      },
    });
  });

  it('shows the login page again after a wrong password, without consent', async () => {
    const sim = await start();
    const page = await (await fetch(authorizeUrl(sim))).text();
    const res = await postForm(`${sim.url}/oauth/login`, { request_id: requestId(page), username: 'louis', password: 'wrong' });
    expect([200, 401]).toContain(res.status);
    const html = await res.text();
    expect(html).toContain('Wrong username or password');
    expect(html).toContain('>Sign in</button>');
    expect(html).not.toContain('>Authorize</button>');
  });

  it('asks login and consent every time and refuses a replayed consent form', async () => {
    const sim = await start();
    const first = await signIn(sim);
    const second = await signIn(sim);
    expect(second.consentHtml).toContain('>Authorize</button>');
    expect(second.location.searchParams.get('code')).not.toBe(first.location.searchParams.get('code'));
    const replay = await postForm(`${sim.url}/oauth/consent`, { request_id: requestId(first.consentHtml), decision: 'authorize' });
    expect(replay.status).toBe(400);
    expect(replay.headers.get('location')).toBeNull();
  });

  it('echoes state only when sent, and ignores PKCE parameters', async () => {
    const sim = await start();
    const { location } = await signIn(sim, { state: undefined, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
    expect(location.searchParams.has('state')).toBe(false);
    // No code_verifier at all: RERO+ never verifies PKCE.
    const res = await exchangeCode(sim, /** @type {string} */ (location.searchParams.get('code')));
    expect(res.status).toBe(200);
  });

  it('redirects with access_denied and the state when the patron rejects', async () => {
    const sim = await start();
    const { location } = await signIn(sim, { decision: 'reject', state: 'keep-me' });
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('keep-me');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('shows its own error page, never a redirect, for an unknown client or redirect URI', async () => {
    const sim = await start();
    for (const params of [
      { redirect_uri: 'http://localhost:3000/auth/callback/' },
      { redirect_uri: 'http://localhost:3000/auth/callback?x=1' },
      { redirect_uri: 'http://evil.example/auth/callback' },
      { redirect_uri: undefined },
      { client_id: 'nobody' },
    ]) {
      const res = await fetch(authorizeUrl(sim, params), { redirect: 'manual' });
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('redirects with unsupported_response_type for anything but code', async () => {
    const sim = await start();
    const res = await fetch(authorizeUrl(sim, { response_type: 'token' }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(/** @type {string} */ (res.headers.get('location')));
    expect(location.searchParams.get('error')).toBe('unsupported_response_type');
    expect(location.searchParams.get('state')).toBe('st-123');
  });

  it('rejects unknown scopes, commas and double separators with invalid_scope', async () => {
    const sim = await start();
    for (const scope of ['fullname email', 'fullname,institution', 'fullname  institution', 'fullname%2Binstitution']) {
      const url = authorizeUrl(sim, { scope: 'X' }).replace('scope=X', `scope=${scope.replace(/ /g, '%20')}`);
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status, scope).toBe(302);
      const location = new URL(/** @type {string} */ (res.headers.get('location')));
      expect(location.searchParams.get('error'), scope).toBe('invalid_scope');
      expect(location.searchParams.get('state')).toBe('st-123');
    }
  });

  it('accepts + and %20 as the scope separator', async () => {
    const sim = await start();
    const base = authorizeUrl(sim, { scope: 'X' });
    for (const scope of ['fullname+institution', 'fullname%20institution']) {
      const tokens = await tokensFor(sim, { rawUrl: base.replace('scope=X', `scope=${scope}`) });
      expect(tokens.scope).toBe('fullname institution');
    }
  });

  it('refuses an authorization request without scope, as the document requires ("at least one scope is required")', async () => {
    const sim = await start();
    for (const scope of [undefined, '', ' ']) {
      const res = await fetch(authorizeUrl(sim, { scope }), { redirect: 'manual' });
      expect(res.status, JSON.stringify(scope)).toBe(302);
      const location = new URL(/** @type {string} */ (res.headers.get('location')));
      expect(location.origin + location.pathname).toBe(REDIRECT);
      expect(location.searchParams.get('error')).toBe('invalid_scope');
      expect(location.searchParams.get('error_description')).toBe('At least one scope is required.');
      expect(location.searchParams.get('state')).toBe('st-123');
      expect(location.searchParams.get('code')).toBeNull();
    }
  });
});

describe('token endpoint', () => {
  it('ignores a JSON body and leaves the code usable', async () => {
    const sim = await start();
    const code = await codeFor(sim);
    const res = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...credentials, grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(['invalid_request', 'unsupported_grant_type']).toContain((await res.json()).error);
    expect((await exchangeCode(sim, code)).status).toBe(200);
    expect(sim.stats.codeGrants).toBe(1);
  });

  it('refuses HTTP Basic client authentication with 401 invalid_client', async () => {
    const sim = await start();
    const code = await codeFor(sim);
    const basic = Buffer.from(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.clientSecret}`).toString('base64');
    const res = await tokenRequest(sim, { ...credentials, grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { Authorization: `Basic ${basic}` });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('invalid_client');
  });

  it('answers an unknown client with a 404 HTML page, not JSON', async () => {
    const sim = await start();
    const res = await tokenRequest(sim, { client_id: 'nobody', client_secret: 'x', grant_type: 'authorization_code', code: 'abc', redirect_uri: REDIRECT });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const body = await res.text();
    expect(body).toContain('<html');
    expect(() => JSON.parse(body)).toThrow();
  });

  it('refuses a wrong or missing secret with 401 invalid_client', async () => {
    const sim = await start();
    const code = await codeFor(sim);
    for (const secret of ['wrong', '']) {
      const res = await tokenRequest(sim, { client_id: DEMO_CLIENT.clientId, client_secret: secret, grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'invalid_client', error_description: expect.any(String) });
    }
  });

  it('uses a code once: every later exchange is invalid_grant', async () => {
    const sim = await start();
    const code = await codeFor(sim);
    expect((await exchangeCode(sim, code)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await exchangeCode(sim, code);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe('invalid_grant');
    }
    expect(sim.stats.codeGrants).toBe(1);
  });

  it('expires a code after codeTtlSeconds', async () => {
    const clock = fakeClock();
    const sim = await start({ now: clock.now, codeTtlSeconds: 30 });
    const late = await codeFor(sim);
    clock.advance(31);
    const res = await exchangeCode(sim, late);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_grant');
    const prompt = await codeFor(sim);
    clock.advance(29);
    expect((await exchangeCode(sim, prompt)).status).toBe(200);
  });

  it('answers invalid_request when redirect_uri differs from the one used at authorize', async () => {
    const sim = await start();
    const code = await codeFor(sim);
    for (const redirectUri of [DEMO_CLIENT.redirectUris[1], `${REDIRECT}/`]) {
      const res = await exchangeCode(sim, code, redirectUri);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe('invalid_request');
    }
    const missing = await tokenRequest(sim, { ...credentials, grant_type: 'authorization_code', code });
    expect((await missing.json()).error).toBe('invalid_request');
    expect((await exchangeCode(sim, code)).status).toBe(200);
  });

  it("refuses another client's code", async () => {
    const other = { clientId: 'other-app', clientSecret: 'other-secret', redirectUris: [REDIRECT] };
    const sim = await start({ clients: [DEMO_CLIENT, other] });
    const code = await codeFor(sim);
    const res = await tokenRequest(sim, { client_id: other.clientId, client_secret: other.clientSecret, grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_grant');
  });

  it('refuses an unknown grant type', async () => {
    const sim = await start();
    const res = await tokenRequest(sim, { ...credentials, grant_type: 'password', username: 'louis', password: 'demo' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('unsupported_grant_type');
  });

  it('rotates refresh tokens: new tokens, old ones dead at once', async () => {
    const sim = await start();
    const first = await tokensFor(sim);
    const res = await refresh(sim, first.refresh_token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const second = await res.json();
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second).toMatchObject({ scope: ALL_SCOPES, user: { id: 1001 }, token_type: 'Bearer', expires_in: 3600 });
    expect((await info(sim, first.access_token)).status).toBe(401);
    const reuse = await refresh(sim, first.refresh_token);
    expect(reuse.status).toBe(400);
    expect((await reuse.json()).error).toBe('invalid_grant');
    expect((await info(sim, second.access_token)).status).toBe(200);
    expect((await refresh(sim, second.refresh_token)).status).toBe(200);
    expect(sim.stats).toMatchObject({ refreshGrants: 2, failedRefreshes: 1 });
  });

  it('keeps one live token per (client, user): a new login revokes the earlier tokens', async () => {
    const other = { clientId: 'other-app', clientSecret: 'other-secret', redirectUris: [REDIRECT] };
    const sim = await start({ clients: [DEMO_CLIENT, other] });
    const laptop = await tokensFor(sim);
    const marie = await tokensFor(sim, { username: 'marie' });
    const otherCode = await codeFor(sim, { client_id: other.clientId });
    const otherApp = await (await tokenRequest(sim, { client_id: other.clientId, client_secret: other.clientSecret, grant_type: 'authorization_code', code: otherCode, redirect_uri: REDIRECT })).json();
    const phone = await tokensFor(sim);
    expect((await info(sim, laptop.access_token)).status).toBe(401);
    expect((await refresh(sim, laptop.refresh_token)).status).toBe(400);
    expect((await info(sim, phone.access_token)).status).toBe(200);
    expect((await info(sim, marie.access_token)).status).toBe(200);
    expect((await info(sim, otherApp.access_token)).status).toBe(200);
  });

  it('expires access tokens after accessTokenTtlSeconds while the refresh token lives on', async () => {
    const clock = fakeClock();
    const sim = await start({ now: clock.now, accessTokenTtlSeconds: 600 });
    const tokens = await tokensFor(sim);
    expect(tokens.expires_in).toBe(600);
    clock.advance(599);
    expect((await info(sim, tokens.access_token)).status).toBe(200);
    clock.advance(2);
    expect((await info(sim, tokens.access_token)).status).toBe(401);
    expect((await refresh(sim, tokens.refresh_token)).status).toBe(200);
  });

  it('answers 405 to a GET on the token endpoint and 404 to unknown paths', async () => {
    const sim = await start();
    expect((await fetch(`${sim.url}/oauth/token?grant_type=refresh_token`)).status).toBe(405);
    expect((await fetch(`${sim.url}/.well-known/openid-configuration`)).status).toBe(404);
    expect((await fetch(`${sim.url}/oauth/userinfo`)).status).toBe(404);
  });
});

describe('GET /api/patrons/info', () => {
  it('returns only the fields of the granted scopes', async () => {
    const sim = await start();
    const cases = [
      ['institution', { vs: { patron_pid: '11', institution: 'vs' }, rbnj: { patron_pid: '876', institution: 'rbnj' } }],
      ['patron_type', { vs: { patron_pid: '11', patron_type: 'vs-pm' }, rbnj: { patron_pid: '876', patron_type: 'rbnj-adult' } }],
      ['expiration_date', { vs: { patron_pid: '11', expiration_date: '2031-12-31T00:00:00' }, rbnj: { patron_pid: '876', expiration_date: '2031-06-30T00:00:00' } }],
    ];
    for (const [scope, patronInfo] of cases) {
      const body = await (await info(sim, (await tokensFor(sim, { scope })).access_token)).json();
      expect(body, String(scope)).toEqual({ user_id: 1001, barcode: '2050124311', patron_info: patronInfo });
    }
    const named = await (await info(sim, (await tokensFor(sim, { scope: 'fullname', username: 'lea' })).access_token)).json();
    expect(named).toEqual({ user_id: 1004, barcode: '2050124314', fullname: 'Bonvin, Léa', patron_info: { vs: { patron_pid: '14' } } });
  });

  it('adds the deprecated patron_types list when asked', async () => {
    const sim = await start();
    const body = await (await info(sim, (await tokensFor(sim, { scope: 'institution patron_types', username: 'marie' })).access_token)).json();
    expect(body.patron_types).toEqual([{ patron_pid: '12', institution: 'vs' }]);
    expect(body.patron_info).toEqual({ vs: { patron_pid: '12', institution: 'vs' } });
  });

  it('sends patron_pid with every membership whatever the scopes, and serves a membership without patron_type', async () => {
    const sim = await start();
    // The document's own example: user 7653, registered at vs and at rbnj, rbnj without a patron type.
    sim.control.addPatron(DOCUMENT_EXAMPLE.patron);
    const body = await (await info(sim, (await tokensFor(sim, { username: 'jean' })).access_token)).json();
    expect(body).toEqual(DOCUMENT_EXAMPLE.info);
    const institutionOnly = await (await info(sim, (await tokensFor(sim, { username: 'jean', scope: 'institution' })).access_token)).json();
    expect(institutionOnly.patron_info).toEqual({ vs: { patron_pid: '316784', institution: 'vs' }, rbnj: { patron_pid: '876', institution: 'rbnj' } });
    expect(() => sim.control.addPatron({ username: 'x', password: 'pw', records: [{ code: 'vs', pid: '1', patronType: 7, expirationDate: '2027-01-01' }] })).toThrow(/patronType/);
  });

  it('gives a user without patron record neither patron_info nor barcode', async () => {
    const sim = await start();
    const body = await (await info(sim, (await tokensFor(sim, { username: 'noah' })).access_token)).json();
    expect(body).toEqual({ user_id: 1003, fullname: 'Meier, Noah', birthdate: '1979-01-15' });
    // A staff account may carry a barcode, but without a patron record RERO+ sends none.
    sim.control.addPatron({ username: 'staff', password: 'pw', barcode: '999', records: [] });
    const staff = await (await info(sim, (await tokensFor(sim, { username: 'staff', password: 'pw', scope: 'fullname' })).access_token)).json();
    expect(Object.keys(staff)).toEqual(['user_id']);
  });

  it('takes the header over the query parameter and counts query tokens', async () => {
    const sim = await start();
    const { access_token: token } = await tokensFor(sim, { scope: 'institution' });
    const inQuery = await fetch(`${sim.url}/api/patrons/info?access_token=${token}`);
    expect(inQuery.status).toBe(200);
    const badHeader = await fetch(`${sim.url}/api/patrons/info?access_token=${token}`, { headers: { Authorization: 'Bearer wrong-token' } });
    expect(badHeader.status).toBe(401);
    const otherScheme = await fetch(`${sim.url}/api/patrons/info?access_token=${token}`, { headers: { Authorization: `Token ${token}` } });
    expect(otherScheme.status).toBe(401);
    expect((await fetch(`${sim.url}/api/patrons/info`, { headers: { Authorization: `bearer ${token}` } })).status).toBe(200);
    expect(sim.stats).toMatchObject({ infoCalls: 4, infoCallsWithQueryToken: 3 });
  });

  it('answers 401 JSON without WWW-Authenticate for a missing or wrong token', async () => {
    const sim = await start();
    for (const init of [{}, { headers: { Authorization: 'Bearer nope' } }]) {
      const res = await fetch(`${sim.url}/api/patrons/info`, init);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBeNull();
      expect(await res.json()).toMatchObject({ message: expect.any(String) });
    }
  });
});

describe('control', () => {
  it('expireAccessTokens kills one user\'s access tokens but keeps refresh working', async () => {
    const sim = await start();
    const louis = await tokensFor(sim);
    const marie = await tokensFor(sim, { username: 'marie' });
    expect(sim.control.expireAccessTokens('louis')).toBe(1);
    expect((await info(sim, louis.access_token)).status).toBe(401);
    expect((await info(sim, marie.access_token)).status).toBe(200);
    const renewed = await (await refresh(sim, louis.refresh_token)).json();
    expect((await info(sim, renewed.access_token)).status).toBe(200);
    expect(() => sim.control.expireAccessTokens('nobody')).toThrow(/nobody/);
  });

  it('expires and revokes over HTTP for tests in another process', async () => {
    const sim = await start();
    const louis = await tokensFor(sim);
    const marie = await tokensFor(sim, { username: 'marie' });
    const expired = await fetch(`${sim.url}/_sim/expire-access-tokens?user=marie`, { method: 'POST' });
    expect(await expired.json()).toEqual({ expired: 1 });
    expect((await info(sim, marie.access_token)).status).toBe(401);
    expect((await info(sim, louis.access_token)).status).toBe(200);
    const revoked = await fetch(`${sim.url}/_sim/revoke?user=louis`, { method: 'POST' });
    expect(await revoked.json()).toEqual({ revoked: 1 });
    expect((await info(sim, louis.access_token)).status).toBe(401);
    expect((await refresh(sim, louis.refresh_token)).status).toBe(400);
    expect((await fetch(`${sim.url}/_sim/revoke?user=nobody`, { method: 'POST' })).status).toBe(404);
  });

  it('revoke() without a user deletes every token', async () => {
    const sim = await start();
    const louis = await tokensFor(sim);
    const marie = await tokensFor(sim, { username: 'marie' });
    expect(sim.control.revoke()).toBe(2);
    for (const t of [louis, marie]) {
      expect((await info(sim, t.access_token)).status).toBe(401);
      const res = await refresh(sim, t.refresh_token);
      expect((await res.json()).error).toBe('invalid_grant');
    }
  });

  it('simulates 500, HTML and slow answers, and recovers', async () => {
    const sim = await start();
    const tokens = await tokensFor(sim);
    sim.control.setFault('info', '500');
    const broken = await info(sim, tokens.access_token);
    expect(broken.status).toBe(500);
    expect(broken.headers.get('content-type')).toMatch(/^text\/html/);
    sim.control.setFault('info', 'html');
    const html = await info(sim, tokens.access_token);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    sim.control.setFault('info', 'none');
    expect((await info(sim, tokens.access_token)).status).toBe(200);

    sim.control.setFault('token', '500');
    expect((await refresh(sim, tokens.refresh_token)).status).toBe(500);
    expect(sim.stats.refreshGrants).toBe(0);
    const setSlow = await fetch(`${sim.url}/_sim/fault?target=token&mode=slow&delayMs=300`, { method: 'POST' });
    expect(setSlow.status).toBe(204);
    const started = Date.now();
    const slow = await refresh(sim, tokens.refresh_token);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(slow.status).toBe(200);
    expect((await fetch(`${sim.url}/_sim/fault?target=nope&mode=500`, { method: 'POST' })).status).toBe(400);
    expect(() => sim.control.setFault('info', /** @type {any} */ ('timeout'))).toThrow();
  });

  it('counts requests in stats, over HTTP too, and resets them', async () => {
    const sim = await start();
    const tokens = await tokensFor(sim, { scope: 'institution' });
    await fetch(authorizeUrl(sim, { redirect_uri: 'http://evil.example/' }));
    await refresh(sim, 'not-a-token');
    const renewed = await (await refresh(sim, tokens.refresh_token)).json();
    await info(sim, renewed.access_token);
    await fetch(`${sim.url}/api/patrons/info?access_token=${renewed.access_token}`);
    const expected = { codeGrants: 1, refreshGrants: 1, failedRefreshes: 1, infoCalls: 2, infoCallsWithQueryToken: 1, authorizeRequests: 2 };
    expect(sim.stats).toEqual(expected);
    expect(await (await fetch(`${sim.url}/_sim/stats`)).json()).toEqual(expected);
    expect((await fetch(`${sim.url}/_sim/reset-stats`, { method: 'POST' })).status).toBe(204);
    expect(sim.stats).toEqual({ codeGrants: 0, refreshGrants: 0, failedRefreshes: 0, infoCalls: 0, infoCallsWithQueryToken: 0, authorizeRequests: 0 });
  });

  it('adds a patron over HTTP who can then sign in', async () => {
    const sim = await start();
    const patron = { username: 'zoe', password: 'secret', fullname: 'Zufferey, Zoé', records: [{ code: 'vs', pid: '99', patronType: 'vs-pm', expirationDate: '2030-01-31' }] };
    const res = await fetch(`${sim.url}/_sim/patrons`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patron) });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    expect(Number.isInteger(id)).toBe(true);
    expect(DEMO_PATRONS.map((p) => p.id)).not.toContain(id);
    const body = await (await info(sim, (await tokensFor(sim, { username: 'zoe', password: 'secret', scope: 'fullname expiration_date' })).access_token)).json();
    expect(body).toEqual({ user_id: id, fullname: 'Zufferey, Zoé', patron_info: { vs: { patron_pid: '99', expiration_date: '2030-01-31T00:00:00' } } });
    const bad = await fetch(`${sim.url}/_sim/patrons`, { method: 'POST', body: JSON.stringify({ username: 'x' }) });
    expect(bad.status).toBe(400);
  });
});
