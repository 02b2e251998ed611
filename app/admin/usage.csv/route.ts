import { usageCsvHandler } from '@/lib/admin/handlers';
import { gateway } from '@/lib/runtime';
import { adminContext, requestIdentity } from '../_lib/guard';

export const dynamic = 'force-dynamic';

/** GET /admin/usage.csv?from=&to=: decision counts as CSV (lib/admin/handlers.ts). */
export async function GET(request: Request): Promise<Response> {
  return usageCsvHandler(request, await requestIdentity(), { ...(await adminContext()), appUrl: gateway().config.APP_URL });
}
