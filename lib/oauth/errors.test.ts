/**
 * The one classifier of upstream failures (./errors.ts classifyUpstreamError)
 * on what openid-client and fetch really throw, against a fake upstream on
 * loopback, and the two error classes built from its answer: ConnectionError
 * (classifyTokenError) and ReroError (toReroError, lib/providers/rero-plus.ts).
 */
import http from 'node:http';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closedPort, closeServer, listen } from '../../simulators/http.mjs';
import { toReroError } from '../providers/rero-plus';
import { getProtectedResource } from './bearer';
import { ConnectionError, classifyTokenError, classifyUpstreamError, isErrorAnswer, type UpstreamFailure } from './errors';
import { allowLoopbackHttp } from './loopback';

const SECRET = 'the-client-secret';

type Answer = { status: number; headers?: Record<string, string>; body?: string };
const json = (status: number, body: object, headers: Record<string, string> = {}): Answer => ({ status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
const text = (status: number, body: string, type = 'text/plain'): Answer => ({ status, headers: { 'Content-Type': type }, body });

/** What the fake token endpoint answers at /<name>; /silent never answers. */
const ANSWERS: Record<string, Answer> = {
  'invalid-grant': json(400, { error: 'invalid_grant', error_description: 'The refresh token is no longer valid.' }),
  'invalid-client': json(401, { error: 'invalid_client', error_description: 'Client authentication failed.' }),
  'unauthorized-client': json(400, { error: 'unauthorized_client' }),
  'plain-401': text(401, 'Unauthorized'),
  challenge: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The token expired"' }, body: '' },
  'invalid-scope': json(400, { error: 'invalid_scope' }),
  'invalid-target': json(400, { error: 'invalid_target' }),
  'plain-403': text(403, 'Forbidden'),
  'echoes-secret': json(400, { error: 'invalid_request', error_description: `client_secret ${SECRET} is not one of ours` }),
  'json-503': json(503, { error: 'temporarily_unavailable', error_description: 'Down for maintenance.' }),
  'html-502': text(502, '<h1>Bad gateway</h1>', 'text/html'),
  'html-200': text(200, '<h1>Welcome</h1>', 'text/html'),
  'no-access-token': json(200, { token_type: 'Bearer', expires_in: 3600 }),
};

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const answer = ANSWERS[(req.url ?? '').slice(1)];
    if (!answer) return; // /silent: never answers
    req.resume();
    req.on('end', () => res.writeHead(answer.status, answer.headers).end(answer.body));
  });
  ({ url: base } = await listen(server, 0, '127.0.0.1'));
});
afterAll(() => closeServer(server));

/** A configuration for the fake upstream; only the silent one is given a short time (a busy machine may be slow to report even a refused connection). */
function configuration(tokenEndpoint: string, timeoutSeconds = 10): oidc.Configuration {
  const url = new URL(tokenEndpoint);
  const config = new oidc.Configuration(
    { issuer: url.origin, token_endpoint: url.href, authorization_endpoint: new URL('/authorize', url).href },
    'client',
    undefined,
    oidc.ClientSecretPost(SECRET),
  );
  config.timeout = timeoutSeconds;
  allowLoopbackHttp(config, [url]);
  return config;
}

/** What openid-client throws for a client-credentials request to `tokenEndpoint`. */
async function thrownBy(tokenEndpoint: string, timeoutSeconds?: number): Promise<unknown> {
  const outcome = await oidc.clientCredentialsGrant(configuration(tokenEndpoint, timeoutSeconds)).then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  if (!outcome) throw new Error(`${tokenEndpoint} gave a token`);
  return outcome.error;
}

/** What openid-client throws for the callback URL `callback` of a code flow that sent state "expected". */
async function thrownByCallback(callback: string): Promise<unknown> {
  const outcome = await oidc.authorizationCodeGrant(configuration(`${base}/token`), new URL(callback), { expectedState: 'expected' }).then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  if (!outcome) throw new Error(`${callback} gave a token`);
  return outcome.error;
}

interface Case {
  /** What the upstream did. */
  name: string;
  thrown: () => Promise<unknown>;
  failure: Partial<UpstreamFailure>;
  /** The code of the ReroError of a token call, and of the ConnectionError of a token request. */
  rero: string;
  connection: string;
}

const CASES: Case[] = [
  { name: 'a closed port', thrown: async () => thrownBy(`http://127.0.0.1:${await closedPort()}/token`), failure: { kind: 'unreachable', networkCode: 'ECONNREFUSED' }, rero: 'unreachable', connection: 'unreachable' },
  // fetch refuses port 1 itself: "fetch failed" with no network code.
  { name: 'fetch failing without a network code', thrown: () => thrownBy('http://127.0.0.1:1/token'), failure: { kind: 'unreachable', detail: 'fetch failed' }, rero: 'unreachable', connection: 'unreachable' },
  { name: 'no answer in time', thrown: () => thrownBy(`${base}/silent`, 0.5), failure: { kind: 'timeout' }, rero: 'timeout', connection: 'timeout' },
  {
    name: '400 invalid_grant (RFC 6749 §5.2)',
    thrown: () => thrownBy(`${base}/invalid-grant`),
    failure: { kind: 'refused', status: 400, error: 'invalid_grant', description: 'The refresh token is no longer valid.' },
    rero: 'invalid_grant',
    connection: 'upstream_error',
  },
  {
    name: '401 invalid_client',
    thrown: () => thrownBy(`${base}/invalid-client`),
    failure: { kind: 'credentials_refused', status: 401, error: 'invalid_client', description: 'Client authentication failed.' },
    rero: 'invalid_client',
    connection: 'bad_secret',
  },
  { name: '400 unauthorized_client', thrown: () => thrownBy(`${base}/unauthorized-client`), failure: { kind: 'credentials_refused', status: 400, error: 'unauthorized_client' }, rero: 'bad_response', connection: 'bad_secret' },
  { name: 'a plain-text 401', thrown: () => thrownBy(`${base}/plain-401`), failure: { kind: 'credentials_refused', status: 401, error: undefined }, rero: 'upstream_error', connection: 'bad_secret' },
  {
    name: 'a 401 with a Bearer challenge (RFC 6750 §3)',
    thrown: () => thrownBy(`${base}/challenge`),
    failure: { kind: 'credentials_refused', status: 401, error: 'invalid_token', description: 'The token expired' },
    rero: 'bad_response',
    connection: 'bad_secret',
  },
  { name: '400 invalid_scope', thrown: () => thrownBy(`${base}/invalid-scope`), failure: { kind: 'refused', status: 400, error: 'invalid_scope' }, rero: 'bad_response', connection: 'wrong_scope' },
  { name: '400 invalid_target (RFC 8707)', thrown: () => thrownBy(`${base}/invalid-target`), failure: { kind: 'refused', status: 400, error: 'invalid_target' }, rero: 'bad_response', connection: 'wrong_audience' },
  { name: 'a plain-text 403', thrown: () => thrownBy(`${base}/plain-403`), failure: { kind: 'refused', status: 403, error: undefined }, rero: 'upstream_error', connection: 'wrong_audience' },
  // oauth4webapi reads an OAuth error body below 500 only: a 5xx is a server error, whatever its body.
  { name: 'a 503 with an OAuth error body', thrown: () => thrownBy(`${base}/json-503`), failure: { kind: 'server_error', status: 503, error: undefined }, rero: 'upstream_error', connection: 'upstream_error' },
  { name: 'a 502 page', thrown: () => thrownBy(`${base}/html-502`), failure: { kind: 'server_error', status: 502, error: undefined }, rero: 'upstream_error', connection: 'upstream_error' },
  { name: 'a 200 page instead of JSON', thrown: () => thrownBy(`${base}/html-200`), failure: { kind: 'bad_response', status: 200 }, rero: 'upstream_error', connection: 'upstream_error' },
  { name: 'a 200 without access_token', thrown: () => thrownBy(`${base}/no-access-token`), failure: { kind: 'bad_response', status: undefined }, rero: 'upstream_error', connection: 'upstream_error' },
  {
    name: 'consent refused on the redirect (RFC 6749 §4.1.2.1)',
    thrown: () => thrownByCallback('https://gateway.example.org/cb?error=access_denied&error_description=The+user+said+no&state=expected'),
    failure: { kind: 'authorization_error', status: undefined, error: 'access_denied', description: 'The user said no' },
    rero: 'access_denied',
    connection: 'upstream_error',
  },
  {
    name: 'another error on the redirect',
    thrown: () => thrownByCallback('https://gateway.example.org/cb?error=invalid_scope&state=expected'),
    failure: { kind: 'authorization_error', error: 'invalid_scope' },
    rero: 'authorization_error',
    connection: 'upstream_error',
  },
  { name: 'a redirect with another state (RFC 6749 §10.12)', thrown: () => thrownByCallback('https://gateway.example.org/cb?code=abc&state=forged'), failure: { kind: 'state_mismatch' }, rero: 'invalid_state', connection: 'upstream_error' },
  { name: 'a redirect without state', thrown: () => thrownByCallback('https://gateway.example.org/cb?code=abc'), failure: { kind: 'state_mismatch' }, rero: 'invalid_state', connection: 'upstream_error' },
  { name: 'an exception of our own', thrown: async () => new RangeError('boom'), failure: { kind: 'failed', detail: 'boom' }, rero: 'upstream_error', connection: 'upstream_error' },
  // Only fetch's "fetch failed" is the network: another TypeError is a fault, not an unreachable upstream.
  { name: 'a TypeError that is not fetch failing', thrown: async () => new TypeError('Cannot read properties of undefined'), failure: { kind: 'failed' }, rero: 'upstream_error', connection: 'upstream_error' },
];

describe('classifyUpstreamError', () => {
  test.each(CASES)('$name', async ({ thrown, failure }) => {
    const classified = classifyUpstreamError(await thrown());
    // A field given as undefined must be absent.
    for (const [field, value] of Object.entries(failure)) expect(classified[field as keyof UpstreamFailure]).toBe(value);
  });

  test('the state mismatch says what openid-client found, not only "invalid response encountered"', async () => {
    expect(classifyUpstreamError(await thrownByCallback('https://gateway.example.org/cb?code=abc&state=forged')).detail).toMatch(/"state"/);
  });

  test('an error answer is a refusal or a 5xx, never a network failure or a broken answer', () => {
    const kinds = (['unreachable', 'timeout', 'authorization_error', 'state_mismatch', 'credentials_refused', 'refused', 'server_error', 'bad_response', 'failed'] as const).filter((kind) =>
      isErrorAnswer({ kind, detail: '' }),
    );
    expect(kinds).toEqual(['credentials_refused', 'refused', 'server_error']);
  });

  test('keeps the secrets it is given out of its words, even when the upstream repeats one', async () => {
    const failure = classifyUpstreamError(await thrownBy(`${base}/echoes-secret`), [SECRET]);
    expect(failure).toMatchObject({ kind: 'refused', status: 400, error: 'invalid_request', description: 'client_secret [secret] is not one of ours' });
  });
});

describe('the error classes built from it', () => {
  test.each(CASES)('$name: ReroError $rero, ConnectionError $connection, with the same upstream status and error code', async ({ thrown, rero, connection }) => {
    const error = await thrown();
    const failure = classifyUpstreamError(error);
    const fromRero = toReroError(error, 'token');
    const fromConnection = classifyTokenError(error, { label: 'Upstream', now: Date.now() });
    expect(fromRero.code).toBe(rero);
    expect(fromConnection.code).toBe(connection);
    // Both carry what the upstream answered, in the same fields; a connection keeps them for answers only.
    expect(fromRero.upstreamError).toBe(failure.error);
    expect(fromRero.upstreamStatus).toBe(failure.status);
    if (isErrorAnswer(failure)) {
      expect(fromConnection.upstreamError).toBe(failure.error);
      expect(fromConnection.upstreamStatus).toBe(failure.status);
    }
    expect(fromRero.cause).toBe(error);
    expect(fromConnection.cause).toBe(error);
  });

  test('RERO+ refusing a refresh token with 400 invalid_grant: the ReroError keeps invalid_grant and the status', async () => {
    const error = toReroError(await thrownBy(`${base}/invalid-grant`), 'token');
    expect(error).toMatchObject({ code: 'invalid_grant', upstreamStatus: 400, upstreamError: 'invalid_grant' });
    expect(error.message).toBe('RERO+ token answered 400 invalid_grant: The refresh token is no longer valid.');
  });

  test('a ConnectionError shows the status and error code as before (toJSON: status, upstreamError)', async () => {
    const error = classifyTokenError(await thrownBy(`${base}/invalid-client`), { label: 'Upstream', now: Date.now() });
    expect(error.toJSON()).toEqual({
      code: 'bad_secret',
      message: 'Upstream refused the client credentials (401 invalid_client (Client authentication failed.)): check the client id and secret.',
      status: 401,
      upstreamError: 'invalid_client',
    });
  });

  test('the network words name the code when there is one', async () => {
    const refused = await thrownBy(`http://127.0.0.1:${await closedPort()}/token`);
    expect(toReroError(refused, 'token').message).toBe('RERO+ token could not be reached (ECONNREFUSED).');
    expect(classifyTokenError(refused, { label: 'Upstream', now: Date.now() }).message).toBe(
      "Upstream's token endpoint could not be reached (ECONNREFUSED): check the address and the network.",
    );
  });

  test('an error that already is one of ours passes through unchanged', () => {
    const connection = new ConnectionError('not_permitted', 'no');
    expect(classifyTokenError(connection, { label: 'Upstream', now: Date.now() })).toBe(connection);
    const rero = toReroError(new TypeError('fetch failed'), 'patron info');
    expect(toReroError(rero, 'token')).toBe(rero);
  });

  test('neither carries a secret the upstream repeats', async () => {
    const thrown = await thrownBy(`${base}/echoes-secret`);
    expect(toReroError(thrown, 'token', [SECRET]).message).not.toContain(SECRET);
    expect(classifyTokenError(thrown, { label: 'Upstream', now: Date.now(), secrets: [SECRET] }).message).not.toContain(SECRET);
  });
});

describe('getProtectedResource', () => {
  test('a 401 challenge is the answer; a refused header value is an error whose words hold neither the token nor the value', async () => {
    const challenge = await getProtectedResource(configuration(`${base}/token`), 'the-token', new URL(`${base}/challenge`), {}, () => new Error('not expected'));
    expect(challenge.status).toBe(401);
    let seen: UpstreamFailure | undefined;
    const error = await getProtectedResource(configuration(`${base}/token`), 'the-token', new URL(`${base}/html-200`), { 'X-Key': 'key-value\nmore' }, (failure) => {
      seen = failure;
      return new Error(failure.detail);
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(seen?.kind).toBe('failed');
    expect(error?.message).not.toContain('key-value');
    expect(error?.message).not.toContain('the-token');
  });
});
