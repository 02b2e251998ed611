/**
 * The session door: the only code that reads, revalidates, writes and ends
 * the session cookie (and the sign-in transaction's). Route handlers,
 * proxy.ts, the admin guard and the forward-auth listener hand it a cookie
 * jar (jar.ts) and act on what it answers; none of them touches the cookie.
 *
 *   start(jar, pair)   sign-in: a new session with its own id and the current
 *                      generations; the pair becomes the patron's newest
 *   open(jar)          every request: unseal (cached), refuse an ended session,
 *                      revalidate stale facts (single-flight per patron),
 *                      judge this session again after the flight, write back
 *   end(jar, {everywhere})  sign-out: record the end, clear the cookie
 *
 * Each request is judged for its own session, before and after it joins a
 * revalidation in flight: an ended session never receives another session's
 * tokens or a new cookie, and a live one is never ended because an ended one
 * started the flight.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config';
import { log } from '../log';
import { metrics } from '../metrics';
import type { AuthorizationTransaction, ReroError } from '../providers/rero-plus';
import type { Generations, SessionEnd } from '../store/session-ends';
import { OpenedSessions, SESSION_COOKIE, pairOf, sealSession, sessionCookieOptions, sessionExpiresAt, type PatronSession, type SessionPair } from './cookie';
import { sessionKey, type EndedBecause, type EndedSessions, type SessionEndsFeed } from './ends';
import type { Freshener, TokensEnded } from './freshness';
import type { CookieJar } from './jar';
import { TRANSACTION_COOKIE, sealTransaction, transactionCookieOptions, unsealTransaction } from './transaction';

/** What a request's session cookie means. The door has already written or cleared the cookie accordingly. */
export type OpenedSession =
  /** No cookie, or one that cannot be opened (tampered, expired, unknown key): signed out. */
  | { kind: 'none' }
  /** Signed out, ended everywhere, or RERO+ no longer honours the tokens: sign in again. */
  | { kind: 'ended'; reason: EndedBecause | TokensEnded }
  | { kind: 'signed-in'; session: PatronSession }
  /** RERO+ could not confirm stale facts: try again later. */
  | { kind: 'unavailable'; error: ReroError };

/** What the door records ends in (lib/store/session-ends.ts). */
export interface SessionEndsRecorder {
  endSession(sessionId: string, expiresAt: number): Promise<SessionEnd>;
  endPatron(userId: string, expiresAt: number): Promise<SessionEnd>;
  generations(userId: string): Promise<Generations>;
}

export interface SessionDoorOptions {
  config: Pick<Config, 'SESSION_SECRET' | 'SESSION_SECRET_PREVIOUS' | 'SESSION_MAX_AGE_DAYS' | 'secureCookies'>;
  freshener: Freshener;
  ended: EndedSessions;
  feed: SessionEndsFeed;
  recorder: () => Promise<SessionEndsRecorder>;
  opened?: OpenedSessions;
  now?: () => number;
  /** How long the first request waits for the first catch-up with the store. */
  firstCatchUpMs?: number;
}

export class SessionDoor {
  private readonly opened: OpenedSessions;
  private readonly now: () => number;
  private started: Promise<void> | undefined;
  private caughtUp = false;

  constructor(private readonly options: SessionDoorOptions) {
    this.opened = options.opened ?? new OpenedSessions();
    this.now = options.now ?? Date.now;
  }

  /**
   * Starts catching up with recorded ends (start-up calls it; the first
   * request otherwise). Waits for the first catch-up, at most `firstCatchUpMs`:
   * an unreachable store must not hold every request.
   */
  catchingUp(): Promise<void> {
    this.started ??= Promise.race([
      this.options.feed.start(),
      new Promise<void>((resolve) => setTimeout(resolve, this.options.firstCatchUpMs ?? 2000).unref?.()),
    ]).then(() => {
      this.caughtUp = true;
    });
    return this.started;
  }

  /** The request's session: refused when ended, revalidated when stale, the cookie written back or cleared. */
  async open(jar: CookieJar): Promise<OpenedSession> {
    return this.openNow(jar) ?? this.openWaiting(jar);
  }

  /**
   * `open` without a promise, when nothing needs waiting for: the cookie was
   * opened within the last minute, this instance has caught up with the
   * recorded ends, and the facts are fresh. Undefined otherwise: call `open`.
   * A reverse proxy asks the forward-auth listener on every request an
   * e-resource's page makes; this is nearly always the answer.
   */
  openNow(jar: CookieJar): OpenedSession | undefined {
    const value = jar.get(SESSION_COOKIE)?.value;
    if (!value) return { kind: 'none' };
    if (!this.caughtUp) return undefined;
    const session = this.opened.cached(value);
    if (!session) return undefined;
    const ended = this.options.ended.judge(session);
    if (ended) return this.refuse(jar, ended);
    return this.options.freshener.isFresh(session) ? { kind: 'signed-in', session } : undefined;
  }

  private async openWaiting(jar: CookieJar): Promise<OpenedSession> {
    const value = jar.get(SESSION_COOKIE)?.value;
    if (!value) return { kind: 'none' };
    const session = await this.opened.open(this.options.config, value);
    if (!session) {
      this.clear(jar);
      return { kind: 'none' };
    }
    if (!this.caughtUp) await this.catchingUp();
    const before = this.options.ended.judge(session);
    if (before) return this.refuse(jar, before);

    const { freshener } = this.options;
    if (freshener.isFresh(session)) return { kind: 'signed-in', session };
    const freshness = await freshener.ensureFresh(session);
    // Ended while the flight was in the air (learned from the store meanwhile), whatever the flight answered.
    const after = this.options.ended.judge(session);
    if (after) return this.refuse(jar, after);
    switch (freshness.kind) {
      case 'unavailable':
        return freshness;
      case 'ended':
        return this.refuse(jar, freshness.reason);
      case 'fresh': {
        if (!freshness.renewed) return { kind: 'signed-in', session };
        // The renewed pair is the patron's; the marks stay this session's own.
        const own: PatronSession = { ...marksOf(session), ...pairOf(freshness.renewed) };
        jar.set(SESSION_COOKIE, await sealSession(this.options.config, own), sessionCookieOptions(this.options.config));
        return { kind: 'signed-in', session: own };
      }
    }
  }

  /**
   * The session a page renders with: proxy.ts opened (and revalidated) it
   * before the render, which cannot write cookies. No revalidation, no write;
   * an ended session is none.
   */
  async peek(jar: Pick<CookieJar, 'get'>): Promise<PatronSession | undefined> {
    const session = await this.opened.open(this.options.config, jar.get(SESSION_COOKIE)?.value);
    if (!session) return undefined;
    await this.catchingUp();
    return this.options.ended.judge(session) ? undefined : session;
  }

  /** Sign-in: a new session for a pair RERO+ has just issued; its cookie is written. */
  async start(jar: CookieJar, pair: SessionPair): Promise<PatronSession> {
    const userId = pair.facts.userId;
    // The higher of the store's generations and this instance's: an end this instance could not
    // record (the store was down) must not end the sessions signed in after it.
    let generations = this.options.ended.generations(userId);
    try {
      const stored = await (await this.options.recorder()).generations(userId);
      generations = { generation: Math.max(stored.generation, generations.generation), epoch: Math.max(stored.epoch, generations.epoch) };
    } catch (error) {
      log.error('session.generations.failed', { detail: (error as Error)?.message });
    }
    const session: PatronSession = {
      ...pairOf(pair),
      signedInAt: this.now(),
      id: randomBytes(16).toString('base64url'),
      generation: generations.generation,
      epoch: generations.epoch,
    };
    jar.set(SESSION_COOKIE, await sealSession(this.options.config, session), sessionCookieOptions(this.options.config));
    await this.options.freshener.recordSignIn(pair);
    return session;
  }

  /**
   * Sign-out: this session, or with `everywhere` every session of the patron
   * that exists now. This instance refuses it at once; the others when they
   * catch up with the store. The browser's cookie is cleared whatever happens;
   * `recorded: false` when the store did not take the end (the patron is told:
   * a copy of the cookie would still open elsewhere).
   */
  async end(jar: CookieJar, options: { everywhere: boolean }): Promise<{ recorded: boolean }> {
    const session = await this.opened.open(this.options.config, jar.get(SESSION_COOKIE)?.value);
    this.clear(jar);
    await this.catchingUp();
    // Nothing to end; and an ended copy must not be able to end the patron's live sessions.
    if (!session || this.options.ended.judge(session)) return { recorded: true };
    const expiresAt = sessionExpiresAt(session, this.options.config);
    const { ended } = this.options;
    // Known here at once, whether or not the store takes it.
    ended.apply({ seq: 0, kind: 'session', sessionId: sessionKey(session), expiresAt });
    try {
      const recorder = await this.options.recorder();
      if (options.everywhere) {
        ended.apply(await recorder.endPatron(session.facts.userId, this.now() + this.maxAgeMs()));
        log.info('signout.everywhere');
      } else {
        ended.apply(await recorder.endSession(sessionKey(session), expiresAt));
        log.info('signout');
      }
      return { recorded: true };
    } catch (error) {
      log.error(options.everywhere ? 'signout.everywhere.failed' : 'signout.failed', { detail: (error as Error)?.message });
      if (options.everywhere) {
        // At least every session of the patron this instance will see.
        const { generation } = ended.generations(session.facts.userId);
        ended.apply({ seq: 0, kind: 'patron', userId: session.facts.userId, generation: Math.max(generation, session.generation ?? 0) + 1, expiresAt: this.now() + this.maxAgeMs() });
      }
      return { recorded: false };
    }
  }

  /** /auth/login: the transaction (state, PKCE verifier, returnTo) for the round trip to RERO+. */
  async beginSignIn(jar: CookieJar, transaction: AuthorizationTransaction): Promise<void> {
    jar.set(TRANSACTION_COOKIE, await sealTransaction(this.options.config, transaction), transactionCookieOptions(this.options.config));
  }

  /**
   * /auth/callback: the transaction whose `state` the callback carries, taken
   * (single use: its cookie is cleared). A callback with another state or
   * none — a link from another site — takes nothing and leaves the sign-in in
   * progress intact (RFC 9700 §4.7: state binds the response to this browser's request).
   */
  async takeSignIn(jar: CookieJar, state: string | null): Promise<AuthorizationTransaction | undefined> {
    const transaction = await unsealTransaction(this.options.config, jar.get(TRANSACTION_COOKIE)?.value);
    if (!transaction || !state || !timingSafeEqualText(state, transaction.state)) return undefined;
    jar.delete({ name: TRANSACTION_COOKIE, path: '/auth' });
    return transaction;
  }

  private refuse(jar: CookieJar, reason: EndedBecause | TokensEnded): OpenedSession {
    this.clear(jar);
    metrics().sessionsRefused.inc({ reason });
    if (reason === 'refresh-rejected' || reason === 'no-refresh-token') metrics().refreshes.inc({ outcome: 'ended' });
    log.info('session.ended', { reason });
    return { kind: 'ended', reason };
  }

  private clear(jar: CookieJar): void {
    jar.delete({ name: SESSION_COOKIE, path: '/' });
  }

  private maxAgeMs(): number {
    return this.options.config.SESSION_MAX_AGE_DAYS * 24 * 3600 * 1000;
  }
}

function marksOf(session: PatronSession) {
  return {
    ...(session.signedInAt !== undefined ? { signedInAt: session.signedInAt } : {}),
    ...(session.id !== undefined ? { id: session.id } : {}),
    ...(session.generation !== undefined ? { generation: session.generation } : {}),
    ...(session.epoch !== undefined ? { epoch: session.epoch } : {}),
  };
}

function timingSafeEqualText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
