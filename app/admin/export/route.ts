import { exportHandler } from '@/lib/admin/handlers';
import { runtime } from '@/lib/runtime';
import { adminContext, requestIdentity } from '../_lib/guard';

export const dynamic = 'force-dynamic';

/** GET /admin/export: the criteria document as a JSON download (lib/admin/handlers.ts). */
export async function GET(request: Request): Promise<Response> {
  return exportHandler(request, await requestIdentity(), { ...(await adminContext()), appUrl: runtime().config.APP_URL });
}
