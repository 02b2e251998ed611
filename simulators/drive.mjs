/**
 * Drives the RERO+ simulator's login and consent pages over plain HTTP, as a
 * browser would: for integration tests and benchmarks that need a signed-in
 * patron without a browser.
 */

/** @param {string} html */
function requestId(html) {
  const match = html.match(/name="request_id" value="([^"]+)"/);
  if (!match) throw new Error('the simulator page has no request_id');
  return match[1];
}

/** @param {string} url @param {Record<string, string>} fields */
function postForm(url, fields) {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/**
 * From a RERO+ authorize URL to the redirect back to the client: logs in and
 * answers the consent page. Returns the callback URL (with code or error).
 * @param {string | URL} authorizeUrl
 * @param {{ username?: string, password?: string, decision?: 'authorize' | 'reject' }} [options]
 * @returns {Promise<URL>}
 */
export async function approveAtSimulator(authorizeUrl, { username = 'louis', password = 'demo', decision = 'authorize' } = {}) {
  const url = new URL(authorizeUrl);
  const authorize = await fetch(url, { redirect: 'manual' });
  if (authorize.status !== 200) throw new Error(`authorize answered ${authorize.status}`);
  const login = await postForm(new URL('/oauth/login', url), { request_id: requestId(await authorize.text()), username, password });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  const consent = await postForm(new URL('/oauth/consent', url), { request_id: requestId(await login.text()), decision });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`consent answered ${consent.status}`);
  return new URL(location);
}

/** @param {Response} response */
function setCookies(response) {
  return response.headers.getSetCookie().map((line) => line.split(';')[0]);
}

/**
 * A full sign-in at the gateway over HTTP: /auth/login → simulator → /auth/callback.
 * Returns the gateway's session cookie as a `name=value` pair.
 * @param {string} appUrl the gateway's origin
 * @param {{ username?: string, returnTo?: string }} [options]
 */
export async function signInAtGateway(appUrl, { username = 'louis', returnTo = '/' } = {}) {
  const start = await fetch(new URL(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`, appUrl), { redirect: 'manual' });
  const authorize = start.headers.get('location');
  if (start.status !== 302 || !authorize) throw new Error(`/auth/login answered ${start.status}`);
  const transaction = setCookies(start).join('; ');
  const callback = await approveAtSimulator(authorize, { username });
  const finish = await fetch(new URL(`${callback.pathname}${callback.search}`, appUrl), { redirect: 'manual', headers: { cookie: transaction } });
  if (finish.status !== 303) throw new Error(`/auth/callback answered ${finish.status}`);
  const session = setCookies(finish).find((c) => c.startsWith('gw_session=') && c.length > 'gw_session='.length);
  if (!session) throw new Error('no session cookie after sign-in');
  return session;
}
