import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './index';
import { RateLimiter } from './rate-limits';
import { ENGINES, type TestDatabase } from './test-databases';

describe.each(ENGINES)('RateLimiter on $engine', ({ create }) => {
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
    const [first, second] = [new RateLimiter(a, () => now), new RateLimiter(b, () => now)];
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await (i % 2 ? first : second).hit('login:203.0.113.7', 4));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, false]);
    expect(results[4]?.retryAfter).toBe(40);
    expect((await first.hit('login:198.51.100.1', 4)).allowed).toBe(true); // another address, its own count
    now += 41_000; // the next minute
    expect((await first.hit('login:203.0.113.7', 4)).allowed).toBe(true);
  });

  it('counts concurrent requests exactly', async () => {
    database = await create();
    const store = await openStore(database.url);
    stores.push(store);
    const limiter = new RateLimiter(store, () => Date.UTC(2026, 10, 26, 10, 15, 0));
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.hit('k', 10)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });
});
