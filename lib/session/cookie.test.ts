import { describe, expect, it } from 'vitest';
import { sealData } from 'iron-session';
import { loadConfig } from '../config';
import { OpenedSessions, sealSession, sealStoredPair, sealingPasswords, sessionCookieOptions, unsealSession, unsealStoredPair, type PatronSession } from './cookie';
import { safeReturnTo, sealTransaction, unsealTransaction } from './transaction';

const base = loadConfig({
  APP_URL: 'https://gateway.example.org',
  SESSION_SECRET: 'current-secret-current-secret-0123456789',
  RERO_CLIENT_ID: 'c',
  RERO_CLIENT_SECRET: 's',
});

// Token lengths like RERO+'s (invenio-oauth2server: 60 random characters).
const token = (c: string) => c.repeat(60);

function patron(institutions: number): PatronSession {
  return {
    tokens: { accessToken: token('a'), refreshToken: token('r'), expiresAt: 1_900_000_000_000, obtainedAt: 1_800_000_000_000 },
    facts: {
      userId: '123456',
      birthDate: '1985-04-12',
      // patron_pid as long as RERO+ ones get and longer ("316784" in its document).
      records: Array.from({ length: institutions }, (_, i) => ({
        code: `institution${i}`,
        patronPid: String(3_167_840_000 + i),
        patronType: `institution${i}-patron-adult`,
        expirationDate: '2031-12-31',
      })),
    },
    validatedAt: 1_800_000_000_000,
  };
}

describe('session cookie', () => {
  it('round-trips the session', async () => {
    const session = patron(2);
    expect(await unsealSession(base, await sealSession(base, session))).toEqual(session);
  });

  it('keeps no name: not the one RERO+ gave at sign-in, nor one sealed in a cookie before names were dropped', async () => {
    const named = { ...patron(1), facts: { ...patron(1).facts, name: 'Roduit, Louis' } };
    expect(await unsealSession(base, await sealSession(base, named))).toEqual(patron(1));
    expect(await unsealStoredPair(base, await sealStoredPair(base, named))).toEqual(patron(1));
    const now = Date.now();
    const before = { v: 1, a: token('a'), e: now + 3600_000, o: now, u: '7', n: 'Roduit, Louis', p: [['vs', 'vs-pm', '2031-12-31']], t: now };
    const opened = await unsealSession(base, await sealData(before, { password: sealingPasswords(base).seal, ttl: 3600 }));
    expect(opened?.facts).toEqual({ userId: '7', records: [{ code: 'vs', patronType: 'vs-pm', expirationDate: '2031-12-31' }] });
  });

  it('stays under 4096 bytes for a patron with 10 institutions, patron_pid included', async () => {
    // With every session mark a signed-in session carries.
    const sealed = await sealSession(base, { ...patron(10), id: 'AAAAAAAAAAAAAAAAAAAAAA', signedInAt: 1_800_000_000_000, generation: 12, epoch: 3 });
    const options = sessionCookieOptions(base);
    const header = `gw_session=${sealed}; Path=/; Max-Age=${options.maxAge}; HttpOnly; Secure; SameSite=Lax`;
    console.info(`sealed session, 10 institutions with patron_pid: ${sealed.length} bytes; Set-Cookie header: ${header.length} bytes`);
    expect(header.length).toBeLessThan(4096);
    // "Well under": room is left for longer tokens.
    expect(header.length).toBeLessThan(3500);
  });

  it('keeps patron_pid per membership, and still opens a cookie sealed before it was kept', async () => {
    expect((await unsealSession(base, await sealSession(base, patron(2))))?.facts.records.map((r) => r.patronPid)).toEqual(['3167840000', '3167840001']);
    const now = Date.now();
    const before = { v: 1, a: token('a'), e: now + 3600_000, o: now, u: '7', p: [['vs', 'vs-pm', '2031-12-31']], t: now };
    const opened = await unsealSession(base, await sealData(before, { password: sealingPasswords(base).seal, ttl: 3600 }));
    expect(opened?.facts.records).toEqual([{ code: 'vs', patronType: 'vs-pm', expirationDate: '2031-12-31' }]);
  });

  it('treats a tampered cookie as signed out', async () => {
    const sealed = await sealSession(base, patron(1));
    const i = Math.floor(sealed.length / 2);
    const tampered = sealed.slice(0, i) + (sealed[i] === 'A' ? 'B' : 'A') + sealed.slice(i + 1);
    expect(await unsealSession(base, tampered)).toBeUndefined();
    expect(await unsealSession(base, 'garbage')).toBeUndefined();
    expect(await unsealSession(base, 'Fe26.2**x*y~2')).toBeUndefined();
    expect(await unsealSession(base, '')).toBeUndefined();
  });

  it('still opens cookies sealed with a secret moved to SESSION_SECRET_PREVIOUS, in any position', async () => {
    const old = await sealSession(base, patron(1));
    const rotated = { ...base, SESSION_SECRET: 'the-new-secret-the-new-secret-0123456789', SESSION_SECRET_PREVIOUS: ['an-older-one-an-older-one-0123456789xx', base.SESSION_SECRET] };
    expect(await unsealSession(rotated, old)).toEqual(patron(1));
    // New cookies are sealed with the new secret: the old secret alone cannot open them.
    const fresh = await sealSession(rotated, patron(1));
    expect(await unsealSession(base, fresh)).toBeUndefined();
    // Once the old secret is dropped, its cookies are signed out.
    expect(await unsealSession({ ...rotated, SESSION_SECRET_PREVIOUS: [] }, old)).toBeUndefined();
  });

  it('ends a session SESSION_MAX_AGE_DAYS after its sign-in, however often it was resealed', async () => {
    const day = 24 * 3600_000;
    const old = { ...patron(1), signedInAt: Date.now() - 31 * day, validatedAt: Date.now(), tokens: { ...patron(1).tokens, obtainedAt: Date.now() } };
    expect(await unsealSession(base, await sealSession(base, old))).toBeUndefined();
    const recent = { ...old, signedInAt: Date.now() - 29 * day };
    expect(await unsealSession(base, await sealSession(base, recent))).toEqual(recent);
  });

  it('refuses a cookie sealed with a secret it does not know', async () => {
    const other = { ...base, SESSION_SECRET: 'some-other-gateway-secret-0123456789xx' };
    expect(await unsealSession(base, await sealSession(other, patron(1)))).toBeUndefined();
  });

  it('sets HttpOnly, SameSite=Lax and Secure exactly for https', () => {
    expect(sessionCookieOptions(base)).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: true, path: '/' });
    expect(sessionCookieOptions({ ...base, secureCookies: false }).secure).toBe(false);
    expect(sessionCookieOptions(base).maxAge).toBe(30 * 24 * 3600 - 60);
  });

  it('seals the sign-in transaction separately', async () => {
    const tx = { state: 'abc', codeVerifier: 'v'.repeat(43), returnTo: '/go/cairn' };
    expect(await unsealTransaction(base, await sealTransaction(base, tx))).toEqual(tx);
    // A session cookie is not a transaction.
    expect(await unsealTransaction(base, await sealSession(base, patron(1)))).toBeUndefined();
  });
});

describe('safeReturnTo', () => {
  it.each([
    ['/go/cairn', '/go/cairn'],
    ['/admin?tab=audit#x', '/admin?tab=audit#x'],
    ['/a/../b', '/b'],
  ])('keeps the same-origin path %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it.each([null, undefined, '', '/.//evil.example', '/%2e%2e//evil.example', '/./\\evil.example', '/a/..//evil.example', 'https://evil.example', '//evil.example/x', '/\\evil.example', '\\\\evil', 'javascript:alert(1)', '/\tx', '/x\n', 'http:/evil', 'go/cairn', `/${'a'.repeat(3000)}`])(
    'falls back to / for %j',
    (input) => {
      expect(safeReturnTo(input)).toBe('/');
    },
  );
});

describe('stored token pairs', () => {
  it('are sealed under a key of their own: a stored pair is never a valid session cookie', async () => {
    const stored = await sealStoredPair(base, patron(1));
    expect(await unsealStoredPair(base, stored)).toEqual(patron(1));
    expect(await unsealSession(base, stored)).toBeUndefined();
    expect(await unsealStoredPair(base, await sealSession(base, patron(1)))).toBeUndefined();
    // Key rotation applies to them too.
    const rotated = { ...base, SESSION_SECRET: 'the-new-secret-the-new-secret-0123456789', SESSION_SECRET_PREVIOUS: [base.SESSION_SECRET] };
    expect(await unsealStoredPair(rotated, stored)).toEqual(patron(1));
  });

  it('carry no session marks: adopting a pair never adopts a session', async () => {
    const session: PatronSession = { ...patron(1), id: 'session-id-of-the-laptop', signedInAt: 1_800_000_000_000, generation: 3, epoch: 1 };
    const stored = await sealStoredPair(base, session);
    expect(await unsealStoredPair(base, stored)).toEqual(patron(1));
    expect(await unsealSession({ ...base, SESSION_SECRET: 'x'.repeat(40) }, stored)).toBeUndefined();
  });
});

describe('session marks', () => {
  it('survive sealing, and a cookie sealed before sessions had them still opens, without them', async () => {
    const marked: PatronSession = { ...patron(2), id: 'AAAAAAAAAAAAAAAAAAAAAA', signedInAt: 1_800_000_000_000, generation: 4, epoch: 2 };
    expect(await unsealSession(base, await sealSession(base, marked))).toEqual(marked);
    const legacy = await unsealSession(base, await sealSession(base, patron(2)));
    expect(legacy).toEqual(patron(2));
    expect(legacy?.id).toBeUndefined();
  });
});

describe('OpenedSessions', () => {
  it('opens a cookie once per minute, and never opens a tampered one', async () => {
    let now = 0;
    const opened = new OpenedSessions(60_000, 2, () => now);
    const sealed = await sealSession(base, patron(1));
    const first = await opened.open(base, sealed);
    expect(first).toEqual(patron(1));
    expect(await opened.open(base, sealed)).toBe(first); // the same object: not unsealed again
    now += 61_000;
    const again = await opened.open(base, sealed);
    expect(again).toEqual(patron(1));
    expect(again).not.toBe(first);
    expect(await opened.open(base, `${sealed.slice(0, -5)}AAAAA`)).toBeUndefined();
    expect(await opened.open(base, undefined)).toBeUndefined();
  });
});
