/**
 * The patron's session: one iron-session sealed cookie holding only what the
 * gateway needs — RERO+ tokens, patron facts, and when they were last
 * validated. Sealing is iron-session's (iron-webcrypto); this module knows the
 * session's shape, its cookie options and key rotation.
 */
import { createHash } from 'node:crypto';
import { sealData, unsealData } from 'iron-session';
import * as z from 'zod';
import type { Config } from './config';
import type { PatronFacts } from './patron';
import type { AuthorizationTransaction } from './providers/rero-plus';

export const SESSION_COOKIE = 'gw_session';
/** The sign-in transaction (state, PKCE verifier, returnTo), alive for one round trip to RERO+. */
export const TRANSACTION_COOKIE = 'gw_signin';
export const TRANSACTION_TTL_SECONDS = 10 * 60;

export interface SessionTokens {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms after which the access token is not used. */
  expiresAt: number;
  /** Epoch ms when RERO+ issued this pair: the newer pair wins (see freshness.ts). */
  obtainedAt: number;
}

export interface PatronSession {
  tokens: SessionTokens;
  facts: PatronFacts;
  /** Epoch ms of the last successful /api/patrons/info. */
  validatedAt: number;
  /**
   * Epoch ms of the sign-in on this device: the session ends SESSION_MAX_AGE_DAYS
   * after it, however often it was revalidated (OWASP ASVS 3.3.2).
   */
  signedInAt?: number;
}

// Short keys keep the sealed cookie small (a patron with 10 institutions must stay far under 4096 bytes).
const StoredSchema = z.object({
  v: z.literal(1),
  a: z.string(),
  r: z.string().optional(),
  e: z.number(),
  o: z.number(),
  u: z.string(),
  n: z.string().optional(),
  b: z.string().optional(),
  // [code, patronType, expirationDate, patronPid]; cookies sealed before patronPid was kept have three elements.
  p: z.array(z.tuple([z.string(), z.string().nullable(), z.string().nullable(), z.string().nullable().optional()])),
  t: z.number(),
  s: z.number().optional(),
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
    ...(facts.name ? { n: facts.name } : {}),
    ...(facts.birthDate ? { b: facts.birthDate } : {}),
    p: facts.records.map((r) => [r.code, r.patronType ?? null, r.expirationDate ?? null, r.patronPid ?? null]),
    t: session.validatedAt,
    ...(session.signedInAt !== undefined ? { s: session.signedInAt } : {}),
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
      ...(stored.n ? { name: stored.n } : {}),
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
  };
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

type SealConfig = Pick<Config, 'SESSION_SECRET' | 'SESSION_SECRET_PREVIOUS' | 'SESSION_MAX_AGE_DAYS'>;

function ttlSeconds(config: SealConfig): number {
  return config.SESSION_MAX_AGE_DAYS * 24 * 3600;
}

/**
 * The newest token pairs kept in the database (lib/store/newest-tokens.ts)
 * are sealed under keys derived from the session secrets with their own
 * label, so that a row copied out of a database or a backup is never a
 * valid session cookie.
 */
function derivedConfig(config: SealConfig, label: string): SealConfig {
  const derive = (secret: string) => createHash('sha256').update(`${label}\0${secret}`).digest('base64url');
  return { ...config, SESSION_SECRET: derive(config.SESSION_SECRET), SESSION_SECRET_PREVIOUS: config.SESSION_SECRET_PREVIOUS.map(derive) };
}

export function sealStoredPair(config: SealConfig, session: PatronSession): Promise<string> {
  return sealSession(derivedConfig(config, 'rero-gateway newest token pair'), session);
}

export function unsealStoredPair(config: SealConfig, sealed: string): Promise<PatronSession | undefined> {
  return unsealSession(derivedConfig(config, 'rero-gateway newest token pair'), sealed);
}

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

  async open(config: SealConfig, cookieValue: string | undefined): Promise<PatronSession | undefined> {
    if (!cookieValue) return undefined;
    const key = createHash('sha256').update(cookieValue).digest('base64url');
    const hit = this.entries.get(key);
    if (hit && hit.until > this.now()) return hit.session;
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

export function transactionCookieOptions(config: Pick<Config, 'secureCookies'>): CookieOptions {
  return { httpOnly: true, secure: config.secureCookies, sameSite: 'lax', path: '/auth', maxAge: TRANSACTION_TTL_SECONDS };
}

export async function sealTransaction(config: SealConfig, transaction: AuthorizationTransaction): Promise<string> {
  return sealData(transaction, { password: sealingPasswords(config).seal, ttl: TRANSACTION_TTL_SECONDS });
}

const TransactionSchema = z.object({ state: z.string().min(1), codeVerifier: z.string().min(43), returnTo: z.string() });

export async function unsealTransaction(config: SealConfig, cookieValue: string | undefined): Promise<AuthorizationTransaction | undefined> {
  if (!cookieValue) return undefined;
  try {
    const data = await unsealData<unknown>(cookieValue, { password: sealingPasswords(config).unseal, ttl: TRANSACTION_TTL_SECONDS });
    const parsed = TransactionSchema.safeParse(data);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `returnTo` accepts only a same-origin path: "/x", never "//host", "/\host",
 * a scheme, or control characters. Anything else falls back to "/".
 * (RFC 9700 §4.11: open redirectors.)
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > 2048) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  try {
    const base = 'http://gateway.invalid';
    const url = new URL(value, base);
    if (url.origin !== base) return '/';
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Dot-segments can collapse into "//host" ("/.//evil.example"): check what comes out, not only what came in.
    if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
    return path;
  } catch {
    return '/';
  }
}
