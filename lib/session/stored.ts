/**
 * The session room's view of the store: where ended sessions are recorded
 * and read (lib/store/session-ends.ts), and the newest RERO+ token pair per
 * patron (lib/store/newest-tokens.ts).
 *
 * The newest pair is kept so that every session of a patron — on this
 * instance or another, on this device or another — can adopt it when its own
 * pair was superseded (RERO+ keeps one live pair per patron and rotates
 * refresh tokens). Pairs are sealed with a key derived from the session
 * secret before they are written: never in clear.
 *
 * With PostgreSQL, revalidations of one patron are serialised across
 * instances by a transaction-scoped advisory lock; the loser then reads the
 * winner's pair here instead of refreshing again.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction } from 'kysely';
import type { Database, Store } from '../store';
import { endPatron, endSession, endsAfter, endsAmong, purgeExpiredEnds, sessionGenerations } from '../store/session-ends';
import { lockRevalidation, readNewestPair, writeNewestPair } from '../store/newest-tokens';
import { pairOf, type SessionPair } from './cookie';
import type { SessionEndsRecorder } from './door';
import type { SessionEndsSource } from './ends';
import type { NewestTokens } from './freshness';

/** Where the door records ends and the feed reads them: the store's tables. */
export function sessionEndsIn(store: Store): SessionEndsRecorder & SessionEndsSource {
  return {
    endSession: (sessionId, expiresAt) => endSession(store.db, sessionId, expiresAt),
    endPatron: (userId, expiresAt) => endPatron(store.db, userId, expiresAt),
    generations: (userId) => sessionGenerations(store.db, userId),
    endsAfter: (after, limit) => endsAfter(store.db, after, limit),
    endsAmong: (seqs) => endsAmong(store.db, seqs),
    purgeExpired: (now) => purgeExpiredEnds(store.db, now),
  };
}

export interface Sealer {
  seal(pair: SessionPair): Promise<string>;
  unseal(sealed: string): Promise<SessionPair | undefined>;
}

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
    const sealed = await readNewestPair(this.db, userId);
    if (sealed === undefined) return undefined;
    // Sealed with a key no longer configured, or damaged: as if no pair were known.
    const pair = await this.sealer.unseal(sealed);
    return pair && pair.facts.userId === userId ? pair : undefined;
  }

  /** Never replaces a newer pair with an older one. The pair carries no session marks (no id, no sign-in time). */
  async put(pair: SessionPair): Promise<void> {
    const sealed = await this.sealer.seal(pairOf(pair));
    await writeNewestPair(this.db, { userId: pair.facts.userId, sealed, obtainedAt: pair.tokens.obtainedAt, now: this.now() });
  }

  async withLock<T>(userId: string, work: () => Promise<T>): Promise<T> {
    if (this.store.engine !== 'postgres' || this.scope.getStore()) return work();
    return this.store.db.transaction().execute(async (trx) => {
      await lockRevalidation(trx, userId);
      return this.scope.run(trx, work);
    });
  }
}
