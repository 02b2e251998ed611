/**
 * Fixed-window rate limits kept in the store, so that every instance on one
 * PostgreSQL counts the same requests.
 */
import type { Store } from './index';

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window ends. */
  retryAfter: number;
}

const WINDOW_MS = 60_000;

export class RateLimiter {
  private hits = 0;
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for `key` and says whether it is within `limit` per minute. */
  async hit(key: string, limit: number): Promise<RateLimitResult> {
    const now = this.now();
    const start = now - (now % WINDOW_MS);
    const window = new Date(start).toISOString().slice(0, 16);
    const row = await this.store.db
      .insertInto('rate_limits')
      .values({ key, window, count: 1 })
      .onConflict((oc) => oc.columns(['key', 'window']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })))
      .returning('count')
      .executeTakeFirstOrThrow();
    if (++this.hits % 200 === 0) {
      // Forget windows older than an hour, now and then.
      const old = new Date(start - 3600_000).toISOString().slice(0, 16);
      await this.store.db.deleteFrom('rate_limits').where('window', '<', old).execute();
    }
    return { allowed: row.count <= limit, retryAfter: Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000)) };
  }
}
