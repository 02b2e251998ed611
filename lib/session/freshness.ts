/**
 * Keeping a patron's facts fresh. Facts are captured at sign-in and
 * re-validated against /api/patrons/info once they are older than
 * PATRON_REVALIDATE_SECONDS — with the access token, or after a refresh grant
 * when it is expired or rejected.
 *
 * RERO+ keeps ONE live token pair per (client, patron) and rotates the refresh
 * token on every grant. Two consequences:
 *  - refreshes for one patron must never race: they are single-flight per
 *    RERO+ user in this process (and, with PostgreSQL, serialised across
 *    instances by NewestTokens.withLock);
 *  - the newest pair obtained for a patron, by any of their sessions, is kept
 *    (NewestTokens): a session whose own pair was superseded — a concurrent
 *    request that lost the race, or the patron's other device — adopts it
 *    instead of being signed out.
 *
 * This module knows token pairs only. Whether a session is still live (signed
 * out, ended everywhere) is judged by the session door for each request on its
 * own (door.ts), before and after it joins a flight: a flight is shared by
 * every session of the patron, its verdict on tokens is, a verdict on a
 * session never is.
 */
import type { PatronFacts } from '../patron';
import { ReroError, isReroError, type ReroTokens } from '../providers/rero-plus';
import { pairOf, type SessionPair, type SessionTokens } from './cookie';

/** What revalidation needs from RERO+ (lib/providers/rero-plus.ts, bound to the configuration). */
export interface ReroPort {
  fetchPatronFacts(accessToken: string): Promise<PatronFacts>;
  refreshTokens(refreshToken: string): Promise<ReroTokens>;
}

/** The newest token pair (and facts) obtained for each patron, shared by all their sessions. */
export interface NewestTokens {
  get(userId: string): Promise<SessionPair | undefined>;
  /** Keeps `pair` unless a newer pair is already recorded. */
  put(pair: SessionPair): Promise<void>;
  /**
   * Runs `work` while holding the patron's lock, so that revalidations of one
   * patron never race: in this process (single-flight already ensures it) or,
   * with a shared database, across instances.
   */
  withLock<T>(userId: string, work: () => Promise<T>): Promise<T>;
}

/** In-process NewestTokens: a bounded map, oldest entries evicted first. One instance only. */
export class MemoryNewestTokens implements NewestTokens {
  private readonly entries = new Map<string, SessionPair>();
  constructor(private readonly maxEntries = 100_000) {}
  async get(userId: string) {
    return this.entries.get(userId);
  }
  async put(pair: SessionPair) {
    const userId = pair.facts.userId;
    const current = this.entries.get(userId);
    if (current && current.tokens.obtainedAt > pair.tokens.obtainedAt) return; // never go back to an older pair
    this.entries.delete(userId);
    this.entries.set(userId, pairOf(pair));
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
  async withLock<T>(_userId: string, work: () => Promise<T>) {
    return work(); // one process: the Freshener's single-flight is the lock
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
    try {
      return await run(await this.primary());
    } catch (error) {
      this.onError(error, operation);
      return fallback();
    }
  }

  get(userId: string) {
    return this.attempt('get', (t) => t.get(userId), () => this.memory.get(userId));
  }
  async put(pair: SessionPair) {
    await this.memory.put(pair);
    await this.attempt('put', (t) => t.put(pair), async () => undefined);
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

/** Why RERO+ no longer honours a patron's tokens: the session is over, sign in again. */
export type TokensEnded = 'refresh-rejected' | 'no-refresh-token';

export type Freshness =
  /** Facts fresh enough: `renewed` is the pair to write into the cookie, when it changed. */
  | { kind: 'fresh'; renewed?: SessionPair }
  /** RERO+ no longer accepts this patron's tokens. */
  | { kind: 'ended'; reason: TokensEnded }
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

/** What one flight ends with; upstream failures are thrown (they are not a verdict on the tokens). */
type Renewal = { kind: 'renewed'; pair: SessionPair } | { kind: 'ended'; reason: TokensEnded };

export class Freshener {
  private readonly inFlight = new Map<string, { flight: Promise<Renewal>; waiting: number }>();
  private readonly now: () => number;

  constructor(private readonly options: FreshnessOptions) {
    this.now = options.now ?? Date.now;
  }

  isFresh(pair: SessionPair): boolean {
    return this.now() - pair.validatedAt < this.options.revalidateSeconds * 1000;
  }

  /**
   * The pair this request should use, revalidating it first when its facts are
   * stale. Requests of one patron share one revalidation (single-flight).
   */
  async ensureFresh(pair: SessionPair): Promise<Freshness> {
    if (this.isFresh(pair)) return { kind: 'fresh' };
    const userId = pair.facts.userId;
    let entry = this.inFlight.get(userId);
    if (!entry) {
      const flight = this.options.newest.withLock(userId, () => this.revalidateLocked(pair)).finally(() => this.inFlight.delete(userId));
      entry = { flight, waiting: 0 };
      this.inFlight.set(userId, entry);
    }
    entry.waiting++;
    try {
      const renewal = await entry.flight;
      return renewal.kind === 'renewed' ? { kind: 'fresh', renewed: renewal.pair } : renewal;
    } catch (error) {
      const rero = isReroError(error) ? error : new ReroError('upstream_error', String(error), undefined, { cause: error });
      this.options.onUpstreamError?.(rero, userId);
      // RERO+ down: keep the last good facts for at most PATRON_REVALIDATE_SECONDS past their due time.
      if (this.now() - pair.validatedAt < 2 * this.options.revalidateSeconds * 1000) return { kind: 'fresh' };
      return { kind: 'unavailable', error: rero };
    }
  }

  /** How many requests wait for the patron's revalidation in flight (0 when none is). */
  waiting(userId: string): number {
    return this.inFlight.get(userId)?.waiting ?? 0;
  }

  /** Records a pair obtained at sign-in: it supersedes every earlier pair of this patron at RERO+. */
  async recordSignIn(pair: SessionPair): Promise<void> {
    await this.options.newest.put(pairOf(pair));
  }

  private async revalidateLocked(pair: SessionPair): Promise<Renewal> {
    const { newest } = this.options;
    const userId = pair.facts.userId;
    const known = await newest.get(userId);
    // Another session of this patron (here or on another instance) revalidated a moment ago: use its result, ask RERO+ nothing.
    if (known && known.tokens.obtainedAt >= pair.tokens.obtainedAt && this.isFresh(known)) return { kind: 'renewed', pair: known };

    const candidates: SessionTokens[] = [pair.tokens];
    if (known && known.tokens.obtainedAt > pair.tokens.obtainedAt) candidates.unshift(known.tokens);

    let ended: TokensEnded | undefined;
    for (const tokens of candidates) {
      const renewal = await this.validateWith(tokens, pair);
      if (renewal.kind === 'renewed') {
        // Tokens of another account must never be adopted into this patron's session.
        if (renewal.pair.facts.userId !== userId) return { kind: 'ended', reason: 'refresh-rejected' };
        await newest.put(renewal.pair);
        return renewal;
      }
      ended ??= renewal.reason;
    }
    return { kind: 'ended', reason: ended ?? 'refresh-rejected' };
  }

  /** One pair: patron info with the access token; on expiry or 401, a refresh grant and patron info with the new one. */
  private async validateWith(tokens: SessionTokens, base: SessionPair): Promise<Renewal> {
    const { rero } = this.options;
    if (tokens.expiresAt - EXPIRY_MARGIN_MS > this.now()) {
      try {
        const facts = await rero.fetchPatronFacts(tokens.accessToken);
        return { kind: 'renewed', pair: { tokens, facts, validatedAt: this.now() } };
      } catch (error) {
        if (!(isReroError(error) && error.code === 'unauthorized')) throw error;
        // Rejected (revoked by a newer grant, or expired early): fall through to a refresh.
      }
    }
    if (!tokens.refreshToken) return { kind: 'ended', reason: 'no-refresh-token' };
    let fresh: ReroTokens;
    try {
      fresh = await rero.refreshTokens(tokens.refreshToken);
    } catch (error) {
      // invalid_grant: superseded by another device's grant, or revoked by the patron.
      if (isReroError(error) && error.code === 'invalid_grant') {
        this.options.onRefresh?.('rejected');
        return { kind: 'ended', reason: 'refresh-rejected' };
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
    return { kind: 'renewed', pair: { tokens: renewedTokens, facts, validatedAt: this.now() } };
  }
}
