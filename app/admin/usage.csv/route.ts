import { usageCsvHandler } from '@/lib/admin/handlers';
import { runtime } from '@/lib/runtime';
import { adminContext, requestIdentity } from '../_lib/guard';

export const dynamic = 'force-dynamic';

/** GET /admin/usage.csv?from=&to=: decision counts as CSV (lib/admin/handlers.ts). */
export async function GET(request: Request): Promise<Response> {
  return usageCsvHandler(request, await requestIdentity(), { ...(await adminContext()), appUrl: runtime().config.APP_URL });
}
