/**
 * Keeping a patron's facts fresh. Facts are captured at sign-in and
 * re-validated against /api/patrons/info once they are older than
 * PATRON_REVALIDATE_SECONDS — with the access token, or after a refresh grant
 * when it is expired or rejected.
 *
 * RERO+ keeps ONE live token pair per (client, patron) and rotates the refresh
 * token on every grant (shared/reference/rero-plus.md). Two consequences:
 *  - refreshes for one patron must never race: they are single-flight per
 *    RERO+ user in this process;
 *  - the newest pair obtained for a patron, by any of their sessions, is kept
 *    (NewestTokens): a session whose own pair was superseded — a concurrent
 *    request that lost the race, or the patron's other device — adopts it
 *    instead of being signed out.
 */
import type { PatronFacts } from './patron';
import { ReroError, type ReroTokens } from './providers/rero-plus';
import type { PatronSession, SessionTokens } from './session';

/** What revalidation needs from RERO+ (lib/providers/rero-plus.ts, bound to the configuration). */
export interface ReroPort {
  fetchPatronFacts(accessToken: string): Promise<PatronFacts>;
  refreshTokens(refreshToken: string): Promise<ReroTokens>;
}

/**
 * What is known of a patron across their sessions: the newest token pair
 * (with the facts it validated), and when they last signed out everywhere —
 * every pair obtained up to `revokedAt` is no longer honoured, whatever
 * pair is recorded later.
 */
export interface NewestRecord {
  session?: PatronSession;
  revokedAt?: number;
}

/** The newest token pair (and facts) obtained for each patron. */
export interface NewestTokens {
  get(userId: string): Promise<NewestRecord | undefined>;
  /** Keeps `session` unless a newer pair (or a later sign-out everywhere) is already recorded. */
  put(session: PatronSession): Promise<void>;
  /** Sign out everywhere: pairs obtained up to `at` are refused from now on. */
  revoke(userId: string, at: number): Promise<void>;
  /**
   * Runs `work` while holding the patron's lock, so that revalidations of one
   * patron never race: in this process (single-flight already ensures it) or,
   * with a shared database, across instances.
   */
  withLock<T>(userId: string, work: () => Promise<T>): Promise<T>;
}


/** In-process NewestTokens: a bounded map, oldest entries evicted first. One instance only. */
export class MemoryNewestTokens implements NewestTokens {
  private readonly entries = new Map<string, NewestRecord>();
  constructor(private readonly maxEntries = 100_000) {}
  async get(userId: string) {
    return this.entries.get(userId);
  }
  async put(session: PatronSession) {
    const current = this.entries.get(session.facts.userId);
    if (current?.session && current.session.tokens.obtainedAt > session.tokens.obtainedAt) return; // never go back to an older pair
    this.keep(session.facts.userId, { ...current, session });
  }
  async revoke(userId: string, at: number) {
    const current = this.entries.get(userId);
    this.keep(userId, { ...current, revokedAt: Math.max(at, current?.revokedAt ?? 0) });
  }
  async withLock<T>(_userId: string, work: () => Promise<T>) {
    return work(); // one process: the Freshener's single-flight is the lock
  }
  private keep(userId: string, record: NewestRecord) {
    this.entries.delete(userId);
    this.entries.set(userId, record);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}

/**
 * NewestTokens in the database, falling back to this process's memory while
 * the database does not answer: patrons keep being revalidated (coordinated
 * within the process only) instead of being refused.
 */
export class FallbackNewestTokens implements NewestTokens {
  private readonly memory = new MemoryNewestTokens();
  constructor(
    private readonly primary: () => Promise<NewestTokens>,
    private readonly onError: (error: unknown, operation: string) => void = () => undefined,
  ) {}

  private async attempt<T>(operation: string, run: (tokens: NewestTokens) => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    let primary: NewestTokens;
    try {
      primary = await this.primary();
    } catch (error) {
      this.onError(error, operation);
      return fallback();
    }
    try {
      return await run(primary);
    } catch (error) {
      this.onError(error, operation);
      return fallback();
    }
  }

  get(userId: string) {
    return this.attempt('get', (t) => t.get(userId), () => this.memory.get(userId));
  }
  async put(session: PatronSession) {
    await this.memory.put(session);
    await this.attempt('put', (t) => t.put(session), async () => undefined);
  }
  /** Fails when the database does not take it: other instances would never learn of the sign-out. */
  async revoke(userId: string, at: number) {
    await this.memory.revoke(userId, at);
    await (await this.primary()).revoke(userId, at);
  }
  async withLock<T>(userId: string, work: () => Promise<T>): Promise<T> {
    let started = false;
    const run = () => {
      started = true;
      return work();
    };
    try {
      return await (await this.primary()).withLock(userId, run);
    } catch (error) {
      if (started) throw error;
      this.onError(error, 'lock');
      return work();
    }
  }
}

export type Freshness =
  /** Facts fresh enough; `changed` when the cookie must be rewritten. */
  | { kind: 'fresh'; session: PatronSession; changed: boolean }
  /** RERO+ no longer accepts this patron's tokens, or they signed out everywhere: the session is over, sign in again. */
  | { kind: 'ended'; reason: EndReason }
  /** RERO+ could not be asked and the facts are too old to keep using. */
  | { kind: 'unavailable'; error: ReroError };

export interface FreshnessOptions {
  rero: ReroPort;
  newest: NewestTokens;
  revalidateSeconds: number;
  now?: () => number;
  /** Notified of each upstream failure kept from the patron (for the log). */
  onUpstreamError?: (error: ReroError, userId: string) => void;
  /** Notified of each refresh grant RERO+ answered, and of each refused one (for metrics). */
  onRefresh?: (outcome: 'refreshed' | 'rejected') => void;
}

/** An access token this close to expiry is not used for revalidation: refresh instead. */
const EXPIRY_MARGIN_MS = 30_000;

export class Freshener {
  private readonly inFlight = new Map<string, Promise<PatronSession>>();
  private readonly now: () => number;

  constructor(private readonly options: FreshnessOptions) {
    this.now = options.now ?? Date.now;
  }

  private isFresh(session: PatronSession): boolean {
    return this.now() - session.validatedAt < this.options.revalidateSeconds * 1000;
  }

  /** Returns the session to use for this request, revalidating it first when its facts are stale. */
  async ensureFresh(session: PatronSession): Promise<Freshness> {
    if (this.isFresh(session)) return { kind: 'fresh', session, changed: false };
    const userId = session.facts.userId;
    let flight = this.inFlight.get(userId);
    if (!flight) {
      flight = this.revalidate(session).finally(() => this.inFlight.delete(userId));
      this.inFlight.set(userId, flight);
    }
    try {
      const renewed = await flight;
      // Whoever's pair it is, this session keeps its own sign-in time (its maximum lifetime counts from it).
      const own = session.signedInAt === undefined ? renewed : { ...renewed, signedInAt: session.signedInAt };
      return { kind: 'fresh', session: own, changed: true };
    } catch (error) {
      if (error instanceof SessionEnded) return { kind: 'ended', reason: error.reason };
      const rero = error instanceof ReroError ? error : new ReroError('upstream_error', String(error), undefined, { cause: error });
      this.options.onUpstreamError?.(rero, userId);
      // RERO+ down: keep the last good facts for at most PATRON_REVALIDATE_SECONDS past their due time.
      if (this.now() - session.validatedAt < 2 * this.options.revalidateSeconds * 1000) return { kind: 'fresh', session, changed: false };
      return { kind: 'unavailable', error: rero };
    }
  }

  /** Records a pair obtained at sign-in: it supersedes every earlier pair of this patron at RERO+. */
  async recordSignIn(session: PatronSession): Promise<void> {
    await this.options.newest.put(session);
  }

  /** Sign out everywhere: every session of this patron ends at its next revalidation. */
  async signOutEverywhere(userId: string): Promise<void> {
    await this.options.newest.revoke(userId, this.now());
  }

  private revalidate(session: PatronSession): Promise<PatronSession> {
    return this.options.newest.withLock(session.facts.userId, () => this.revalidateLocked(session));
  }

  private async revalidateLocked(session: PatronSession): Promise<PatronSession> {
    const { newest } = this.options;
    const userId = session.facts.userId;
    const record = await newest.get(userId);
    const revokedAt = record?.revokedAt;
    if (revokedAt !== undefined && session.tokens.obtainedAt <= revokedAt) throw new SessionEnded('signed-out-everywhere');
    // A pair from before a sign-out everywhere is never adopted, even by a session signed in since.
    const known = record?.session && (revokedAt === undefined || record.session.tokens.obtainedAt > revokedAt) ? record.session : undefined;
    // Another session of this patron (here or on another instance) revalidated a moment ago: use its result, ask RERO+ nothing.
    if (known && known.tokens.obtainedAt >= session.tokens.obtainedAt && this.isFresh(known)) return known;

    const candidates: SessionTokens[] = [session.tokens];
    if (known && known.tokens.obtainedAt > session.tokens.obtainedAt) candidates.unshift(known.tokens);

    let ended: SessionEnded | undefined;
    for (const tokens of candidates) {
      try {
        const renewed = await this.validateWith(tokens, session);
        // Tokens of another account must never be adopted into this patron's session.
        if (renewed.facts.userId !== userId) throw new SessionEnded('refresh-rejected');
        await newest.put(renewed);
        return renewed;
      } catch (error) {
        if (!(error instanceof SessionEnded)) throw error;
        ended ??= error;
      }
    }
    throw ended ?? new SessionEnded('refresh-rejected');
  }

  /** One pair: patron info with the access token; on expiry or 401, a refresh grant and patron info with the new one. */
  private async validateWith(tokens: SessionTokens, base: PatronSession): Promise<PatronSession> {
    const { rero } = this.options;
    if (tokens.expiresAt - EXPIRY_MARGIN_MS > this.now()) {
      try {
        const facts = await rero.fetchPatronFacts(tokens.accessToken);
        return { tokens, facts, validatedAt: this.now() };
      } catch (error) {
        if (!(error instanceof ReroError && error.code === 'unauthorized')) throw error;
        // Rejected (revoked by a newer grant, or expired early): fall through to a refresh.
      }
    }
    if (!tokens.refreshToken) throw new SessionEnded('no-refresh-token');
    let fresh: ReroTokens;
    try {
      fresh = await rero.refreshTokens(tokens.refreshToken);
    } catch (error) {
      // invalid_grant: superseded by another device's grant, or revoked by the patron.
      if (error instanceof ReroError && error.code === 'invalid_grant') {
        this.options.onRefresh?.('rejected');
        throw new SessionEnded('refresh-rejected');
      }
      throw error;
    }
    this.options.onRefresh?.('refreshed');
    const renewedTokens: SessionTokens = {
      accessToken: fresh.accessToken,
      ...(fresh.refreshToken ? { refreshToken: fresh.refreshToken } : {}),
      expiresAt: fresh.expiresAt,
      obtainedAt: this.now(),
    };
    // RERO+ has deleted the old pair: record the new one before anything else can fail, so that
    // a failing /api/patrons/info now does not leave every session of the patron with dead tokens.
    await this.options.newest.put({ tokens: renewedTokens, facts: base.facts, validatedAt: base.validatedAt });
    const facts = await rero.fetchPatronFacts(renewedTokens.accessToken);
    return { tokens: renewedTokens, facts, validatedAt: this.now() };
  }
}

export type EndReason = 'refresh-rejected' | 'no-refresh-token' | 'signed-out-everywhere';

class SessionEnded extends Error {
  constructor(readonly reason: EndReason) {
    super(`session ended: ${reason}`);
  }
}
