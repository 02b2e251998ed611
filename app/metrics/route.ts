import { timingSafeEqual } from 'node:crypto';
import { getConfig } from '@/lib/config';
import { metrics } from '@/lib/metrics';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics (Prometheus text format): only with `Authorization: Bearer
 * <METRICS_TOKEN>`. Without METRICS_TOKEN the metrics are served on the
 * loopback listener only (METRICS_PORT on 127.0.0.1), never on this port:
 * an X-Forwarded-For header can claim anything.
 */
export const GET = route(async (request: Request): Promise<Response> => {
  const token = getConfig().METRICS_TOKEN;
  const given = request.headers.get('authorization')?.match(/^Bearer (.+)$/)?.[1];
  if (!token) return new Response('Metrics are served on the loopback listener (METRICS_PORT); set METRICS_TOKEN to serve them here.\n', { status: 404 });
  if (!given || !sameSecret(given, token)) {
    return new Response('A bearer token is required.\n', { status: 401, headers: { 'www-authenticate': 'Bearer realm="metrics"' } });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
});
