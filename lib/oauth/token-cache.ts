/**
 * Access tokens of provider connections, kept in memory per connection and
 * per target (audience, resource): Bokbasen and Region Halland issue one token
 * per audience or resource id, and all three ask clients to reuse a token
 * while it is valid instead of asking for one per call.
 *
 * - A token is renewed before it expires: at `expires_in` (RFC 6749 §5.1) or
 *   the JWT's `exp`, whichever is sooner, minus a margin.
 * - Single-flight: callers that need a token while one is being fetched wait
 *   for that one; a thousand concurrent callers cost one token request.
 * - A 401 from the API drops the token and the call is retried once with a
 *   new one (RFC 6750 §3.1 `invalid_token`: revoked or expired early).
 *
 * Losing this cache costs a token request, never correctness.
 */
import { jwtExpiry } from './jwt';
import { metrics } from '../metrics';

/** What a token request gave, before the cache works out when to renew it. */
export interface ObtainedToken<D = unknown> {
  accessToken: string;
  /** `expires_in` of the token response, in seconds, when it had one. */
  expiresInSeconds?: number;
  scope?: string;
  /** The token endpoint's `Date` header, epoch ms: tells clock skew apart from other failures. */
  serverDate?: number;
  /** What the provider learnt about this token once (Libris: the sigels from /oauth/verify). */
  details?: D;
}

export interface CachedToken<D = unknown> extends ObtainedToken<D> {
  /** Epoch ms (cache clock) when the token was received. */
  obtainedAt: number;
  /** Epoch ms after which the server no longer accepts it. */
  expiresAt: number;
  /** Epoch ms from which the cache asks for a new one. */
  renewAt: number;
}

export interface TokenKey {
  /** The connection id. */
  connection: string;
  /** What else makes a token different: the token parameters (audience, resource, scope) and the settings' revision. */
  target: string;
}

export interface TokenCacheOptions {
  /** The clock; tests pass a fake one. */
  now?: () => number;
  /** Renew this long before expiry (default 60 s; at most half the token's lifetime). */
  marginSeconds?: number;
  /** Lifetime assumed when the response has neither `expires_in` nor a JWT `exp` (default 300 s). */
  defaultLifetimeSeconds?: number;
}

const SEPARATOR = '\u0000';

function keyOf(key: TokenKey): string {
  return `${key.connection}${SEPARATOR}${key.target}`;
}

export class TokenCache {
  readonly #now: () => number;
  readonly #marginMs: number;
  readonly #defaultLifetimeMs: number;
  readonly #tokens = new Map<string, CachedToken<unknown>>();
  readonly #inflight = new Map<string, Promise<CachedToken<unknown>>>();

  constructor(options: TokenCacheOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#marginMs = (options.marginSeconds ?? 60) * 1000;
    this.#defaultLifetimeMs = (options.defaultLifetimeSeconds ?? 300) * 1000;
  }

  /**
   * The cached token for `key` while it is not due for renewal; otherwise the
   * token of the request in flight, or of a new one made with `obtain`.
   * `renew` skips the cached token (a "test connection" must prove that the
   * credentials work now) but still joins a request in flight.
   * A failure is not cached: the next caller tries again.
   */
  get<D>(key: TokenKey, obtain: () => Promise<ObtainedToken<D>>, options: { renew?: boolean } = {}): Promise<CachedToken<D>> {
    const id = keyOf(key);
    const cached = this.#tokens.get(id);
    const count = (result: 'hit' | 'miss') => metrics().tokenCache.inc({ connection: key.connection, result });
    if (cached && !options.renew && this.#now() < cached.renewAt) {
      count('hit');
      return Promise.resolve(cached as CachedToken<D>);
    }
    const running = this.#inflight.get(id);
    if (running) {
      count('hit'); // shares the request in flight: no token request of its own
      return running as Promise<CachedToken<D>>;
    }
    count('miss');
    const flight = (async () => {
      try {
        const token = this.#remember(await obtain());
        this.#tokens.set(id, token);
        return token;
      } finally {
        this.#inflight.delete(id);
      }
    })();
    this.#inflight.set(id, flight);
    return flight as Promise<CachedToken<D>>;
  }

  /** The cached token while it is valid (for a status display), without asking for one. */
  peek<D = unknown>(key: TokenKey): CachedToken<D> | undefined {
    const cached = this.#tokens.get(keyOf(key));
    return cached && this.#now() < cached.expiresAt ? (cached as CachedToken<D>) : undefined;
  }

  /**
   * Forgets the token of `key`. With `accessToken`, only if it is still that
   * one: many callers seeing the same 401 must not drop the token that the
   * first of them already fetched anew.
   */
  drop(key: TokenKey, accessToken?: string): void {
    const id = keyOf(key);
    const cached = this.#tokens.get(id);
    if (cached && (accessToken === undefined || cached.accessToken === accessToken)) this.#tokens.delete(id);
  }

  /** Forgets every token of a connection (its settings changed, or it was deleted). */
  dropConnection(connection: string): void {
    const prefix = `${connection}${SEPARATOR}`;
    for (const id of [...this.#tokens.keys()]) if (id.startsWith(prefix)) this.#tokens.delete(id);
  }

  /**
   * Runs `use` with a token; when it answers 401, drops that token and runs
   * `use` once more with a new one. The second answer is returned as it is.
   */
  async withToken<D, R extends { status: number }>(
    key: TokenKey,
    obtain: () => Promise<ObtainedToken<D>>,
    use: (token: CachedToken<D>) => Promise<R>,
  ): Promise<R> {
    const first = await this.get(key, obtain);
    const answer = await use(first);
    if (answer.status !== 401) return answer;
    this.drop(key, first.accessToken);
    return use(await this.get(key, obtain));
  }

  #remember<D>(token: ObtainedToken<D>): CachedToken<D> {
    const obtainedAt = this.#now();
    const lifetimeMs =
      token.expiresInSeconds !== undefined && Number.isFinite(token.expiresInSeconds)
        ? Math.max(0, token.expiresInSeconds * 1000)
        : this.#defaultLifetimeMs;
    let expiresAt = obtainedAt + lifetimeMs;
    // The JWT's exp counts only when it is sooner and still ahead: an exp that
    // is already past means the clocks disagree, and expires_in (relative) is
    // then the better guide.
    const exp = jwtExpiry(token.accessToken);
    if (exp !== undefined && exp > obtainedAt && exp < expiresAt) expiresAt = exp;
    const margin = Math.min(this.#marginMs, (expiresAt - obtainedAt) / 2);
    return { ...token, obtainedAt, expiresAt, renewAt: expiresAt - margin };
  }
}
