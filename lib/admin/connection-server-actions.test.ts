/**
 * The server actions of app/admin/connections/actions.ts, called directly as
 * a forged POST would call them (Next.js replaced by ./test-next.ts): only an
 * admin gets through; anyone else is refused before a connection is read,
 * saved, removed or tested, and a refusal stores nothing, writes no audit
 * entry and sends nothing to the connection's hosts (all of them a recorder
 * here). Every exported action is listed; a new one without a test fails the
 * first test.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { startRecorder } from '../../simulators/recorder.mjs';
import { Connections } from '../connections';
import { TokenCache } from '../oauth/token-cache';
import { ADMIN, fixture, LIBRARIAN_VS, PATRON, type Fixture } from './test-fixtures';
import { formData, outcome, request } from './test-next';

vi.mock('next/navigation', async () => (await import('./test-next')).navigation);
vi.mock('next/cache', async () => (await import('./test-next')).cache);
vi.mock('next/headers', async () => (await import('./test-next')).nextHeaders);
vi.mock('next-intl/server', async () => (await import('./test-next')).intl);
vi.mock('@/lib/runtime', async () => (await import('./test-next')).runtime);

const serverActions = await import('../../app/admin/connections/actions');

const KEY = 'connection-actions-test-key-0123456789abcdef';
const SECRET = 'the-stored-libris-secret-0123456789';

let recorder: Awaited<ReturnType<typeof startRecorder>>;
let f: Fixture;

beforeAll(async () => {
  recorder = await startRecorder();
});

afterAll(async () => {
  await recorder.close();
});

beforeEach(async () => {
  f = await fixture();
  const connections = new Connections(f.store, { secretsKey: KEY, tokens: new TokenCache() });
  const endpoints = { token: `${recorder.url}/oauth/token`, api: `${recorder.url}/api`, verify: `${recorder.url}/oauth/verify` };
  const saved = await connections.save({ id: 'libris-test', provider: 'libris', environment: 'test', clientId: 'gateway', clientSecret: SECRET, activeSigel: 'Xyz', endpoints });
  if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
  request.path = '/admin/connections';
  request.services = { store: f.store, connections };
  recorder.requests.length = 0;
});

afterEach(async () => {
  await f.close();
  delete request.userId;
});

/** Everything a refusal must leave as it was: criteria, staff, audit, and the stored connections. */
async function snapshot() {
  return { ...(await f.snapshot()), connections: await f.store.db.selectFrom('connections').selectAll().orderBy('id').execute() };
}

/** A forged POST for each action against the stored connection, with a secret and a new token endpoint. */
function forged(): Record<string, () => Promise<unknown>> {
  const form = { original: 'libris-test', id: 'libris-test', provider: 'libris', environment: 'test', clientId: 'taken-over', clientSecret: 'typed-by-the-forger', activeSigel: 'Xyz' };
  return {
    saveConnectionAction: () => serverActions.saveConnectionAction({ status: 'idle' }, formData({ ...form, 'endpoints.token': `${recorder.url}/elsewhere` })),
    deleteConnectionAction: () => serverActions.deleteConnectionAction(formData({ id: 'libris-test' })),
    testConnectionAction: () => serverActions.testConnectionAction({ status: 'idle' }, formData({ id: 'libris-test' })),
  };
}

test('every exported connection server action is covered here', () => {
  expect(Object.keys(serverActions).sort()).toEqual(Object.keys(forged()).sort());
});

describe('each connection server action', () => {
  test('signed out: to sign-in and back, nothing stored, nothing sent', async () => {
    const before = await snapshot();
    for (const [name, call] of Object.entries(forged())) {
      expect({ name, outcome: await outcome(call) }).toEqual({ name, outcome: `redirect:/auth/login?returnTo=${encodeURIComponent('/admin/connections')}` });
    }
    expect(await snapshot()).toEqual(before);
    expect(recorder.requests).toEqual([]);
  });

  test.each([
    ['a signed-in patron who is not staff', PATRON.userId],
    ['a librarian (connections are for admins only)', LIBRARIAN_VS.userId],
  ])('%s: 403, nothing stored, nothing sent', async (_who, userId) => {
    request.userId = userId;
    const before = await snapshot();
    for (const [name, call] of Object.entries(forged())) expect({ name, outcome: await outcome(call) }).toEqual({ name, outcome: '403' });
    expect(await snapshot()).toEqual(before);
    expect(recorder.requests).toEqual([]);
  });

  test('an admin: each action goes through', async () => {
    request.userId = ADMIN.userId;
    const calls = forged();
    expect(await outcome(calls.testConnectionAction!)).toBe('state:done');
    expect(recorder.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /oauth/token']);
    expect(await outcome(calls.saveConnectionAction!)).toBe('redirect:/admin/connections?saved=libris-test');
    expect(await outcome(calls.deleteConnectionAction!)).toBe('redirect:/admin/connections?deleted=libris-test');
    expect(await f.store.db.selectFrom('connections').selectAll().execute()).toEqual([]);
  });
});

describe('without SECRETS_KEY', () => {
  test('creating a connection is refused with a sentence of its own; the form keeps what was typed but the secret; nothing stored', async () => {
    request.userId = ADMIN.userId;
    request.services = { store: f.store, connections: new Connections(f.store, { tokens: new TokenCache() }) };
    const before = await snapshot();
    const typed = { provider: 'libris', id: 'libris-new', environment: 'test', clientId: 'the-client', clientSecret: 'typed-secret-0123456789', activeSigel: 'Abc', 'endpoints.token': `${recorder.url}/oauth/token` };
    const state = await serverActions.saveConnectionAction({ status: 'idle' }, formData(typed));
    const { clientSecret: _secret, ...kept } = typed;
    expect(state).toEqual({ status: 'invalid', message: 'connections.secretsKey.refused', values: kept, secretsCleared: true, attempt: 1 });
    expect(JSON.stringify(state)).not.toContain('typed-secret');
    expect(await snapshot()).toEqual(before);
    expect(recorder.requests).toEqual([]);
  });
});
