import { cookies } from 'next/headers';
import { getLocale, getTranslations } from 'next-intl/server';
import { describeReason } from '@/lib/access';
import { formatDay } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { accessOverview } from '@/lib/gate';
import { log } from '@/lib/log';
import { displayName } from '@/lib/patron';
import { gateway, staffAtHome } from '@/lib/runtime';
import type { PatronSession } from '@/lib/session';

export const dynamic = 'force-dynamic';

async function overviewOrNull(session: PatronSession) {
  try {
    return await accessOverview(session);
  } catch (error) {
    log.error('home.resources.failed', { detail: (error as Error).message });
    return null;
  }
}

const card = 'rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900';
const muted = 'text-slate-700 dark:text-slate-300';
// Hover underlines rather than fades: the accent keeps its 4.5:1 under the pointer too.
const primaryButton =
  'inline-block rounded-lg bg-[var(--color-accent)] px-5 py-2.5 font-semibold text-[var(--color-accent-contrast)] underline-offset-4 hover:underline';
const notice = 'rounded-lg border border-green-700 bg-green-50 p-4 text-green-950 dark:border-green-400 dark:bg-green-950 dark:text-green-50';
const secondaryButton =
  'rounded-lg border border-slate-400 px-4 py-2 font-semibold hover:bg-slate-100 dark:border-slate-500 dark:hover:bg-slate-800';

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function Home({ searchParams }: { searchParams: Search }) {
  const { config } = gateway();
  const t = await getTranslations('home');
  const locale = (await getLocale()) as Locale;
  // proxy.ts has already revalidated this session and handed the fresh cookie to the render.
  const session = await gateway().sessions.peek(await cookies());

  if (!session) {
    // After "Sign out" (app/auth/logout): a confirmation above the welcome.
    const signedOut = (await searchParams)['signed-out'];
    return (
      <div className="space-y-6">
        {signedOut ? (
          <p role="status" className={notice} data-signed-out>
            {t(signedOut === 'everywhere' ? 'signedOutEverywhere' : 'signedOut')}
          </p>
        ) : null}
        <section aria-labelledby="welcome" className={card}>
          <h1 id="welcome" className="text-2xl font-bold">
            {t('welcomeTitle')}
          </h1>
          <p className={`mt-3 ${muted}`}>{t('welcomeText')}</p>
          <a href="/auth/login" className={`mt-6 ${primaryButton}`}>
            {t('signIn')}
          </a>
        </section>
      </div>
    );
  }

  const [overview, staff] = await Promise.all([overviewOrNull(session), staffAtHome(session.facts.userId)]);
  const date = (value: string) => formatDay(value, locale);

  return (
    <div className="space-y-6">
      <section aria-labelledby="who" className={card}>
        <h1 id="who" className="text-2xl font-bold">
          {/* Names are kept for staff only (the session holds none): a patron reads no name. */}
          {staff?.name ? t('signedInAs', { name: displayName({ userId: session.facts.userId, name: staff.name }) }) : t('signedIn')}
        </h1>
        {session.facts.records.length === 0 ? (
          <p className={`mt-3 ${muted}`}>{t('noMembership')}</p>
        ) : (
          <>
            <h2 className="mt-6 text-lg font-semibold">{t('memberships')}</h2>
            <ul className="mt-2 divide-y divide-slate-200 dark:divide-slate-800">
              {session.facts.records.map((record) => (
                <li key={record.code} className="py-3" data-institution={record.code}>
                  <span className="font-medium">{record.code}</span>
                  {record.patronType ? <span className={muted}> · {record.patronType}</span> : null}
                  <span className="block text-sm text-slate-600 dark:text-slate-400">
                    {record.expirationDate ? t('membershipUntil', { date: date(record.expirationDate) }) : t('membershipEndUnknown')}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="mt-6 flex flex-wrap gap-3">
          {staff ? (
            <a href="/admin" className={`inline-block ${secondaryButton}`} data-admin-link>
              {t('admin')}
            </a>
          ) : null}
          <form method="post" action="/auth/logout">
            <button type="submit" className={secondaryButton}>
              {t('signOut')}
            </button>
          </form>
          <form method="post" action="/auth/logout">
            <input type="hidden" name="everywhere" value="1" />
            <button type="submit" className={secondaryButton}>
              {t('signOutEverywhere')}
            </button>
          </form>
        </div>
      </section>

      <section aria-labelledby="resources" className={card}>
        <h2 id="resources" className="text-lg font-semibold">
          {t('resources')}
        </h2>
        {overview === null ? (
          <p className={`mt-2 ${muted}`}>{t('resourcesUnavailable')}</p>
        ) : overview.length === 0 ? (
          <p className={`mt-2 ${muted}`}>{t('noResources')}</p>
        ) : (
          <ul className="mt-3 space-y-3">
            {overview.map(({ resource, decision }) => (
              <li key={resource.slug} data-resource={resource.slug} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
                <div className="flex flex-wrap items-center justify-between gap-3">
                  <span className="font-medium">{resource.name}</span>
                  {decision.allowed ? (
                    <a href={`/go/${resource.slug}`} aria-label={t('openResource', { name: resource.name })} className={primaryButton}>
                      {t('open')}
                    </a>
                  ) : (
                    <span className="rounded-full bg-slate-100 px-3 py-1 text-sm font-semibold text-slate-700 dark:bg-slate-800 dark:text-slate-300">{t('closed')}</span>
                  )}
                </div>
                {decision.allowed ? null : <p className={`mt-2 text-sm ${muted}`}>{decision.reasons.map((reason) => describeReason(reason, locale)).join(' ')}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
