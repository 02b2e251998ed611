/**
 * Credentials for resources behind a connection, against the strict Libris
 * fake and a real Connections on SQLite: only for an allowed patron, only on
 * the methods and paths allowed, one token request however many patrons; a
 * failing connection is a 503 with a reason, never a 403.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, startLibrisSimulator } from '../../simulators/libris.mjs';
import { parseCriteriaDocument, type Resource } from '../access/criteria';
import { Connections } from '../connections';
import type { GateResult } from '../gate';
import { TokenCache } from '../oauth/token-cache';
import { openStore, type Store } from '../store';
import { ENGINES, type TestDatabase } from '../store/test-databases';
import type { ForwardAuthAnswer } from './answer';
import { normalisedPath, withUpstream } from './upstream';

const KEY = 'test-secrets-key-0123456789abcdefghijklmnop';
const sqlite = ENGINES.find((e) => e.engine === 'sqlite')!;

function resource(upstream: unknown): Resource {
  const parsed = parseCriteriaDocument({ resources: [{ slug: 'libris-api', name: 'Libris', url: 'https://libris.kb.se/', upstream }] });
  if (!parsed.ok || !parsed.document.resources[0]) throw new Error('invalid test resource');
  return parsed.document.resources[0];
}

const ALLOWED_ANSWER: ForwardAuthAnswer = { status: 200, headers: { 'cache-control': 'no-store', 'x-patron-institution': 'vs' } };

function allowed(r: Resource): GateResult {
  return { kind: 'allowed', resource: r, session: { facts: { userId: '1001', records: [] } } as never, record: { code: 'vs' } };
}

describe('withUpstream', () => {
  let sim: Awaited<ReturnType<typeof startLibrisSimulator>>;
  let database: TestDatabase;
  let store: Store;
  let connections: Connections;
  const credentials = (id: string) => connections.upstreamHeaders(id);

  beforeEach(async () => {
    sim = await startLibrisSimulator();
    database = await sqlite.create();
    store = await openStore(database.url);
    connections = new Connections(store, { secretsKey: KEY, tokens: new TokenCache() });
    const saved = await connections.save({ id: 'libris-test', provider: 'libris', environment: 'test', clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret, activeSigel: 'Xyz', endpoints: sim.endpoints });
    expect(saved.ok).toBe(true);
  });
  afterEach(async () => {
    await sim.close();
    await store.close();
    await database.drop();
  });

  it('adds a token the API accepts and the active sigel, for 1,000 requests with one token request', async () => {
    const r = resource({ connection: 'libris-test', allow: [{ methods: ['GET', 'HEAD'], paths: ['/libris-api/'] }] });
    const answers = await Promise.all(Array.from({ length: 1000 }, () => withUpstream(ALLOWED_ANSWER, allowed(r), { method: 'GET', uri: '/libris-api/fxql7jqr38b1dkf' }, credentials)));
    expect(sim.stats.tokenRequests).toBe(1);
    const first = answers[0]!;
    expect(first.status).toBe(200);
    expect(first.headers['x-patron-institution']).toBe('vs');
    expect(first.headers['x-upstream-xl-active-sigel']).toBe('Xyz');
    expect(first.headers['x-upstream-authorization']).toMatch(/^Bearer [A-Za-z0-9]{24}$/);
    // The fake accepts what the proxy will send under the real names.
    const read = await fetch(`${sim.url}/fxql7jqr38b1dkf`, { headers: { authorization: first.headers['x-upstream-authorization']!, 'xl-active-sigel': first.headers['x-upstream-xl-active-sigel']! } });
    expect(read.status).toBe(200);
    expect(connections.health('libris-test').lastSuccessAt).toBeGreaterThan(0);
  });

  it('refuses what the admin did not allow, and adds nothing for anyone not allowed', async () => {
    const r = resource({ connection: 'libris-test', allow: [{ methods: ['GET', 'HEAD'], paths: ['/libris-api/metadata/'] }] });
    for (const original of [
      { method: 'POST', uri: '/libris-api/metadata/x' },
      { method: 'DELETE', uri: '/libris-api/metadata/x' },
      { method: 'GET', uri: '/libris-api/data' },
      { method: 'GET', uri: '/libris-api/metadata/../data' },
      { method: 'GET', uri: '/libris-api/metadata/%2e%2e/data' },
      { method: 'GET', uri: '/libris-api/metadata%2F..%2Fdata' },
      { method: 'GET', uri: '/libris-api/metadata/..;/data' },
    ]) {
      expect(await withUpstream(ALLOWED_ANSWER, allowed(r), original, credentials)).toEqual({ status: 403, headers: { 'cache-control': 'no-store', 'x-access-denied-reason': 'upstream-not-allowed' } });
    }
    // Without the original method and URI: the decision stands, no credential.
    expect(await withUpstream(ALLOWED_ANSWER, allowed(r), {}, credentials)).toEqual(ALLOWED_ANSWER);
    const denied: GateResult = { kind: 'denied', resource: r, session: { facts: { userId: '1001', records: [] } } as never, reasons: [{ code: 'age' } as never] };
    const refused: ForwardAuthAnswer = { status: 403, headers: { 'x-access-denied-reason': 'age' } };
    expect(await withUpstream(refused, denied, { method: 'GET', uri: '/libris-api/metadata/x' }, credentials)).toEqual(refused);
    expect(await withUpstream({ status: 401, headers: {} }, { kind: 'signed-out' }, { method: 'GET', uri: '/libris-api/metadata/x' }, credentials)).toEqual({ status: 401, headers: {} });
    expect(sim.stats.tokenRequests).toBe(0);
  });

  it('a connection that fails answers 503 with a reason, and its health says why', async () => {
    const r = resource({ connection: 'libris-test' });
    await sim.close();
    const answer = await withUpstream(ALLOWED_ANSWER, allowed(r), { method: 'GET', uri: '/anything' }, credentials);
    expect(answer).toEqual({ status: 503, headers: { 'cache-control': 'no-store', 'x-access-denied-reason': 'connection-failed', 'retry-after': '30' } });
    expect(connections.health('libris-test').lastFailure?.code).toBe('unreachable');
    sim = await startLibrisSimulator(); // for afterEach
  });
});

describe('normalisedPath', () => {
  it.each([
    ['/a/b?x=1', '/a/b'],
    ['/a//b', '/a/b'],
    ['/a/./b/../c', '/a/c'],
    ['/a/%2e%2e/b', undefined],
    ['/a%2Fb', undefined],
    ['/a\\b', undefined],
    ['/libris-api/metadata/..;/data', undefined],
    ['/a%3Bb', undefined],
    ['a/b', undefined],
  ])('%s → %s', (uri, path) => {
    expect(normalisedPath(uri)).toBe(path);
  });
});
