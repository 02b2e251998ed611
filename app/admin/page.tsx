import { addDays, institutionName, localDate, patronTypeName, type Resource } from '@/lib/access';
import { listResources, readUsage } from '@/lib/admin/actions';
import { checkCreate } from '@/lib/admin/roles';
import { setEnabledAction } from './actions';
import { refusePage, requireStaff } from './_lib/guard';
import { admin } from './_lib/present';
import { dateTime, failureSentence } from './connections/present';
import { connections } from '@/lib/runtime';
import { badgeDenied, badgeNeutralText, card, linkButton, muted, noticeError, noticeSuccess, primaryButton, secondaryButton, small } from './_lib/styles';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The dashboard: every resource the staff member may see, with its rules in words and last week's use. */
export default async function AdminHome({ searchParams }: { searchParams: Search }) {
  const { identity, staff, ctx } = await requireStaff();
  const words = await admin();
  const { t } = words;
  const listing = await listResources(identity, ctx);
  if (!listing.ok) return refusePage(listing);
  const today = localDate(ctx.now, ctx.timeZone);
  const usage = await readUsage(identity, { from: addDays(today, -6), to: today }, ctx);
  const week = new Map<string, { allowed: number; refused: number }>();
  if (usage.ok) {
    for (const row of usage.rows) {
      const entry = week.get(row.resource) ?? { allowed: 0, refused: 0 };
      if (row.outcome === 'allowed') entry.allowed += row.count;
      else entry.refused += row.count;
      week.set(row.resource, entry);
    }
  }

  const search = await searchParams;
  const done = (['created', 'saved', 'enabled', 'disabled', 'deleted'] as const).find((key) => one(search[key]));
  const problem = one(search.problem);

  // What leaves the library about a patron, in words ("Receives a pseudonym for this resource, the institution code").
  const received = ({ release }: Resource) => {
    const what = [...(release.id === 'none' ? [] : [t(`release.value.${release.id}`)]), ...release.attributes.map((attribute) => t(`release.value.${attribute}`))];
    return what.length > 0 ? t('rules.receives', { what: what.join(', ') }) : t('rules.receivesNothing');
  };

  // How each connection behind a resource has served patrons in this process: its last credentials, its last failure in words.
  const connectionsInUse = listing.resources.some((r) => r.resource.upstream) ? await connections() : undefined;
  const health = (id: string) => {
    const seen = connectionsInUse?.health(id) ?? {};
    const when = (at: number) => dateTime(words, ctx.timeZone, new Date(at).toISOString());
    if (seen.lastFailure && (seen.lastSuccessAt ?? 0) < seen.lastFailure.at) {
      return { failed: true, words: t('list.upstreamFailed', { id, when: when(seen.lastFailure.at), problem: failureSentence(words, seen.lastFailure.code) }) };
    }
    return { failed: false, words: seen.lastSuccessAt ? t('list.upstreamOk', { id, when: when(seen.lastSuccessAt) }) : t('list.upstreamUnused', { id }) };
  };

  // Codes by the names the directory gives them (the library's words, rendered as text).
  const { directory } = listing;
  const named = (name: string, code: string) => (name === code ? code : `${name} (${code})`);

  const rules = (resource: Resource) => {
    const { criteria } = resource;
    const parts = [
      criteria.institutions.length > 0 ? t('rules.institutions', { codes: criteria.institutions.map((code) => named(institutionName(directory, code, words.locale), code)).join(', ') }) : t('rules.anyInstitution'),
      criteria.patronTypes.length > 0 ? t('rules.patronTypes', { codes: criteria.patronTypes.map((code) => named(patronTypeName(directory, code, words.locale), code)).join(', ') }) : t('rules.anyPatronType'),
      criteria.requireValidMembership
        ? criteria.graceDays > 0
          ? t('rules.validMembershipGrace', { days: criteria.graceDays })
          : t('rules.validMembership')
        : t('rules.anyMembership'),
      ...(criteria.minAge !== undefined ? [t('rules.minAge', { age: criteria.minAge })] : []),
      received(resource),
    ];
    return parts;
  };

  return (
    <div className="space-y-6">
      {done ? (
        <p role="status" className={noticeSuccess}>
          {t(`notices.${done}`, { slug: one(search[done]) ?? '' })}
        </p>
      ) : null}
      {problem ? (
        <p role="alert" className={noticeError}>
          {t(`problems.${problem === 'conflict' || problem === 'out-of-scope' || problem === 'not-found' ? problem : 'other'}`)}
        </p>
      ) : null}
      <section aria-labelledby="resources" className={card}>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 id="resources" className="text-2xl font-bold">
            {t('list.title')}
          </h1>
          {checkCreate(staff) ? null : (
            <a href="/admin/resources/new" className={primaryButton}>
              {t('list.new')}
            </a>
          )}
        </div>
        <p className={`mt-2 ${muted}`}>
          {staff.role === 'admin' ? t('list.introAdmin') : t('list.introLibrarian', { institutions: staff.institutions.join(', ') })}
        </p>
        {listing.resources.length === 0 ? (
          <p className={`mt-4 ${muted}`}>{t('list.empty')}</p>
        ) : (
          <ul className="mt-4 space-y-3">
            {listing.resources.map(({ resource, fingerprint }) => {
              const used = week.get(resource.slug) ?? { allowed: 0, refused: 0 };
              return (
                <li key={resource.slug} data-resource={resource.slug} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div className="min-w-0">
                      <h2 className="text-lg font-semibold">
                        <a href={`/admin/resources/${encodeURIComponent(resource.slug)}`} className="hover:underline">
                          {resource.name}
                        </a>{' '}
                        {resource.enabled ? null : <span className={badgeDenied}>{t('list.disabled')}</span>}
                      </h2>
                      <p className={small}>
                        <code>{resource.slug}</code> · {resource.url}
                      </p>
                    </div>
                    {/* Wraps inside its card on a narrow screen rather than run out of it. */}
                    <p className={badgeNeutralText}>{t('list.week', { allowed: used.allowed, refused: used.refused })}</p>
                  </div>
                  <ul className={`mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm ${muted}`}>
                    {rules(resource).map((rule) => (
                      <li key={rule}>{rule}</li>
                    ))}
                  </ul>
                  {resource.upstream ? (
                    <p data-upstream={resource.upstream.connection} className={`mt-2 text-sm ${health(resource.upstream.connection).failed ? 'font-semibold text-red-800 dark:text-red-300' : muted}`}>
                      {health(resource.upstream.connection).words}
                    </p>
                  ) : null}
                  <div className="mt-3 flex flex-wrap items-center gap-3">
                    <a href={`/admin/resources/${encodeURIComponent(resource.slug)}`} className={secondaryButton} aria-label={t('list.editNamed', { name: resource.name })}>
                      {t('list.edit')}
                    </a>
                    <form action={setEnabledAction}>
                      <input type="hidden" name="slug" value={resource.slug} />
                      <input type="hidden" name="fingerprint" value={fingerprint} />
                      <input type="hidden" name="enabled" value={resource.enabled ? 'false' : 'true'} />
                      <input type="hidden" name="back" value="/admin" />
                      <button type="submit" className={secondaryButton} aria-label={t(resource.enabled ? 'list.disableNamed' : 'list.enableNamed', { name: resource.name })}>
                        {resource.enabled ? t('list.disable') : t('list.enable')}
                      </button>
                    </form>
                    <a href={`/admin/resources/${encodeURIComponent(resource.slug)}/delete`} className={linkButton} aria-label={t('list.deleteNamed', { name: resource.name })}>
                      {t('list.delete')}
                    </a>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
