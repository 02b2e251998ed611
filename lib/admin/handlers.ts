/**
 * The route handlers under /admin, testable without Next.js: each takes the
 * Request, the identity its session gives and the admin context, and answers.
 * Next checks Origin for Server Actions only, so these check it themselves
 * before anything else, then authorize through lib/admin/actions.ts.
 *
 *   GET  /admin/export     the criteria document (as the member may see it), a JSON download
 *   POST /admin/import     a criteria document (JSON body), imported atomically (lib/admin/import.ts);
 *                          JSON answer with the difference it made. `?dry-run=1`: the difference
 *                          and the version only, nothing written; `?version=<v>`: only if the
 *                          store is still at that version (else 409 with the difference now)
 *   GET  /admin/usage.csv  decision counts of a date range, a CSV download
 */
import { isCrossSiteRead, isSameOriginRequest, json } from '../http';
import type { Identity } from './authorize';
import { exportDocument, importDocument, previewDocument, readUsage, type AdminContext, type Failure } from './actions';
import { usageCsv } from './usage';

export interface HandlerContext extends AdminContext {
  /** APP_URL: the only origin a state-changing request may come from. */
  appUrl: string;
  /** SECRETS_KEY, for the connections of an admin's import. */
  secretsKey?: string;
}

// A download may be opened by a link on our pages or typed in the address bar, never fetched by another site.
export { isCrossSiteRead };

const REFUSED_CROSS_SITE = { error: 'cross_site', message: 'This request did not come from the gateway’s own pages.' };

/** A failure as an HTTP answer; `returnTo` is where sign-in comes back to for a download link. */
function failure(result: Failure, returnTo?: string): Response {
  switch (result.code) {
    case 'signed-out':
      return returnTo
        ? new Response(null, { status: 303, headers: { location: `/auth/login?returnTo=${encodeURIComponent(returnTo)}`, 'cache-control': 'no-store' } })
        : json({ error: 'not_signed_in', message: 'Sign in at /auth/login.' }, { status: 401 });
    case 'not-staff':
    case 'admin-only':
      return json({ error: 'forbidden', message: 'Only staff of the gateway may do this.' }, { status: 403 });
    case 'out-of-scope':
      return json({ error: 'out_of_scope', message: 'This touches resources outside your institutions; nothing was changed.', problems: result.problems ?? [] }, { status: 403 });
    case 'conflict':
      return json(
        { error: 'conflict', message: 'Someone else changed the criteria meanwhile; nothing was changed. Load them again.', ...(result.plan ? { version: result.plan.version, changes: result.plan.changes } : {}) },
        { status: 409 },
      );
    case 'invalid':
      return json({ error: 'invalid', message: 'The document is invalid; nothing was changed.', problems: result.problems ?? [], fields: result.errors ?? {} }, { status: 422 });
    case 'not-found':
      return json({ error: 'not_found' }, { status: 404 });
    case 'self':
      return json({ error: 'self' }, { status: 409 });
  }
}

function download(body: string, type: string, filename: string): Response {
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

export async function exportHandler(request: Request, identity: Identity, ctx: HandlerContext): Promise<Response> {
  if (isCrossSiteRead(request, ctx.appUrl)) return json(REFUSED_CROSS_SITE, { status: 403 });
  const result = await exportDocument(identity, ctx);
  if (!result.ok) return failure(result, '/admin/transfer');
  const day = ctx.now.toISOString().slice(0, 10);
  return download(`${JSON.stringify(result.document, null, 2)}\n`, 'application/json; charset=utf-8', `criteria-${day}.json`);
}

/**
 * The body as text, or undefined once it passes `max` bytes: a declared
 * Content-Length over the cap is refused unread, and a body without one is
 * read only up to the cap — never buffered whole.
 */
async function readCapped(request: Request, max: number): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Bodies larger than this are refused before parsing (a document of thousands of resources fits). */
const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export async function importHandler(request: Request, identity: Identity, ctx: HandlerContext): Promise<Response> {
  if (!isSameOriginRequest(request, ctx.appUrl)) return json(REFUSED_CROSS_SITE, { status: 403 });
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return json({ error: 'unsupported_media_type', message: 'Send the criteria document as application/json.' }, { status: 415 });
  const text = await readCapped(request, MAX_IMPORT_BYTES);
  if (text === undefined) return json({ error: 'too_large', message: 'The document is larger than 2 MB.' }, { status: 413 });
  const params = new URL(request.url).searchParams;
  if (params.get('dry-run') === '1') {
    const preview = await previewDocument(identity, { text }, ctx);
    if (!preview.ok) return failure(preview);
    return json({ version: preview.plan.version, changes: preview.plan.changes });
  }
  const version = params.get('version');
  const result = await importDocument(identity, { text, ...(version ? { expectedVersion: version } : {}) }, ctx);
  if (!result.ok) return failure(result);
  return json({ imported: result.count, written: result.written, version: result.plan.version, changes: result.plan.changes });
}

export async function usageCsvHandler(request: Request, identity: Identity, ctx: HandlerContext): Promise<Response> {
  if (isCrossSiteRead(request, ctx.appUrl)) return json(REFUSED_CROSS_SITE, { status: 403 });
  const params = new URL(request.url).searchParams;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const result = await readUsage(identity, { ...(from ? { from } : {}), ...(to ? { to } : {}) }, ctx);
  if (!result.ok) return failure(result, `/admin/usage${new URL(request.url).search}`);
  return download(usageCsv(result.rows), 'text/csv; charset=utf-8', `usage-${result.range.from}-${result.range.to}.csv`);
}
