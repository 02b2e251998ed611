/**
 * Prometheus metrics (prom-client), one registry per process, kept on
 * globalThis because Next bundles route handlers, proxy.ts and
 * instrumentation.ts separately.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gateway_process_' });
  return {
    registry,
    decisions: new Counter({
      name: 'gateway_decisions_total',
      help: 'Access decisions at /go and /api/verify, by resource and outcome (allowed or the reason code).',
      labelNames: ['resource', 'outcome'] as const,
      registers: [registry],
    }),
    signIns: new Counter({ name: 'gateway_signins_total', help: 'Completed sign-ins through RERO+.', registers: [registry] }),
    signInFailures: new Counter({
      name: 'gateway_signin_failures_total',
      help: 'Failed sign-ins, by reason code.',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    refreshes: new Counter({
      name: 'gateway_refreshes_total',
      help: 'Revalidations of patron sessions, by outcome (refreshed, validated, adopted, ended, failed).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    upstream: new Histogram({
      name: 'gateway_upstream_request_duration_seconds',
      help: 'Time of requests to upstream providers, by provider, endpoint and status class.',
      labelNames: ['provider', 'endpoint', 'status'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    tokenCache: new Counter({
      name: 'gateway_token_cache_total',
      help: 'Provider connection token cache lookups, by result (hit or miss).',
      labelNames: ['connection', 'result'] as const,
      registers: [registry],
    }),
    sessionsRefused: new Counter({
      name: 'gateway_sessions_refused_total',
      help: 'Session cookies refused because their session was ended, by reason (signed-out, ended-everywhere, ended-all, refresh-rejected, no-refresh-token).',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    sessionEndsSeq: new Gauge({
      name: 'gateway_session_ends_seq',
      help: 'The highest recorded session end this instance has caught up with.',
      registers: [registry],
    }),
    sessionEndsCaughtUp: new Gauge({
      name: 'gateway_session_ends_caught_up_timestamp_seconds',
      help: 'When this instance last caught up with the recorded session ends (its own clock).',
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'gateway_rate_limited_total',
      help: 'Requests refused with 429, by route.',
      labelNames: ['route'] as const,
      registers: [registry],
    }),
  };
}

const KEY = Symbol.for('rero-gateway.metrics');

export function metrics(): ReturnType<typeof create> {
  const holder = globalThis as { [KEY]?: ReturnType<typeof create> };
  holder[KEY] ??= create();
  return holder[KEY];
}

/**
 * A fetch that records its duration in the upstream histogram: the hook
 * openid-client offers (customFetch) for every request it makes.
 */
export function timedFetch<Options>(provider: string): (url: string, options: Options) => Promise<Response> {
  return async (url, options) => {
    const endpoint = new URL(url).pathname;
    const stop = metrics().upstream.startTimer({ provider, endpoint });
    try {
      const response = await fetch(url, options as RequestInit);
      stop({ status: `${Math.floor(response.status / 100)}xx` });
      return response;
    } catch (error) {
      stop({ status: 'error' });
      throw error;
    }
  };
}
