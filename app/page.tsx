import { cookies } from 'next/headers';
import { getLocale, getTranslations } from 'next-intl/server';
import { compareDates, institutionName, isCalendarDate, localDate, patronTypeName, textIn, type Directory } from '@/lib/access';
import { formatDay, formatList } from '@/lib/i18n/format';
import type { Locale } from '@/lib/i18n/locales';
import { describeReason, renewalAt, splitSharedReasons, type Renewal } from '@/lib/i18n/reasons';
import { accessOverview } from '@/lib/gate';
import { log } from '@/lib/log';
import { displayName } from '@/lib/patron';
import { runtime, storeServices, staffAtHome } from '@/lib/runtime';
import type { PatronSession } from '@/lib/session';
import { ResourceFilter } from './resource-filter';
import { Card, card } from '@/app/card';

export const dynamic = 'force-dynamic';

/** With more resources than this, the list gets a filter box. */
const FILTER_FROM = 13;

async function overviewOrNull(session: PatronSession) {
  try {
    return await accessOverview(session);
  } catch (error) {
    log.error('home.resources.failed', { detail: (error as Error).message });
    return null;
  }
}

/** The directory names institutions and patron types; without it (or the store), codes are shown. */
async function directoryOrNone(): Promise<Directory | undefined> {
  try {
    return await (await storeServices()).criteria.directory();
  } catch (error) {
    log.error('home.directory.failed', { detail: (error as Error).message });
    return undefined;
  }
}

function RenewalLine({ renewal }: { renewal: Renewal }) {
  return 'link' in renewal ? (
    <a href={renewal.link.href} className="mt-1 inline-block text-sm font-semibold text-[var(--color-accent)] underline underline-offset-4" data-renew>
      {renewal.link.label}
    </a>
  ) : (
    <span className="mt-1 block text-sm text-slate-700 dark:text-slate-300" data-renew>
      {renewal.text}
    </span>
  );
}

const muted = 'text-slate-700 dark:text-slate-300';
// Hover underlines rather than fades: the accent keeps its 4.5:1 under the pointer too.
const primaryButton =
  'inline-block rounded-lg bg-[var(--color-accent)] px-5 py-2.5 font-semibold text-[var(--color-accent-contrast)] underline-offset-4 hover:underline';
const notice = 'rounded-lg border border-green-700 bg-green-50 p-4 text-green-950 dark:border-green-400 dark:bg-green-950 dark:text-green-50';
const secondaryButton =
  'rounded-lg border border-slate-400 px-4 py-2 font-semibold hover:bg-slate-100 dark:border-slate-500 dark:hover:bg-slate-800';

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function Home({ searchParams }: { searchParams: Search }) {
  const { config } = runtime();
  const t = await getTranslations('home');
  const locale = (await getLocale()) as Locale;
  // proxy.ts has already revalidated this session and handed the fresh cookie to the render.
  const session = await runtime().sessions.peek(await cookies());

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

  const [overview, staff, directory] = await Promise.all([overviewOrNull(session), staffAtHome(session.facts.userId), directoryOrNone()]);
  const date = (value: string) => formatDay(value, locale);
  const naming = { locale, directory };
  const today = localDate(new Date(), config.LIBRARY_TIME_ZONE);
  const refused = (overview ?? []).flatMap(({ resource, decision }) => (decision.allowed ? [] : [{ slug: resource.slug, reasons: decision.reasons }]));
  const { shared, own } = splitSharedReasons(refused);
  const nameOf = new Map((overview ?? []).map(({ resource }) => [resource.slug, resource.name]));

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
              {session.facts.records.map((record) => {
                const expired = isCalendarDate(record.expirationDate) && compareDates(today, record.expirationDate) > 0;
                return (
                  <li key={`${record.code} ${record.patronType ?? ''}`} className="py-3" data-institution={record.code} data-expired={expired ? '' : undefined}>
                    <span className="font-medium">{institutionName(directory, record.code, locale)}</span>
                    {record.patronType ? <span className={muted}> · {patronTypeName(directory, record.patronType, locale)}</span> : null}
                    {expired ? (
                      <>
                        <span className="block text-sm font-semibold text-amber-900 dark:text-amber-200">{t('membershipExpiredOn', { date: date(record.expirationDate!) })}</span>
                        <RenewalLine renewal={renewalAt(record.code, naming, config.LIBRARY_CONTACT)} />
                      </>
                    ) : (
                      <span className="block text-sm text-slate-600 dark:text-slate-400">
                        {record.expirationDate ? t('membershipUntil', { date: date(record.expirationDate) }) : t('membershipEndUnknown')}
                      </span>
                    )}
                  </li>
                );
              })}
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

      <Card id="resources" title={t('resources')}>
        {overview === null ? (
          <p className={`mt-2 ${muted}`}>{t('resourcesUnavailable')}</p>
        ) : overview.length === 0 ? (
          <p className={`mt-2 ${muted}`}>{t('noResources')}</p>
        ) : (
          <>
            {shared.length > 0 ? (
              <div className="mt-3 rounded-lg border border-slate-300 bg-slate-50 p-4 dark:border-slate-700 dark:bg-slate-950" data-shared-reasons>
                <h3 className="font-semibold">{t('sharedTitle')}</h3>
                <ul className="mt-2 space-y-2">
                  {shared.map(({ reason, slugs }) => (
                    <li key={slugs.join(' ') + describeReason(reason, naming)} className={`text-sm ${muted}`} data-shared-reason={reason.code}>
                      {describeReason(reason, naming)} {t('sharedCloses', { resources: formatList(slugs.map((slug) => nameOf.get(slug) ?? slug), locale) })}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {overview.length >= FILTER_FROM ? <ResourceFilter list="resource-list" label={t('filterLabel')} none={t('filterNone')} /> : null}
            <ul id="resource-list" className="mt-3 space-y-3">
              {overview.map(({ resource, decision }) => {
                const description = textIn(resource.description, locale);
                const ownReasons = own.get(resource.slug) ?? [];
                return (
                  <li
                    key={resource.slug}
                    data-resource={resource.slug}
                    data-filter-text={`${resource.name} ${description ?? ''}`}
                    className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
                  >
                    <div className="flex flex-wrap items-center justify-between gap-3">
                      <div className="min-w-0">
                        <span className="font-medium">{resource.name}</span>
                        {description ? <p className={`text-sm ${muted}`}>{description}</p> : null}
                      </div>
                      {decision.allowed ? (
                        <a href={`/go/${resource.slug}`} aria-label={t('openResource', { name: resource.name })} className={primaryButton}>
                          {t('open')}
                        </a>
                      ) : (
                        <span className="rounded-full bg-slate-100 px-3 py-1 text-sm font-semibold text-slate-700 dark:bg-slate-800 dark:text-slate-300">{t('closed')}</span>
                      )}
                    </div>
                    {ownReasons.length > 0 ? <p className={`mt-2 text-sm ${muted}`}>{ownReasons.map((reason) => describeReason(reason, naming)).join(' ')}</p> : null}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </Card>
    </div>
  );
}
