import { describe, expect, it } from 'vitest';
import { ReroError } from '../providers/rero-plus';
import type { PatronSession } from './cookie';
import { Freshener, MemoryNewestTokens, type ReroPort } from './freshness';

/** A RERO+ in miniature: one live pair per patron, rotating refresh tokens. */
function fakeRero(clock: { now: number }) {
  let serial = 0;
  const live = { access: 'a0', refresh: 'r0', expiresAt: clock.now + 3600_000 };
  const calls = { refresh: 0, info: 0 };
  let down = false;
  const port: ReroPort = {
    async fetchPatronFacts(accessToken) {
      calls.info++;
      await new Promise((r) => setTimeout(r, 5));
      if (down) throw new ReroError('unreachable', 'down');
      if (accessToken !== live.access || clock.now >= live.expiresAt) throw new ReroError('unauthorized', 'rejected', { upstreamStatus: 401 });
      return { userId: '7', name: 'Roduit, Louis', records: [{ code: 'vs', patronType: 'vs-pm', expirationDate: '2031-12-31' }] };
    },
    async refreshTokens(refreshToken) {
      calls.refresh++;
      await new Promise((r) => setTimeout(r, 5));
      if (down) throw new ReroError('unreachable', 'down');
      if (refreshToken !== live.refresh) throw new ReroError('invalid_grant', 'old refresh token', { upstreamStatus: 400 });
      serial++;
      live.access = `a${serial}`;
      live.refresh = `r${serial}`;
      live.expiresAt = clock.now + 3600_000;
      return { accessToken: live.access, refreshToken: live.refresh, expiresAt: live.expiresAt };
    },
  };
  return { port, calls, live, setDown: (value: boolean) => (down = value) };
}

function setup(revalidateSeconds = 3600) {
  const clock = { now: 1_800_000_000_000 };
  const rero = fakeRero(clock);
  const newest = new MemoryNewestTokens();
  const freshener = new Freshener({ rero: rero.port, newest, revalidateSeconds, now: () => clock.now });
  const session: PatronSession = {
    tokens: { accessToken: 'a0', refreshToken: 'r0', expiresAt: clock.now + 3600_000, obtainedAt: clock.now },
    facts: { userId: '7', records: [] },
    validatedAt: clock.now,
  };
  return { clock, rero, newest, freshener, session };
}

describe('Freshener', () => {
  it('uses fresh facts without asking RERO+', async () => {
    const { freshener, session, rero, clock } = setup();
    clock.now += 3599_000;
    expect(await freshener.ensureFresh(session)).toEqual({ kind: 'fresh' });
    expect(rero.calls).toEqual({ refresh: 0, info: 0 });
  });

  it('revalidates stale facts with the access token while it is valid', async () => {
    const { freshener, session, rero, clock } = setup(60);
    clock.now += 61_000;
    const result = await freshener.ensureFresh(session);
    expect(result.kind).toBe('fresh');
    if (result.kind !== 'fresh') return;
    expect(result.renewed?.facts.records).toHaveLength(1);
    expect(result.renewed?.validatedAt).toBe(clock.now);
    expect(rero.calls).toEqual({ refresh: 0, info: 1 });
  });

  it('refreshes once the access token has expired, and keeps the newest refresh token', async () => {
    const { freshener, session, rero, clock } = setup();
    clock.now += 3700_000;
    const result = await freshener.ensureFresh(session);
    expect(result.kind === 'fresh' && result.renewed?.tokens).toMatchObject({ accessToken: 'a1', refreshToken: 'r1' });
    expect(rero.calls.refresh).toBe(1);
  });

  it('refreshes when RERO+ rejects an access token that has not expired (revoked)', async () => {
    const { freshener, session, rero, clock } = setup(60);
    rero.live.access = 'revoked-elsewhere';
    clock.now += 61_000;
    const result = await freshener.ensureFresh(session);
    expect(result.kind).toBe('fresh');
    expect(rero.calls.refresh).toBe(1);
  });

  it('is single-flight: 10 concurrent requests with one stale session make one refresh and all succeed', async () => {
    const { freshener, session, rero, clock } = setup();
    clock.now += 3700_000;
    const results = await Promise.all(Array.from({ length: 10 }, () => freshener.ensureFresh(session)));
    expect(results.every((r) => r.kind === 'fresh' && r.renewed?.tokens.refreshToken === 'r1')).toBe(true);
    expect(rero.calls.refresh).toBe(1);
  });

  it('lets a late request with the superseded cookie adopt the newest pair instead of signing out', async () => {
    const { freshener, session, rero, clock } = setup();
    clock.now += 3700_000;
    await freshener.ensureFresh(session);
    const late = await freshener.ensureFresh(session);
    expect(late.kind === 'fresh' && late.renewed?.tokens.refreshToken).toBe('r1');
    expect(rero.calls.refresh).toBe(1);
  });

  it('keeps a second device signed in when the first refreshed its tokens', async () => {
    const { freshener, session, rero, clock } = setup(60);
    const laptop = session;
    clock.now += 3700_000;
    const phone = await freshener.ensureFresh(session); // phone refreshes: laptop's r0 is dead at RERO+
    expect(phone.kind).toBe('fresh');
    clock.now += 3700_000; // both stale again; the phone's access token expired too
    const laptopResult = await freshener.ensureFresh(laptop);
    expect(laptopResult.kind).toBe('fresh');
    expect(rero.calls.refresh).toBe(2);
  });

  it('ends the session when the refresh token is rejected and nothing newer is known', async () => {
    const { freshener, session, rero, clock } = setup();
    rero.live.refresh = 'someone-else';
    clock.now += 3700_000;
    expect(await freshener.ensureFresh(session)).toEqual({ kind: 'ended', reason: 'refresh-rejected' });
  });

  it('keeps the rotated pair when patron info fails right after a refresh, so that no device is signed out', async () => {
    const { freshener, session, rero, clock, newest } = setup();
    clock.now += 3700_000;
    const realFetch = rero.port.fetchPatronFacts;
    let failOnce = true;
    rero.port.fetchPatronFacts = async (token) => {
      if (failOnce && rero.calls.refresh === 1) {
        failOnce = false;
        throw new ReroError('upstream_error', 'patron info 503', { upstreamStatus: 503 });
      }
      return realFetch(token);
    };
    const first = await freshener.ensureFresh(session);
    expect(first).toEqual({ kind: 'fresh' }); // RERO+ failing: the last good facts hold
    expect((await newest.get('7'))?.tokens.refreshToken).toBe('r1'); // but the new pair is kept
    const again = await freshener.ensureFresh(session); // the old cookie adopts it
    expect(again.kind === 'fresh' && again.renewed?.tokens.refreshToken).toBe('r1');
    expect(rero.calls.refresh).toBe(1);
  });

  it('keeps the last good facts for one more period while RERO+ is down, then says it is unavailable', async () => {
    const { freshener, session, rero, clock } = setup(60);
    rero.setDown(true);
    clock.now += 61_000;
    expect(await freshener.ensureFresh(session)).toEqual({ kind: 'fresh' });
    clock.now += 60_000;
    const result = await freshener.ensureFresh(session);
    expect(result.kind).toBe('unavailable');
    rero.setDown(false);
    expect((await freshener.ensureFresh(session)).kind).toBe('fresh');
  });
});
