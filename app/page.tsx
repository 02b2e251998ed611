import { cookies } from 'next/headers';
import { displayName } from '@/lib/patron';
import { gateway } from '@/lib/runtime';
import { SESSION_COOKIE, unsealSession } from '@/lib/session';

export const dynamic = 'force-dynamic';

function formatDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

export default async function Home() {
  const { config } = gateway();
  // proxy.ts has already revalidated this session and handed the fresh cookie to the render.
  const session = await unsealSession(config, (await cookies()).get(SESSION_COOKIE)?.value);

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
