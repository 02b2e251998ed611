/**
 * The process's singletons: configuration, RERO+ settings, the session door
 * and the store's services, built once. Kept on globalThis because Next
 * bundles proxy.ts, the route handlers and instrumentation separately: all
 * must share one single-flight map, one set of ended sessions, one store.
 *
 * The forward-auth path (/api/verify) loads nothing of lib/admin or
 * lib/connections: they are imported where they are first needed.
 */
import type { Connections } from './connections';
import { getConfig, type Config } from './config';
import { clientAddress, trustedProxies } from './http';
import { log } from './log';
import { metrics } from './metrics';
import { fetchPatronFacts, refreshTokens, type ReroSettings } from './providers/rero-plus';
import { openPseudonymKey, sessionSecrets, type PseudonymKey } from './release';
import { EndedSessions, FallbackNewestTokens, Freshener, SessionDoor, SessionEndsFeed, sealStoredPair, sessionEndsIn, StoreNewestTokens, unsealStoredPair } from './session';
import { CriteriaCache, criteriaFrom } from './gate/criteria-cache';
import { countsIn, DecisionLog } from './gate/decision-log';
import { openStore, type Store } from './store';
import { hitRateLimit } from './store/rate-limits';
import { codesOfMemberships, countSignInCodes } from './store/sign-in-codes';
import { getStaff } from './store/staff';

export interface Runtime {
  config: Config;
  rero: ReroSettings;
  /** The only way to the session cookie. */
  sessions: SessionDoor;
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

export function runtime(): Runtime {
  const holder = globalThis as { [KEY]?: Runtime };
  if (!holder[KEY]) {
    const config = getConfig();
    const rero = reroSettings(config);
    const freshener = new Freshener({
      rero: {
        fetchPatronFacts: (accessToken) => fetchPatronFacts(rero, accessToken),
        refreshTokens: (refreshToken) => refreshTokens(rero, refreshToken),
      },
      newest: new FallbackNewestTokens(
        async () => (await storeServices()).newest,
        (error, operation) => log.error('newest-tokens.failed', { operation, detail: (error as Error)?.message }),
      ),
      revalidateSeconds: config.PATRON_REVALIDATE_SECONDS,
      onUpstreamError: (error) => log.warn('rero.revalidate.failed', { code: error.code, status: error.upstreamStatus, detail: error.message }),
      onRefresh: (outcome) => metrics().refreshes.inc({ outcome }),
    });
    const ended = new EndedSessions();
    const feed = new SessionEndsFeed(async () => (await storeServices()).sessionEnds, ended, {
      // Every half second: a sign-out on another instance is refused here within a second (the bound is 2 s).
      intervalMs: 500,
      onError: (error, failures) => {
        // Once per outage, then every minute or so: what is known stays refused, other sessions are served.
        if (failures === 1 || failures % 120 === 0) log.error('session-ends.catch-up.failed', { failures, detail: (error as Error)?.message });
      },
      onCaughtUp: ({ seq, at }) => {
        metrics().sessionEndsSeq.set(seq);
        metrics().sessionEndsCaughtUp.set(at / 1000);
      },
    });
    const sessions = new SessionDoor({ config, freshener, ended, feed, recorder: async () => (await storeServices()).sessionEnds });
    holder[KEY] = { config, rero, sessions };
  }
  return holder[KEY];
}

export interface StoreServices {
  store: Store;
  criteria: CriteriaCache;
  decisions: DecisionLog;
  newest: StoreNewestTokens;
  sessionEnds: ReturnType<typeof sessionEndsIn>;
}

/**
 * Something opened once per process and shared by every bundle (through
 * globalThis): `get()` opens it on first use, and again after a failure;
 * `now()` answers it without a promise once it is open (the forward-auth path).
 */
function processWide<T>(name: string, open: () => Promise<T>): { get(): Promise<T>; now(): T | undefined } {
  const key = Symbol.for(`rero-gateway.${name}`);
  const holder = globalThis as { [key: symbol]: { opening?: Promise<T>; value?: T } | undefined };
  // Looked up on each use, not kept: whoever drops the slot from globalThis starts afresh.
  const slot = () => (holder[key] ??= {});
  return {
    get: () => {
      const current = slot();
      return (current.opening ??= open()
        .then((value) => (current.value = value))
        .catch((error: unknown) => {
          delete current.opening; // try again on the next request
          throw error;
        }));
    },
    now: () => slot().value,
  };
}

/** The store and what sits on it (criteria cache, batched decision log), opened once per process. */
const sharedServices = processWide<StoreServices>('services', async () => {
  const { config } = runtime();
  const store = await openStore(config.DATABASE_URL);
  // ADMIN_USER_IDS become admins (idempotent: a restart changes nothing).
  const { bootstrapAdmins } = await import('./admin/staff');
  const promoted = await bootstrapAdmins(store.db, config.ADMIN_USER_IDS, new Date());
  if (promoted.length > 0) log.info('staff.bootstrap', { admins: promoted.join(',') });
  const decisions = new DecisionLog(countsIn(store));
  const flushOnExit = () => void decisions.close().catch(() => undefined);
  process.once('SIGTERM', flushOnExit);
  process.once('beforeExit', flushOnExit);
  // Sealed with the session key: the newest pairs are as safe in the database as in the cookie.
  const newest = new StoreNewestTokens(store, { seal: (s) => sealStoredPair(config, s), unseal: (v) => unsealStoredPair(config, v) });
  return { store, criteria: new CriteriaCache(criteriaFrom(store)), decisions, newest, sessionEnds: sessionEndsIn(store) };
});

export const storeServices = sharedServices.get;
/** The services once they are open, without a promise (the forward-auth path); undefined before. */
export const storeServicesNow = sharedServices.now;

/** Provider connections (admin pages, command line): one per process, for its token cache and last test results. */
export const connections = processWide<Connections>('connections', async () => {
  const [{ store }, { Connections }] = await Promise.all([storeServices(), import('./connections')]);
  return new Connections(store, { secretsKey: runtime().config.SECRETS_KEY });
}).get;

/**
 * Counts the institution and patron type codes of a sign-in — codes only,
 * nobody's identity — for the admin area to list those the directory does
 * not name yet. Off the response's path: a store that does not answer costs
 * a log line, never the sign-in.
 */
export function countSignIn(records: readonly { code: string; patronType?: string | undefined }[]): void {
  const codes = codesOfMemberships(records);
  if (codes.length === 0) return;
  void storeServices()
    .then(({ store }) => countSignInCodes(store.db, codes))
    .catch((error: unknown) => log.warn('sign-in-codes.failed', { detail: (error as Error)?.message }));
}

const PROXIES = Symbol.for('rero-gateway.trusted-proxies');

function proxiesOf(config: Config) {
  const holder = globalThis as { [PROXIES]?: ReturnType<typeof trustedProxies> };
  holder[PROXIES] ??= trustedProxies(config.TRUSTED_PROXIES);
  return holder[PROXIES];
}

/**
 * Counts a sign-in request (/auth/login, /auth/callback) of the client's
 * address; answers the seconds to wait when over RATE_LIMIT_SIGNIN_PER_MINUTE.
 * When the store does not answer, the request is let through (and logged):
 * a database outage must not lock every patron out.
 */
export async function signInRateLimit(request: Request, routeName: string): Promise<number | undefined> {
  const { config } = runtime();
  try {
    const { store } = await storeServices();
    const result = await hitRateLimit(store.db, `signin:${clientAddress(request, proxiesOf(config))}`, config.RATE_LIMIT_SIGNIN_PER_MINUTE, Date.now());
    if (result.allowed) return undefined;
    metrics().rateLimited.inc({ route: routeName });
    log.warn('ratelimit.refused', { route: routeName });
    return result.retryAfter;
  } catch (error) {
    log.error('ratelimit.failed', { detail: (error as Error)?.message });
    return undefined;
  }
}

/**
 * The key of the pairwise pseudonyms (lib/release/pseudonym-key.ts), opened
 * from the store once per process; start-up opens it first (lib/startup.ts)
 * and stops when the stored key cannot be read.
 */
const sharedPseudonymKey = processWide<PseudonymKey>('pseudonym-key', async () => openPseudonymKey((await storeServices()).store, sessionSecrets(runtime().config)));

export const pseudonymKey = sharedPseudonymKey.get;
/** The pseudonym key once it is open, without a promise (the forward-auth path); undefined before. */
export const pseudonymKeyNow = sharedPseudonymKey.now;

/**
 * A sign-in: a staff member's name as RERO+ gave it is kept in the staff
 * table (lib/admin/staff.ts noteSignIn); nobody else's is kept. Never stops a
 * sign-in: when the store does not answer, the name of the last sign-in stays.
 */
export async function noteSignIn(person: { userId: string; name?: string }): Promise<void> {
  try {
    const [{ store }, { noteSignIn: note }] = await Promise.all([storeServices(), import('./admin/staff')]);
    await note(store.db, person);
  } catch (error) {
    log.error('staff.name.failed', { detail: (error as Error)?.message });
  }
}

/**
 * Whether a signed-in person is staff, with the name of their last sign-in:
 * for the patron home's link to the admin area. Undefined for patrons, and
 * when the store does not answer (the admin area itself checks again).
 */
export async function staffAtHome(userId: string): Promise<{ name?: string } | undefined> {
  try {
    const { store } = await storeServices();
    const record = await getStaff(store.db, userId);
    return record && (record.name ? { name: record.name } : {});
  } catch (error) {
    log.error('home.staff.failed', { detail: (error as Error)?.message });
    return undefined;
  }
}
