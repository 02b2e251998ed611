import http from 'node:http';
import * as oidc from 'openid-client';
import { afterEach, describe, expect, test } from 'vitest';
import { endpointConfiguration, getWithBearer, requestClientCredentials } from './client-credentials';
import { ConnectionError } from './errors';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve)))));
});

/** A one-off upstream answering every request with `handler`. */
async function upstream(handler: Handler): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

async function failure(url: string, options: { timeoutSeconds?: number } = {}): Promise<ConnectionError> {
  const error = await requestClientCredentials({
    label: 'Upstream',
    tokenEndpoint: `${url}/token`,
    clientId: 'client',
    clientAuth: oidc.ClientSecretPost('secret'),
    parameters: { audience: 'https://api.example.org/' },
    ...options,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectionError);
  return error as ConnectionError;
}

describe('requestClientCredentials', () => {
  test('sends the extra parameters and reads expires_in, scope and the Date header', async () => {
    let body = '';
    const url = await upstream((req, res) => {
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json', Date: 'Thu, 01 Jan 2026 08:00:00 GMT' });
        res.end(JSON.stringify({ access_token: 'abc', token_type: 'Bearer', expires_in: 3600, scope: 'read' }));
      });
    });
    const token = await requestClientCredentials({ label: 'Upstream', tokenEndpoint: `${url}/token`, clientId: 'client', clientAuth: oidc.ClientSecretPost('secret'), parameters: { audience: 'https://api.example.org/' } });
    expect(token).toEqual({ accessToken: 'abc', expiresInSeconds: 3600, scope: 'read', serverDate: Date.UTC(2026, 0, 1, 8) });
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({ grant_type: 'client_credentials', client_id: 'client', client_secret: 'secret', audience: 'https://api.example.org/' });
  });

  test('a 401 in plain text (as Libris may answer) is a bad secret', async () => {
    const url = await upstream((_req, res) => res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Unauthorized'));
    expect((await failure(url)).toJSON()).toEqual({ code: 'bad_secret', message: 'Upstream refused the client credentials (401): check the client id and secret.', status: 401 });
  });

  test('a 5xx page is an upstream error; a slow answer a timeout; a closed port unreachable', async () => {
    const broken = await upstream((_req, res) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>Bad gateway</h1>'));
    expect((await failure(broken)).code).toBe('upstream_error');
    const slow = await upstream(() => undefined);
    expect((await failure(slow, { timeoutSeconds: 0.3 })).code).toBe('timeout');
    const closed = await upstream(() => undefined);
    await new Promise((resolve) => (servers.pop()?.close(resolve)));
    expect((await failure(closed)).code).toBe('unreachable');
  });

  test('a refusal with the server clock far off is clock skew, and says which way', async () => {
    const url = await upstream((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json', Date: new Date(Date.now() - 15 * 60 * 1000).toUTCString() });
      res.end(JSON.stringify({ error: 'invalid_client' }));
    });
    const error = await failure(url);
    expect(error.code).toBe('clock_skew');
    expect(error.message).toMatch(/^Upstream refused the token request \(400 invalid_client\) and this server's clock is 15 minutes ahead of Upstream's/);
  });
});

describe('getWithBearer', () => {
  test('sends the token as Bearer with the extra headers; a 401 challenge is an answer, not an error', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const url = await upstream((req, res) => {
      seen.push(req.headers);
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer error="invalid_token"', 'Content-Type': 'text/plain' }).end('Bearer token is expired.');
    });
    const config = endpointConfiguration({ tokenEndpoint: `${url}/token`, clientId: 'client', clientAuth: oidc.None() });
    const answer = await getWithBearer(config, 'the-token', new URL(`${url}/data`), { 'XL-Active-Sigel': 'Xyz' }, 'Upstream');
    expect(answer).toMatchObject({ status: 401, body: 'Bearer token is expired.' });
    expect(seen[0]).toMatchObject({ authorization: 'Bearer the-token', 'xl-active-sigel': 'Xyz' });
  });
});
