/**
 * The sealed session cookie: one iron-session seal holding only what the
 * gateway needs — RERO+ tokens, patron facts, when they were last validated,
 * and the marks by which this session can be ended (its id, the patron's and
 * the gateway's session generations at sign-in). Sealing is iron-session's
 * (iron-webcrypto); this module knows the shape, the options and key rotation.
 */
import { createHash, hash } from 'node:crypto';
import { sealData, unsealData } from 'iron-session';
import * as z from 'zod';
import type { Config } from '../config';
import type { PatronFacts } from '../patron';

export const SESSION_COOKIE = 'gw_session';

export interface SessionTokens {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms after which the access token is not used. */
  expiresAt: number;
  /** Epoch ms when RERO+ issued this pair: the newer pair wins (see freshness.ts). */
  obtainedAt: number;
}

/** A RERO+ token pair with the facts it validated: what the patron's sessions share. */
export interface SessionPair {
  tokens: SessionTokens;
  facts: PatronFacts;
  /** Epoch ms of the last successful /api/patrons/info. */
  validatedAt: number;
}

/** What ties a cookie to one session, so that the session can be ended (see ends.ts). Never shared between sessions. */
export interface SessionMarks {
  /**
   * Epoch ms of the sign-in on this device: the session ends SESSION_MAX_AGE_DAYS
   * after it, however often it was revalidated (OWASP ASVS 3.3.2).
   */
  signedInAt?: number;
  /** Random id of this session; absent in cookies sealed before sessions had ids. */
  id?: string;
  /** The patron's session generation at sign-in: "sign out on all devices" raises it. Absent: 0. */
  generation?: number;
  /** The gateway's session generation at sign-in: `sessions end --all` raises it. Absent: 0. */
  epoch?: number;
}

export type PatronSession = SessionPair & SessionMarks;

// Short keys keep the sealed cookie small (a patron with 10 institutions must stay far under 4096 bytes).
const StoredSchema = z.object({
  v: z.literal(1),
  a: z.string(),
  r: z.string().optional(),
  e: z.number(),
  o: z.number(),
  u: z.string(),
  // The patron's name, in cookies sealed before sessions stopped keeping it: read and dropped.
  n: z.string().optional(),
  b: z.string().optional(),
  // [code, patronType, expirationDate, patronPid]; cookies sealed before patronPid was kept have three elements.
  p: z.array(z.tuple([z.string(), z.string().nullable(), z.string().nullable(), z.string().nullable().optional()])),
  t: z.number(),
  s: z.number().optional(),
  i: z.string().optional(),
  g: z.number().int().nonnegative().optional(),
  w: z.number().int().nonnegative().optional(),
});
type Stored = z.infer<typeof StoredSchema>;

function toStored(session: PatronSession): Stored {
  const { tokens, facts } = session;
  return {
    v: 1,
    a: tokens.accessToken,
    ...(tokens.refreshToken ? { r: tokens.refreshToken } : {}),
    e: tokens.expiresAt,
    o: tokens.obtainedAt,
    u: facts.userId,
    ...(facts.birthDate ? { b: facts.birthDate } : {}),
    p: facts.records.map((r) => [r.code, r.patronType ?? null, r.expirationDate ?? null, r.patronPid ?? null]),
    t: session.validatedAt,
    ...(session.signedInAt !== undefined ? { s: session.signedInAt } : {}),
    ...(session.id !== undefined ? { i: session.id } : {}),
    ...(session.generation !== undefined ? { g: session.generation } : {}),
    ...(session.epoch !== undefined ? { w: session.epoch } : {}),
  };
}

function fromStored(stored: Stored): PatronSession {
  return {
    tokens: {
      accessToken: stored.a,
      ...(stored.r ? { refreshToken: stored.r } : {}),
      expiresAt: stored.e,
      obtainedAt: stored.o,
    },
    facts: {
      userId: stored.u,
      ...(stored.b ? { birthDate: stored.b } : {}),
      records: stored.p.map(([code, patronType, expirationDate, patronPid]) => ({
        code,
        ...(patronPid ? { patronPid } : {}),
        ...(patronType ? { patronType } : {}),
        ...(expirationDate ? { expirationDate } : {}),
      })),
    },
    validatedAt: stored.t,
    ...(stored.s !== undefined ? { signedInAt: stored.s } : {}),
    ...(stored.i !== undefined ? { id: stored.i } : {}),
    ...(stored.g !== undefined ? { generation: stored.g } : {}),
    ...(stored.w !== undefined ? { epoch: stored.w } : {}),
  };
}

/**
 * The pair alone: what the newest-pair record keeps. Adopting a pair never
 * adopts a session. Without the patron's name: names are kept for staff only,
 * in the staff table (lib/store/staff.ts); no cookie and no stored pair holds one.
 */
export function pairOf(session: SessionPair): SessionPair {
  return { tokens: session.tokens, facts: withoutName(session.facts), validatedAt: session.validatedAt };
}

function withoutName({ name: _name, ...facts }: PatronFacts): PatronFacts {
  return facts;
}

/** When a session ends however it is used: SESSION_MAX_AGE_DAYS after its sign-in. */
export function sessionExpiresAt(session: PatronSession, config: Pick<Config, 'SESSION_MAX_AGE_DAYS'>): number {
  return (session.signedInAt ?? session.tokens.obtainedAt) + config.SESSION_MAX_AGE_DAYS * 24 * 3600 * 1000;
}

/**
 * iron-session seals with the highest-numbered password and unseals with any.
 * Ids are derived from each secret, so SESSION_SECRET_PREVIOUS can be listed in
 * any order and a secret keeps its id across rotations: a cookie sealed with
 * yesterday's secret still opens after it moved to SESSION_SECRET_PREVIOUS.
 */
function passwordId(secret: string): number {
  return parseInt(createHash('sha256').update(secret).digest('hex').slice(0, 8), 16) + 1;
}

export function sealingPasswords(config: Pick<Config, 'SESSION_SECRET' | 'SESSION_SECRET_PREVIOUS'>) {
  const current = { [passwordId(config.SESSION_SECRET)]: config.SESSION_SECRET };
  const all: Record<number, string> = { ...current };
  for (const secret of config.SESSION_SECRET_PREVIOUS) all[passwordId(secret)] = secret;
  return { seal: current, unseal: all };
}

function ttlSeconds(config: SealConfig): number {
  return config.SESSION_MAX_AGE_DAYS * 24 * 3600;
}

/**
 * The newest token pairs kept in the database (./stored.ts)
 * are sealed under keys derived from the session secrets with their own
 * label, so that a row copied out of a database or a backup is never a
 * valid session cookie.
 */
function derivedConfig(config: SealConfig, label: string): SealConfig {
  const derive = (secret: string) => createHash('sha256').update(`${label}\0${secret}`).digest('base64url');
  return { ...config, SESSION_SECRET: derive(config.SESSION_SECRET), SESSION_SECRET_PREVIOUS: config.SESSION_SECRET_PREVIOUS.map(derive) };
}

export function sealStoredPair(config: SealConfig, pair: SessionPair): Promise<string> {
  return sealSession(derivedConfig(config, 'rero-gateway newest token pair'), pairOf(pair));
}

export async function unsealStoredPair(config: SealConfig, sealed: string): Promise<SessionPair | undefined> {
  const session = await unsealSession(derivedConfig(config, 'rero-gateway newest token pair'), sealed);
  return session && pairOf(session);
}

export type SealConfig = Pick<Config, 'SESSION_SECRET' | 'SESSION_SECRET_PREVIOUS' | 'SESSION_MAX_AGE_DAYS'>;

export async function sealSession(config: SealConfig, session: PatronSession): Promise<string> {
  return sealData(toStored(session), { password: sealingPasswords(config).seal, ttl: ttlSeconds(config) });
}

/** The session in a cookie value, or undefined when absent, tampered with, expired or sealed with an unknown key. */
export async function unsealSession(config: SealConfig, cookieValue: string | undefined): Promise<PatronSession | undefined> {
  if (!cookieValue) return undefined;
  try {
    const data = await unsealData<unknown>(cookieValue, { password: sealingPasswords(config).unseal, ttl: ttlSeconds(config) });
    const parsed = StoredSchema.safeParse(data);
    if (!parsed.success) return undefined;
    // The seal's own TTL restarts at every revalidation; the sign-in time does not.
    const since = parsed.data.s ?? parsed.data.o;
    if (Date.now() - since > ttlSeconds(config) * 1000) return undefined;
    return fromStored(parsed.data);
  } catch {
    return undefined; // malformed seal: the same as no session
  }
}

/**
 * Opening a sealed cookie costs about 0.7 ms of Web Crypto; a reverse proxy
 * asks /api/verify on every proxied request with the same cookie. A sealed
 * string always opens to the same session, so the opened value is kept for a
 * minute, keyed by a hash of the exact cookie string. Revalidation is not
 * cached: it still runs on every request.
 */
export class OpenedSessions {
  private readonly entries = new Map<string, { session: PatronSession; until: number }>();
  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The session this exact cookie string opened to within the last minute, without waiting. */
  cached(cookieValue: string): PatronSession | undefined {
    const hit = this.entries.get(OpenedSessions.key(cookieValue));
    return hit && hit.until > this.now() ? hit.session : undefined;
  }

  async open(config: SealConfig, cookieValue: string | undefined): Promise<PatronSession | undefined> {
    if (!cookieValue) return undefined;
    const hit = this.cached(cookieValue);
    if (hit) return hit;
    const key = OpenedSessions.key(cookieValue);
    const session = await unsealSession(config, cookieValue);
    if (session) {
      this.entries.delete(key);
      this.entries.set(key, { session, until: this.now() + this.ttlMs });
      if (this.entries.size > this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return session;
  }

  private static key(cookieValue: string): string {
    // One-shot hash: no Hash object per request on the forward-auth path.
    return hash('sha256', cookieValue, 'base64url');
  }
}

export interface CookieOptions {
  httpOnly: true;
  secure: boolean;
  sameSite: 'lax';
  path: string;
  maxAge: number;
}

/**
 * HttpOnly; SameSite=Lax (the RERO+ callback is a top-level cross-site GET and
 * must carry the transaction cookie); Secure exactly when APP_URL is https —
 * derived from the public URL, not NODE_ENV (`next start` is always production).
 */
export function sessionCookieOptions(config: Pick<Config, 'secureCookies' | 'SESSION_MAX_AGE_DAYS'>): CookieOptions {
  // iron-session subtracts a minute of clock skew from the cookie's max age; so do we.
  return { httpOnly: true, secure: config.secureCookies, sameSite: 'lax', path: '/', maxAge: config.SESSION_MAX_AGE_DAYS * 24 * 3600 - 60 };
}

