/**
 * Provider connections in the admin area: admins only, checked on the server
 * for every action; a refusal stores nothing, calls no provider and writes no
 * audit entry; the audit trail and every result hold no secret. Against a
 * real store and the strict local fakes of Libris and Bokbasen.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { DEMO_CLIENT as BOKBASEN_CLIENT, startBokbasenSimulator } from '../../simulators/bokbasen.mjs';
import { DEMO_CLIENT as LIBRIS_CLIENT, startLibrisSimulator } from '../../simulators/libris.mjs';
import { startRecorder } from '../../simulators/recorder.mjs';
import { Connections, MASKED } from '../connections';
import { TokenCache } from '../oauth/token-cache';
import { listAudit } from '../store/audit';
import type { Identity } from './authorize';
import * as core from './connections';
import { importHandler } from './handlers';
import { ADMIN, fixture, LIBRARIAN_VS, PATRON, type Fixture } from './test-fixtures';
import { getDocument } from '../store';

const KEY = 'admin-connections-test-key-0123456789abcdef';
const NEW_SECRET = 'a-new-libris-secret-that-is-wrong-42';

let libris: Awaited<ReturnType<typeof startLibrisSimulator>>;
let bokbasen: Awaited<ReturnType<typeof startBokbasenSimulator>>;
let stranger: Awaited<ReturnType<typeof startRecorder>>;
let f: Fixture;
let ctx: core.ConnectionsContext;

beforeAll(async () => {
  libris = await startLibrisSimulator();
  bokbasen = await startBokbasenSimulator();
  stranger = await startRecorder();
});

afterAll(async () => {
  await libris.close();
  await bokbasen.close();
  await stranger.close();
});

beforeEach(async () => {
  stranger.requests.length = 0;
  f = await fixture();
  ctx = { ...f.ctx, connections: new Connections(f.store, { secretsKey: KEY, tokens: new TokenCache() }) };
});

afterEach(async () => {
  await f.close();
});

/** The Libris form as the page posts it: every field a string, the fake's endpoints as overrides. */
function librisForm(values: Record<string, string> = {}): core.ConnectionForm {
  return {
    id: 'libris-test',
    provider: 'libris',
    environment: 'test',
    clientId: LIBRIS_CLIENT.clientId,
    clientSecret: LIBRIS_CLIENT.clientSecret,
    activeSigel: 'Xyz',
    'endpoints.token': libris.endpoints.token,
    'endpoints.api': libris.endpoints.api,
    'endpoints.verify': libris.endpoints.verify,
    ...values,
  };
}

function bokbasenForm(values: Record<string, string> = {}): core.ConnectionForm {
  return {
    id: 'bokbasen-metadata',
    provider: 'bokbasen',
    environment: 'test',
    clientId: BOKBASEN_CLIENT.clientId,
    clientSecret: BOKBASEN_CLIENT.clientSecret,
    audience: 'https://api.bokbasen.io/metadata/',
    'endpoints.token': bokbasen.endpoints.token,
    'endpoints.api': bokbasen.endpoints.api,
    'endpoints.verify': '',
    ...values,
  };
}

const SECRETS = [LIBRIS_CLIENT.clientSecret, BOKBASEN_CLIENT.clientSecret, NEW_SECRET];

function expectNoSecret(value: unknown) {
  const text = JSON.stringify(value);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

async function everything() {
  return {
    ...(await f.snapshot()),
    connections: await f.store.db.selectFrom('connections').selectAll().orderBy('id').execute(),
  };
}

async function createLibris() {
  const created = await core.saveConnection(ADMIN, { form: librisForm() }, ctx);
  expect(created).toEqual({ ok: true, id: 'libris-test', created: true });
}

describe('who may manage connections', () => {
  const refused: [string, Identity, string][] = [
    ['a librarian', LIBRARIAN_VS, 'admin-only'],
    ['a signed-in patron who is not staff', PATRON, 'not-staff'],
    ['a signed-out visitor', null, 'signed-out'],
  ];

  test.each(refused)('%s is refused every action, and nothing is stored, called or audited', async (_who, identity, code) => {
    await createLibris();
    const tokenRequests = libris.stats.tokenRequests;
    const before = await everything();
    const results = {
      list: await core.listConnections(identity, ctx),
      read: await core.readConnection(identity, { id: 'libris-test' }, ctx),
      create: await core.saveConnection(identity, { form: bokbasenForm() }, ctx),
      update: await core.saveConnection(identity, { original: 'libris-test', form: librisForm({ clientId: 'taken-over', clientSecret: NEW_SECRET }) }, ctx),
      delete: await core.deleteConnection(identity, { id: 'libris-test' }, ctx),
      test: await core.testConnection(identity, { id: 'libris-test' }, ctx),
    };
    for (const [action, result] of Object.entries(results)) expect(result, action).toEqual({ ok: false, code });
    expect(await everything()).toEqual(before);
    expect(libris.stats.tokenRequests).toBe(tokenRequests);
    // Nothing was remembered either: the admin's list shows no test.
    const list = await core.listConnections(ADMIN, ctx);
    expect(list.ok && list.connections[0]?.status.lastTest).toBeUndefined();
  });

  test('a librarian cannot create the first connection either', async () => {
    const before = await everything();
    expect(await core.saveConnection(LIBRARIAN_VS, { form: librisForm() }, ctx)).toEqual({ ok: false, code: 'admin-only' });
    expect(await everything()).toEqual(before);
    expect(before.connections).toEqual([]);
  });
});

describe('an admin', () => {
  test('creates, tests, edits with the secret left empty (kept), and deletes a Libris connection', async () => {
    await createLibris();
    const listed = await core.listConnections(ADMIN, ctx);
    if (!listed.ok) throw new Error('refused');
    expect(listed.connections).toHaveLength(1);
    expect(listed.connections[0]).toMatchObject({
      id: 'libris-test',
      provider: 'libris',
      environment: 'test',
      clientId: LIBRIS_CLIENT.clientId,
      secrets: { clientSecret: true },
      entry: { clientSecret: MASKED, endpoints: libris.endpoints },
      status: { state: 'ready' },
    });
    expectNoSecret(listed);

    const tested = await core.testConnection(ADMIN, { id: 'libris-test' }, ctx);
    if (!tested.ok) throw new Error('refused');
    expect(tested.result).toMatchObject({ ok: true, token: { scope: 'read write' }, details: { sigels: [{ code: 'Xyz', level: 2 }, { code: 'Xyzb', level: 1 }] } });
    expectNoSecret(tested);

    // The secret left empty: the stored one is kept, and the test still works.
    const edited = await core.saveConnection(ADMIN, { original: 'libris-test', form: librisForm({ clientSecret: '', activeSigel: 'Xyzb' }) }, ctx);
    expect(edited).toEqual({ ok: true, id: 'libris-test', created: false });
    const again = await core.testConnection(ADMIN, { id: 'libris-test' }, ctx);
    expect(again.ok && again.result.ok).toBe(true);
    const read = await core.readConnection(ADMIN, { id: 'libris-test' }, ctx);
    expect(read.ok && read.connection.entry.activeSigel).toBe('Xyzb');
    // Saved again as it is: no entry for a change that changes nothing.
    expect(await core.saveConnection(ADMIN, { original: 'libris-test', form: librisForm({ clientSecret: '', activeSigel: 'Xyzb' }) }, ctx)).toEqual({ ok: true, id: 'libris-test', created: false });

    // A new secret replaces it (a wrong one here: the test says so in words).
    expect((await core.saveConnection(ADMIN, { original: 'libris-test', form: librisForm({ clientSecret: NEW_SECRET }) }, ctx)).ok).toBe(true);
    const wrong = await core.testConnection(ADMIN, { id: 'libris-test' }, ctx);
    if (!wrong.ok) throw new Error('refused');
    expect(wrong.result.failure?.code).toBe('bad_secret');
    expectNoSecret(wrong);

    expect(await core.deleteConnection(ADMIN, { id: 'libris-test' }, ctx)).toEqual({ ok: true, id: 'libris-test' });
    expect(await core.readConnection(ADMIN, { id: 'libris-test' }, ctx)).toEqual({ ok: false, code: 'not-found' });
    expect(await core.deleteConnection(ADMIN, { id: 'libris-test' }, ctx)).toEqual({ ok: false, code: 'not-found' });

    const entries = (await listAudit(f.store.db, { limit: 10 })).reverse();
    expect(entries.map((e) => [e.action, e.target, e.actor])).toEqual([
      ['connection.create', 'libris-test', ADMIN.userId],
      ['connection.update', 'libris-test', ADMIN.userId],
      ['connection.update', 'libris-test', ADMIN.userId],
      ['connection.delete', 'libris-test', ADMIN.userId],
    ]);
    // Before and after, without secrets: only whether one is stored, and whether the change replaced it.
    expect(entries[0]?.before).toBeNull();
    expect(entries[0]?.after).toEqual({
      id: 'libris-test',
      provider: 'libris',
      environment: 'test',
      clientId: LIBRIS_CLIENT.clientId,
      activeSigel: 'Xyz',
      endpoints: libris.endpoints,
      secrets: { clientSecret: 'stored' },
    });
    expect(entries[1]?.before).toMatchObject({ activeSigel: 'Xyz', secrets: { clientSecret: 'stored' } });
    expect(entries[1]?.after).toMatchObject({ activeSigel: 'Xyzb', secrets: { clientSecret: 'stored' } });
    expect(entries[2]?.after).toMatchObject({ secrets: { clientSecret: 'replaced' } });
    expect(entries[3]).toMatchObject({ before: { id: 'libris-test' }, after: null });
    for (const entry of entries) {
      expect(entry.before ?? {}).not.toHaveProperty('clientSecret');
      expect(entry.after ?? {}).not.toHaveProperty('clientSecret');
    }
    const raw = JSON.stringify(await f.store.db.selectFrom('audit_log').selectAll().execute());
    for (const secret of SECRETS) expect(raw).not.toContain(secret);
    expect(raw).not.toContain(MASKED);
  });

  test('a Bokbasen connection with an audience it may not have: the test says "no access to that audience"', async () => {
    const saved = await core.saveConnection(ADMIN, { form: bokbasenForm({ audience: 'https://api.bokbasen.io/reporting/' }) }, ctx);
    expect(saved.ok).toBe(true);
    const tested = await core.testConnection(ADMIN, { id: 'bokbasen-metadata' }, ctx);
    if (!tested.ok) throw new Error('refused');
    expect(tested.result.ok).toBe(false);
    expect(tested.result.failure).toMatchObject({ code: 'wrong_audience', status: 403 });
    expect(tested.result.failure?.message).toMatch(/no access to that audience/);
    expectNoSecret(tested);
    const listed = await core.listConnections(ADMIN, ctx);
    expect(listed.ok && listed.connections[0]?.status.lastTest).toMatchObject({ ok: false, code: 'wrong_audience' });
  });

  test('an invalid form is told per field, stores nothing and echoes no secret', async () => {
    const before = await everything();
    const result = await core.saveConnection(
      ADMIN,
      { form: librisForm({ id: 'Not An Id', clientId: '', activeSigel: 'two sigels', 'endpoints.token': 'ftp://example.org/', clientSecret: NEW_SECRET }) },
      ctx,
    );
    if (result.ok) throw new Error('saved');
    expect(result.code).toBe('invalid');
    const fields = (result.problems ?? []).map((p) => core.problemField(p.path));
    expect(fields).toEqual(expect.arrayContaining(['id', 'clientId', 'activeSigel', 'endpoints.token']));
    expectNoSecret(result);
    expect(await everything()).toEqual(before);
  });

  test('a new connection needs its secret; an existing id is refused on create; a vanished one on update', async () => {
    const missing = await core.saveConnection(ADMIN, { form: librisForm({ clientSecret: '' }) }, ctx);
    expect(missing.ok === false && missing.problems?.map((p) => p.path)).toEqual(['$.clientSecret']);
    await createLibris();
    const twice = await core.saveConnection(ADMIN, { form: librisForm() }, ctx);
    expect(twice.ok === false && twice.problems).toEqual([{ path: '$.id', message: 'The id "libris-test" is already used by another connection.' }]);
    expect(await core.saveConnection(ADMIN, { original: 'gone', form: librisForm({ id: 'gone' }) }, ctx)).toEqual({ ok: false, code: 'not-found' });
    expect(await core.testConnection(ADMIN, { id: 'gone' }, ctx)).toEqual({ ok: false, code: 'not-found' });
    expect((await core.listConnections(ADMIN, ctx)).ok && (await ctx.connections.list()).map((c) => c.id)).toEqual(['libris-test']);
  });

  test('an update keeps the id and provider of the connection, whatever the form says', async () => {
    await createLibris();
    const result = await core.saveConnection(ADMIN, { original: 'libris-test', form: librisForm({ id: 'renamed', provider: 'bokbasen', clientSecret: '' }) }, ctx);
    expect(result).toEqual({ ok: true, id: 'libris-test', created: false });
    expect((await ctx.connections.list()).map((c) => [c.id, c.provider])).toEqual([['libris-test', 'libris']]);
  });

  test.each([
    ['', async () => Connections],
    // Next bundles lib/connections into several server chunks: the process's Connections may come from another copy than the action's.
    [' (Connections from another bundle’s copy of lib/connections)', async () => {
      vi.resetModules();
      return (await import('../connections')).Connections;
    }],
  ])('without SECRETS_KEY a connection with secrets is not saved, with words that name the variable%s', async (_where, classOf) => {
    const locked = { ...ctx, connections: new (await classOf())(f.store, { tokens: new TokenCache() }) };
    const before = await everything();
    const result = await core.saveConnection(ADMIN, { form: librisForm() }, locked);
    expect(result.ok === false && result.problems?.[0]).toMatchObject({ path: '$', message: expect.stringMatching(/SECRETS_KEY is not set/) });
    expect(result).toMatchObject({ ok: false, code: 'invalid', secretsKeyMissing: true });
    expectNoSecret(result);
    expect(await everything()).toEqual(before);
    // The pages know beforehand.
    expect(await core.listConnections(ADMIN, locked)).toMatchObject({ ok: true, keepsSecrets: false });
    expect(await core.listConnections(ADMIN, ctx)).toMatchObject({ ok: true, keepsSecrets: true });
  });
});

describe('how a connection’s state reads', () => {
  const ready = { state: 'ready' as const, message: 'Ready.' };
  test.each([
    ['never tested', ready, 'ready'],
    ['its last test worked', { ...ready, lastTest: { ok: true, at: '2026-06-15T10:00:00Z', message: 'Works.' } }, 'ready'],
    ['its last test failed', { ...ready, lastTest: { ok: false, at: '2026-06-15T10:00:00Z', code: 'bad_secret' as const, message: 'Refused.' } }, 'failing'],
    ['locked, whatever its test', { state: 'locked' as const, message: 'No key.', lastTest: { ok: false, at: '2026-06-15T10:00:00Z', message: 'No key.' } }, 'locked'],
  ])('%s: %s', (_what, status, shown) => {
    expect(core.shownState(status)).toBe(shown);
  });

  test('a failed "Test connection" is not "ready" in the list', async () => {
    const saved = await core.saveConnection(ADMIN, { form: librisForm({ clientSecret: NEW_SECRET }) }, ctx);
    expect(saved.ok).toBe(true);
    const tested = await core.testConnection(ADMIN, { id: 'libris-test' }, ctx);
    expect(tested.ok && tested.result.ok).toBe(false);
    const listed = await core.listConnections(ADMIN, ctx);
    expect(listed.ok && listed.connections.map((c) => core.shownState(c.status))).toEqual(['failing']);
  });
});

describe('a changed endpoint or environment needs the secrets again: nothing leaves for a host the editor picks', () => {
  test.each([
    ['endpoints.token', () => `${stranger.url}/oauth/token`],
    ['endpoints.api', () => `${stranger.url}/api`],
    ['endpoints.verify', () => `${stranger.url}/oauth/verify`],
    ['environment', () => 'production'],
  ])('%s changed, the secret left empty: refused at the secret, nothing stored, the test still goes to the old host', async (field, value) => {
    await createLibris();
    const before = await everything();
    const saved = await core.saveConnection(ADMIN, { original: 'libris-test', form: librisForm({ clientSecret: '', [field]: value() }) }, ctx);
    // Soft: then "Test connection" is pressed anyway, and what the stranger received is shown too.
    expect.soft(saved).toEqual({ ok: false, code: 'invalid', problems: [{ path: '$.clientSecret', message: expect.stringContaining('give the value itself again') }] });
    expect.soft(await everything()).toEqual(before);
    await core.testConnection(ADMIN, { id: 'libris-test' }, ctx);
    expect(stranger.requests).toEqual([]);
    const tested = await core.testConnection(ADMIN, { id: 'libris-test' }, ctx);
    expect(tested.ok && tested.result.ok).toBe(true);
  });

  test('an endpoint override equal to the provider\'s own is no change; a secret typed again for the new host is saved', async () => {
    const onDefaults = librisForm({ 'endpoints.token': '', 'endpoints.api': '', 'endpoints.verify': '' });
    expect((await core.saveConnection(ADMIN, { form: onDefaults }, ctx)).ok).toBe(true);
    const spec = core.connectionFormSpec('libris');
    const same = { 'endpoints.token': spec?.endpointDefaults.token.test ?? '', clientSecret: '' };
    expect(await core.saveConnection(ADMIN, { original: 'libris-test', form: { ...onDefaults, ...same } }, ctx)).toEqual({ ok: true, id: 'libris-test', created: false });
    const moved = { ...onDefaults, 'endpoints.token': `${stranger.url}/oauth/token`, clientSecret: NEW_SECRET };
    expect(await core.saveConnection(ADMIN, { original: 'libris-test', form: moved }, ctx)).toEqual({ ok: true, id: 'libris-test', created: false });
    expect(stranger.requests).toEqual([]);
  });

  test('through /admin/import: a document whose endpoint was edited, its secret masked, sends nothing to the new host', async () => {
    await createLibris();
    const [stored] = await ctx.connections.list();
    const edited = { ...stored?.entry, endpoints: { ...libris.endpoints, token: `${stranger.url}/oauth/token` } };
    const body = JSON.stringify({ resources: (await getDocument(f.store.db)).resources, connections: [edited] });
    const request = new Request('https://gateway.example.org/admin/import', { method: 'POST', headers: { origin: 'https://gateway.example.org', 'content-type': 'application/json' }, body });
    const answer = await importHandler(request, ADMIN, { ...ctx, appUrl: 'https://gateway.example.org' });
    expect([200, 403, 422]).toContain(answer.status);
    expect((await ctx.connections.get('libris-test'))?.endpoints.token).toBe(libris.endpoints.token);
    const tested = await core.testConnection(ADMIN, { id: 'libris-test' }, ctx);
    expect(tested.ok && tested.result.ok).toBe(true);
    expect(stranger.requests).toEqual([]);
  });
});

describe('the form', () => {
  test('each provider\'s form comes from PROVIDERS: secrets, PEM text areas, required settings, default endpoints', () => {
    expect(core.providerChoices().map((p) => p.id)).toEqual(['libris', 'bokbasen', 'region-halland']);
    const libris = core.connectionFormSpec('libris');
    expect(libris).toMatchObject({
      providerName: 'Libris',
      needsEnvironment: true,
      fields: [
        { name: 'clientSecret', secret: true, multiline: false, required: true },
        { name: 'activeSigel', secret: false, required: true },
      ],
      endpointDefaults: { token: { test: 'https://login-stg.libris.kb.se/oauth/token' } },
    });
    const halland = core.connectionFormSpec('region-halland');
    expect(halland?.needsEnvironment).toBe(false);
    expect(halland?.fields.filter((field) => field.multiline).map((field) => [field.name, field.secret])).toEqual([
      ['privateKey', true],
      ['certificate', false],
    ]);
    expect(halland?.fields.filter((field) => !field.required).map((field) => field.name)).toEqual(['scope', 'subscriptionKeyHeader']);
    expect(halland?.endpointDefaults.token).toEqual({});
    expect(core.connectionFormSpec('nope')).toBeUndefined();
  });

  test('empty fields are left out: an empty secret keeps the stored one, empty endpoints use the provider\'s', () => {
    expect(core.readConnectionForm(librisForm({ clientSecret: '', environment: '', 'endpoints.token': '', 'endpoints.api': '', 'endpoints.verify': '' }))).toEqual({
      entry: { id: 'libris-test', provider: 'libris', clientId: LIBRIS_CLIENT.clientId, activeSigel: 'Xyz' },
      secretsGiven: [],
    });
    expect(core.readConnectionForm(librisForm({ clientSecret: MASKED })).secretsGiven).toEqual([]);
    expect(core.readConnectionForm(librisForm()).secretsGiven).toEqual(['clientSecret']);
    expect(core.problemField('$.endpoints.api')).toBe('endpoints.api');
    expect(core.problemField('$.clientSecret')).toBe('clientSecret');
    expect(core.problemField('$')).toBeUndefined();
    expect(core.problemField('$.endpoints')).toBeUndefined();
  });
});
