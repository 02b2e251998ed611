import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approveAtSimulator } from '../../simulators/drive.mjs';
import { closedPort } from '../../simulators/http.mjs';
import { DEMO_CLIENT, DOCUMENT_EXAMPLE, startReroSimulator } from '../../simulators/rero-plus.mjs';
import type { PatronSession } from '../session/cookie';
import { Freshener, MemoryNewestTokens } from '../session/freshness';
import { ReroError, createAuthorization, exchangeCode, fetchPatronFacts, refreshTokens, toPatronFacts, type ReroSettings } from './rero-plus';

let sim: Awaited<ReturnType<typeof startReroSimulator>>;
let settings: ReroSettings;
const SCOPES = ['fullname', 'birthdate', 'institution', 'expiration_date', 'patron_type'];

beforeAll(async () => {
  sim = await startReroSimulator();
  settings = {
    reroUrl: sim.url,
    clientId: DEMO_CLIENT.clientId,
    clientSecret: DEMO_CLIENT.clientSecret,
    redirectUri: DEMO_CLIENT.redirectUris[0]!,
    scopes: SCOPES,
    timeoutSeconds: 1,
  };
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control.setFault('token', 'none');
  sim.control.setFault('info', 'none');
  sim.control.resetStats();
});

async function signIn(username = 'louis', overrides: Partial<ReroSettings> = {}) {
  const s = { ...settings, ...overrides };
  const { url, transaction } = await createAuthorization(s, '/go/cairn');
  const callback = await approveAtSimulator(url, { username });
  return { s, url, transaction, callback };
}

async function expectReroError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReroError);
  expect((error as ReroError).code).toBe(code);
  return error as ReroError;
}

describe('authorization request', () => {
  it('carries state, PKCE S256 and space-separated scopes', async () => {
    const { url, transaction } = await createAuthorization(settings, '/x');
    expect(url.origin + url.pathname).toBe(`${sim.url}/oauth/authorize`);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe(DEMO_CLIENT.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(settings.redirectUri);
    expect(url.searchParams.get('scope')).toBe(SCOPES.join(' '));
    expect(url.searchParams.get('state')).toBe(transaction.state);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(transaction.state).not.toBe((await createAuthorization(settings, '/x')).transaction.state);
  });
});

describe('code exchange and patron info against the simulator', () => {
  it('signs a patron in with several institutions, Bearer only', async () => {
    const { s, transaction, callback } = await signIn('louis');
    const tokens = await exchangeCode(s, callback.searchParams, transaction);
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
    const facts = await fetchPatronFacts(s, tokens.accessToken);
    expect(facts).toEqual({
      userId: tokens.userId,
      name: 'Roduit, Louis',
      birthDate: '1985-04-12',
      records: [
        { code: 'rbnj', patronPid: '876', patronType: 'rbnj-adult', expirationDate: '2031-06-30' },
        { code: 'vs', patronPid: '11', patronType: 'vs-pm', expirationDate: '2031-12-31' },
      ],
    });
    expect(sim.stats.infoCalls).toBe(1);
    expect(sim.stats.infoCallsWithQueryToken).toBe(0);
  });

  it('gives a user with no patron record empty records, not an error', async () => {
    const { s, transaction, callback } = await signIn('noah');
    const tokens = await exchangeCode(s, callback.searchParams, transaction);
    expect((await fetchPatronFacts(s, tokens.accessToken)).records).toEqual([]);
  });

  it('keeps out the fields whose scope was not granted', async () => {
    const { s, transaction, callback } = await signIn('louis', { scopes: ['institution'] });
    const tokens = await exchangeCode(s, callback.searchParams, transaction);
    const facts = await fetchPatronFacts(s, tokens.accessToken);
    expect(facts.name).toBeUndefined();
    expect(facts.birthDate).toBeUndefined();
    // patron_pid comes with every patron record, whatever the scopes.
    expect(facts.records).toEqual([{ code: 'rbnj', patronPid: '876' }, { code: 'vs', patronPid: '11' }]);
  });

  it('reports consent refused as access_denied', async () => {
    const { url, transaction } = await createAuthorization(settings, '/');
    const callback = await approveAtSimulator(url, { decision: 'reject' });
    const error = await expectReroError(exchangeCode(settings, callback.searchParams, transaction), 'access_denied');
    expect(error.upstreamError).toBe('access_denied');
  });

  it('refuses a wrong or missing state', async () => {
    const { transaction, callback } = await signIn();
    await expectReroError(exchangeCode(settings, callback.searchParams, { ...transaction, state: 'forged' }), 'invalid_state');
    const noState = new URLSearchParams(callback.searchParams);
    noState.delete('state');
    await expectReroError(exchangeCode(settings, noState, transaction), 'invalid_state');
    await expectReroError(exchangeCode(settings, callback.searchParams, undefined), 'invalid_state');
  });

  it('reports a reused code as invalid_grant', async () => {
    const { transaction, callback } = await signIn();
    await exchangeCode(settings, callback.searchParams, transaction);
    await expectReroError(exchangeCode(settings, callback.searchParams, transaction), 'invalid_grant');
  });

  it('reports an expired code as invalid_grant', async () => {
    let now = Date.now();
    const strict = await startReroSimulator({ now: () => now });
    try {
      const s = { ...settings, reroUrl: strict.url };
      const { url, transaction } = await createAuthorization(s, '/');
      const callback = await approveAtSimulator(url);
      now += 31_000;
      await expectReroError(exchangeCode(s, callback.searchParams, transaction), 'invalid_grant');
    } finally {
      await strict.close();
    }
  });

  it('reports a wrong client secret as invalid_client', async () => {
    const { transaction, callback } = await signIn();
    const error = await expectReroError(exchangeCode({ ...settings, clientSecret: 'wrong' }, callback.searchParams, transaction), 'invalid_client');
    expect(error).toMatchObject({ upstreamStatus: 401, upstreamError: 'invalid_client' });
  });

  it('reports RERO+ unreachable', async () => {
    const s = { ...settings, reroUrl: `http://127.0.0.1:${await closedPort()}` };
    const { transaction, callback } = await signIn();
    await expectReroError(exchangeCode(s, callback.searchParams, transaction), 'unreachable');
    await expectReroError(fetchPatronFacts(s, 'token'), 'unreachable');
  });

  it('gives up on a slow token endpoint', async () => {
    const { transaction, callback } = await signIn();
    sim.control.setFault('token', 'slow', 3000);
    await expectReroError(exchangeCode(settings, callback.searchParams, transaction), 'timeout');
  });

  it.each(['500', 'html'] as const)('reports a token endpoint answering %s as upstream_error', async (mode) => {
    const { transaction, callback } = await signIn();
    sim.control.setFault('token', mode);
    await expectReroError(exchangeCode(settings, callback.searchParams, transaction), 'upstream_error');
  });

  it.each([
    ['500', 'upstream_error'],
    ['html', 'upstream_error'],
    ['slow', 'timeout'],
  ] as const)('reports patron info answering %s as %s', async (mode, code) => {
    const { transaction, callback } = await signIn();
    const tokens = await exchangeCode(settings, callback.searchParams, transaction);
    sim.control.setFault('info', mode, 3000);
    await expectReroError(fetchPatronFacts(settings, tokens.accessToken), code);
  });

  it('reports a rejected access token as unauthorized', async () => {
    await expectReroError(fetchPatronFacts(settings, 'not-a-token'), 'unauthorized');
  });
});

describe('refresh', () => {
  it('rotates the refresh token: the old one is dead at once', async () => {
    const { transaction, callback } = await signIn();
    const first = await exchangeCode(settings, callback.searchParams, transaction);
    const second = await refreshTokens(settings, first.refreshToken!);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await expectReroError(fetchPatronFacts(settings, first.accessToken), 'unauthorized');
    await expectReroError(refreshTokens(settings, first.refreshToken!), 'invalid_grant');
    expect((await fetchPatronFacts(settings, second.accessToken)).name).toBe('Roduit, Louis');
  });

  it('a superseded refresh token is invalid_grant, and keeps RERO+\'s 400 and its OAuth error code', async () => {
    const { transaction, callback } = await signIn();
    const first = await exchangeCode(settings, callback.searchParams, transaction);
    await refreshTokens(settings, first.refreshToken!);
    const error = await expectReroError(refreshTokens(settings, first.refreshToken!), 'invalid_grant');
    expect(error).toMatchObject({ upstreamStatus: 400, upstreamError: 'invalid_grant' });
    expect(error.message).toBe('RERO+ token answered 400 invalid_grant: The refresh token is invalid or has been revoked.');
    expect(error.message).not.toContain(first.refreshToken!);
  });

  it('10 concurrent requests carrying one stale session cause exactly 1 refresh, and all succeed', async () => {
    const { transaction, callback } = await signIn('marie');
    const tokens = await exchangeCode(settings, callback.searchParams, transaction);
    const facts = await fetchPatronFacts(settings, tokens.accessToken);
    const session: PatronSession = {
      tokens: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken!, expiresAt: tokens.expiresAt, obtainedAt: Date.now() },
      facts,
      validatedAt: Date.now() - 7200_000,
    };
    sim.control.expireAccessTokens('marie');
    sim.control.resetStats();
    const freshener = new Freshener({
      rero: { fetchPatronFacts: (t) => fetchPatronFacts(settings, t), refreshTokens: (t) => refreshTokens(settings, t) },
      newest: new MemoryNewestTokens(),
      revalidateSeconds: 3600,
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => freshener.ensureFresh(session)));
    console.info(`10 concurrent stale requests: ${sim.stats.refreshGrants} refresh grant(s), ${results.filter((r) => r.kind === 'fresh').length} succeeded`);
    expect(sim.stats.refreshGrants).toBe(1);
    expect(sim.stats.failedRefreshes).toBe(0);
    expect(results.every((r) => r.kind === 'fresh' && r.renewed !== undefined)).toBe(true);
  });
});

describe('toPatronFacts', () => {
  it('reads the documented shape and ignores deprecated fields', () => {
    expect(
      toPatronFacts({
        user_id: 42,
        barcode: '123',
        patron_types: [{}],
        patron_info: { vs: { patron_pid: '1', institution: 'vs', patron_type: 'vs-pm', expiration_date: '2027-03-30T00:00:00' } },
      }),
    ).toEqual({ userId: '42', records: [{ code: 'vs', patronPid: '1', patronType: 'vs-pm', expirationDate: '2027-03-30' }] });
  });

  it('keeps patron_pid per membership as text, and a membership without patron_type (the document\'s rbnj example)', () => {
    const info = structuredClone(DOCUMENT_EXAMPLE.info) as { patron_info: Record<string, { patron_pid: string | number }> };
    info.patron_info.rbnj!.patron_pid = 876; // a number, as some answers carry
    expect(toPatronFacts(info).records).toEqual([
      { code: 'rbnj', patronPid: '876', expirationDate: '2029-08-24' },
      { code: 'vs', patronPid: '316784', patronType: 'vs-pm', expirationDate: '2027-03-30' },
    ]);
  });

  it.each([null, 'x', {}, { user_id: 'abc' }, { user_id: 1, birthdate: '1985-13-45' }, { user_id: 1, patron_info: { vs: { expiration_date: 'soon' } } }])(
    'refuses %j as bad_response',
    (body) => {
      expect(() => toPatronFacts(body)).toThrowError(ReroError);
    },
  );
});
