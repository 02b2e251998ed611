/**
 * A strict local fake of Bokbasen's authentication service and APIs, after
 * Bokbasen's public API documentation and how its servers answer.
 *
 * - POST /oauth/token, JSON or form body: client_id, client_secret, audience,
 *   grant_type=client_credentials. 200 {access_token (an RS256 JWT),
 *   expires_in, token_type: "Bearer"}; 401 for wrong credentials or a missing
 *   attribute; 403 {"error": "access_denied", "error_description": "Service
 *   not enabled within domain: <audience>"} when the client has no access to
 *   the audience. Like the real server it hands out its cached token while it
 *   has at least 10 minutes left, so `expires_in` varies.
 * - GET /<name>/… (e.g. /metadata/export/onix/v1): `Authorization: Bearer`
 *   with a token whose `aud` is <audienceBase><name>/; 401 without a valid
 *   token (and for the retired `Authorization: Boknett TGT-…`), 403 for a
 *   token of another audience.
 *
 * Node built-ins only. Secrets and tokens are never logged.
 */
import http from 'node:http';
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { closeServer, HttpError, listen, safeEqual } from './http.mjs';

/**
 * @typedef {{ clientId: string, clientSecret: string, audiences: string[], permissions?: string[] }} BokbasenClient
 * @typedef {{ port?: number, host?: string, clients?: BokbasenClient[], now?: () => number, tokenTtlSeconds?: number,
 *   minRemainingSeconds?: number, audienceBase?: string }} BokbasenOptions
 * @typedef {{ tokenRequests: number, tokensIssued: number, apiRequests: number,
 *   tokenForms: { contentType: string, fields: string[], audience: string | null, status: number }[],
 *   apiCalls: { path: string, audience: string | null, status: number }[] }} BokbasenStats
 */

/** @type {BokbasenClient} */
export const DEMO_CLIENT = {
  clientId: 'bokbasen-demo',
  clientSecret: 'demo-bokbasen-secret-change-me',
  audiences: ['https://api.bokbasen.io/metadata/'],
  permissions: ['read:onix', 'read:marc'],
};

/** @param {object} value */
const b64json = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** @param {BokbasenOptions} [options] */
export async function startBokbasenSimulator(options = {}) {
  const {
    port = 0,
    host = '127.0.0.1',
    clients = [DEMO_CLIENT],
    now = Date.now,
    tokenTtlSeconds = 86400,
    minRemainingSeconds = 600,
    audienceBase = 'https://api.bokbasen.io/',
  } = options;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('base64url');
  /** @type {Map<string, { token: string, expiresAt: number }>} per client and audience */
  const issued = new Map();
  /** @type {BokbasenStats} */
  const stats = { tokenRequests: 0, tokensIssued: 0, apiRequests: 0, tokenForms: [], apiCalls: [] };
  let issuer = '';

  /** @param {http.ServerResponse} res @param {number} status @param {unknown} body */
  function sendJson(res, status, body) {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Date: new Date(now()).toUTCString() });
    res.end(JSON.stringify(body));
  }

  /** @param {http.IncomingMessage} req */
  async function readBody(req) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** @param {object} claims */
  function signJwt(claims) {
    const input = `${b64json({ alg: 'RS256', typ: 'JWT', kid })}.${b64json(claims)}`;
    return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  }

  /** @param {string} token @returns {Record<string, any> | undefined} the claims when the signature is ours */
  function verifyJwt(token) {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return undefined;
    if (!verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function token(req, res) {
    stats.tokenRequests += 1;
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const text = await readBody(req);
    /** @type {Record<string, unknown>} */
    let body = {};
    if (contentType === 'application/json') {
      try {
        body = JSON.parse(text);
      } catch {
        throw new HttpError(400, { error: 'invalid_request', error_description: 'Malformed JSON body' });
      }
    } else if (contentType === 'application/x-www-form-urlencoded') {
      body = Object.fromEntries(new URLSearchParams(text));
    }
    const field = (/** @type {string} */ name) => (typeof body[name] === 'string' ? /** @type {string} */ (body[name]) : null);
    const record = { contentType, fields: Object.keys(body).sort(), audience: field('audience'), status: 0 };
    stats.tokenForms.push(record);
    try {
      if (contentType !== 'application/json' && contentType !== 'application/x-www-form-urlencoded') {
        throw new HttpError(400, { error: 'invalid_request', error_description: 'Content-Type must be application/json or application/x-www-form-urlencoded' });
      }
      // Seed 002: "401 Unauthorized (might be missing some attributes, or wrong clientId/Secret)".
      if (!field('client_id') || !field('client_secret') || !field('audience') || !field('grant_type')) {
        throw new HttpError(401, { error: 'access_denied', error_description: 'Unauthorized' });
      }
      if (field('grant_type') !== 'client_credentials') {
        throw new HttpError(400, { error: 'unsupported_grant_type', error_description: `Grant type '${field('grant_type')}' not allowed for the client.` });
      }
      const client = clients.find((c) => c.clientId === field('client_id'));
      if (!client || !safeEqual(field('client_secret'), client.clientSecret)) throw new HttpError(401, { error: 'access_denied', error_description: 'Unauthorized' });
      const audience = /** @type {string} */ (field('audience'));
      if (!client.audiences.includes(audience)) {
        throw new HttpError(403, { error: 'access_denied', error_description: `Service not enabled within domain: ${audience}` });
      }
      // "We will not give you a token with less than 10 minutes left": the cached one until then.
      const key = JSON.stringify([client.clientId, audience]);
      let current = issued.get(key);
      if (!current || current.expiresAt - now() < minRemainingSeconds * 1000) {
        const iat = Math.floor(now() / 1000);
        const exp = iat + tokenTtlSeconds;
        const claims = { iss: issuer, sub: `${client.clientId}@clients`, aud: audience, iat, exp, azp: client.clientId, gty: 'client-credentials', permissions: client.permissions ?? [] };
        current = { token: signJwt(claims), expiresAt: exp * 1000 };
        issued.set(key, current);
        stats.tokensIssued += 1;
      }
      record.status = 200;
      sendJson(res, 200, { access_token: current.token, expires_in: Math.floor((current.expiresAt - now()) / 1000), token_type: 'Bearer' });
    } catch (err) {
      if (err instanceof HttpError) record.status = err.status;
      throw err;
    }
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string} path */
  function api(req, res, path) {
    stats.apiRequests += 1;
    const name = path.split('/')[1] ?? '';
    const call = { path, audience: /** @type {string | null} */ (null), status: 0 };
    stats.apiCalls.push(call);
    try {
      if (req.method !== 'GET') throw new HttpError(405, { message: 'Method not allowed' });
      const header = req.headers.authorization ?? '';
      const match = /^Bearer (\S+)$/.exec(header);
      if (!match?.[1]) throw new HttpError(401, { message: /^Boknett /i.test(header) ? 'Boknett TGT authorization is no longer supported: use Bearer' : 'Unauthorized' });
      const claims = verifyJwt(match[1]);
      if (!claims || typeof claims.exp !== 'number' || claims.exp * 1000 <= now()) throw new HttpError(401, { message: 'Unauthorized' });
      call.audience = claims.aud;
      if (claims.aud !== `${audienceBase}${name}/`) throw new HttpError(403, { message: `Forbidden: the token is not for ${audienceBase}${name}/` });
      call.status = 200;
      sendJson(res, 200, { service: name, path, items: [] });
    } catch (err) {
      if (err instanceof HttpError) call.status = err.status;
      throw err;
    }
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    try {
      if (url.pathname === '/oauth/token') {
        if (req.method !== 'POST') throw new HttpError(405, { error: 'invalid_request', error_description: 'POST only' });
        return await token(req, res);
      }
      return api(req, res, url.pathname);
    } catch (err) {
      if (err instanceof HttpError) return sendJson(res, err.status, err.body);
      console.error('Bokbasen simulator error:', err instanceof Error ? err.message : err);
      sendJson(res, 500, { error: 'server_error' });
    }
  });

  const address = await listen(server, port, host);
  const url = address.url;
  issuer = `${url}/`;

  return {
    url,
    port: address.port,
    /** What a connection's `endpoints` should say to use this fake. */
    endpoints: { token: `${url}/oauth/token`, api: url },
    /** The key the fake signs tokens with (PEM), to check them in tests. */
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    stats,
    close() {
      return closeServer(server);
    },
  };
}

/** `node simulators/bokbasen.mjs`: env BOKBASEN_SIM_PORT (default 4102), BOKBASEN_SIM_HOST. */
async function main() {
  const port = Number(process.env.BOKBASEN_SIM_PORT || 4102);
  const sim = await startBokbasenSimulator({ port, host: process.env.BOKBASEN_SIM_HOST || '127.0.0.1' });
  console.log(`Bokbasen simulator listening on ${sim.url}`);
  console.log(`  client ${DEMO_CLIENT.clientId}, audiences ${DEMO_CLIENT.audiences.join(', ')}`);
  const stop = () => { sim.close().then(() => process.exit(0), () => process.exit(1)); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => { console.error(err instanceof Error ? err.message : err); process.exit(1); });
}
