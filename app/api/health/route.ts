import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/** GET /api/health: 200 while the process serves (liveness; it asks nothing of the store or RERO+). */
export const GET = route((): Response => Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } }));
