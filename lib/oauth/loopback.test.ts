import http from 'node:http';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeServer, listen } from '../../simulators/http.mjs';
import { allowLoopbackHttp, isLoopbackHttp } from './loopback';

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: 'abc', token_type: 'Bearer' })));
  ({ url: base } = await listen(server, 0, '127.0.0.1'));
});
afterAll(() => closeServer(server));

function configuration(tokenEndpoint: string): oidc.Configuration {
  return new oidc.Configuration({ issuer: new URL(tokenEndpoint).origin, token_endpoint: tokenEndpoint }, 'client', undefined, oidc.ClientSecretPost('secret'));
}

describe('isLoopbackHttp', () => {
  test.each(['http://localhost:3000/x', 'http://127.0.0.1/', 'http://[::1]:8080/token'])('%s is', (url) => {
    expect(isLoopbackHttp(new URL(url))).toBe(true);
  });
  test.each(['https://localhost/', 'http://127.0.0.2/', 'http://localhost.example.org/', 'http://10.0.0.1/', 'http://bib.rero.ch/'])('%s is not', (url) => {
    expect(isLoopbackHttp(new URL(url))).toBe(false);
  });
});

describe('allowLoopbackHttp', () => {
  test('lets openid-client call a loopback server over http', async () => {
    const config = configuration(`${base}/token`);
    allowLoopbackHttp(config, [`${base}/token`]);
    expect((await oidc.clientCredentialsGrant(config)).access_token).toBe('abc');
  });

  test('leaves a configuration for any other http server https-only: refused before anything is sent', async () => {
    const config = configuration('http://auth.example.org/token');
    allowLoopbackHttp(config, ['http://auth.example.org/token', 'https://api.example.org/']);
    const error = await oidc.clientCredentialsGrant(config).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(oidc.ClientError);
    expect((error as oidc.ClientError).code).toBe('OAUTH_HTTP_REQUEST_FORBIDDEN');
  });
});
