import { cookies } from 'next/headers';
import { describeReason } from '@/lib/access';
import { accessOverview } from '@/lib/gate';
import { log } from '@/lib/log';
import { displayName } from '@/lib/patron';
import { gateway } from '@/lib/runtime';
import { SESSION_COOKIE, unsealSession } from '@/lib/session';

export const dynamic = 'force-dynamic';

function formatDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

async function overviewOrNull(session: NonNullable<Awaited<ReturnType<typeof unsealSession>>>) {
  try {
    return await accessOverview(session);
  } catch (error) {
    log.error('home.resources.failed', { detail: (error as Error).message });
    return null;
  }
}

export default async function Home() {
  const { config } = gateway();
  // proxy.ts has already revalidated this session and handed the fresh cookie to the render.
  const session = await unsealSession(config, (await cookies()).get(SESSION_COOKIE)?.value);
  const overview = session ? await overviewOrNull(session) : null;

  return (
    <main className="mx-auto max-w-2xl px-5 py-12">
      <header className="mb-8">
        <p className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">Library e-resources</p>
      </header>
      {session ? (
        <section aria-labelledby="who" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <h1 id="who" className="text-2xl font-bold">
            Signed in as {displayName(session.facts)}
          </h1>
          {session.facts.records.length === 0 ? (
            <p className="mt-3 text-slate-700 dark:text-slate-300">
              Your RERO+ account has no library membership, so no e-resources are open to you. Ask your library to register you as a patron.
            </p>
          ) : (
            <>
              <h2 className="mt-6 text-lg font-semibold">Your memberships</h2>
              <ul className="mt-2 divide-y divide-slate-200 dark:divide-slate-800">
                {session.facts.records.map((record) => (
                  <li key={record.code} className="py-3" data-institution={record.code}>
                    <span className="font-medium">{record.code}</span>
                    {record.patronType ? <span className="text-slate-700 dark:text-slate-300"> · {record.patronType}</span> : null}
                    <span className="block text-sm text-slate-600 dark:text-slate-400">
                      {record.expirationDate ? `Membership until ${formatDate(record.expirationDate)}` : 'Membership end date not shared'}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2 className="mt-8 text-lg font-semibold">Your e-resources</h2>
          {overview === null ? (
            <p className="mt-2 text-slate-700 dark:text-slate-300">The list of e-resources cannot be shown right now. Please try again in a few minutes.</p>
          ) : overview.length === 0 ? (
            <p className="mt-2 text-slate-700 dark:text-slate-300">The library has not listed any e-resources yet.</p>
          ) : (
            <ul className="mt-2 space-y-3">
              {overview.map(({ resource, decision }) => (
                <li key={resource.slug} data-resource={resource.slug} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
                  <div className="flex flex-wrap items-center justify-between gap-3">
                    <span className="font-medium">{resource.name}</span>
                    {decision.allowed ? (
                      <a href={`/go/${resource.slug}`} className="rounded-lg bg-[var(--color-accent)] px-4 py-1.5 font-semibold text-[var(--color-accent-contrast)]">
                        Open<span className="sr-only"> {resource.name}</span>
                      </a>
                    ) : (
                      <span className="text-sm font-semibold text-slate-700 dark:text-slate-300">Closed to you</span>
                    )}
                  </div>
                  {decision.allowed ? null : (
                    <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{decision.reasons.map((reason) => describeReason(reason)).join(' ')}</p>
                  )}
                </li>
              ))}
            </ul>
          )}
          <form method="post" action="/auth/logout" className="mt-6">
            <button type="submit" className="rounded-lg border border-slate-300 px-4 py-2 font-semibold hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
              Sign out
            </button>
          </form>
        </section>
      ) : (
        <section aria-labelledby="welcome" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <h1 id="welcome" className="text-2xl font-bold">
            Your library’s e-resources
          </h1>
          <p className="mt-3 text-slate-700 dark:text-slate-300">Sign in with your RERO+ account to reach the databases, journals and e-books your library licenses for you.</p>
          <a
            href="/auth/login"
            className="mt-6 inline-block rounded-lg bg-[var(--color-accent)] px-5 py-2.5 font-semibold text-[var(--color-accent-contrast)]"
          >
            Sign in with RERO+
          </a>
        </section>
      )}
    </main>
  );
}
