/**
 * The gate: one patron, one resource, one answer. Shared by /go/<slug> (a
 * redirect for people), /api/verify and the forward-auth listener (for a
 * reverse proxy): find the resource, decide for the opened session, count.
 */
import { decide, localDate, type Reason, type Resource } from '../access';
import { metrics } from '../metrics';
import type { PatronRecord } from '../patron';
import type { ReroError } from '../providers/rero-plus';
import { runtime, storeServices, storeServicesNow } from '../runtime';
import type { OpenedSession, PatronSession } from '../session';

export type GateResult =
  | { kind: 'unknown-resource' }
  | { kind: 'signed-out' }
  | { kind: 'unavailable'; error: ReroError }
  | { kind: 'allowed'; resource: Resource; session: PatronSession; record: PatronRecord }
  | { kind: 'denied'; resource: Resource; session: PatronSession; reasons: Reason[] };

/** `opened` is the request's session as the session door opened it (its cookie already written back or cleared). */
export async function gate(slug: string, opened: OpenedSession, now = new Date()): Promise<GateResult> {
  const { criteria } = storeServicesNow() ?? (await storeServices());
  return judge(slug, opened, (criteria.peek(slug) ?? { resource: await criteria.get(slug) }).resource, now);
}

/**
 * `gate` without a promise, when the store is open and the criteria were
 * checked within the last second; undefined otherwise (call `gate`). The
 * forward-auth listener answers nearly every proxied request from here.
 */
export function gateNow(slug: string, opened: OpenedSession, now = new Date()): GateResult | undefined {
  const peeked = storeServicesNow()?.criteria.peek(slug);
  return peeked && judge(slug, opened, peeked.resource, now);
}

function judge(slug: string, opened: OpenedSession, resource: Resource | undefined, now: Date): GateResult {
  if (!resource) return { kind: 'unknown-resource' };
  if (opened.kind === 'none' || opened.kind === 'ended') return { kind: 'signed-out' };
  if (opened.kind === 'unavailable') return { kind: 'unavailable', error: opened.error };
  const { config } = runtime();
  const { decisions } = storeServicesNow()!; // a resource was found: the services are open
  const { session } = opened;
  const decision = decide(session.facts, resource, now, config.LIBRARY_TIME_ZONE);
  const day = localDate(now, config.LIBRARY_TIME_ZONE);
  if (decision.allowed) {
    decisions.count(resource.slug, 'allowed', day);
    metrics().decisions.inc({ resource: resource.slug, outcome: 'allowed' });
    return { kind: 'allowed', resource, session, record: decision.record };
  }
  const outcome = decision.reasons[0]?.code ?? 'denied';
  decisions.count(resource.slug, outcome, day);
  metrics().decisions.inc({ resource: resource.slug, outcome });
  return { kind: 'denied', resource, session, reasons: decision.reasons };
}

/** Every enabled resource with its decision for this patron, for the home page. */
export async function accessOverview(session: PatronSession, now = new Date()) {
  const { config } = runtime();
  const { criteria } = await storeServices();
  const resources = (await criteria.list()).filter((r) => r.enabled);
  return resources.map((resource) => ({ resource, decision: decide(session.facts, resource, now, config.LIBRARY_TIME_ZONE) }));
}
