/**
 * The connection commands end to end: `gateway import` stores connections
 * whose `endpoints` point at the local fakes of Libris, Bokbasen and Region
 * Halland, then `gateway connection test|fetch` run in this process, each as
 * a run of its own of the command line (scripts/cli.ts), against a temporary
 * SQLite database. Only the public contract is used: the criteria document,
 * the command line, and what the fakes saw.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi, type MockInstance } from 'vitest';
import { DEMO_CLIENT as BOKBASEN_CLIENT, startBokbasenSimulator } from '../../simulators/bokbasen.mjs';
import { closedPort } from '../../simulators/http.mjs';
import { DEMO_CLIENT as LIBRIS_CLIENT, startLibrisSimulator } from '../../simulators/libris.mjs';
import { startRecorder } from '../../simulators/recorder.mjs';
import { createTestCertificate, startRegionHallandSimulator } from '../../simulators/region-halland.mjs';
import { runCliCollected, type CliRun } from '../cli-collected';

const SECRETS_KEY = 'cli-test-secrets-key-0123456789-abcdefghij';
const HALLAND_CLIENT = '6f1c1b7e-4f4a-4b8e-9a55-2d8c0b1e7a10';
const RESOURCE = 'hsainfoapi.regionhalland.se';
const SUBSCRIPTION_KEY = 'halland-subscription-key-for-the-cli-test';
const halland = createTestCertificate({ keyFormat: 'pkcs1' });

/** Everything any command printed: no secret may be in it. */
const printed: string[] = [];

/** `npm run gateway -- …args` with only `env` for environment. */
async function gateway(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  const run = await runCliCollected(args, env);
  printed.push(run.stdout, run.stderr);
  return run;
}

describe('npm run gateway -- connection', () => {
  let folder: string;
  let env: Record<string, string>;
  let libris: Awaited<ReturnType<typeof startLibrisSimulator>>;
  let bokbasen: Awaited<ReturnType<typeof startBokbasenSimulator>>;
  let regionHalland: Awaited<ReturnType<typeof startRegionHallandSimulator>>;
  let stranger: Awaited<ReturnType<typeof startRecorder>>;
  let document: { resources: unknown[]; connections: Record<string, unknown>[] };
  const file = (name: string, content: unknown) => {
    const path = join(folder, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  // Whatever would reach the process's output past a command's io counts as printed too.
  let streams: MockInstance[] = [];

  beforeAll(async () => {
    streams = [process.stdout, process.stderr].map((stream) => vi.spyOn(stream, 'write'));
    folder = mkdtempSync(join(tmpdir(), 'gw-connection-'));
    env = { DATABASE_URL: `file:${join(folder, 'gateway.db')}`, SECRETS_KEY };
    libris = await startLibrisSimulator();
    bokbasen = await startBokbasenSimulator();
    stranger = await startRecorder();
    regionHalland = await startRegionHallandSimulator({
      clients: [{ clientId: HALLAND_CLIENT, certificate: halland.certificate, resources: { [RESOURCE]: ['hsainfoapi.read'] } }],
      subscriptionKeys: [SUBSCRIPTION_KEY],
    });
    const librisEntry = {
      id: 'libris-test',
      provider: 'libris',
      environment: 'test',
      clientId: LIBRIS_CLIENT.clientId,
      clientSecret: LIBRIS_CLIENT.clientSecret,
      activeSigel: 'Xyz',
      endpoints: libris.endpoints,
    };
    const bokbasenEntry = {
      id: 'bokbasen-metadata',
      provider: 'bokbasen',
      environment: 'test',
      clientId: BOKBASEN_CLIENT.clientId,
      clientSecret: BOKBASEN_CLIENT.clientSecret,
      audience: 'https://api.bokbasen.io/metadata/',
      endpoints: bokbasen.endpoints,
    };
    document = {
      resources: [{ slug: 'cairn', name: 'Cairn.info', url: 'https://www.cairn.info/' }],
      connections: [
        librisEntry,
        { ...librisEntry, id: 'libris-other-sigel', activeSigel: 'Abc' },
        { ...librisEntry, id: 'libris-down', endpoints: { token: `http://127.0.0.1:${await closedPort()}/oauth/token`, verify: libris.endpoints.verify, api: libris.url } },
        bokbasenEntry,
        { ...bokbasenEntry, id: 'bokbasen-orders', audience: 'https://api.bokbasen.io/orders/' },
        {
          id: 'halland-hsa',
          provider: 'region-halland',
          clientId: HALLAND_CLIENT,
          privateKey: halland.privateKey,
          certificate: halland.certificate,
          resource: RESOURCE,
          scope: 'hsainfoapi.read',
          subscriptionKey: SUBSCRIPTION_KEY,
          subscriptionKeyHeader: 'Ocp-Apim-Subscription-Key',
          endpoints: { token: regionHalland.endpoints.token, api: `${regionHalland.url}/hsainfoapi` },
        },
      ],
    };
    const imported = await gateway(env, 'import', file('criteria.json', document));
    expect(imported).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Resources: 1 added, 0 changed, 0 removed\.\n[^]*\nConnections: 6 added, 0 changed, 0 removed\.\n[^]*\nImported 1 resource and 6 connections\.\n$/), stderr: '' });
  }, 60_000);

  afterAll(async () => {
    for (const stream of streams) stream.mockRestore();
    await Promise.all([libris?.close(), bokbasen?.close(), regionHalland?.close(), stranger?.close()]);
    rmSync(folder, { recursive: true, force: true });
  });

  test('Libris: "test" prints JSON with the sigels and their levels', async () => {
    const run = await gateway(env, 'connection', 'test', 'libris-test');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      ok: true,
      connection: 'libris-test',
      provider: 'libris',
      environment: 'test',
      token: { expiresInSeconds: 36000, scope: 'read write' },
      details: { sigels: [{ code: 'Xyz', level: 2 }, { code: 'Xyzb', level: 1 }] },
    });
    expect(result.summary).toContain('Sigel Xyz (Demo Library, main branch): level 2 (cataloger): bibliographic and holdings records — the active sigel');
  });

  test('Libris: three fetches cost one token request; the form is client_secret_post and every call carries XL-Active-Sigel', async () => {
    const before = { tokens: libris.stats.tokenRequests, calls: libris.stats.apiCalls.length };
    const run = await gateway(env, 'connection', 'fetch', 'libris-test', '/fxql7jqr38b1dkf', 'fxql7jqr38b1dkf', '/fxql7jqr38b1dkf');
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^GET http:\/\/127\.0\.0\.1:\d+\/fxql7jqr38b1dkf → 200 OK$/gm)).toHaveLength(3);
    expect(run.stdout).toContain('Röda rummet');
    expect(libris.stats.tokenRequests - before.tokens).toBe(1);
    expect(libris.stats.tokenForms.at(-1)).toEqual({ contentType: 'application/x-www-form-urlencoded', fields: ['client_id', 'client_secret', 'grant_type'], basicAuth: false });
    expect(libris.stats.apiCalls.slice(before.calls).map((c) => [c.bearer, c.activeSigel, c.status])).toEqual([
      [true, 'Xyz', 200],
      [true, 'Xyz', 200],
      [true, 'Xyz', 200],
    ]);
  });

  test('Libris: a sigel that is not the token\'s is refused before any call', async () => {
    const before = libris.stats.apiRequests;
    const run = await gateway(env, 'connection', 'fetch', 'libris-other-sigel', '/fxql7jqr38b1dkf');
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'The active sigel "Abc" is not one of this client\'s sigels (Xyz, Xyzb); nothing was sent to Libris.\n' });
    expect(libris.stats.apiRequests).toBe(before);
    const tested = await gateway(env, 'connection', 'test', 'libris-other-sigel');
    expect(tested.code).toBe(1);
    expect(JSON.parse(tested.stdout).failure.code).toBe('not_permitted');
  });

  test('Bokbasen: three fetches cost one token request, which carries the audience', async () => {
    const before = bokbasen.stats.tokenRequests;
    const run = await gateway(env, 'connection', 'fetch', 'bokbasen-metadata', '/metadata/export/onix/v1', '/metadata/export/marc/v1', '/metadata/export/onix/v1?after=2026');
    expect(run.code).toBe(0);
    expect(run.stdout.match(/ → 200 OK$/gm)).toHaveLength(3);
    expect(bokbasen.stats.tokenRequests - before).toBe(1);
    expect(bokbasen.stats.tokenForms.at(-1)).toMatchObject({ fields: ['audience', 'client_id', 'client_secret', 'grant_type'], audience: 'https://api.bokbasen.io/metadata/' });
  });

  test('Bokbasen: a 403 is explained as no access to that audience', async () => {
    const run = await gateway(env, 'connection', 'test', 'bokbasen-orders');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.failure).toEqual({
      code: 'wrong_audience',
      message: 'This client has no access to that audience (https://api.bokbasen.io/orders/): Bokbasen answered 403 access_denied (Service not enabled within domain: https://api.bokbasen.io/orders/).',
      status: 403,
      upstreamError: 'access_denied',
    });
  });

  test('Region Halland: the assertion verifies against the certificate with the right x5t, aud, iss, sub; unique jti; short exp; subscription key on every call', async () => {
    const before = { tokens: regionHalland.stats.tokenRequests, assertions: regionHalland.stats.assertions.length, calls: regionHalland.stats.apiCalls.length };
    const run = await gateway(env, 'connection', 'fetch', 'halland-hsa', '/units', '/units/SE2321000115-O12345', '/units');
    expect(run.code).toBe(0);
    expect(regionHalland.stats.tokenRequests - before.tokens).toBe(1);
    const tested = await gateway(env, 'connection', 'test', 'halland-hsa');
    expect(JSON.parse(tested.stdout)).toMatchObject({ ok: true, token: { scope: 'hsainfoapi.read', parameters: { resource: RESOURCE, scope: 'hsainfoapi.read' } } });
    const assertions = regionHalland.stats.assertions.slice(before.assertions);
    expect(assertions).toHaveLength(2);
    for (const seen of assertions) {
      // `accepted` means the fake verified the signature with the registered certificate.
      expect(seen.accepted).toBe(true);
      expect(seen.header).toEqual({ alg: 'RS256', typ: 'JWT', x5t: halland.x5t });
      expect(seen.claims).toMatchObject({ iss: HALLAND_CLIENT, sub: HALLAND_CLIENT, aud: regionHalland.endpoints.token });
      expect((seen.claims.exp as number) - (seen.claims.iat as number)).toBeLessThanOrEqual(60);
    }
    expect(assertions[0]?.claims.jti).not.toBe(assertions[1]?.claims.jti);
    expect(regionHalland.stats.apiCalls.slice(before.calls).map((c) => [c.subscriptionKey, c.bearer, c.status])).toEqual([
      [true, true, 200],
      [true, true, 200],
      [true, true, 200],
    ]);
  });

  test('an unreachable token endpoint is named as such', async () => {
    const run = await gateway(env, 'connection', 'test', 'libris-down');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).failure).toMatchObject({ code: 'unreachable', message: expect.stringMatching(/^Libris's token endpoint could not be reached \(ECONNREFUSED\)/) });
  });

  test('without SECRETS_KEY: test fails with a clear message, import refuses and changes nothing', async () => {
    const run = await gateway({ DATABASE_URL: env.DATABASE_URL ?? '' }, 'connection', 'test', 'libris-test');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).failure).toMatchObject({ code: 'secrets_key_missing', message: expect.stringMatching(/SECRETS_KEY is not set/) });
    const imported = await gateway({ DATABASE_URL: env.DATABASE_URL ?? '' }, 'import', file('again.json', { ...document, connections: document.connections.slice(0, 1) }));
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/^\$\.connections: Connection "libris-test" has secrets, and SECRETS_KEY is not set: set SECRETS_KEY .* Nothing was changed\.\n\S+again\.json: 1 problem; nothing was imported\.\n$/);
    const exported = JSON.parse((await gateway(env, 'export')).stdout);
    expect(exported.connections).toHaveLength(6);
  });

  test('export masks every secret; importing the export keeps them', async () => {
    const exported = await gateway(env, 'export');
    expect(exported.code).toBe(0);
    const json = JSON.parse(exported.stdout);
    expect(json.connections.map((c: { id: string }) => c.id)).toEqual(['libris-test', 'libris-other-sigel', 'libris-down', 'bokbasen-metadata', 'bokbasen-orders', 'halland-hsa']);
    expect(json.connections[0]).toMatchObject({ clientSecret: '********' });
    expect(json.connections[5]).toMatchObject({ privateKey: '********', subscriptionKey: '********', certificate: halland.certificate.trim() });
    const reimported = await gateway(env, 'import', file('exported.json', json));
    expect(reimported).toMatchObject({ code: 0, stdout: 'No changes.\nNothing was changed: the store already holds this document.\n' });
    expect((await gateway(env, 'connection', 'test', 'halland-hsa')).code).toBe(0);
  });

  test('usage mistakes exit 2', async () => {
    expect((await gateway(env, 'connection')).code).toBe(2);
    expect((await gateway(env, 'connection', 'fetch', 'libris-test')).code).toBe(2);
    expect((await gateway(env, 'connection', 'test', 'a', 'b')).code).toBe(2);
  });

  test('an export with only an endpoint edited, secrets masked: the import is refused and nothing leaves for the new host', async () => {
    const json = JSON.parse((await gateway(env, 'export')).stdout);
    const edit = (id: string, endpoint: string, path: string) => {
      const entry = json.connections.find((c: { id: string }) => c.id === id);
      entry.endpoints = { ...entry.endpoints, [endpoint]: `${stranger.url}${path}` };
    };
    edit('libris-test', 'token', '/oauth/token');
    edit('halland-hsa', 'api', '/hsainfoapi');
    const imported = await gateway(env, 'import', file('moved.json', json));
    // Soft: the connections are used anyway, and what the stranger received is shown too.
    expect.soft(imported.code).toBe(1);
    expect.soft(imported.stderr).toContain('$.connections[0].clientSecret: "clientSecret" is masked, but the token endpoint changed');
    expect.soft(imported.stderr).toContain('$.connections[5].subscriptionKey: "subscriptionKey" is masked, but the API base changed');
    expect.soft(imported.stderr).toContain('$.connections[5].privateKey: "privateKey" is masked, but the API base changed');
    const tested = await gateway(env, 'connection', 'test', 'libris-test');
    const fetched = await gateway(env, 'connection', 'fetch', 'halland-hsa', '/units');
    expect(stranger.requests.map((r) => ({ url: r.url, body: r.body, subscriptionKey: r.headers['ocp-apim-subscription-key'] }))).toEqual([]);
    expect([tested.code, fetched.code]).toEqual([0, 0]);
  });

  test('no secret is readable in the database file, the export or anything printed', async () => {
    const database = join(folder, 'gateway.db');
    const bytes = [database, `${database}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path).toString('latin1')).join('');
    expect(bytes).toContain('libris-test');
    const output = [...printed, ...streams.flatMap((stream) => stream.mock.calls.map(([chunk]) => String(chunk)))].join('\n');
    expect(output).toContain('libris-test');
    const secrets = [
      LIBRIS_CLIENT.clientSecret,
      BOKBASEN_CLIENT.clientSecret,
      SUBSCRIPTION_KEY,
      SECRETS_KEY,
      ...halland.privateKey.split('\n').filter((line) => line.length > 40),
    ];
    for (const secret of secrets) {
      expect(bytes).not.toContain(secret);
      expect(output).not.toContain(secret);
    }
  });
});
