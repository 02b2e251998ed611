import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { approveAtSimulator } from '../../simulators/drive.mjs';
import { DEMO_CLIENT, startReroSimulator } from '../../simulators/rero-plus.mjs';
import { loadConfig } from '../config';
import { createAuthorization, exchangeCode, fetchPatronFacts, refreshTokens, type ReroSettings } from '../providers/rero-plus';
import { openStore, type Store } from '../store';
import { ENGINES, type TestDatabase } from '../store/test-databases';
import { sealStoredPair, unsealStoredPair, type PatronSession, type SessionPair } from './cookie';
import { Freshener } from './freshness';
import { StoreNewestTokens } from './stored';

const config = loadConfig({ APP_URL: 'http://localhost:3000', SESSION_SECRET: 'newest-tokens-test-secret-0123456789abcdef', RERO_CLIENT_ID: 'c', RERO_CLIENT_SECRET: 's' });
const t0 = Date.now();
const sealer = { seal: (s: SessionPair) => sealStoredPair(config, s), unseal: (v: string) => unsealStoredPair(config, v) };

function session(userId: string, obtainedAt: number, accessToken = `access-${obtainedAt}`): PatronSession {
  return {
    tokens: { accessToken, refreshToken: `refresh-${obtainedAt}`, expiresAt: obtainedAt + 3600_000, obtainedAt },
    facts: { userId, records: [{ code: 'vs', patronType: 'vs-pm', expirationDate: '2031-12-31' }] },
    validatedAt: obtainedAt,
  };
}

describe.each(ENGINES)('StoreNewestTokens on $engine', ({ create }) => {
  let database: TestDatabase;
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await database?.drop();
  });
  async function open() {
    const store = await openStore(database.url);
    stores.push(store);
    return store;
  }

  it('keeps the newest pair, sealed, and never goes back to an older one', async () => {
    database = await create();
    const newest = new StoreNewestTokens(await open(), sealer);
    expect(await newest.get('7')).toBeUndefined();
    await newest.put(session('7', t0 + 2000));
    await newest.put(session('7', t0 + 1000));
    expect(await newest.get('7')).toEqual(session('7', t0 + 2000));
    await newest.put(session('7', t0 + 3000));
    expect(await newest.get('7')).toEqual(session('7', t0 + 3000));
    const rows = await database.query('select sealed from newest_tokens');
    expect(JSON.stringify(rows)).not.toContain(`access-${t0 + 3000}`);
    expect(JSON.stringify(rows)).not.toContain(`refresh-${t0 + 3000}`);
  });

  it('keeps no session marks with the pair (a session id, a sign-in time), and no name', async () => {
    database = await create();
    const newest = new StoreNewestTokens(await open(), sealer);
    const pair = session('7', t0 + 1000);
    await newest.put({ ...pair, facts: { ...pair.facts, name: 'Roduit, Louis' }, id: 'the-laptop-session', signedInAt: t0, generation: 2 } as PatronSession);
    expect(await newest.get('7')).toEqual(session('7', t0 + 1000));
  });

  it('ignores a record sealed with a key no longer configured', async () => {
    database = await create();
    const store = await open();
    await new StoreNewestTokens(store, sealer).put(session('7', t0 + 1000));
    const other = loadConfig({ ...process.env, APP_URL: 'http://localhost:3000', SESSION_SECRET: 'a-completely-different-secret-0123456789', RERO_CLIENT_ID: 'c', RERO_CLIENT_SECRET: 's' });
    const rotated = new StoreNewestTokens(store, { seal: (s) => sealStoredPair(other, s), unseal: (v) => unsealStoredPair(other, v) });
    expect(await rotated.get('7')).toBeUndefined();
  });
});

describe('two instances on one PostgreSQL, one stale session', () => {
  let sim: Awaited<ReturnType<typeof startReroSimulator>>;
  let database: TestDatabase;
  const stores: Store[] = [];
  const postgres = ENGINES.find((e) => e.engine === 'postgres')!;
  let settings: ReroSettings;

  beforeAll(async () => {
    sim = await startReroSimulator();
    settings = { reroUrl: sim.url, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret, redirectUri: DEMO_CLIENT.redirectUris[0]!, scopes: ['fullname', 'institution', 'patron_type', 'expiration_date'] };
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await database?.drop();
    await sim.close();
  });

  it('concurrent requests spread over both cause exactly one refresh, and all succeed', async () => {
    database = await postgres.create();
    const instance = async () => {
      const store = await openStore(database.url);
      stores.push(store);
      return new Freshener({
        rero: { fetchPatronFacts: (t) => fetchPatronFacts(settings, t), refreshTokens: (t) => refreshTokens(settings, t) },
        newest: new StoreNewestTokens(store, sealer),
        revalidateSeconds: 3600,
      });
    };
    const [a, b] = [await instance(), await instance()];

    const { url, transaction } = await createAuthorization(settings, '/');
    const tokens = await exchangeCode(settings, (await approveAtSimulator(url, { username: 'louis' })).searchParams, transaction);
    const facts = await fetchPatronFacts(settings, tokens.accessToken);
    const stale: PatronSession = {
      tokens: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken!, expiresAt: tokens.expiresAt, obtainedAt: Date.now() - 7200_000 },
      facts,
      validatedAt: Date.now() - 7200_000,
    };
    sim.control.expireAccessTokens('louis');
    sim.control.resetStats();

    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).ensureFresh(stale)));
    console.info(`10 concurrent stale requests over 2 instances: ${sim.stats.refreshGrants} refresh grant(s), ${sim.stats.failedRefreshes} failed`);
    expect(sim.stats.refreshGrants).toBe(1);
    expect(sim.stats.failedRefreshes).toBe(0);
    expect(results.every((r) => r.kind === 'fresh')).toBe(true);
    const refreshTokensSeen = new Set(results.map((r) => (r.kind === 'fresh' ? r.renewed?.tokens.refreshToken : undefined)));
    expect(refreshTokensSeen.size).toBe(1);

    // A late request on either instance, still carrying the old cookie, adopts the new pair.
    expect((await a.ensureFresh(stale)).kind).toBe('fresh');
    expect((await b.ensureFresh(stale)).kind).toBe('fresh');
    expect(sim.stats.refreshGrants).toBe(1);
  });
});
