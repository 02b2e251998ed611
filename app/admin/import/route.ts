import { importHandler } from '@/lib/admin/handlers';
import { runtime } from '@/lib/runtime';
import { adminContext, requestIdentity } from '../_lib/guard';

export const dynamic = 'force-dynamic';

/** POST /admin/import: a criteria document as JSON, from the gateway's own origin only; `?dry-run=1` previews (lib/admin/handlers.ts). */
export async function POST(request: Request): Promise<Response> {
  const { config } = runtime();
  return importHandler(request, await requestIdentity(), { ...(await adminContext()), appUrl: config.APP_URL, ...(config.SECRETS_KEY ? { secretsKey: config.SECRETS_KEY } : {}) });
}
