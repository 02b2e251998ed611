import { importHandler } from '@/lib/admin/handlers';
import { gateway } from '@/lib/runtime';
import { adminContext, requestIdentity } from '../_lib/guard';

export const dynamic = 'force-dynamic';

/** POST /admin/import: a criteria document as JSON, from the gateway's own origin only (lib/admin/handlers.ts). */
export async function POST(request: Request): Promise<Response> {
  return importHandler(request, await requestIdentity(), { ...(await adminContext()), appUrl: gateway().config.APP_URL });
}
