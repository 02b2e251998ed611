/**
 * A strict local simulator of RERO+, the OAuth 2.0 server of RERO ILS
 * (invenio-oauth2server on Flask-OAuthlib/oauthlib). It follows how the real
 * server behaves (see README, "Connecting to RERO+") and RERO+'s public OAuth
 * document (bib.rero.ch), never what one client happens to send: a client that
 * works here works against bib.rero.ch.
 *
 * Endpoints: GET /oauth/authorize (login page, then consent page),
 * POST /oauth/token, GET /api/patrons/info, and /_sim/* to steer it from tests.
 * No dependencies beyond node: built-ins. Tokens are never logged.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { closeServer, listen, safeEqual } from './http.mjs';

/**
 * @typedef {{ clientId: string, clientSecret: string, redirectUris: string[] }} Client
 * @typedef {{ code: string, pid: string, patronType?: string, expirationDate: string }} PatronRecord
 *   (no patronType: a membership without a patron type, as the document's `rbnj` example)
 * @typedef {{ id: number, username: string, password: string, fullname?: string, birthdate?: string,
 *   barcode?: string, records: PatronRecord[] }} Patron
 * @typedef {{ codeGrants: number, refreshGrants: number, failedRefreshes: number, infoCalls: number,
 *   infoCallsWithQueryToken: number, authorizeRequests: number }} Stats
 * @typedef {'token' | 'info'} FaultTarget
 * @typedef {'none' | 'slow' | '500' | 'html'} FaultMode
 * @typedef {{ expireAccessTokens(username?: string): number, revoke(username?: string): number,
 *   setFault(target: FaultTarget, mode: FaultMode, delayMs?: number): void, resetStats(): void,
 *   addPatron(patron: Partial<Patron> & { username: string, password: string }): Patron }} Control
 * @typedef {{ port?: number, host?: string, clients?: Client[], patrons?: Patron[],
 *   accessTokenTtlSeconds?: number, codeTtlSeconds?: number, now?: () => number }} SimulatorOptions
 * @typedef {{ url: string, port: number, stats: Stats, control: Control, close(): Promise<void> }} Simulator
 * @typedef {{ accessToken: string, refreshToken: string, clientId: string, userId: number,
 *   scopes: string[], expiresAt: number }} TokenRow
 */

/** @type {Client} */
export const DEMO_CLIENT = {
  clientId: 'gateway-demo',
  clientSecret: 'demo-client-secret-change-me',
  redirectUris: ['http://localhost:3000/auth/callback', 'http://127.0.0.1:3000/auth/callback'],
};

/** @type {Patron[]} */
export const DEMO_PATRONS = [
  { id: 1001, username: 'louis', password: 'demo', fullname: 'Roduit, Louis', birthdate: '1985-04-12', barcode: '2050124311',
    records: [
      { code: 'vs', pid: '11', patronType: 'vs-pm', expirationDate: '2031-12-31' },
      { code: 'rbnj', pid: '876', patronType: 'rbnj-adult', expirationDate: '2031-06-30' },
    ] },
  { id: 1002, username: 'marie', password: 'demo', fullname: 'Favre, Marie', birthdate: '1990-09-30', barcode: '2050124312',
    records: [{ code: 'vs', pid: '12', patronType: 'vs-pm', expirationDate: '2024-03-31' }] },
  { id: 1003, username: 'noah', password: 'demo', fullname: 'Meier, Noah', birthdate: '1979-01-15', records: [] },
  { id: 1004, username: 'lea', password: 'demo', fullname: 'Bonvin, Léa', birthdate: '2014-05-01', barcode: '2050124314',
    records: [{ code: 'vs', pid: '14', patronType: 'vs-junior', expirationDate: '2031-12-31' }] },
];

/**
 * The public document's own example: a user registered at `vs` and at `rbnj`,
 * every scope granted, the `rbnj` membership without a patron type. `patron`
 * is how the simulator holds them (add it with control.addPatron); `info` is
 * the /api/patrons/info answer the document shows for them.
 */
export const DOCUMENT_EXAMPLE = {
  /** @type {Patron} */
  patron: { id: 7653, username: 'jean', password: 'demo', fullname: 'Jean Simon', birthdate: '2000-01-01', barcode: 'xxxxxxxxxxx',
    records: [
      { code: 'vs', pid: '316784', patronType: 'vs-pm', expirationDate: '2027-03-30' },
      { code: 'rbnj', pid: '876', expirationDate: '2029-08-24' },
    ] },
  info: {
    barcode: 'xxxxxxxxxxx',
    user_id: 7653,
    fullname: 'Jean Simon',
    birthdate: '2000-01-01',
    patron_info: {
      vs: { expiration_date: '2027-03-30T00:00:00', institution: 'vs', patron_pid: '316784', patron_type: 'vs-pm' },
      rbnj: { expiration_date: '2029-08-24T00:00:00', institution: 'rbnj', patron_pid: '876' },
    },
  },
};

/** The scopes RERO ILS registers; `patron_types` is deprecated but still accepted. */
const SCOPES = {
  fullname: 'your first and last name',
  birthdate: 'your date of birth',
  institution: 'the libraries you are registered with',
  expiration_date: 'the expiry date of each of your library memberships',
  patron_type: 'your patron category in each library',
  patron_types: 'your patron categories (deprecated)',
};
const PENDING_TTL_MS = 15 * 60 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An error that the HTTP layer answers with `status`. */
class SimError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) { super(message); this.status = status; }
}

/** 30 characters of [A-Za-z0-9], the shape oauthlib's generate_token gives RERO+ tokens and codes. */
function randomToken(length = 30) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** @param {unknown} value */
function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * oauthlib's scope_to_list: strip the ends, split on ONE space. A double space gives an empty
 * scope and a comma gives an unknown one: both are invalid_scope on RERO+.
 * @param {string | null} raw @returns {string[] | null} null when invalid
 */
function parseScope(raw) {
  if (raw === null || raw.trim() === '') return []; // no scope: only the always-present fields
  const scopes = raw.trim().split(' ');
  if (!scopes.every((s) => Object.hasOwn(SCOPES, s))) return null;
  return [...new Set(scopes)];
}

/** @param {Client} client */
function checkClient(client) {
  if (!client?.clientId || !client.clientSecret) throw new TypeError('A client needs a clientId and a clientSecret (RERO+ refreshes only for confidential clients)');
  if (!Array.isArray(client.redirectUris) || client.redirectUris.length === 0) throw new TypeError(`Client ${client.clientId} has no redirect URIs`);
  for (const uri of client.redirectUris) {
    const url = new URL(uri);
    // RERO+ registers https redirect URIs only, except http on localhost/127.0.0.1.
    const loopback = url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname);
    if (url.protocol !== 'https:' && !loopback) throw new TypeError(`Redirect URI ${uri} must be https (http only on localhost/127.0.0.1)`);
  }
  return { clientId: client.clientId, clientSecret: client.clientSecret, redirectUris: [...client.redirectUris] };
}

/**
 * Validates a patron and returns a private copy.
 * @param {any} p @param {number} fallbackId @returns {Patron}
 */
function checkPatron(p, fallbackId) {
  const fail = (/** @type {string} */ why) => { throw new SimError(400, `Invalid patron: ${why}`); };
  if (!p || typeof p !== 'object') fail('expected an object');
  if (typeof p.username !== 'string' || !p.username) fail('username must be a non-empty string');
  if (typeof p.password !== 'string' || !p.password) fail('password must be a non-empty string');
  const id = p.id ?? fallbackId;
  if (!Number.isInteger(id) || id <= 0) fail('id must be a positive integer');
  if (p.fullname !== undefined && typeof p.fullname !== 'string') fail('fullname must be a string');
  if (p.birthdate !== undefined && !DATE.test(p.birthdate)) fail('birthdate must be YYYY-MM-DD');
  if (p.barcode !== undefined && typeof p.barcode !== 'string') fail('barcode must be a string');
  const records = p.records ?? [];
  if (!Array.isArray(records)) fail('records must be an array');
  for (const r of records) {
    if (!r || typeof r.code !== 'string' || typeof r.pid !== 'string' || !DATE.test(r.expirationDate) || (r.patronType !== undefined && typeof r.patronType !== 'string')) {
      fail('each record needs code, pid (strings) and expirationDate (YYYY-MM-DD); patronType, when given, is a string');
    }
  }
  return { ...p, id, records: records.map((/** @type {PatronRecord} */ r) => ({ ...r })) };
}

/** @param {string} title @param {string} body */
function page(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} – RERO+ simulator</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin-top:1rem}input{display:block;width:100%;padding:.4rem}button{margin-top:1rem;padding:.4rem 1rem}
.error{color:#a00}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

/** @param {http.ServerResponse} res @param {number} status @param {string} body @param {Record<string, string>} [headers] */
function send(res, status, body, headers = {}) {
  if (res.destroyed || res.headersSent) return; // the client left during a 'slow' fault
  res.writeHead(status, status === 204 ? headers : { 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
/** @param {http.ServerResponse} res @param {number} status @param {string} html @param {Record<string, string>} [headers] */
const sendHtml = (res, status, html, headers = {}) => send(res, status, html, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
/** @param {http.ServerResponse} res @param {number} status @param {unknown} data @param {Record<string, string>} [headers] */
const sendJson = (res, status, data, headers = {}) => send(res, status, JSON.stringify(data), { 'Content-Type': 'application/json', ...headers });
/** Flask's own 404 page: what RERO+ answers for unknown paths and (from its token view) unknown clients. */
const notFound = (/** @type {http.ServerResponse} */ res) => sendHtml(res, 404, page('Not Found', '<p>The requested URL was not found on the server.</p>'));

/** @param {http.IncomingMessage} req @returns {Promise<string>} */
function readBody(req, limit = 100_000) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => { size += chunk.length; if (size <= limit) chunks.push(chunk); });
    req.on('end', () => (size > limit ? reject(new SimError(413, 'Request body too large')) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/**
 * The form body. Only application/x-www-form-urlencoded is read: the token endpoint ignores a
 * JSON body (oauthlib reads request.form), so JSON looks like an empty form.
 * @param {http.IncomingMessage} req
 */
async function readForm(req) {
  const body = await readBody(req);
  const mediaType = (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  return new URLSearchParams(mediaType === 'application/x-www-form-urlencoded' ? body : '');
}

/**
 * Starts a simulator. Every instance has its own state.
 * @param {SimulatorOptions} [options] @returns {Promise<Simulator>}
 */
export async function startReroSimulator(options = {}) {
  const {
    port = 0, host = '127.0.0.1', clients = [DEMO_CLIENT], patrons = DEMO_PATRONS,
    accessTokenTtlSeconds = 3600, codeTtlSeconds = 30, now = () => Date.now(),
  } = options;

  const clientsById = new Map(clients.map((c) => [c.clientId, checkClient(c)]));
  /** @type {Map<number, Patron>} */
  const patronsById = new Map();
  const findPatron = (/** @type {string | null} */ username) => [...patronsById.values()].find((p) => p.username === username);
  /** @type {Map<string, { clientId: string, redirectUri: string, scopes: string[], state?: string, userId?: number, createdAt: number }>} */
  const pending = new Map(); // authorization requests waiting for login and consent, by random id
  /** @type {Map<string, { clientId: string, userId: number, redirectUri: string, scopes: string[], createdAt: number }>} */
  const codes = new Map();
  /** @type {Set<TokenRow>} one row = one access token and its refresh token, as in invenio's Token table */
  const tokens = new Set();
  /** @type {Stats} */
  const stats = { codeGrants: 0, refreshGrants: 0, failedRefreshes: 0, infoCalls: 0, infoCallsWithQueryToken: 0, authorizeRequests: 0 };
  /** @type {Record<FaultTarget, { mode: FaultMode, delayMs: number }>} */
  const faults = { token: { mode: 'none', delayMs: 15000 }, info: { mode: 'none', delayMs: 15000 } };
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();

  /** @type {Control} */
  const control = {
    expireAccessTokens(username) {
      let n = 0;
      for (const row of rowsOf(username)) { row.expiresAt = -Infinity; n++; } // the refresh token stays valid
      return n;
    },
    revoke(username) {
      let n = 0;
      for (const row of rowsOf(username)) { tokens.delete(row); n++; } // access AND refresh token gone
      return n;
    },
    setFault(target, mode, delayMs = 15000) {
      if (!Object.hasOwn(faults, target)) throw new SimError(400, `Unknown fault target ${target} (token, info)`);
      if (!['none', 'slow', '500', 'html'].includes(mode)) throw new SimError(400, `Unknown fault mode ${mode} (none, slow, 500, html)`);
      if (!Number.isFinite(delayMs) || delayMs < 0) throw new SimError(400, 'delayMs must be a non-negative number');
      faults[target] = { mode, delayMs };
    },
    resetStats() {
      for (const key of /** @type {(keyof Stats)[]} */ (Object.keys(stats))) stats[key] = 0;
    },
    addPatron(patron) {
      // Same username: replaced (keeps its id), so a test may add its patron again.
      const existing = findPatron(patron?.username);
      const nextId = Math.max(1000, ...patronsById.keys()) + 1;
      const p = checkPatron(patron, existing?.id ?? nextId);
      const holder = patronsById.get(p.id);
      if (holder && holder.username !== p.username) throw new SimError(400, `Invalid patron: id ${p.id} belongs to ${holder.username}`);
      if (existing) patronsById.delete(existing.id);
      patronsById.set(p.id, p);
      return { ...p, records: p.records.map((r) => ({ ...r })) };
    },
  };
  for (const p of patrons) control.addPatron(p);

  /** @param {string} [username] */
  function rowsOf(username) {
    const userId = username === undefined ? undefined : findPatron(username)?.id;
    if (username !== undefined && userId === undefined) throw new SimError(404, `Unknown patron ${username}`);
    return [...tokens].filter((row) => userId === undefined || row.userId === userId);
  }

  /** @param {number} ms */
  const sleep = (ms) => new Promise((resolve) => {
    const timer = setTimeout(() => { timers.delete(timer); resolve(undefined); }, ms);
    timers.add(timer);
  });

  /** Applies the fault set for `target`; true when it already answered. @param {FaultTarget} target @param {http.ServerResponse} res */
  async function faulted(target, res) {
    const { mode, delayMs } = faults[target];
    // 'slow': wait, then answer normally; a client that gave up meanwhile still has its grant processed, as on a slow real server.
    if (mode === 'slow') await sleep(delayMs);
    if (mode === '500') sendHtml(res, 500, page('Internal Server Error', '<p>The server encountered an internal error.</p>'));
    if (mode === 'html') sendHtml(res, 200, page('RERO ILS', '<p>Maintenance in progress. Please come back later.</p>'));
    return mode === '500' || mode === 'html';
  }

  /** The simulator's own error page: RERO+ never sends an unknown client or redirect URI back. */
  const authorizeErrorPage = (/** @type {http.ServerResponse} */ res, /** @type {string} */ message) =>
    sendHtml(res, 400, page('Authorization error', `<p class="error">${escapeHtml(message)}</p><p>You can close this page.</p>`));

  /** oauthlib's error redirect: error, error_description, then state only if the client sent one. */
  function redirectTo(/** @type {http.ServerResponse} */ res, /** @type {string} */ redirectUri, /** @type {Record<string, string | undefined>} */ params) {
    const url = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) if (value) url.searchParams.append(key, value);
    send(res, 302, '', { Location: url.href, 'Cache-Control': 'no-store' });
  }

  /** @param {URL} url @param {http.ServerResponse} res */
  function authorize(url, res) {
    stats.authorizeRequests++;
    const q = url.searchParams;
    for (const name of ['client_id', 'response_type', 'redirect_uri', 'scope', 'state']) {
      if (q.getAll(name).length > 1) return authorizeErrorPage(res, `Duplicate ${name} parameter.`); // fatal in oauthlib
    }
    const client = clientsById.get(q.get('client_id') ?? '');
    if (!client) return authorizeErrorPage(res, 'Unknown application (client_id).');
    const redirectUri = q.get('redirect_uri');
    // Exact string equality with a registered URI: no prefix, no trailing-slash leniency.
    if (!redirectUri || !client.redirectUris.includes(redirectUri)) return authorizeErrorPage(res, 'The redirect_uri is not registered for this application.');
    const state = q.get('state') || undefined;
    const responseType = q.get('response_type');
    if (!responseType) return redirectTo(res, redirectUri, { error: 'invalid_request', error_description: 'Missing response_type parameter.', state });
    if (responseType !== 'code') return redirectTo(res, redirectUri, { error: 'unsupported_response_type', state });
    const scopes = parseScope(q.get('scope'));
    if (!scopes) return redirectTo(res, redirectUri, { error: 'invalid_scope', error_description: 'The requested scope is invalid, unknown, or malformed.', state });
    // The document: "at least one scope is required". The server's code would let none through; the stricter rule is kept.
    if (scopes.length === 0) return redirectTo(res, redirectUri, { error: 'invalid_scope', error_description: 'At least one scope is required.', state });
    // code_challenge / code_challenge_method are accepted and ignored: RERO+ never verifies PKCE.
    for (const [id, p] of pending) if (now() - p.createdAt > PENDING_TTL_MS) pending.delete(id);
    const id = randomToken(32);
    pending.set(id, { clientId: client.clientId, redirectUri, scopes, state, createdAt: now() });
    sendHtml(res, 200, loginPage(id, client.clientId));
  }

  /** @param {string} id @param {string} clientId @param {string} [error] */
  function loginPage(id, clientId, error) {
    return page('Sign in to RERO+', `<p>The application <strong>${escapeHtml(clientId)}</strong> asks you to sign in with your library account.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/oauth/login">
<input type="hidden" name="request_id" value="${escapeHtml(id)}">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`);
  }

  /** @param {string} id @param {string} clientId @param {string[]} scopes @param {Patron} patron */
  function consentPage(id, clientId, scopes, patron) {
    const items = scopes.map((s) => `<li><code>${s}</code>: ${escapeHtml(SCOPES[/** @type {keyof SCOPES} */ (s)])}</li>`).join('\n');
    return page(`Authorize ${clientId}`, `<p>Signed in as ${escapeHtml(patron.fullname ?? patron.username)}.</p>
<p>The application <strong>${escapeHtml(clientId)}</strong> will always receive your user id and your patron identifiers${scopes.length ? ', and asks for:' : '.'}</p>
${scopes.length ? `<ul>${items}</ul>` : ''}
<form method="post" action="/oauth/consent">
<input type="hidden" name="request_id" value="${escapeHtml(id)}">
<button type="submit" name="decision" value="authorize">Authorize</button>
<button type="submit" name="decision" value="reject">Reject</button>
</form>`);
  }

  /** @param {string | null} id */
  function pendingRequest(id) {
    const p = id ? pending.get(id) : undefined;
    return p && now() - p.createdAt <= PENDING_TTL_MS ? p : undefined;
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function login(req, res) {
    const form = await readForm(req);
    const id = form.get('request_id');
    const p = pendingRequest(id);
    if (!id || !p || p.userId !== undefined) return authorizeErrorPage(res, 'This sign-in request is unknown or has expired. Go back to the application and start again.');
    const patron = findPatron(form.get('username'));
    if (!patron || !safeEqual(form.get('password'), patron.password)) {
      return sendHtml(res, 200, loginPage(id, p.clientId, 'Wrong username or password. Please try again.'));
    }
    p.userId = patron.id;
    // Consent is asked on every authorization: RERO+ does not remember it.
    sendHtml(res, 200, consentPage(id, p.clientId, p.scopes, patron));
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function consent(req, res) {
    const form = await readForm(req);
    const id = form.get('request_id');
    const p = pendingRequest(id);
    if (!id || !p || p.userId === undefined) return authorizeErrorPage(res, 'This sign-in request is unknown or has expired. Go back to the application and start again.');
    const decision = form.get('decision');
    if (decision !== 'authorize' && decision !== 'reject') return authorizeErrorPage(res, 'Choose Authorize or Reject.');
    pending.delete(id); // one decision per request
    if (decision === 'reject') {
      return redirectTo(res, p.redirectUri, { error: 'access_denied', error_description: 'The end-user or authorization server denied the request.', state: p.state });
    }
    const code = randomToken();
    codes.set(code, { clientId: p.clientId, userId: p.userId, redirectUri: p.redirectUri, scopes: p.scopes, createdAt: now() });
    redirectTo(res, p.redirectUri, { code, state: p.state });
  }

  /** @param {string} error @param {string} description @param {number} [status] */
  const oauthError = (error, description, status = 400) => ({ status, body: { error, error_description: description } });

  /** A new token row. RERO+ deletes earlier tokens on each grant: one live token per (client, user). */
  function issue(/** @type {string} */ clientId, /** @type {number} */ userId, /** @type {string[]} */ scopes) {
    for (const row of tokens) if (row.clientId === clientId && row.userId === userId) tokens.delete(row);
    const row = { accessToken: randomToken(), refreshToken: randomToken(), clientId, userId, scopes, expiresAt: now() + accessTokenTtlSeconds * 1000 };
    tokens.add(row);
    return { status: 200, body: {
      access_token: row.accessToken, expires_in: accessTokenTtlSeconds, token_type: 'Bearer',
      scope: scopes.join(' '), refresh_token: row.refreshToken, user: { id: userId },
    } };
  }

  /** @param {URLSearchParams} form @param {string | undefined} authorization @returns {{ status: number, body?: object, html?: string }} */
  function exchange(form, authorization) {
    // client_secret_post only: HTTP Basic is refused, even when the body carries the credentials too.
    if (authorization && /^basic\b/i.test(authorization.trim())) return oauthError('invalid_client', 'Client authentication failed: send client_id and client_secret in the form body.', 401);
    const clientId = form.get('client_id');
    if (!clientId) return oauthError('invalid_request', 'Missing client_id parameter.');
    const client = clientsById.get(clientId);
    // invenio's token view looks the client up first and aborts with Flask's HTML 404.
    if (!client) return { status: 404, html: page('Not Found', '<p>The requested URL was not found on the server.</p>') };
    for (const name of ['client_id', 'grant_type', 'redirect_uri']) {
      if (form.getAll(name).length > 1) return oauthError('invalid_request', `Duplicate ${name} parameter.`);
    }
    const grantType = form.get('grant_type');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') return oauthError('unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
    const secretOk = safeEqual(form.get('client_secret'), client.clientSecret);

    if (grantType === 'authorization_code') {
      const code = form.get('code');
      if (!code) return oauthError('invalid_request', 'Missing code parameter.');
      if (!secretOk) return oauthError('invalid_client', 'Client authentication failed.', 401);
      const grant = codes.get(code);
      // A code belongs to one client, lives codeTtlSeconds (30 s per the document) and is used once.
      if (!grant || grant.clientId !== client.clientId || now() - grant.createdAt >= codeTtlSeconds * 1000) {
        return oauthError('invalid_grant', 'The authorization code is invalid, expired or already used.');
      }
      // redirect_uri must be the very one used at authorize (oauthlib MismatchingRedirectURIError).
      if (form.get('redirect_uri') !== grant.redirectUri) return oauthError('invalid_request', 'Mismatching redirect URI.');
      codes.delete(code); // single use: a second exchange is invalid_grant
      stats.codeGrants++;
      return issue(client.clientId, grant.userId, grant.scopes);
    }

    const refreshToken = form.get('refresh_token');
    if (!refreshToken) return oauthError('invalid_request', 'Missing refresh token parameter.');
    if (!secretOk) return oauthError('invalid_client', 'Client authentication failed.', 401);
    const row = [...tokens].find((r) => r.refreshToken === refreshToken && r.clientId === client.clientId);
    // Rotated, revoked or superseded by another device's login: gone.
    if (!row) return oauthError('invalid_grant', 'The refresh token is invalid or has been revoked.');
    let scopes = row.scopes;
    const requested = form.get('scope');
    if (requested) {
      // oauthlib: a refresh may narrow the scopes, never widen them.
      const asked = parseScope(requested);
      if (!asked || !asked.every((s) => row.scopes.includes(s))) return oauthError('invalid_scope', 'The requested scope exceeds the original grant.');
      scopes = asked;
    }
    stats.refreshGrants++;
    return issue(client.clientId, row.userId, scopes); // new access AND refresh token; the old row is deleted
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function token(req, res) {
    const form = await readForm(req);
    if (await faulted('token', res)) return;
    const result = exchange(form, req.headers.authorization);
    if (form.get('grant_type') === 'refresh_token' && result.status !== 200) stats.failedRefreshes++;
    if (result.html) return sendHtml(res, result.status, result.html);
    // oauthlib puts no-store on every token response (RFC 6749 §5.1).
    sendJson(res, result.status, result.body, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  }

  /** @param {http.IncomingMessage} req @param {URL} url @param {http.ServerResponse} res */
  async function patronInfo(req, url, res) {
    stats.infoCalls++;
    if (url.searchParams.has('access_token')) stats.infoCallsWithQueryToken++;
    if (await faulted('info', res)) return;
    // oauthlib's get_token_from_header: with ANY Authorization header the query parameter is ignored.
    let accessToken = url.searchParams.get('access_token');
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const [scheme, value, ...rest] = authorization.trim().split(/\s+/);
      accessToken = scheme?.toLowerCase() === 'bearer' && value && rest.length === 0 ? value : null;
    }
    const row = accessToken ? [...tokens].find((r) => r.accessToken === accessToken) : undefined;
    const patron = row && now() < row.expiresAt ? patronsById.get(row.userId) : undefined;
    // invenio-rest's 401: JSON, and no WWW-Authenticate header.
    if (!row || !patron) return sendJson(res, 401, { status: 401, message: 'The server could not verify that you are authorized to access the URL requested.' });
    sendJson(res, 200, patronData(patron, row.scopes));
  }

  /** rero-ils patrons/info: scopes only decide which fields appear. @param {Patron} patron @param {string[]} scopes */
  function patronData(patron, scopes) {
    const has = (/** @type {string} */ s) => scopes.includes(s);
    /** @type {Record<string, unknown>} */
    const data = {};
    if (patron.records.length > 0 && patron.barcode) data.barcode = patron.barcode; // only with a patron record
    if (has('fullname') && patron.fullname) data.fullname = patron.fullname;
    if (has('birthdate') && patron.birthdate) data.birthdate = patron.birthdate;
    const entries = patron.records.map((r) => {
      /** @type {Record<string, string>} */
      const entry = { patron_pid: r.pid }; // always, even without scopes
      if (has('institution')) entry.institution = r.code;
      if (has('patron_type') && r.patronType !== undefined) entry.patron_type = r.patronType;
      if (has('expiration_date')) entry.expiration_date = `${r.expirationDate}T00:00:00`; // local date, no zone
      return /** @type {[string, Record<string, string>]} */ ([r.code, entry]);
    });
    if (entries.length > 0) {
      data.patron_info = Object.fromEntries(entries);
      if (has('patron_types')) data.patron_types = entries.map(([, entry]) => entry);
    }
    data.user_id = patron.id;
    return data;
  }

  /** @param {http.IncomingMessage} req @param {URL} url @param {http.ServerResponse} res */
  async function simControl(req, url, res) {
    const q = url.searchParams;
    const user = q.get('user') ?? undefined;
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /_sim/stats') return sendJson(res, 200, stats);
    if (route === 'POST /_sim/reset-stats') { control.resetStats(); return send(res, 204, ''); }
    if (route === 'POST /_sim/expire-access-tokens') return sendJson(res, 200, { expired: control.expireAccessTokens(user) });
    if (route === 'POST /_sim/revoke') return sendJson(res, 200, { revoked: control.revoke(user) });
    if (route === 'POST /_sim/fault') {
      const delay = q.get('delayMs');
      control.setFault(/** @type {FaultTarget} */ (q.get('target')), /** @type {FaultMode} */ (q.get('mode')), delay === null ? undefined : Number(delay));
      return send(res, 204, '');
    }
    if (route === 'POST /_sim/patrons') {
      let body;
      try { body = JSON.parse(await readBody(req)); } catch { throw new SimError(400, 'Expected a JSON patron'); }
      const { id, username } = control.addPatron(body);
      return sendJson(res, 201, { id, username });
    }
    sendJson(res, 404, { error: 'Unknown simulator control' });
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(`http://simulator.invalid${req.url ?? '/'}`);
    try {
      if (url.pathname.startsWith('/_sim/')) return await simControl(req, url, res);
      const routes = /** @type {Record<string, [string, () => unknown]>} */ ({
        '/oauth/authorize': ['GET', () => authorize(url, res)],
        '/oauth/login': ['POST', () => login(req, res)],
        '/oauth/consent': ['POST', () => consent(req, res)],
        '/oauth/token': ['POST', () => token(req, res)],
        '/api/patrons/info': ['GET', () => patronInfo(req, url, res)],
      });
      const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
      if (!route) return notFound(res);
      // Flask answers a wrong method on a known route with 405 (e.g. the document's GET-style refresh URL).
      if (req.method !== route[0]) return sendHtml(res, 405, page('Method Not Allowed', '<p>The method is not allowed for the requested URL.</p>'), { Allow: route[0] });
      await route[1]();
    } catch (err) {
      const status = err instanceof SimError ? err.status : 500;
      const message = err instanceof SimError ? err.message : 'Internal simulator error';
      if (!(err instanceof SimError)) console.error('RERO+ simulator error:', err instanceof Error ? err.message : err);
      if (url.pathname.startsWith('/_sim/')) sendJson(res, status, { error: message });
      else sendHtml(res, status, page('Error', `<p>${escapeHtml(message)}</p>`));
    }
  });

  const address = await listen(server, port, host);

  return {
    url: address.url,
    port: address.port,
    stats,
    control,
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return closeServer(server);
    },
  };
}

/** `node simulators/rero-plus.mjs`: env RERO_SIM_PORT, RERO_SIM_HOST, RERO_SIM_CLIENT_ID, RERO_SIM_CLIENT_SECRET, RERO_SIM_REDIRECT_URIS. */
async function main() {
  const env = process.env;
  const client = {
    clientId: env.RERO_SIM_CLIENT_ID || DEMO_CLIENT.clientId,
    clientSecret: env.RERO_SIM_CLIENT_SECRET || DEMO_CLIENT.clientSecret,
    redirectUris: env.RERO_SIM_REDIRECT_URIS
      ? env.RERO_SIM_REDIRECT_URIS.split(',').map((u) => u.trim()).filter(Boolean)
      : DEMO_CLIENT.redirectUris,
  };
  const port = Number(env.RERO_SIM_PORT || 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`RERO_SIM_PORT must be a port number, got ${env.RERO_SIM_PORT}`);
  const sim = await startReroSimulator({ port, host: env.RERO_SIM_HOST || '127.0.0.1', clients: [client] });
  console.log(`RERO+ simulator listening on ${sim.url}`);
  console.log(`  client ${client.clientId}, redirect URIs: ${client.redirectUris.join(', ')}`);
  for (const p of DEMO_PATRONS) {
    const records = p.records.map((r) => `${r.code} (${r.patronType ?? 'no patron type'}, until ${r.expirationDate})`).join(', ') || 'no patron record';
    console.log(`  login ${p.username} / ${p.password}: ${p.fullname}, ${records}`);
  }
  const stop = () => { sim.close().then(() => process.exit(0), () => process.exit(1)); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => { console.error(err instanceof Error ? err.message : err); process.exit(1); });
}
