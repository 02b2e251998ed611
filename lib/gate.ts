/**
 * The gate: one patron, one resource, one answer. Shared by /go/<slug> (a
 * redirect for people) and /api/verify (forward-auth for a reverse proxy):
 * find the resource, open and revalidate the session, decide, count.
 */
import { decide, localDate, type Reason, type Resource } from './access';
import { metrics } from './metrics';
import type { PatronRecord } from './patron';
import { gateway, resolveSession, services, type SessionState } from './runtime';
import type { PatronSession } from './session';

export type GateResult =
  | { kind: 'unknown-resource' }
  | { kind: 'signed-out'; clearCookie: boolean }
  | { kind: 'unavailable'; state: Extract<SessionState, { kind: 'unavailable' }> }
  | { kind: 'allowed'; resource: Resource; session: PatronSession; record: PatronRecord; cookie?: string }
  | { kind: 'denied'; resource: Resource; session: PatronSession; reasons: Reason[]; cookie?: string };

export async function gate(slug: string, cookieValue: string | undefined, now = new Date()): Promise<GateResult> {
  const { config } = gateway();
  const { criteria, decisions } = await services();
  const resource = await criteria.get(slug);
  if (!resource) return { kind: 'unknown-resource' };

  const state = await resolveSession(cookieValue);
  if (state.kind === 'none') return { kind: 'signed-out', clearCookie: state.clearCookie ?? false };
  if (state.kind === 'ended') return { kind: 'signed-out', clearCookie: true };
  if (state.kind === 'unavailable') return { kind: 'unavailable', state };

  const decision = decide(state.session.facts, resource, now, config.LIBRARY_TIME_ZONE);
  const day = localDate(now, config.LIBRARY_TIME_ZONE);
  const cookie = state.cookie ? { cookie: state.cookie } : {};
  if (decision.allowed) {
    decisions.record(resource.slug, 'allowed', day);
    metrics().decisions.inc({ resource: resource.slug, outcome: 'allowed' });
    return { kind: 'allowed', resource, session: state.session, record: decision.record, ...cookie };
  }
  const outcome = decision.reasons[0]?.code ?? 'denied';
  decisions.record(resource.slug, outcome, day);
  metrics().decisions.inc({ resource: resource.slug, outcome });
  return { kind: 'denied', resource, session: state.session, reasons: decision.reasons, ...cookie };
}

/** Every enabled resource with its decision for this patron, for the home page. */
export async function accessOverview(session: PatronSession, now = new Date()) {
  const { config } = gateway();
  const { criteria } = await services();
  const resources = (await criteria.list()).filter((r) => r.enabled);
  return resources.map((resource) => ({ resource, decision: decide(session.facts, resource, now, config.LIBRARY_TIME_ZONE) }));
}
