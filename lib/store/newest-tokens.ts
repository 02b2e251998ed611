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
import type { NewestRecord, NewestTokens } from '../freshness';
import type { PatronSession } from '../session';
import type { Store } from './index';
import type { Database } from './tables';

export interface Sealer {
  seal(session: PatronSession): Promise<string>;
  unseal(sealed: string): Promise<PatronSession | undefined>;
}

/** A row created by a sign-out everywhere holds no pair yet. */
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

  async get(userId: string): Promise<NewestRecord | undefined> {
    const row = await this.db.selectFrom('newest_tokens').select(['sealed', 'revoked_at']).where('user_id', '=', userId).executeTakeFirst();
    if (!row) return undefined;
    const record: NewestRecord = row.revoked_at ? { revokedAt: Date.parse(row.revoked_at) } : {};
    // Sealed with a key no longer configured, or damaged: as if no pair were known.
    const session = row.sealed === NO_PAIR ? undefined : await this.sealer.unseal(row.sealed);
    if (session && session.facts.userId === userId) record.session = session;
    return record;
  }

  /** Upsert that never replaces a newer pair with an older one, and never touches the revocation. */
  async put(session: PatronSession): Promise<void> {
    // The pair is shared by the patron's devices; each device keeps its own sign-in time.
    const { signedInAt: _own, ...pair } = session;
    const sealed = await this.sealer.seal(pair);
    await this.db
      .insertInto('newest_tokens')
      .values({ user_id: session.facts.userId, sealed, obtained_at: iso(session.tokens.obtainedAt), updated_at: iso(this.now()), revoked_at: null })
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

  /** Records a sign-out everywhere at `at` (kept when a later one is already recorded). */
  async revoke(userId: string, at: number): Promise<void> {
    await this.db
      .insertInto('newest_tokens')
      .values({ user_id: userId, sealed: NO_PAIR, obtained_at: iso(0), updated_at: iso(this.now()), revoked_at: iso(at) })
      .onConflict((oc) =>
        oc
          .column('user_id')
          .doUpdateSet((eb) => ({ revoked_at: eb.ref('excluded.revoked_at'), updated_at: eb.ref('excluded.updated_at') }))
          .where((eb) => eb.or([eb('newest_tokens.revoked_at', 'is', null), eb('newest_tokens.revoked_at', '<', eb.ref('excluded.revoked_at'))])),
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
