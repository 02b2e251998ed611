/**
 * The forward-auth answer to a gate result, shared by /api/verify (in Next)
 * and the forward-auth listener (lib/forward-auth/listener.ts): 200 with
 * X-Patron-* headers, 401 without a live session, 403 with
 * X-Access-Denied-Reason, 404 for an unknown resource, 503 when RERO+ cannot
 * confirm the session. No redirects, no HTML.
 */
import type { GateResult } from '../gate';

export interface ForwardAuthAnswer {
  status: number;
  headers: Record<string, string>;
}

export function forwardAuthAnswer(result: GateResult): ForwardAuthAnswer {
  const answer = (status: number, headers: Record<string, string> = {}) => ({ status, headers: { 'cache-control': 'no-store', ...headers } });
  switch (result.kind) {
    case 'unknown-resource':
      return answer(404);
    case 'signed-out':
      return answer(401);
    case 'unavailable':
      return answer(503, { 'retry-after': '30' });
    case 'allowed':
      return answer(200, {
        'x-patron-id': result.session.facts.userId,
        'x-patron-institution': result.record.code,
        ...(result.record.patronType ? { 'x-patron-type': result.record.patronType } : {}),
      });
    case 'denied':
      return answer(403, { 'x-access-denied-reason': result.reasons[0]?.code ?? 'denied' });
  }
}

/** A request without `resource`. */
export const MISSING_RESOURCE: ForwardAuthAnswer = { status: 400, headers: { 'cache-control': 'no-store', 'x-access-denied-reason': 'missing-resource' } };
