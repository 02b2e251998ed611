/**
 * The race a review found: revalidations are single-flight per patron, and a
 * request that joins a flight another session started must still be judged
 * for its own session. An ended (copied) cookie must never come out with the
 * patron's new tokens or a new cookie; a live session must never be ended
 * because an ended one started the flight.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ReroError } from '../providers/rero-plus';
import { openStore, type Store } from '../store';
import { ENGINES, type TestDatabase } from '../store/test-databases';
import { SESSION_COOKIE } from './cookie';
import type { ReroPort } from './freshness';
import { TestJar, testDoor } from './test-door';

function heldRero(liveAccess: string) {
  const calls = { info: 0, refresh: 0 };
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const port: ReroPort = {
    async fetchPatronFacts(accessToken) {
      calls.info++;
      await held; // held until both requests have joined (or the ended one was refused)
      if (accessToken !== liveAccess) throw new ReroError('unauthorized', 'rejected', { upstreamStatus: 401 });
      return { userId: '7', records: [{ code: 'vs', patronType: 'vs-pm', expirationDate: '2031-12-31' }] };
    },
    async refreshTokens() {
      calls.refresh++;
      throw new ReroError('invalid_grant', 'no refresh expected', { upstreamStatus: 400 });
    },
  };
  return { port, calls, release };
}

const sqlite = ENGINES.find((e) => e.engine === 'sqlite')!;

describe('a revalidation in flight judges each request for its own session', () => {
  let database: TestDatabase;
  let store: Store;
  afterEach(async () => {
    await store?.close();
    await database?.drop();
  });

  for (const order of ['live-first', 'ended-first'] as const) {
    it(`${order}: the ended cookie gets no tokens and no cookie, the live session is not ended, one upstream call`, async () => {
      database = await sqlite.create();
      store = await openStore(database.url);
      let now = Date.now();
      const rero = heldRero('a-live');
      const { door, freshener } = testDoor(store, rero.port, { now: () => now, revalidateSeconds: 60 });
      const pair = (access: string) => ({
        tokens: { accessToken: access, refreshToken: `r-${access}`, expiresAt: now + 7200_000, obtainedAt: now },
        facts: { userId: '7', records: [] },
        validatedAt: now,
      });

      // A shared PC: signed in, the cookie copied, then "sign out on all devices" pressed there.
      const sharedPc = new TestJar();
      await door.start(sharedPc, pair('a-old'));
      const copied = sharedPc.copy();
      now += 1000;
      expect(await door.end(sharedPc, { everywhere: true })).toEqual({ recorded: true });
      // The patron signs in again at home.
      now += 1000;
      const home = new TestJar();
      await door.start(home, pair('a-live'));
      now += 120_000; // both stale: the next request of each revalidates

      const jars = order === 'live-first' ? [home, copied] : [copied, home];
      const writesBefore = jars.map((jar) => jar.writes.length);
      const requests = jars.map((jar) => door.open(jar));
      let endedSettled = false;
      void requests[order === 'live-first' ? 1 : 0]!.then(() => (endedSettled = true));
      // Hold patron info until the live request's flight is in the air and the ended one has
      // either joined it (two waiting) or been refused.
      await expect.poll(() => rero.calls.info >= 1 && (endedSettled || freshener.waiting('7') >= 2), { timeout: 5000, interval: 1 }).toBe(true);
      rero.release();
      const [first, second] = await Promise.all(requests);
      const [live, ended] = order === 'live-first' ? [first!, second!] : [second!, first!];

      expect(ended.kind).toBe('ended');
      const copiedWrites = copied.writes.slice(writesBefore[jars.indexOf(copied)]);
      expect(copiedWrites.filter((w) => w.value !== undefined)).toEqual([]); // no new cookie
      expect(copied.session).toBeUndefined(); // cleared
      expect(live.kind).toBe('signed-in');
      expect(live.kind === 'signed-in' && live.session.tokens.accessToken).toBe('a-live');
      expect(home.get(SESSION_COOKIE)).toBeDefined();
      expect(rero.calls.info).toBe(1);
      expect(rero.calls.refresh).toBe(0);
    });
  }
});
