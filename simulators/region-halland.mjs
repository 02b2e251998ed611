/**
 * A strict local fake of Region Halland's ADFS token endpoint and of an API
 * behind Azure API Management, after Region Halland's public API documentation
 * and Microsoft's for AD FS client credentials with a private_key_jwt.
 *
 * - POST <tokenPath> (default /adfs/oauth2/token), form body:
 *   grant_type=client_credentials, client_id, resource, scope,
 *   client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer,
 *   client_assertion = an RS256 JWT (RFC 7523) whose header `x5t` names the
 *   client's registered certificate (base64url SHA-1 of its DER), signed with
 *   that certificate's key; iss = sub = client_id, aud = this token endpoint's
 *   URL, a jti never seen before, exp in the future and at most
 *   `maxAssertionLifetimeSeconds` after iat/nbf, nbf not in the future (all
 *   within `clockSkewSeconds`). One token per resource; scopes must have been
 *   granted for it. Errors are OAuth JSON: invalid_client (401),
 *   invalid_request, invalid_grant, invalid_resource, invalid_scope (400).
 * - GET <apiPath>/… for each resource (default /<first label of the resource>):
 *   the subscription key header first (APIM: 401 "Access denied due to
 *   missing subscription key…"), then a Bearer token of this server for that
 *   resource (401 "Unauthorized. Access token is missing or invalid.").
 *
 * `createTestCertificate()` makes an RSA key and a self-signed certificate
 * with node:crypto alone, for tests and the demo.
 *
 * Node built-ins only. Secrets and tokens are never logged.
 */
import http from 'node:http';
import { X509Certificate, createHash, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closeServer, HttpError, listen, safeEqual } from './http.mjs';

/**
 * @typedef {{ clientId: string, certificate: string, resources: Record<string, string[]> }} HallandClient
 * @typedef {{ port?: number, host?: string, tokenPath?: string, clients?: HallandClient[], subscriptionKeys?: string[],
 *   subscriptionKeyHeader?: string, apis?: Record<string, string>, now?: () => number, tokenTtlSeconds?: number,
 *   clockSkewSeconds?: number, maxAssertionLifetimeSeconds?: number }} HallandOptions
 * @typedef {{ header: Record<string, unknown>, claims: Record<string, unknown>, accepted: boolean, error?: string }} SeenAssertion
 * @typedef {{ tokenRequests: number, tokensIssued: number, apiRequests: number, assertions: SeenAssertion[],
 *   tokenForms: { contentType: string, fields: string[], resource: string | null, scope: string | null, status: number }[],
 *   apiCalls: { path: string, subscriptionKey: boolean, bearer: boolean, status: number }[] }} HallandStats
 */

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

// ---------------------------------------------------------------------------
// A self-signed certificate from node:crypto: a minimal DER writer (X.690) for
// an X.509 v1 certificate (RFC 5280 §4.1), signed sha256WithRSAEncryption.

/** @param {number} length */
function derLength(length) {
  if (length < 0x80) return Buffer.from([length]);
  const bytes = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
/** @param {number} tag @param {Buffer[]} parts */
const der = (tag, ...parts) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
};
/** @param {string} dotted */
function derOid(dotted) {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}
/** @param {Buffer} unsigned big-endian */
const derInteger = (unsigned) => der(0x02, unsigned[0] !== undefined && unsigned[0] & 0x80 ? Buffer.concat([Buffer.from([0]), unsigned]) : unsigned);
/** UTCTime until 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). @param {Date} date */
function derTime(date) {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`)) : der(0x18, Buffer.from(`${iso}Z`));
}
/** @param {string} commonName */
const derName = (commonName) => der(0x30, der(0x31, der(0x30, derOid('2.5.4.3'), der(0x0c, Buffer.from(commonName, 'utf8')))));

/**
 * An RSA key and a self-signed certificate for it, as PEM.
 * @param {{ commonName?: string, days?: number, notBefore?: Date, keyFormat?: 'pkcs8' | 'pkcs1' }} [options]
 * @returns {{ privateKey: string, certificate: string, x5t: string }}
 */
export function createTestCertificate(options = {}) {
  const { commonName = 'gateway.library.example', days = 365, notBefore = new Date(Date.now() - 60_000), keyFormat = 'pkcs8' } = options;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const algorithm = der(0x30, derOid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));
  const name = derName(commonName);
  const tbs = der(
    0x30,
    // A positive serial whose first byte is never 0: DER wants the shortest encoding, and a leading 0 byte
    // before a byte below 0x80 is not, and such a certificate does not parse.
    derInteger(randomBytes(8).map((b, i) => (i === 0 ? (b & 0x7f) | 0x40 : b))),
    algorithm,
    name,
    der(0x30, derTime(notBefore), derTime(new Date(notBefore.getTime() + days * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificateDer = der(0x30, tbs, algorithm, der(0x03, Buffer.from([0]), signature));
  const base64 = certificateDer.toString('base64').replace(/(.{64})/g, '$1\n').trim();
  const certificate = `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
  return {
    privateKey: privateKey.export({ type: keyFormat, format: 'pem' }).toString(),
    certificate,
    x5t: createHash('sha1').update(certificateDer).digest('base64url'),
  };
}

// ---------------------------------------------------------------------------

/** @param {string} error @param {string} description @param {number} [status] */
const oauthError = (error, description, status = 400) => new HttpError(status, { error, error_description: description });

/** @param {object} value */
const b64json = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** @param {string} part @returns {Record<string, unknown> | undefined} */
function decodePart(part) {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** @param {HallandOptions} [options] */
export async function startRegionHallandSimulator(options = {}) {
  const {
    port = 0,
    host = '127.0.0.1',
    tokenPath = '/adfs/oauth2/token',
    clients = [],
    subscriptionKeys = [],
    subscriptionKeyHeader = 'Ocp-Apim-Subscription-Key',
    now = Date.now,
    tokenTtlSeconds = 3600,
    clockSkewSeconds = 300,
    maxAssertionLifetimeSeconds = 600,
  } = options;
  const registered = clients.map((client) => {
    const x509 = new X509Certificate(client.certificate);
    return { ...client, x509, x5t: createHash('sha1').update(x509.raw).digest('base64url') };
  });
  const resources = [...new Set(clients.flatMap((c) => Object.keys(c.resources)))];
  /** @type {Record<string, string>} API path prefix → resource */
  const apis = Object.fromEntries(resources.map((resource) => [options.apis?.[resource] ?? `/${resource.split('.')[0]}`, resource]));
  const { privateKey: signingKey, publicKey: verifyKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** @type {Set<string>} */
  const seenJti = new Set();
  /** @type {HallandStats} */
  const stats = { tokenRequests: 0, tokensIssued: 0, apiRequests: 0, assertions: [], tokenForms: [], apiCalls: [] };
  let tokenEndpoint = '';

  /** @param {http.ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
  function sendJson(res, status, body, headers = {}) {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Date: new Date(now()).toUTCString(), ...headers });
    res.end(JSON.stringify(body));
  }

  /** @param {http.IncomingMessage} req */
  async function readBody(req) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  }

  /**
   * RFC 7523 §3, as ADFS checks a client assertion. Returns the client.
   * @param {string} assertion @param {string | null} clientIdParam @param {SeenAssertion} seen
   */
  function checkAssertion(assertion, clientIdParam, seen) {
    const [h, p, s, ...extra] = assertion.split('.');
    const header = h ? decodePart(h) : undefined;
    const claims = p ? decodePart(p) : undefined;
    if (!header || !claims || !s || extra.length > 0) throw oauthError('invalid_client', 'The client assertion is not a signed JWT.', 401);
    seen.header = header;
    seen.claims = claims;
    if (header.alg !== 'RS256') throw oauthError('invalid_client', `Unsupported assertion algorithm ${String(header.alg)}.`, 401);
    const client = registered.find((c) => c.x5t === header.x5t);
    if (!client) throw oauthError('invalid_client', 'No registered certificate matches the assertion\'s x5t.', 401);
    if (!verify('sha256', Buffer.from(`${h}.${p}`), client.x509.publicKey, Buffer.from(s, 'base64url'))) {
      throw oauthError('invalid_client', 'The client assertion signature does not verify against the registered certificate.', 401);
    }
    if (claims.iss !== client.clientId || claims.sub !== client.clientId) throw oauthError('invalid_client', 'The assertion\'s iss and sub must both be the client id.', 401);
    if (clientIdParam !== null && clientIdParam !== client.clientId) throw oauthError('invalid_client', 'client_id does not match the assertion.', 401);
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(tokenEndpoint)) throw oauthError('invalid_client', 'The assertion\'s aud must be this token endpoint.', 401);
    const t = now() / 1000;
    const { exp, nbf, iat, jti } = claims;
    if (typeof exp !== 'number') throw oauthError('invalid_client', 'The assertion has no exp.', 401);
    if (exp < t - clockSkewSeconds) throw oauthError('invalid_client', 'The client assertion has expired.', 401);
    if (typeof nbf === 'number' && nbf > t + clockSkewSeconds) throw oauthError('invalid_client', 'The client assertion is not yet valid.', 401);
    if (typeof iat === 'number' && iat > t + clockSkewSeconds) throw oauthError('invalid_client', 'The client assertion was issued in the future.', 401);
    const start = typeof nbf === 'number' ? nbf : typeof iat === 'number' ? iat : t;
    if (exp - start > maxAssertionLifetimeSeconds) throw oauthError('invalid_client', `The client assertion may live at most ${maxAssertionLifetimeSeconds} seconds.`, 401);
    if (typeof jti !== 'string' || jti === '') throw oauthError('invalid_client', 'The assertion has no jti.', 401);
    if (seenJti.has(jti)) throw oauthError('invalid_grant', 'The client assertion has been used before (jti replay).');
    seenJti.add(jti);
    return client;
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function token(req, res) {
    stats.tokenRequests += 1;
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const form = contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(await readBody(req)) : new URLSearchParams();
    const record = { contentType, fields: [...new Set(form.keys())].sort(), resource: form.get('resource'), scope: form.get('scope'), status: 0 };
    stats.tokenForms.push(record);
    /** @type {SeenAssertion} */
    const seen = { header: {}, claims: {}, accepted: false };
    try {
      if (contentType !== 'application/x-www-form-urlencoded') throw oauthError('invalid_request', 'The request must be a form.');
      if (form.get('grant_type') !== 'client_credentials') throw oauthError('unsupported_grant_type', 'Only client_credentials is supported here.');
      if (form.get('client_assertion_type') !== ASSERTION_TYPE || !form.get('client_assertion')) {
        throw oauthError('invalid_client', 'A client assertion signed with the registered certificate is required.', 401);
      }
      stats.assertions.push(seen);
      const client = checkAssertion(/** @type {string} */ (form.get('client_assertion')), form.get('client_id'), seen);
      const resource = form.get('resource');
      if (!resource) throw oauthError('invalid_request', 'The resource parameter is required.');
      const granted = client.resources[resource];
      if (!granted) throw oauthError('invalid_resource', `The client is not allowed to access the resource '${resource}'.`);
      const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
      const refused = asked.filter((s) => !granted.includes(s));
      if (refused.length > 0) throw oauthError('invalid_scope', `The scope '${refused.join(' ')}' is not granted for '${resource}'.`);
      const scopes = asked.length > 0 ? asked : granted;
      seen.accepted = true;
      const iat = Math.floor(now() / 1000);
      const claims = { aud: resource, iss: `${tokenEndpoint.replace(/\/oauth2\/token$/, '')}/services/trust`, iat, nbf: iat, exp: iat + tokenTtlSeconds, appid: client.clientId, scp: scopes.join(' ') };
      const input = `${b64json({ alg: 'RS256', typ: 'JWT' })}.${b64json(claims)}`;
      const accessToken = `${input}.${sign('sha256', Buffer.from(input), signingKey).toString('base64url')}`;
      stats.tokensIssued += 1;
      record.status = 200;
      sendJson(res, 200, { access_token: accessToken, token_type: 'bearer', expires_in: tokenTtlSeconds, resource, scope: scopes.join(' ') });
    } catch (err) {
      if (err instanceof HttpError) {
        record.status = err.status;
        seen.error = String(err.body.error);
      }
      throw err;
    }
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {string} path */
  function api(req, res, path) {
    stats.apiRequests += 1;
    const key = req.headers[subscriptionKeyHeader.toLowerCase()];
    const call = { path, subscriptionKey: typeof key === 'string', bearer: Boolean(req.headers.authorization), status: 0 };
    stats.apiCalls.push(call);
    try {
      const prefix = Object.keys(apis).find((p) => path === p || path.startsWith(`${p}/`));
      if (!prefix) throw new HttpError(404, { statusCode: 404, message: 'Resource not found' });
      // APIM checks the subscription first, then the validate-jwt policy.
      if (typeof key !== 'string') {
        throw new HttpError(401, { statusCode: 401, message: 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.' });
      }
      if (!subscriptionKeys.some((k) => safeEqual(key, k))) {
        throw new HttpError(401, { statusCode: 401, message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.' });
      }
      const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
      const [h, p, s] = match?.[1]?.split('.') ?? [];
      const claims = h && p && s && verify('sha256', Buffer.from(`${h}.${p}`), verifyKey, Buffer.from(s, 'base64url')) ? decodePart(p) : undefined;
      if (!claims || typeof claims.exp !== 'number' || claims.exp * 1000 <= now() || claims.aud !== apis[prefix]) {
        throw new HttpError(401, { statusCode: 401, message: 'Unauthorized. Access token is missing or invalid.' });
      }
      call.status = 200;
      sendJson(res, 200, { resource: apis[prefix], path: path.slice(prefix.length) || '/', units: [{ hsaId: 'SE2321000115-O12345', name: 'Vårdcentralen Exempel' }] });
    } catch (err) {
      if (err instanceof HttpError) call.status = err.status;
      throw err;
    }
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    try {
      if (url.pathname === tokenPath) {
        if (req.method !== 'POST') throw oauthError('invalid_request', 'POST only.');
        return await token(req, res);
      }
      if (req.method !== 'GET') throw new HttpError(405, { statusCode: 405, message: 'Method not allowed' });
      return api(req, res, url.pathname);
    } catch (err) {
      if (err instanceof HttpError) return sendJson(res, err.status, err.body);
      console.error('Region Halland simulator error:', err instanceof Error ? err.message : err);
      sendJson(res, 500, { error: 'server_error' });
    }
  });

  const address = await listen(server, port, host);
  const url = address.url;
  tokenEndpoint = `${url}${tokenPath}`;

  return {
    url,
    port: address.port,
    /** What a connection's `endpoints` should say to use this fake. */
    endpoints: { token: tokenEndpoint, api: url },
    /** API path prefix of each resource. */
    apis,
    stats,
    close() {
      return closeServer(server);
    },
  };
}

/**
 * `node simulators/region-halland.mjs`: env HALLAND_SIM_PORT (default 4103), HALLAND_SIM_HOST.
 * Registers a demo client with a new certificate and writes its key and certificate to a temporary folder.
 */
async function main() {
  const port = Number(process.env.HALLAND_SIM_PORT || 4103);
  const demo = createTestCertificate({ commonName: 'gateway.library.example' });
  const clientId = '6f1c1b7e-4f4a-4b8e-9a55-2d8c0b1e7a10';
  const subscriptionKey = randomBytes(16).toString('hex');
  const sim = await startRegionHallandSimulator({
    port,
    host: process.env.HALLAND_SIM_HOST || '127.0.0.1',
    clients: [{ clientId, certificate: demo.certificate, resources: { 'hsainfoapi.regionhalland.se': ['hsainfoapi.read'] } }],
    subscriptionKeys: [subscriptionKey],
  });
  const folder = mkdtempSync(join(tmpdir(), 'halland-sim-'));
  writeFileSync(join(folder, 'client.key'), demo.privateKey, { mode: 0o600 });
  writeFileSync(join(folder, 'client.crt'), demo.certificate);
  writeFileSync(join(folder, 'subscription-key.txt'), subscriptionKey, { mode: 0o600 });
  console.log(`Region Halland simulator listening on ${sim.url} (token endpoint ${sim.endpoints.token})`);
  console.log(`  client ${clientId}, resource hsainfoapi.regionhalland.se, API ${sim.url}/hsainfoapi`);
  console.log(`  key, certificate and subscription key in ${folder}`);
  const stop = () => { sim.close().then(() => process.exit(0), () => process.exit(1)); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => { console.error(err instanceof Error ? err.message : err); process.exit(1); });
}
