/**
 * The session door against a real store: sign-out, "sign out on all devices"
 * and `sessions end --all` refuse every copy of the cookie, on this instance
 * at once and on another instance once it has caught up — with no database
 * read per request and no revalidation in between.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store';
import { endAll } from '../store/session-ends';
import { ENGINES, type TestDatabase } from '../store/test-databases';
import { SESSION_COOKIE, sealSession, type SessionPair } from './cookie';
import { ReroError } from '../providers/rero-plus';
import type { ReroPort } from './freshness';
import { nodeJar } from './jar';
import { TestJar, testConfig, testDoor } from './test-door';

/** A RERO+ that confirms any token for patron 7 and counts its calls. */
function countingRero() {
  const calls = { info: 0 };
  const port: ReroPort = {
    async fetchPatronFacts() {
      calls.info++;
      return { userId: '7', records: [{ code: 'vs' }] };
    },
    async refreshTokens() {
      throw new Error('no refresh expected');
    },
  };
  return { port, calls };
}

function pair(userId = '7', now = Date.now()): SessionPair {
  return { tokens: { accessToken: `a-${userId}-${now}`, refreshToken: `r-${userId}`, expiresAt: now + 7200_000, obtainedAt: now }, facts: { userId, records: [{ code: 'vs' }] }, validatedAt: now };
}

describe.each(ENGINES)('the session door on $engine', ({ engine, create }) => {
  let database: TestDatabase;
  const stores: Store[] = [];
  const feeds: { stop(): void }[] = [];
  afterEach(async () => {
    feeds.splice(0).forEach((f) => f.stop());
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await database?.drop();
  });
  async function instance(options: Parameters<typeof testDoor>[2] = {}) {
    const store = await openStore(database.url);
    stores.push(store);
    const rero = countingRero();
    const built = testDoor(store, rero.port, { revalidateSeconds: 3600, ...options });
    feeds.push(built.feed);
    await built.door.catchingUp();
    return { ...built, rero, store };
  }
  /** Waits until the instance has caught up with everything recorded so far (as the e2e waits on its metric). */
  async function caughtUp(other: Awaited<ReturnType<typeof instance>>) {
    const rows = await database.query('select max(seq) as seq from session_ends');
    const highest = Number(rows[0]?.seq ?? 0);
    await expect.poll(() => other.feed.status.seq >= highest, { timeout: 5000, interval: 10 }).toBe(true);
  }

  it('sign-out refuses every copy of the cookie: here at once, on another instance once caught up; other sessions live on', async () => {
    database = await create();
    const [one, two] = [await instance(), await instance()];
    const browser = new TestJar();
    await one.door.start(browser, pair());
    const other = new TestJar();
    await one.door.start(other, pair()); // the same patron's other device
    const copy = browser.copy();
    expect((await two.door.open(copy.copy())).kind).toBe('signed-in');

    expect(await one.door.end(browser, { everywhere: false })).toEqual({ recorded: true });
    expect(browser.session).toBeUndefined();
    expect(await one.door.open(copy.copy())).toEqual({ kind: 'ended', reason: 'signed-out' });
    await caughtUp(two);
    const refused = copy.copy();
    expect(await two.door.open(refused)).toEqual({ kind: 'ended', reason: 'signed-out' });
    expect(refused.session).toBeUndefined(); // the door cleared it
    expect((await two.door.open(other)).kind).toBe('signed-in');
    expect(one.rero.calls.info + two.rero.calls.info).toBe(0); // no revalidation was needed for any of it
  });

  it('"sign out on all devices" ends every session of the patron that exists now, not later ones, not other patrons', async () => {
    database = await create();
    const [one, two] = [await instance(), await instance()];
    const laptop = new TestJar();
    const phone = new TestJar();
    const someoneElse = new TestJar();
    await one.door.start(laptop, pair());
    await two.door.start(phone, pair());
    await two.door.start(someoneElse, pair('8'));
    expect(await one.door.end(laptop, { everywhere: true })).toEqual({ recorded: true });
    await caughtUp(two);
    expect(await two.door.open(phone.copy())).toEqual({ kind: 'ended', reason: 'ended-everywhere' });
    expect(await one.door.open(phone.copy())).toEqual({ kind: 'ended', reason: 'ended-everywhere' });
    expect((await two.door.open(someoneElse)).kind).toBe('signed-in');
    // Signing in afterwards works on both instances.
    const again = new TestJar();
    await two.door.start(again, pair());
    expect((await one.door.open(again.copy())).kind).toBe('signed-in');
    expect((await two.door.open(again.copy())).kind).toBe('signed-in');
  });

  it('an ended copy cannot sign the patron out everywhere', async () => {
    database = await create();
    const one = await instance();
    const shared = new TestJar();
    await one.door.start(shared, pair());
    const stolen = shared.copy();
    await one.door.end(shared, { everywhere: false });
    const home = new TestJar();
    await one.door.start(home, pair());
    await one.door.end(stolen, { everywhere: true });
    expect((await one.door.open(home)).kind).toBe('signed-in');
  });

  it('`sessions end --all` ends every session of every patron; sign-ins afterwards work', async () => {
    database = await create();
    const [one, two] = [await instance(), await instance()];
    const a = new TestJar();
    const b = new TestJar();
    await one.door.start(a, pair('7'));
    await one.door.start(b, pair('8'));
    await endAll(one.store.db, Date.now() + 86_400_000); // what the command line does
    await caughtUp(one);
    await caughtUp(two);
    expect(await one.door.open(a.copy())).toEqual({ kind: 'ended', reason: 'ended-all' });
    expect(await two.door.open(b.copy())).toEqual({ kind: 'ended', reason: 'ended-all' });
    const later = new TestJar();
    await two.door.start(later, pair('7'));
    expect((await one.door.open(later)).kind).toBe('signed-in');
  });

  it('cookies sealed before sessions had ids stay valid; sign-out and "everywhere" end them', async () => {
    database = await create();
    const [one, two] = [await instance(), await instance()];
    const legacyValue = await sealSession(testConfig, { ...pair(), signedInAt: Date.now() - 1000 });
    expect((await one.door.open(new TestJar(legacyValue))).kind).toBe('signed-in');
    await one.door.end(new TestJar(legacyValue), { everywhere: false });
    await caughtUp(two);
    expect((await two.door.open(new TestJar(legacyValue))).kind).toBe('ended');

    const otherLegacy = await sealSession(testConfig, { ...pair('8'), signedInAt: Date.now() - 2000 });
    const current = new TestJar();
    await one.door.start(current, pair('8'));
    await one.door.end(current, { everywhere: true });
    await caughtUp(two);
    expect(await two.door.open(new TestJar(otherLegacy))).toEqual({ kind: 'ended', reason: 'ended-everywhere' });
  });

  it('with the store unreachable: a sign-out still clears the cookie and says it was not recorded; known ends stay refused; other sessions are served', async () => {
    database = await create();
    const one = await instance();
    const ended = new TestJar();
    await one.door.start(ended, pair('7'));
    const endedCopy = ended.copy();
    await one.door.end(ended, { everywhere: false });
    const live = new TestJar();
    await one.door.start(live, pair('8'));
    const unrecorded = new TestJar();
    await one.door.start(unrecorded, pair('9'));
    const unrecordedCopy = unrecorded.copy();

    await one.store.close(); // the database goes away
    expect(await one.door.end(unrecorded, { everywhere: false })).toEqual({ recorded: false });
    expect(unrecorded.session).toBeUndefined();
    await one.feed.catchUp(); // fails, and changes nothing
    expect(one.feed.status.failures).toBeGreaterThan(0);
    expect((await one.door.open(endedCopy)).kind).toBe('ended');
    expect((await one.door.open(unrecordedCopy)).kind).toBe('ended'); // this instance knows
    expect((await one.door.open(live)).kind).toBe('signed-in');
  });

  it('a sign-in after an "everywhere" this instance could not record is not ended by it', async () => {
    database = await create();
    const one = await instance();
    const laptop = new TestJar();
    await one.door.start(laptop, pair());
    const ends = one.ends;
    const endPatron = ends.endPatron.bind(ends);
    ends.endPatron = async () => {
      throw new Error('the database does not answer');
    };
    expect(await one.door.end(laptop, { everywhere: true })).toEqual({ recorded: false });
    ends.endPatron = endPatron; // the database is back
    const again = new TestJar();
    await one.door.start(again, pair());
    expect((await one.door.open(again)).kind).toBe('signed-in');
  });

  it('a session ended while RERO+ fails its revalidation is refused, though the last facts would still be served', async () => {
    database = await create();
    let now = Date.now();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const store = await openStore(database.url);
    stores.push(store);
    const failing: ReroPort = {
      async fetchPatronFacts() {
        await held;
        throw new ReroError('unreachable', 'RERO+ does not answer');
      },
      async refreshTokens() {
        throw new ReroError('unreachable', 'RERO+ does not answer');
      },
    };
    const built = testDoor(store, failing, { now: () => now, revalidateSeconds: 60 });
    feeds.push(built.feed);
    await built.door.catchingUp();
    const jar = new TestJar();
    await built.door.start(jar, pair('7', now));
    const copy = jar.copy();
    now += 61_000; // stale, within the grace period
    const pending = built.door.open(copy);
    await expect.poll(() => built.freshener.waiting('7'), { timeout: 5000, interval: 1 }).toBe(1);
    await built.door.end(jar, { everywhere: false });
    release();
    expect(await pending).toEqual({ kind: 'ended', reason: 'signed-out' });
  });

  it('revalidates a stale session and writes the renewed cookie with this session\'s own marks', async () => {
    database = await create();
    let now = Date.now();
    const one = await instance({ now: () => now, revalidateSeconds: 60 });
    const jar = new TestJar();
    const started = await one.door.start(jar, pair('7', now));
    now += 61_000;
    const opened = await one.door.open(jar);
    expect(one.rero.calls.info).toBe(1);
    expect(opened.kind === 'signed-in' && opened.session).toMatchObject({ id: started.id, generation: started.generation, signedInAt: started.signedInAt, validatedAt: now });
    expect(jar.writes.at(-1)?.name).toBe(SESSION_COOKIE);
  });

  if (engine === 'postgres') {
    it('catches up with a row that commits after a later one was already read (overlap window)', async () => {
      database = await create();
      const one = await instance({ intervalMs: 60_000 });
      const [held] = await Promise.all([heldTransaction(database.url)]);
      // The held transaction takes seq n and does not commit yet; a later sign-out takes n+1 and commits.
      await held.begin(`insert into session_ends (kind, session_id, expires_at) values ('session', 'held-session', ${Date.now() + 86_400_000})`);
      const writer = new TestJar();
      await one.door.start(writer, pair('8'));
      await one.door.end(writer, { everywhere: false });
      await one.feed.catchUp();
      const heldCookie = await sealSession(testConfig, { ...pair('7'), id: 'held-session', signedInAt: Date.now() });
      expect((await one.door.open(new TestJar(heldCookie))).kind).toBe('signed-in'); // not committed yet
      await held.commit();
      await one.feed.catchUp();
      expect(await one.door.open(new TestJar(heldCookie))).toEqual({ kind: 'ended', reason: 'signed-out' });
    });
  }

  it('purges ends once every session they end has expired', async () => {
    database = await create();
    const one = await instance();
    await one.ends.endSession('long-gone', Date.now() - 1000);
    await one.ends.endSession('still-valid', Date.now() + 86_400_000);
    expect(await one.ends.purgeExpired(Date.now())).toBe(1);
    const rows = await database.query('select session_id from session_ends order by seq');
    expect(rows.map((r) => r.session_id)).toEqual(['still-valid']);
  });
});

/** A PostgreSQL transaction held open on its own connection. */
async function heldTransaction(url: string) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async begin(statement: string) {
      await client.query('begin');
      await client.query(statement);
    },
    async commit() {
      await client.query('commit');
      await client.end();
    },
  };
}

describe('the sign-in transaction', () => {
  it('is taken only by a callback carrying its state; another state leaves it for the real callback', async () => {
    const sqlite = ENGINES.find((e) => e.engine === 'sqlite')!;
    const database = await sqlite.create();
    const store = await openStore(database.url);
    const { door, feed } = testDoor(store, countingRero().port);
    try {
      const jar = new TestJar();
      const transaction = { state: 'the-state-of-this-browser', codeVerifier: 'v'.repeat(43), returnTo: '/go/cairn' };
      await door.beginSignIn(jar, transaction);
      expect(await door.takeSignIn(jar, 'forged-state')).toBeUndefined();
      expect(await door.takeSignIn(jar, null)).toBeUndefined();
      expect(await door.takeSignIn(jar, 'the-state-of-this-browser')).toEqual(transaction);
      expect(await door.takeSignIn(jar, 'the-state-of-this-browser')).toBeUndefined(); // single use
    } finally {
      feed.stop();
      await store.close();
      await database.drop();
    }
  });
});

describe('the door through a plain Node http server', () => {
  it('reads the Cookie header and writes Set-Cookie (the jar fits a Node response)', async () => {
    const sqlite = ENGINES.find((e) => e.engine === 'sqlite')!;
    const database = await sqlite.create();
    const store = await openStore(database.url);
    let now = Date.now();
    const { door, feed } = testDoor(store, countingRero().port, { now: () => now, revalidateSeconds: 60 });
    const browser = new TestJar();
    await door.start(browser, pair('7', now));
    now += 61_000; // stale: opening it writes a renewed cookie
    const server = createServer(async (request, response) => {
      const opened = await door.open(nodeJar(request, response));
      response.writeHead(opened.kind === 'signed-in' ? 200 : 401).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const get = (cookie?: string) =>
      new Promise<{ status: number; setCookie: string[] }>((resolve, reject) => {
        httpRequest({ port, host: '127.0.0.1', path: '/', headers: cookie ? { cookie } : {} }, (response) => {
          response.resume();
          resolve({ status: response.statusCode ?? 0, setCookie: response.headers['set-cookie'] ?? [] });
        })
          .on('error', reject)
          .end();
      });
    try {
      const answer = await get(`other=1; ${SESSION_COOKIE}=${browser.session}`);
      expect(answer.status).toBe(200);
      expect(answer.setCookie).toHaveLength(1);
      expect(answer.setCookie[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=[^;]+; Max-Age=\\d+; Path=/; HttpOnly; SameSite=Lax$`));
      const ended = await get(`${SESSION_COOKIE}=not-a-seal`);
      expect(ended.status).toBe(401);
      expect(ended.setCookie[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970`));
    } finally {
      server.close();
      feed.stop();
      await store.close();
      await database.drop();
    }
  });
});
