/**
 * The process's gateway: configuration, RERO+ settings and the Freshener,
 * built once. Kept on globalThis because Next bundles proxy.ts and the route
 * handlers separately: both must share one single-flight map per process.
 */
import { getConfig, type Config } from './config';
import { FallbackNewestTokens, Freshener, type Freshness } from './freshness';
import { clientAddress } from './http';
import { log } from './log';
import { metrics } from './metrics';
import { fetchPatronFacts, refreshTokens, type ReroSettings } from './providers/rero-plus';
import { OpenedSessions, sealSession, sealStoredPair, unsealStoredPair, type PatronSession } from './session';

export interface Gateway {
  config: Config;
  rero: ReroSettings;
  freshener: Freshener;
  openedSessions: OpenedSessions;
}

const KEY = Symbol.for('rero-gateway.runtime');

export function reroSettings(config: Config): ReroSettings {
  return {
    reroUrl: config.RERO_URL,
    clientId: config.RERO_CLIENT_ID,
    clientSecret: config.RERO_CLIENT_SECRET,
    redirectUri: config.redirectUri,
    scopes: config.RERO_SCOPES,
  };
}

export function gateway(): Gateway {
  const holder = globalThis as { [KEY]?: Gateway };
  if (!holder[KEY]) {
    const config = getConfig();
    const rero = reroSettings(config);
    const freshener = new Freshener({
      rero: {
        fetchPatronFacts: (accessToken) => fetchPatronFacts(rero, accessToken),
        refreshTokens: (refreshToken) => refreshTokens(rero, refreshToken),
      },
      newest: new FallbackNewestTokens(
        async () => (await services()).newest,
        (error, operation) => log.error('newest-tokens.failed', { operation, detail: (error as Error)?.message }),
      ),
      revalidateSeconds: config.PATRON_REVALIDATE_SECONDS,
      onUpstreamError: (error) => log.warn('rero.revalidate.failed', { code: error.code, status: error.upstreamStatus, detail: error.message }),
      onRefresh: (outcome) => metrics().refreshes.inc({ outcome }),
    });
    holder[KEY] = { config, rero, freshener, openedSessions: new OpenedSessions() };
  }
  return holder[KEY];
}

/** What a request's session cookie means, and how the cookie must change. */
export type SessionState =
  /** Signed out; `clearCookie` when a cookie was sent that cannot be opened (tampered, expired, unknown key). */
  | { kind: 'none'; clearCookie?: boolean }
  | { kind: 'signed-in'; session: PatronSession; cookie?: string }
  | { kind: 'ended'; reason: string }
  | { kind: 'unavailable'; freshness: Extract<Freshness, { kind: 'unavailable' }> };

/** Opens the session cookie and revalidates stale facts; `cookie` is set when the caller must write it back. */
export async function resolveSession(cookieValue: string | undefined): Promise<SessionState> {
  const { config, freshener, openedSessions } = gateway();
  const session = await openedSessions.open(config, cookieValue);
  if (!session) return cookieValue ? { kind: 'none', clearCookie: true } : { kind: 'none' };
  const freshness = await freshener.ensureFresh(session);
  switch (freshness.kind) {
    case 'fresh':
      return freshness.changed
        ? { kind: 'signed-in', session: freshness.session, cookie: await sealSession(config, freshness.session) }
        : { kind: 'signed-in', session: freshness.session };
    case 'ended':
      metrics().refreshes.inc({ outcome: 'ended' });
      log.info('session.ended', { reason: freshness.reason });
      return { kind: 'ended', reason: freshness.reason };
    case 'unavailable':
      return { kind: 'unavailable', freshness };
  }
}

import { CriteriaCache } from './store/criteria-cache';
import { DecisionLog } from './store/decision-log';
import { openStore, type Store } from './store';
import { StoreNewestTokens } from './store/newest-tokens';
import { RateLimiter } from './store/rate-limits';
import { bootstrapAdmins } from './admin/staff';
import { Connections } from './connections';

export interface Services {
  store: Store;
  criteria: CriteriaCache;
  decisions: DecisionLog;
  newest: StoreNewestTokens;
  limiter: RateLimiter;
  /** Provider connections (admin page, command line): one per process, for its token cache and last test results. */
  connections: Connections;
}

const SERVICES = Symbol.for('rero-gateway.services');

/** The store and what sits on it (criteria cache, batched decision log), opened once per process. */
export function services(): Promise<Services> {
  const holder = globalThis as { [SERVICES]?: Promise<Services> };
  holder[SERVICES] ??= (async () => {
    const { config } = gateway();
    const store = await openStore(config.DATABASE_URL);
    // ADMIN_USER_IDS become admins (idempotent: a restart changes nothing).
    const promoted = await bootstrapAdmins(store.db, config.ADMIN_USER_IDS, new Date());
    if (promoted.length > 0) log.info('staff.bootstrap', { admins: promoted.join(',') });
    const decisions = new DecisionLog(store);
    const flushOnExit = () => void decisions.close().catch(() => undefined);
    process.once('SIGTERM', flushOnExit);
    process.once('beforeExit', flushOnExit);
    // Sealed with the session key: the newest pairs are as safe in the database as in the cookie.
    const newest = new StoreNewestTokens(store, { seal: (s) => sealStoredPair(config, s), unseal: (v) => unsealStoredPair(config, v) });
    return { store, criteria: new CriteriaCache(store), decisions, newest, limiter: new RateLimiter(store), connections: new Connections(store, { secretsKey: config.SECRETS_KEY }) };
  })().catch((error: unknown) => {
    delete holder[SERVICES]; // try again on the next request
    throw error;
  });
  return holder[SERVICES];
}

/**
 * Counts a sign-in request (/auth/login, /auth/callback) of the client's
 * address; answers the seconds to wait when over RATE_LIMIT_SIGNIN_PER_MINUTE.
 * When the store does not answer, the request is let through (and logged):
 * a database outage must not lock every patron out.
 */
export async function signInRateLimit(request: Request, routeName: string): Promise<number | undefined> {
  const { config } = gateway();
  try {
    const { limiter } = await services();
    const result = await limiter.hit(`signin:${clientAddress(request)}`, config.RATE_LIMIT_SIGNIN_PER_MINUTE);
    if (result.allowed) return undefined;
    metrics().rateLimited.inc({ route: routeName });
    log.warn('ratelimit.refused', { route: routeName });
    return result.retryAfter;
  } catch (error) {
    log.error('ratelimit.failed', { detail: (error as Error)?.message });
    return undefined;
  }
}

import { openPseudonymKey, sessionSecrets, type PseudonymKey } from './release';

const PSEUDONYM_KEY = Symbol.for('rero-gateway.pseudonym-key');

/**
 * The key of the pairwise pseudonyms (lib/release/pseudonym-key.ts), opened
 * from the store once per process; start-up opens it first (lib/startup.ts)
 * and stops when the stored key cannot be read.
 */
export function pseudonymKey(): Promise<PseudonymKey> {
  const holder = globalThis as { [PSEUDONYM_KEY]?: Promise<PseudonymKey> };
  holder[PSEUDONYM_KEY] ??= services()
    .then(({ store }) => openPseudonymKey(store, sessionSecrets(gateway().config)))
    .catch((error: unknown) => {
      delete holder[PSEUDONYM_KEY]; // try again on the next request
      throw error;
    });
  return holder[PSEUDONYM_KEY];
}
