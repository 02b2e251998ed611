export const dynamic = 'force-dynamic';

/** GET /api/health: 200 while the process serves. */
export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
