/**
 * A strict local fake of Libris (KB): the token endpoint and /oauth/verify of
 * Libris Login, and the write API of Libris XL. It follows the public
 * documentation of Libris XL and Libris Login (libris.kb.se) and how the servers answer, not
 * what one client happens to send.
 *
 * - POST /oauth/token: form body client_id, client_secret,
 *   grant_type=client_credentials (client_secret_post; HTTP Basic is not
 *   read). 200 {access_token, expires_in: 36000, token_type: "Bearer",
 *   scope: "read write", app_version}.
 * - GET /oauth/verify with Bearer: {app_version, expires_at, user: {full_name,
 *   email, permissions: [{code, friendly_name, registrant, cataloger,
 *   global_registrant}]}}; 401 {message: "Bearer token not found." | "Bearer
 *   token is expired."}.
 * - GET /<id>: a record (reads need no token; a token that is sent must be
 *   valid, and an XL-Active-Sigel that is sent must be one of its sigels).
 *   POST /data, PUT /<id> (If-Match), DELETE /<id>: Bearer, XL-Active-Sigel
 *   (one of the token's sigels), Content-Type application/ld+json; level 1
 *   (registrant) writes holdings (Item) only, level 2 (cataloger) anything.
 *   401 bodies are plain text; 403 and other 4xx are JSON
 *   {status_code, status, message}.
 *
 * Node built-ins only. Secrets and tokens are never logged; the stats keep
 * field names and header values that are not secrets.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { closeServer, listen, safeEqual } from './http.mjs';

/**
 * @typedef {{ code: string, friendly_name?: string, registrant?: boolean, cataloger?: boolean, global_registrant?: boolean }} Permission
 * @typedef {{ clientId: string, clientSecret: string, fullName?: string, email?: string, permissions: Permission[] }} LibrisClient
 * @typedef {{ port?: number, host?: string, clients?: LibrisClient[], now?: () => number, tokenTtlSeconds?: number,
 *   records?: Record<string, object> }} LibrisOptions
 * @typedef {{ tokenRequests: number, tokensIssued: number, verifyRequests: number, apiRequests: number, refusedApiRequests: number,
 *   tokenForms: { contentType: string, fields: string[], basicAuth: boolean }[],
 *   apiCalls: { method: string, path: string, bearer: boolean, activeSigel: string | null, status: number }[] }} LibrisStats
 */

/** @type {LibrisClient} */
export const DEMO_CLIENT = {
  clientId: 'libris-demo',
  clientSecret: 'demo-libris-secret-change-me',
  fullName: 'Demo Library',
  email: 'cataloguing@library.example',
  permissions: [
    { code: 'Xyz', friendly_name: 'Demo Library, main branch', registrant: true, cataloger: true, global_registrant: false },
    { code: 'Xyzb', friendly_name: 'Demo Library, branch', registrant: true, cataloger: false, global_registrant: false },
  ],
};

const APP_VERSION = '1.5.0';

/** Like the documented example token: 24 characters of [A-Za-z0-9]. */
function randomToken() {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(24)].map((b) => alphabet[b % alphabet.length]).join('');
}

class HttpError extends Error {
  /** @param {number} status @param {string} message @param {'json' | 'text' | 'oauth'} [shape] @param {string} [oauthError] */
  constructor(status, message, shape = 'json', oauthError) {
    super(message);
    this.status = status;
    this.shape = shape;
    this.oauthError = oauthError;
  }
}

const STATUS_TEXT = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 412: 'Precondition Failed', 415: 'Unsupported Media Type' };

/** @param {LibrisOptions} [options] */
export async function startLibrisSimulator(options = {}) {
  const { port = 0, host = '127.0.0.1', clients = [DEMO_CLIENT], now = Date.now, tokenTtlSeconds = 36000 } = options;
  /** @type {Map<string, { clientId: string, expiresAt: number }>} */
  const tokens = new Map();
  /** @type {Map<string, { data: object, etag: string }>} */
  const records = new Map(
    Object.entries(options.records ?? { fxql7jqr38b1dkf: { '@graph': [{ '@id': 'https://libris.kb.se/fxql7jqr38b1dkf', '@type': 'Record' }, { '@type': 'Instance', hasTitle: [{ mainTitle: 'Röda rummet' }] }] } }).map(
      ([id, data]) => [id, { data, etag: `"${randomBytes(6).toString('hex')}"` }],
    ),
  );
  /** @type {LibrisStats} */
  const stats = { tokenRequests: 0, tokensIssued: 0, verifyRequests: 0, apiRequests: 0, refusedApiRequests: 0, tokenForms: [], apiCalls: [] };

  /** @param {string} id */
  const clientOf = (id) => clients.find((c) => c.clientId === id);

  /** @param {http.ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
  function sendJson(res, status, body, headers = {}) {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Date: new Date(now()).toUTCString(), ...headers });
    res.end(JSON.stringify(body));
  }

  /** @param {http.IncomingMessage} req @returns {Promise<string>} */
  async function readBody(req) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > 1_000_000) throw new HttpError(413, 'Body too large');
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /**
   * The token a request carries, or why not.
   * @param {http.IncomingMessage} req
   * @returns {{ token?: { clientId: string, expiresAt: number }, problem?: string }}
   */
  function bearer(req) {
    const header = req.headers.authorization;
    const match = header ? /^Bearer ([^\s]+)$/i.exec(header) : null;
    if (!match || !match[1]) return { problem: 'Bearer token not found.' };
    const token = tokens.get(match[1]);
    if (!token) return { problem: 'Bearer token not found.' };
    if (token.expiresAt <= now()) return { problem: 'Bearer token is expired.' };
    return { token };
  }

  /** @param {{ clientId: string }} token */
  const sigelsOf = (token) => clientOf(token.clientId)?.permissions ?? [];

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function token(req, res) {
    stats.tokenRequests += 1;
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const body = await readBody(req);
    const form = contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(body) : new URLSearchParams();
    stats.tokenForms.push({ contentType, fields: [...new Set(form.keys())].sort(), basicAuth: /^Basic /i.test(req.headers.authorization ?? '') });
    if (contentType !== 'application/x-www-form-urlencoded') throw new HttpError(400, 'The token request must be a form (application/x-www-form-urlencoded).', 'oauth', 'invalid_request');
    if (form.get('grant_type') !== 'client_credentials') throw new HttpError(400, 'Only grant_type=client_credentials is supported.', 'oauth', 'unsupported_grant_type');
    // client_secret_post: the credentials are read from the form only.
    const client = clientOf(form.get('client_id') ?? '');
    if (!client || !safeEqual(form.get('client_secret'), client.clientSecret)) throw new HttpError(401, 'Invalid client credentials.', 'oauth', 'invalid_client');
    const accessToken = randomToken();
    tokens.set(accessToken, { clientId: client.clientId, expiresAt: now() + tokenTtlSeconds * 1000 });
    stats.tokensIssued += 1;
    sendJson(res, 200, { access_token: accessToken, expires_in: tokenTtlSeconds, token_type: 'Bearer', scope: 'read write', app_version: APP_VERSION });
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  function verify(req, res) {
    stats.verifyRequests += 1;
    const { token, problem } = bearer(req);
    if (!token) return sendJson(res, 401, { message: problem });
    const client = clientOf(token.clientId);
    sendJson(res, 200, {
      app_version: APP_VERSION,
      expires_at: new Date(token.expiresAt).toISOString(),
      user: {
        full_name: client?.fullName ?? '',
        email: client?.email ?? '',
        permissions: (client?.permissions ?? []).map((p) => ({
          code: p.code,
          friendly_name: p.friendly_name ?? p.code,
          registrant: p.registrant === true,
          cataloger: p.cataloger === true,
          global_registrant: p.global_registrant === true,
        })),
      },
    });
  }

  /**
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string} path
   */
  async function api(req, res, path) {
    stats.apiRequests += 1;
    const method = req.method ?? 'GET';
    const sigelHeader = req.headers['xl-active-sigel'];
    const activeSigel = typeof sigelHeader === 'string' && sigelHeader.trim() !== '' ? sigelHeader.trim() : null;
    const call = { method, path, bearer: Boolean(req.headers.authorization), activeSigel, status: 0 };
    stats.apiCalls.push(call);
    try {
      const write = method !== 'GET' && method !== 'HEAD';
      const sent = req.headers.authorization !== undefined;
      /** @type {{ clientId: string, expiresAt: number } | undefined} */
      let token;
      if (write || sent) {
        const checked = bearer(req);
        if (!checked.token) throw new HttpError(401, checked.problem ?? 'Bearer token not found.', 'text');
        token = checked.token;
      }
      /** @type {Permission | undefined} */
      let permission;
      if (activeSigel !== null || write) {
        if (activeSigel === null) throw new HttpError(400, 'Missing XL-Active-Sigel header.');
        if (!token) throw new HttpError(401, 'Bearer token not found.', 'text');
        permission = sigelsOf(token).find((p) => p.code === activeSigel);
        if (!permission) throw new HttpError(403, `The sigel ${activeSigel} is not one of this client's sigels.`);
      }
      const id = path.replace(/^\//, '').replace(/\/data(\.jsonld)?$/, '');
      if (method === 'GET' || method === 'HEAD') {
        const record = records.get(id);
        if (!record) throw new HttpError(404, `No record ${id}.`);
        call.status = 200;
        res.writeHead(200, { 'Content-Type': 'application/ld+json', ETag: record.etag, Date: new Date(now()).toUTCString() });
        return res.end(method === 'HEAD' ? undefined : JSON.stringify(record.data));
      }
      if (method !== 'POST' && method !== 'PUT' && method !== 'DELETE') throw new HttpError(405, `${method} is not supported.`);
      if (method !== 'DELETE' && (req.headers['content-type'] ?? '').split(';')[0]?.trim() !== 'application/ld+json') {
        throw new HttpError(415, 'Content-Type must be application/ld+json.');
      }
      const text = method === 'DELETE' ? '' : await readBody(req);
      /** @type {any} */
      let data;
      if (method !== 'DELETE') {
        try {
          data = JSON.parse(text);
        } catch {
          throw new HttpError(400, 'The body is not JSON-LD.');
        }
        const types = (Array.isArray(data?.['@graph']) ? data['@graph'] : []).map((/** @type {any} */ node) => node?.['@type']);
        // Level 1 (registrant): holdings only; level 2 (cataloger): bibliographic records too.
        const holdingsOnly = types.includes('Item');
        if (!permission?.cataloger && !(holdingsOnly && permission?.registrant)) {
          throw new HttpError(403, `The sigel ${activeSigel} may not ${holdingsOnly ? 'write holdings' : 'write bibliographic records'} (level ${permission?.registrant ? 1 : 0}).`);
        }
      }
      if (method === 'POST') {
        if (path !== '/data') throw new HttpError(405, 'Create records with POST /data.');
        const newId = randomBytes(8).toString('hex');
        records.set(newId, { data, etag: `"${randomBytes(6).toString('hex')}"` });
        call.status = 201;
        res.writeHead(201, { Location: `/${newId}`, Date: new Date(now()).toUTCString() });
        return res.end();
      }
      const record = records.get(id);
      if (!record) throw new HttpError(404, `No record ${id}.`);
      if (method === 'PUT') {
        const ifMatch = req.headers['if-match'];
        if (!ifMatch) throw new HttpError(400, 'If-Match is required.');
        // The code answers 412 to a stale ETag (the documentation says 409).
        if (ifMatch !== record.etag) throw new HttpError(412, 'The record has changed since it was read.');
        records.set(id, { data, etag: `"${randomBytes(6).toString('hex')}"` });
      } else {
        records.delete(id);
      }
      call.status = 204;
      res.writeHead(204, { Date: new Date(now()).toUTCString() });
      return res.end();
    } catch (err) {
      if (err instanceof HttpError) {
        call.status = err.status;
        if (err.status === 401 || err.status === 403) stats.refusedApiRequests += 1;
      }
      throw err;
    }
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    try {
      if (url.pathname === '/oauth/token') {
        if (req.method !== 'POST') throw new HttpError(405, 'POST only.', 'oauth', 'invalid_request');
        return await token(req, res);
      }
      if (url.pathname === '/oauth/verify') {
        if (req.method !== 'GET') throw new HttpError(405, 'GET only.');
        return verify(req, res);
      }
      // The fake's own counters, for tests that must show a request never reached the API (not part of Libris).
      if (url.pathname === '/_sim/stats' && req.method === 'GET') return sendJson(res, 200, { ...stats, apiCalls: stats.apiCalls.map(({ method, path, bearer, activeSigel, status }) => ({ method, path, bearer, activeSigel, status })) });
      return await api(req, res, url.pathname);
    } catch (err) {
      if (!(err instanceof HttpError)) {
        console.error('Libris simulator error:', err instanceof Error ? err.message : err);
        return sendJson(res, 500, { status_code: 500, status: 'Internal Server Error', message: 'Internal simulator error' });
      }
      if (err.shape === 'oauth') return sendJson(res, err.status, { error: err.oauthError, error_description: err.message });
      if (err.shape === 'text') {
        res.writeHead(err.status, { 'Content-Type': 'text/plain; charset=utf-8', Date: new Date(now()).toUTCString() });
        return res.end(err.message);
      }
      sendJson(res, err.status, { status_code: err.status, status: STATUS_TEXT[/** @type {keyof typeof STATUS_TEXT} */ (err.status)] ?? 'Error', message: err.message });
    }
  });

  const address = await listen(server, port, host);
  const url = address.url;

  return {
    url,
    port: address.port,
    /** What a connection's `endpoints` should say to use this fake. */
    endpoints: { token: `${url}/oauth/token`, verify: `${url}/oauth/verify`, api: url },
    stats,
    /** Makes every token issued so far expire now (a 401 at the next call). */
    expireTokens() {
      for (const token of tokens.values()) token.expiresAt = now();
    },
    close() {
      return closeServer(server);
    },
  };
}

/** `node simulators/libris.mjs`: env LIBRIS_SIM_PORT (default 4101), LIBRIS_SIM_HOST. */
async function main() {
  const port = Number(process.env.LIBRIS_SIM_PORT || 4101);
  const sim = await startLibrisSimulator({ port, host: process.env.LIBRIS_SIM_HOST || '127.0.0.1' });
  console.log(`Libris simulator listening on ${sim.url}`);
  console.log(`  client ${DEMO_CLIENT.clientId}, sigels ${DEMO_CLIENT.permissions.map((p) => p.code).join(', ')}`);
  const stop = () => { sim.close().then(() => process.exit(0), () => process.exit(1)); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => { console.error(err instanceof Error ? err.message : err); process.exit(1); });
}
