/**
 * Ended sessions. The cookie is stateless — a sealed value the server keeps
 * no copy of — so ending a session means remembering that it ended until it
 * would have expired anyway, and refusing its cookie wherever it comes back.
 *
 * Three kinds of end, none of which compares clocks of different machines:
 *  - one session (sign-out): its random id, sealed in its cookie;
 *  - every session of a patron ("sign out on all devices", `sessions end <id>`):
 *    the patron's generation number is raised; a cookie carries the number it
 *    was signed in under, and a lower one is ended;
 *  - every session (`sessions end --all`): the same with one gateway-wide number.
 *
 * Ends are recorded in the store (lib/store/session-ends.ts). Each instance
 * keeps them in memory (`EndedSessions`: a map lookup per request, no database
 * read) and catches up from the store off the request path (`SessionEndsFeed`,
 * every half second by default).
 */
import type { SessionEnd } from '../store/session-ends';
import type { PatronSession } from './cookie';

export type { SessionEnd };

/** The key of a session in the ended set: its id, or for cookies sealed before sessions had ids, the patron and sign-in time. */
export function sessionKey(session: PatronSession): string {
  return session.id ?? `legacy:${session.facts.userId}:${session.signedInAt ?? session.tokens.obtainedAt}`;
}

export type EndedBecause = 'signed-out' | 'ended-everywhere' | 'ended-all';

/** What this instance knows has ended, in memory. */
export class EndedSessions {
  private readonly sessions = new Map<string, number>();
  private readonly patrons = new Map<string, { generation: number; expiresAt: number }>();
  private all = { generation: 0, expiresAt: 0 };

  constructor(private readonly now: () => number = Date.now) {}

  /** Why this session has ended, or undefined while it is live. */
  judge(session: PatronSession): EndedBecause | undefined {
    if ((session.epoch ?? 0) < this.all.generation) return 'ended-all';
    const patron = this.patrons.get(session.facts.userId);
    if (patron && (session.generation ?? 0) < patron.generation) return 'ended-everywhere';
    if (this.sessions.has(sessionKey(session))) return 'signed-out';
    return undefined;
  }

  /** The generations a session signed in now must carry (the store's are authoritative; these are what this instance knows). */
  generations(userId: string): { generation: number; epoch: number } {
    return { generation: this.patrons.get(userId)?.generation ?? 0, epoch: this.all.generation };
  }

  apply(end: SessionEnd): void {
    switch (end.kind) {
      case 'session':
        this.sessions.set(end.sessionId, end.expiresAt);
        break;
      case 'patron': {
        const known = this.patrons.get(end.userId);
        if (!known || known.generation < end.generation) this.patrons.set(end.userId, { generation: end.generation, expiresAt: end.expiresAt });
        break;
      }
      case 'all':
        if (this.all.generation < end.generation) this.all = { generation: end.generation, expiresAt: end.expiresAt };
        break;
    }
  }

  /**
   * Forgets ends whose sessions have all expired by now. A patron's
   * generation is forgotten too: every cookie below it was signed in before
   * the end and has expired; new sign-ins read the number from the store.
   */
  sweep(): void {
    const now = this.now();
    for (const [key, expiresAt] of this.sessions) if (expiresAt < now) this.sessions.delete(key);
    for (const [userId, { expiresAt }] of this.patrons) if (expiresAt < now) this.patrons.delete(userId);
  }

  get size(): number {
    return this.sessions.size + this.patrons.size;
  }
}

/** Rows read at once by the feed. */
const PAGE = 10_000;
/** How far below the first row ever read a number may still be in flight (a transaction not yet committed). */
const FIRST_READ_WINDOW = 1_000;

/** What the feed needs from the store. */
export interface SessionEndsSource {
  /** At most `limit` ends with `seq` greater than `after`, in `seq` order. */
  endsAfter(after: number, limit: number): Promise<SessionEnd[]>;
  /** The ends with these numbers, of those that exist. */
  endsAmong(seqs: number[]): Promise<SessionEnd[]>;
  /** Deletes ends whose sessions have all expired. */
  purgeExpired(now: number): Promise<number>;
}

export interface FeedStatus {
  /** The highest seq applied. */
  seq: number;
  /** Epoch ms of the last successful catch-up (this instance's clock; only compared with itself). */
  at: number;
  /** Consecutive failed catch-ups. */
  failures: number;
}

/**
 * Catches an instance's EndedSessions up with the store. `seq` is a serial
 * column: with PostgreSQL a row with a lower seq can commit after one with a
 * higher seq was already read, so a cursor alone could skip it. The feed
 * remembers the numbers it has not seen below the highest it has, and re-reads
 * from the oldest of them (an overlap window) until it sees them or they are
 * old enough to be numbers that will never commit (rolled back).
 */
export class SessionEndsFeed {
  private highest = 0;
  private readonly gaps = new Map<number, number>();
  private running: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastPurge = 0;
  readonly status: FeedStatus = { seq: 0, at: 0, failures: 0 };

  constructor(
    private readonly source: () => Promise<SessionEndsSource>,
    private readonly ended: EndedSessions,
    private readonly options: {
      intervalMs?: number;
      /** How long a missing seq is waited for. */
      gapWaitMs?: number;
      purgeEveryMs?: number;
      now?: () => number;
      onError?: (error: unknown, failures: number) => void;
      onCaughtUp?: (status: FeedStatus) => void;
    } = {},
  ) {}

  private get now() {
    return (this.options.now ?? Date.now)();
  }

  /** Reads what was recorded since the last catch-up. Concurrent calls share one read. */
  catchUp(): Promise<void> {
    this.running ??= this.read().finally(() => (this.running = undefined));
    return this.running;
  }

  private async read(): Promise<void> {
    const now = this.now;
    const gapWait = this.options.gapWaitMs ?? 60_000;
    for (const [seq, since] of this.gaps) if (now - since > gapWait) this.gaps.delete(seq);
    let source: SessionEndsSource;
    try {
      source = await this.source();
      // The numbers still awaited, asked for by number: cheap however far below the head they are.
      if (this.gaps.size > 0) {
        for (const end of await source.endsAmong([...this.gaps.keys()])) {
          this.ended.apply(end);
          this.gaps.delete(end.seq);
        }
      }
      // Then everything after the highest seen, page by page: a store holding more ends than one
      // read returns is read to its end now.
      let from = this.highest;
      for (;;) {
        const ends = await source.endsAfter(from, PAGE);
        for (const end of ends) {
          this.ended.apply(end);
          // Numbers skipped between the highest seen and this one may still commit. Below the first
          // row ever read, only the last few can: older ones were purged (or never committed).
          const lowest = this.highest > 0 ? this.highest + 1 : Math.max(1, end.seq - FIRST_READ_WINDOW);
          for (let missing = lowest; missing < end.seq && this.gaps.size < 10_000; missing++) this.gaps.set(missing, now);
          this.highest = Math.max(this.highest, end.seq);
        }
        if (ends.length < PAGE) break;
        from = ends[ends.length - 1]!.seq;
      }
    } catch (error) {
      this.status.failures++;
      this.options.onError?.(error, this.status.failures);
      return; // what is known stays refused; other sessions keep being served
    }
    this.status.seq = this.highest;
    this.status.at = now;
    this.status.failures = 0;
    this.options.onCaughtUp?.(this.status);
    if (now - this.lastPurge > (this.options.purgeEveryMs ?? 10 * 60_000)) {
      this.lastPurge = now;
      this.ended.sweep();
      await source.purgeExpired(now).catch((error: unknown) => this.options.onError?.(error, 0));
    }
  }

  /** Catches up once, then every `intervalMs` in the background (the timer does not keep the process alive). */
  async start(): Promise<void> {
    if (this.timer) return;
    this.timer = setInterval(() => void this.catchUp(), this.options.intervalMs ?? 500);
    this.timer.unref?.();
    await this.catchUp();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
