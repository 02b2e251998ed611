/**
 * The Next.js side of the admin area's door: from the request's session to an
 * Identity, and from a refusal to the answer a person gets (sign-in, 403, 404).
 * What may be done is decided in lib/admin; this only connects it to Next.
 */
import { cookies, headers } from 'next/headers';
import { forbidden, notFound, redirect } from 'next/navigation';
import type { AdminContext, Failure } from '@/lib/admin/actions';
import { whoIsStaff } from '@/lib/admin/actions';
import type { Identity } from '@/lib/admin/authorize';
import type { StaffMember } from '@/lib/admin/roles';
import { PATH_HEADER } from '@/lib/http';
import { runtime, storeServices } from '@/lib/runtime';

export async function adminContext(): Promise<AdminContext> {
  const { store, criteria } = await storeServices();
  return { store, now: new Date(), timeZone: runtime().config.LIBRARY_TIME_ZONE, criteriaChanged: () => criteria.invalidate() };
}

/** The page's own path (set by proxy.ts), for sign-in to come back to. */
export async function currentPath(): Promise<string> {
  const path = (await headers()).get(PATH_HEADER) ?? '/admin';
  return path.startsWith('/admin') ? path : '/admin';
}

/** Pages: proxy.ts has opened (and revalidated) the session and handed the fresh cookie to the render. */
export async function pageIdentity(): Promise<Identity> {
  const session = await runtime().sessions.peek(await cookies());
  return session ? { userId: session.facts.userId } : null;
}

/**
 * Server actions and route handlers: open the session through the door
 * (which may write the refreshed cookie). A session that has ended, or that
 * RERO+ cannot confirm now, counts as none.
 */
export async function requestIdentity(): Promise<Identity> {
  const opened = await runtime().sessions.open(await cookies());
  return opened.kind === 'signed-in' ? { userId: opened.session.facts.userId } : null;
}

/** A refusal as what the person sees: sign-in and back, 403, or 404. Returns for the other codes. */
export async function answerRefusal(failure: Failure): Promise<void> {
  switch (failure.code) {
    case 'signed-out':
      redirect(`/auth/login?returnTo=${encodeURIComponent(await currentPath())}`);
    case 'not-staff':
    case 'admin-only':
    case 'out-of-scope':
      forbidden();
    case 'not-found':
      notFound();
    default:
      return;
  }
}

/** On a page: a refusal ends it (sign-in, 403 or 404); one it cannot show is an error, never an empty page. */
export async function refusePage(failure: Failure): Promise<never> {
  await answerRefusal(failure);
  throw new Error(`an admin page met a refusal it cannot show: ${failure.code}`);
}

/** Every admin page starts here: the staff member, or sign-in / 403. */
export async function requireStaff(): Promise<{ identity: Identity; staff: StaffMember; ctx: AdminContext }> {
  const identity = await pageIdentity();
  const ctx = await adminContext();
  const result = await whoIsStaff(identity, ctx);
  if (!result.ok) {
    await answerRefusal(result);
    throw new Error('unreachable');
  }
  return { identity, staff: result.staff, ctx };
}
