import { json } from '@/lib/http';
import { log } from '@/lib/log';
import { route } from '@/lib/route';
import { storeServices } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** GET /api/ready: 200 when the store answers, 503 otherwise (readiness for a load balancer). */
export const GET = route(async (): Promise<Response> => {
  try {
    const { store } = await storeServices();
    await store.ping();
    return json({ status: 'ready', store: store.engine });
  } catch (error) {
    log.warn('ready.failed', { detail: (error as Error)?.message });
    return json({ status: 'unavailable', reason: 'The store does not answer.' }, { status: 503, headers: { 'retry-after': '5' } });
  }
});
