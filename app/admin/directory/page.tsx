import { nameIn } from '@/lib/access';
import { readDirectory, type ResourceUse } from '@/lib/admin/directory';
import { LOCALE_NAMES, isLocale } from '@/lib/i18n/locales';
import { refusePage, requireStaff } from '../_lib/guard';
import { admin } from '../_lib/present';
import { card, linkButton, muted, noticeError, noticeSuccess, primaryButton, secondaryButton, small, table, td, th } from '../_lib/styles';
import { startDirectoryAction } from './actions';
import { ScrollRegion } from '../_lib/scroll-region';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The directory: every institution and patron type with the library's names
 * for them, where each is used, and — for admins — the codes met at sign-in
 * that it does not name yet. Every name is the library's text: rendered as
 * text, never as markup.
 */
export default async function Directory({ searchParams }: { searchParams: Search }) {
  const { identity, ctx } = await requireStaff();
  const { t, locale } = await admin();
  const listing = await readDirectory(identity, ctx);
  if (!listing.ok) return refusePage(listing);
  const { staff, institutions, unknown } = listing;
  const isAdmin = staff.role === 'admin';
  const search = await searchParams;
  const saved = one(search.saved);
  const deleted = one(search.deleted);
  const started = /^(\d+)\.(\d+)$/.exec(one(search.started) ?? '');
  const problem = one(search.problem);
  const known = new Set(institutions.map((i) => i.institution.code));
  const language = (tag: string) => (isLocale(tag) ? LOCALE_NAMES[tag] : tag);
  const uses = (list: ResourceUse[]) => (list.length === 0 ? <span className={small}>{t('directory.unused')}</span> : list.map((u) => u.name).join(', '));

  return (
    <div className="space-y-6">
      {saved || deleted || started ? (
        <p role="status" className={noticeSuccess}>
          {saved
            ? t('directory.saved', { code: saved })
            : deleted
              ? t('directory.deleted', { code: deleted })
              : t('directory.started', { institutions: Number(started?.[1]), patronTypes: Number(started?.[2]) })}
        </p>
      ) : null}
      {problem ? (
        <p role="alert" className={noticeError}>
          {problem === 'nothing' ? t('errors.nothingToStart') : t('problems.other')}
        </p>
      ) : null}

      <section aria-labelledby="directory" className={card}>
        <h1 id="directory" className="text-2xl font-bold">
          {t('directory.title')}
        </h1>
        <p className={`mt-2 ${muted}`}>{isAdmin ? t('directory.introAdmin') : t('directory.introLibrarian', { institutions: staff.institutions.join(', ') })}</p>
        {institutions.length === 0 ? (
          <div className="mt-4 space-y-3">
            <p className={muted}>{t('directory.empty')}</p>
            {isAdmin ? (
              <form action={startDirectoryAction} className="space-y-2">
                <p className={small}>{t('directory.startHint')}</p>
                <button type="submit" className={primaryButton}>
                  {t('directory.start')}
                </button>
              </form>
            ) : null}
          </div>
        ) : null}
        {isAdmin ? (
          <p className="mt-4">
            <a href="/admin/directory/institutions/new" className={institutions.length === 0 ? secondaryButton : primaryButton}>
              {t('directory.addInstitution')}
            </a>
          </p>
        ) : null}
      </section>

      {institutions.map(({ institution, usedBy, editable, patronTypes }) => {
        const name = nameIn(institution.names, locale, institution.code);
        const names = Object.entries(institution.names);
        return (
          <section key={institution.code} id={`institution-${institution.code}`} aria-labelledby={`institution-${institution.code}-title`} className={card} data-institution={institution.code}>
            <div className="flex flex-wrap items-baseline justify-between gap-3">
              <h2 id={`institution-${institution.code}-title`} className="text-xl font-semibold [overflow-wrap:anywhere]">
                {name} <code className={`font-normal ${small}`}>{institution.code}</code>
              </h2>
              {editable ? (
                <a href={`/admin/directory/institutions/${encodeURIComponent(institution.code)}`} className={linkButton}>
                  {t('directory.edit', { name })}
                </a>
              ) : null}
            </div>
            <dl className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr] [overflow-wrap:anywhere]">
              <dt className="font-semibold">{t('directory.fields.names')}</dt>
              <dd>
                {names.length === 0 ? (
                  <span className={small}>{t('directory.noNames')}</span>
                ) : (
                  <ul>
                    {names.map(([tag, text]) => (
                      <li key={tag}>
                        <span className={small}>{language(tag)}:</span> <span lang={tag}>{text}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
              <dt className="font-semibold">{t('directory.fields.renewUrl')}</dt>
              <dd>{institution.renewUrl ? <a href={institution.renewUrl} className="underline underline-offset-2" rel="noopener noreferrer">{institution.renewUrl}</a> : <span className={small}>{t('directory.none')}</span>}</dd>
              <dt className="font-semibold">{t('directory.fields.contact')}</dt>
              <dd>{institution.contact ?? <span className={small}>{t('directory.none')}</span>}</dd>
              <dt className="font-semibold">{t('directory.usedBy')}</dt>
              <dd>{uses(usedBy)}</dd>
            </dl>
            <h3 className="mt-5 font-semibold">{t('directory.patronTypes')}</h3>
            {patronTypes.length === 0 ? (
              <p className={`mt-1 ${small}`}>{t('directory.noPatronTypes')}</p>
            ) : (
              <ScrollRegion label={t('directory.patronTypesOf', { name })} className="mt-2">
                <table className={table}>
                  <caption className="sr-only">{t('directory.patronTypesOf', { name })}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className={th}>
                        {t('directory.fields.names')}
                      </th>
                      <th scope="col" className={th}>
                        {t('directory.fields.code')}
                      </th>
                      <th scope="col" className={th}>
                        {t('directory.usedBy')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {patronTypes.map(({ patronType, usedBy: typeUses }) => (
                      <tr key={patronType.code} id={`patron-type-${patronType.code}`} data-patron-type={patronType.code}>
                        <th scope="row" className={`${td} font-normal [overflow-wrap:anywhere]`}>
                          {editable ? (
                            <a href={`/admin/directory/patron-types/${encodeURIComponent(patronType.code)}`} className="font-semibold underline underline-offset-2">
                              {nameIn(patronType.names, locale, patronType.code)}
                            </a>
                          ) : (
                            <span className="font-semibold">{nameIn(patronType.names, locale, patronType.code)}</span>
                          )}
                        </th>
                        <td className={`${td} font-mono`}>{patronType.code}</td>
                        <td className={td}>{uses(typeUses)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            )}
            {editable ? (
              <p className="mt-3">
                <a href={`/admin/directory/patron-types/new?institution=${encodeURIComponent(institution.code)}`} className={linkButton}>
                  {t('directory.addPatronType', { name })}
                </a>
              </p>
            ) : null}
          </section>
        );
      })}

      {unknown ? (
        <section aria-labelledby="unknown-codes" className={card} data-testid="unknown-codes">
          <h2 id="unknown-codes" className="text-lg font-semibold">
            {t('directory.unknownTitle')}
          </h2>
          <p className={`mt-2 ${muted}`}>{t('directory.unknownIntro')}</p>
          {unknown.length === 0 ? (
            <p className={`mt-3 ${small}`}>{t('directory.unknownNone')}</p>
          ) : (
            <ScrollRegion label={t('directory.unknownCaption')} className="mt-3">
              <table className={table}>
                <caption className="sr-only">{t('directory.unknownCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col" className={th}>
                      {t('directory.fields.code')}
                    </th>
                    <th scope="col" className={th}>
                      {t('directory.kind')}
                    </th>
                    <th scope="col" className={th}>
                      {t('directory.count')}
                    </th>
                    <th scope="col" className={th}>
                      <span className="sr-only">{t('directory.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {unknown.map((entry) => {
                    const href =
                      entry.kind === 'institution'
                        ? `/admin/directory/institutions/new?code=${encodeURIComponent(entry.code)}`
                        : known.has(entry.institution)
                          ? `/admin/directory/patron-types/new?institution=${encodeURIComponent(entry.institution)}&code=${encodeURIComponent(entry.code)}`
                          : `/admin/directory/institutions/new?code=${encodeURIComponent(entry.institution)}`;
                    return (
                      <tr key={`${entry.kind}-${entry.institution}-${entry.code}`} data-unknown={entry.code}>
                        <th scope="row" className={`${td} font-mono font-normal [overflow-wrap:anywhere]`}>
                          {entry.code}
                        </th>
                        <td className={td}>{entry.kind === 'institution' ? t('directory.kindInstitution') : t('directory.kindPatronType', { institution: entry.institution })}</td>
                        <td className={`${td} tabular-nums`}>{entry.count}</td>
                        <td className={td}>
                          <a href={href} className={linkButton}>
                            {entry.kind === 'patron-type' && !known.has(entry.institution) ? t('directory.nameInstitutionFirst', { code: entry.institution }) : t('directory.nameIt', { code: entry.code })}
                          </a>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </section>
      ) : null}
    </div>
  );
}
