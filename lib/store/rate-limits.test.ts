import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './index';
import { hitRateLimit } from './rate-limits';
import { ENGINES, type TestDatabase } from './test-databases';

describe.each(ENGINES)('hitRateLimit on $engine', ({ create }) => {
  let database: TestDatabase;
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await database?.drop();
  });

  it('allows `limit` requests per key and minute, across instances, then says when to retry', async () => {
    database = await create();
    let now = Date.UTC(2026, 10, 26, 10, 15, 20);
    const a = await openStore(database.url);
    const b = await openStore(database.url);
    stores.push(a, b);
    const [first, second] = [a, b].map((store) => ({ hit: (key: string, limit: number) => hitRateLimit(store.db, key, limit, now) }));
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await (i % 2 ? first : second)!.hit('login:203.0.113.7', 4));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, false]);
    expect(results[4]?.retryAfter).toBe(40);
    expect((await first!.hit('login:198.51.100.1', 4)).allowed).toBe(true); // another address, its own count
    now += 41_000; // the next minute
    expect((await first!.hit('login:203.0.113.7', 4)).allowed).toBe(true);
  });

  it('forgets windows older than an hour when a key starts a new window', async () => {
    database = await create();
    const store = await openStore(database.url);
    stores.push(store);
    const t = Date.UTC(2026, 10, 26, 10, 15, 0);
    await hitRateLimit(store.db, 'old', 4, t);
    await hitRateLimit(store.db, 'recent', 4, t + 30 * 60_000);
    await hitRateLimit(store.db, 'new', 4, t + 61 * 60_000);
    const windows = await store.db.selectFrom('rate_limits').select('key').orderBy('key').execute();
    expect(windows.map((w) => w.key)).toEqual(['new', 'recent']);
  });

  it('counts concurrent requests exactly', async () => {
    database = await create();
    const store = await openStore(database.url);
    stores.push(store);
    const results = await Promise.all(Array.from({ length: 20 }, () => hitRateLimit(store.db, 'k', 10, Date.UTC(2026, 10, 26, 10, 15, 0))));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });
});
