/**
 * Fixed-window rate limits kept in the store, so that every instance on one
 * PostgreSQL counts the same requests.
 */
import type { Kysely } from 'kysely';
import type { Database } from './tables';

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window ends. */
  retryAfter: number;
}

const WINDOW_MS = 60_000;
const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/**
 * Counts one request for `key` at `now` (milliseconds) and says whether it is
 * within `limit` per minute. The first request of a key in a new window also
 * forgets windows older than an hour, so the table stays small without a timer.
 */
export async function hitRateLimit(db: Kysely<Database>, key: string, limit: number, now: number): Promise<RateLimitResult> {
  const start = now - (now % WINDOW_MS);
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window: minute(start), count: 1 })
    .onConflict((oc) => oc.columns(['key', 'window']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })))
    .returning('count')
    .executeTakeFirstOrThrow();
  if (row.count === 1) await db.deleteFrom('rate_limits').where('window', '<', minute(start - 3600_000)).execute();
  return { allowed: row.count <= limit, retryAfter: Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000)) };
}
