/**
 * A session door on a real store, for tests: the door, its Freshener and
 * ended-session set as one instance of the gateway builds them, on a store
 * the test opens (two doors on one PostgreSQL are two instances).
 */
import { loadConfig } from '../config';
import type { Store } from '../store';
import { SESSION_COOKIE, sealStoredPair, unsealStoredPair, type CookieOptions } from './cookie';
import { SessionDoor } from './door';
import { EndedSessions, SessionEndsFeed } from './ends';
import { Freshener, type ReroPort } from './freshness';
import type { CookieJar } from './jar';
import { sessionEndsIn, StoreNewestTokens } from './stored';

export const testConfig = loadConfig({
  APP_URL: 'http://localhost:3000',
  SESSION_SECRET: 'session-door-test-secret-0123456789abcdef',
  RERO_CLIENT_ID: 'c',
  RERO_CLIENT_SECRET: 's',
});

export function testDoor(store: Store, rero: ReroPort, options: { now?: () => number; revalidateSeconds?: number; intervalMs?: number } = {}) {
  const now = options.now ?? Date.now;
  const freshener = new Freshener({
    rero,
    newest: new StoreNewestTokens(store, { seal: (p) => sealStoredPair(testConfig, p), unseal: (v) => unsealStoredPair(testConfig, v) }),
    revalidateSeconds: options.revalidateSeconds ?? 60,
    now,
  });
  const ends = sessionEndsIn(store);
  const ended = new EndedSessions(now);
  const feed = new SessionEndsFeed(async () => ends, ended, { intervalMs: options.intervalMs ?? 50, now });
  const door = new SessionDoor({ config: testConfig, freshener, ended, feed, recorder: async () => ends, now });
  return { door, freshener, ended, feed, ends };
}

/** A browser's cookie jar: what it holds, and every write the door made to it. */
export class TestJar implements CookieJar {
  readonly writes: { name: string; value?: string }[] = [];
  private readonly values = new Map<string, string>();
  constructor(session?: string) {
    if (session !== undefined) this.values.set(SESSION_COOKIE, session);
  }
  get(name: string) {
    const value = this.values.get(name);
    return value === undefined ? undefined : { value };
  }
  set(name: string, value: string, _options: CookieOptions) {
    this.values.set(name, value);
    this.writes.push({ name, value });
  }
  delete({ name }: { name: string; path: string }) {
    this.values.delete(name);
    this.writes.push({ name });
  }
  get session(): string | undefined {
    return this.values.get(SESSION_COOKIE);
  }
  /** A copy of the cookie, as a thief or a browser profile left behind has it. */
  copy(): TestJar {
    return new TestJar(this.session);
  }
}
