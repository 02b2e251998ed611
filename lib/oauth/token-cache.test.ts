import { describe, expect, test, vi } from 'vitest';
import { TokenCache, type ObtainedToken } from './token-cache';

/** A clock the test moves by hand. */
function fakeClock(start = Date.UTC(2026, 0, 1, 8)) {
  let t = start;
  return { now: () => t, advance: (seconds: number) => void (t += seconds * 1000) };
}

const KEY = { connection: 'bokbasen-metadata', target: 'https://api.bokbasen.io/metadata/' };

/** An unsigned JWT with these claims: enough for the cache, which only reads `exp`. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.c2ln`;
}

function issuer(expiresInSeconds?: number) {
  let count = 0;
  const obtain = vi.fn(async (): Promise<ObtainedToken<{ n: number }>> => {
    count += 1;
    return { accessToken: `token-${count}`, ...(expiresInSeconds !== undefined ? { expiresInSeconds } : {}), details: { n: count } };
  });
  return obtain;
}

describe('TokenCache', () => {
  test('1,000 concurrent callers cost one token request, and all get that token', async () => {
    const clock = fakeClock();
    const cache = new TokenCache({ now: clock.now });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const obtain = vi.fn(async () => {
      await gate;
      return { accessToken: 'the-one', expiresInSeconds: 3600 };
    });
    const callers = Array.from({ length: 1000 }, () => cache.get(KEY, obtain));
    release();
    const tokens = await Promise.all(callers);
    expect(obtain).toHaveBeenCalledTimes(1);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['the-one']));
  });

  test('reuses the token until expires_in minus the margin, then renews it', async () => {
    const clock = fakeClock();
    const cache = new TokenCache({ now: clock.now, marginSeconds: 60 });
    const obtain = issuer(3600);
    expect((await cache.get(KEY, obtain)).accessToken).toBe('token-1');
    clock.advance(3600 - 61);
    expect((await cache.get(KEY, obtain)).accessToken).toBe('token-1');
    clock.advance(1);
    expect((await cache.get(KEY, obtain)).accessToken).toBe('token-2');
    expect(obtain).toHaveBeenCalledTimes(2);
  });

  test("the JWT's exp counts when it is sooner than expires_in", async () => {
    const clock = fakeClock();
    const cache = new TokenCache({ now: clock.now, marginSeconds: 60 });
    const exp = clock.now() / 1000 + 600;
    const token = await cache.get(KEY, async () => ({ accessToken: jwt({ exp }), expiresInSeconds: 86400 }));
    expect(token.expiresAt).toBe(exp * 1000);
    expect(token.renewAt).toBe((exp - 60) * 1000);
  });

  test('expires_in counts when it is sooner than the exp; an exp already past (clock skew) is ignored', async () => {
    const clock = fakeClock();
    const cache = new TokenCache({ now: clock.now });
    const later = await cache.get(KEY, async () => ({ accessToken: jwt({ exp: clock.now() / 1000 + 86400 }), expiresInSeconds: 3600 }));
    expect(later.expiresAt).toBe(clock.now() + 3600_000);
    const past = await cache.get({ ...KEY, target: 'other' }, async () => ({ accessToken: jwt({ exp: clock.now() / 1000 - 600 }), expiresInSeconds: 3600 }));
    expect(past.expiresAt).toBe(clock.now() + 3600_000);
  });

  test('a short-lived token is renewed at half its life, not never', async () => {
    const clock = fakeClock();
    const cache = new TokenCache({ now: clock.now, marginSeconds: 60 });
    const obtain = issuer(30);
    await cache.get(KEY, obtain);
    clock.advance(14);
    expect((await cache.get(KEY, obtain)).accessToken).toBe('token-1');
    clock.advance(1);
    expect((await cache.get(KEY, obtain)).accessToken).toBe('token-2');
  });

  test('without expires_in or exp, a default lifetime applies', async () => {
    const clock = fakeClock();
    const cache = new TokenCache({ now: clock.now, defaultLifetimeSeconds: 300, marginSeconds: 60 });
    const token = await cache.get(KEY, issuer());
    expect(token.expiresAt - token.obtainedAt).toBe(300_000);
  });

  test('one token per target: another audience is another token', async () => {
    const clock = fakeClock();
    const cache = new TokenCache({ now: clock.now });
    const obtain = issuer(3600);
    const metadata = await cache.get(KEY, obtain);
    const reporting = await cache.get({ ...KEY, target: 'https://api.bokbasen.io/reporting/' }, obtain);
    expect(metadata.accessToken).not.toBe(reporting.accessToken);
    expect((await cache.get(KEY, obtain)).accessToken).toBe(metadata.accessToken);
  });

  test('a failure is not cached, and everybody waiting gets it', async () => {
    const cache = new TokenCache({ now: fakeClock().now });
    const failing = vi.fn(async (): Promise<ObtainedToken> => {
      throw new Error('bad secret');
    });
    const results = await Promise.allSettled([cache.get(KEY, failing), cache.get(KEY, failing)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(failing).toHaveBeenCalledTimes(1);
    expect((await cache.get(KEY, issuer(60))).accessToken).toBe('token-1');
  });

  test('renew asks for a new token even while the cached one is valid', async () => {
    const cache = new TokenCache({ now: fakeClock().now });
    const obtain = issuer(3600);
    await cache.get(KEY, obtain);
    expect((await cache.get(KEY, obtain, { renew: true })).accessToken).toBe('token-2');
    expect((await cache.get(KEY, obtain)).accessToken).toBe('token-2');
  });

  test('a 401 drops the token and retries once with a new one', async () => {
    const cache = new TokenCache({ now: fakeClock().now });
    const obtain = issuer(3600);
    await cache.get(KEY, obtain); // token-1 is cached, and the API has revoked it
    const seen: string[] = [];
    const answer = await cache.withToken(KEY, obtain, async (token) => {
      seen.push(token.accessToken);
      return { status: token.accessToken === 'token-1' ? 401 : 200 };
    });
    expect(answer.status).toBe(200);
    expect(seen).toEqual(['token-1', 'token-2']);
    expect(obtain).toHaveBeenCalledTimes(2);
  });

  test('a second 401 is returned as it is: no third try', async () => {
    const cache = new TokenCache({ now: fakeClock().now });
    const obtain = issuer(3600);
    const use = vi.fn(async () => ({ status: 401 }));
    expect((await cache.withToken(KEY, obtain, use)).status).toBe(401);
    expect(use).toHaveBeenCalledTimes(2);
    expect(obtain).toHaveBeenCalledTimes(2);
  });

  test('many callers seeing the same 401 fetch one new token, not one each', async () => {
    const cache = new TokenCache({ now: fakeClock().now });
    const obtain = issuer(3600);
    await cache.get(KEY, obtain);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => cache.withToken(KEY, obtain, async (token) => ({ status: token.accessToken === 'token-1' ? 401 : 200 }))),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(obtain).toHaveBeenCalledTimes(2);
  });

  test('drop with an older token leaves the newer one alone; dropConnection forgets every target', async () => {
    const cache = new TokenCache({ now: fakeClock().now });
    const obtain = issuer(3600);
    await cache.get(KEY, obtain);
    await cache.get(KEY, obtain, { renew: true });
    cache.drop(KEY, 'token-1');
    expect(cache.peek(KEY)?.accessToken).toBe('token-2');
    await cache.get({ ...KEY, target: 'other' }, obtain);
    cache.dropConnection(KEY.connection);
    expect(cache.peek(KEY)).toBeUndefined();
    expect(cache.peek({ ...KEY, target: 'other' })).toBeUndefined();
  });

  test('details learnt with the token are kept with it', async () => {
    const cache = new TokenCache({ now: fakeClock().now });
    const obtain = issuer(3600);
    await cache.get(KEY, obtain);
    expect((await cache.get(KEY, obtain)).details).toEqual({ n: 1 });
  });
});

describe('token cache metrics', () => {
  test('counts a miss for each token request and a hit for each caller served without one', async () => {
    const { metrics } = await import('../metrics');
    const { TokenCache } = await import('./token-cache');
    const value = async (result: string) =>
      (await metrics().tokenCache.get()).values.find((v) => v.labels.connection === 'metrics-test' && v.labels.result === result)?.value ?? 0;
    const cache = new TokenCache({ now: () => 0 });
    const obtain = async () => ({ accessToken: 't', expiresInSeconds: 3600 });
    await Promise.all(Array.from({ length: 5 }, () => cache.get({ connection: 'metrics-test', target: 'x' }, obtain)));
    await cache.get({ connection: 'metrics-test', target: 'x' }, obtain);
    expect(await value('miss')).toBe(1);
    expect(await value('hit')).toBe(5);
  });
});
