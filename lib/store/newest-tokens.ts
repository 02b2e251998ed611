/**
 * The newest RERO+ token pair per patron, in the database, so that every
 * session of a patron — on this instance or another, on this device or
 * another — can adopt it when its own pair was superseded (RERO+ keeps one
 * live pair per patron and rotates refresh tokens). Pairs are sealed with the
 * session key before they are written: never in clear.
 *
 * With PostgreSQL, revalidations of one patron are serialised across
 * instances by a transaction-scoped advisory lock; the loser then reads the
 * winner's pair here instead of refreshing again.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely, type Transaction } from 'kysely';
import { pairOf, type SessionPair } from '../session/cookie';
import type { NewestTokens } from '../session/freshness';
import type { Store } from './index';
import type { Database } from './tables';

export interface Sealer {
  seal(pair: SessionPair): Promise<string>;
  unseal(sealed: string): Promise<SessionPair | undefined>;
}

/** Rows created by "sign out on all devices" before migration 0007 hold no pair. */
const NO_PAIR = '';

const iso = (ms: number) => new Date(ms).toISOString();

export class StoreNewestTokens implements NewestTokens {
  /** Inside withLock, queries run on the lock's transaction. */
  private readonly scope = new AsyncLocalStorage<Transaction<Database>>();

  constructor(
    private readonly store: Store,
    private readonly sealer: Sealer,
    private readonly now: () => number = Date.now,
  ) {}

  private get db(): Kysely<Database> {
    return this.scope.getStore() ?? this.store.db;
  }

  async get(userId: string): Promise<SessionPair | undefined> {
    const row = await this.db.selectFrom('newest_tokens').select(['sealed']).where('user_id', '=', userId).executeTakeFirst();
    if (!row || row.sealed === NO_PAIR) return undefined;
    // Sealed with a key no longer configured, or damaged: as if no pair were known.
    const pair = await this.sealer.unseal(row.sealed);
    return pair && pair.facts.userId === userId ? pair : undefined;
  }

  /** Upsert that never replaces a newer pair with an older one. The pair carries no session marks (no id, no sign-in time). */
  async put(pair: SessionPair): Promise<void> {
    const sealed = await this.sealer.seal(pairOf(pair));
    await this.db
      .insertInto('newest_tokens')
      .values({ user_id: pair.facts.userId, sealed, obtained_at: iso(pair.tokens.obtainedAt), updated_at: iso(this.now()), revoked_at: null })
      .onConflict((oc) =>
        oc
          .column('user_id')
          .doUpdateSet((eb) => ({
            sealed: eb.ref('excluded.sealed'),
            obtained_at: eb.ref('excluded.obtained_at'),
            updated_at: eb.ref('excluded.updated_at'),
          }))
          .where('newest_tokens.obtained_at', '<=', (eb) => eb.ref('excluded.obtained_at')),
      )
      .execute();
  }

  async withLock<T>(userId: string, work: () => Promise<T>): Promise<T> {
    if (this.store.engine !== 'postgres' || this.scope.getStore()) return work();
    return this.store.db.transaction().execute(async (trx) => {
      // Released when the transaction ends, however it ends.
      await sql`select pg_advisory_xact_lock(hashtext(${`rero-gateway:revalidate:${userId}`}))`.execute(trx);
      return this.scope.run(trx, work);
    });
  }
}
