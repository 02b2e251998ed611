import { readAudit } from '@/lib/admin/actions';
import { diff } from '@/lib/admin/audit-diff';
import { staffLabelWithId } from '@/lib/admin/staff';
import { CLI_ACTOR, SYSTEM_ACTOR } from '@/lib/store/audit';
import { INTL_TAGS } from '@/lib/i18n/format';
import { refusePage, requireStaff } from '../_lib/guard';
import { admin, changedField } from '../_lib/present';
import { StaffName } from '../_lib/staff-name';
import { card, linkButton, muted, small, table, td, th } from '../_lib/styles';
import { ScrollRegion } from '../_lib/scroll-region';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

function cursor(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

const ACTIONS = new Set([
  'resource.create',
  'resource.update',
  'resource.enable',
  'resource.disable',
  'resource.delete',
  'criteria.import',
  'institution.create',
  'institution.update',
  'institution.delete',
  'patron-type.create',
  'patron-type.update',
  'patron-type.delete',
  'staff.add',
  'staff.update',
  'staff.remove',
  'staff.bootstrap',
  'connection.create',
  'connection.update',
  'connection.delete',
  'sessions.end',
  'sessions.end-all',
]);

/** The audit trail, newest first. Read-only: nothing on this page (or anywhere) edits or removes an entry. */
export default async function Audit({ searchParams }: { searchParams: Search }) {
  const { identity, ctx } = await requireStaff();
  const words = await admin();
  const { t, locale } = words;
  const search = await searchParams;
  const older = cursor(search.older);
  const newer = cursor(search.newer);
  const page = await readAudit(identity, { ...(newer !== undefined ? { newerThan: newer } : older !== undefined ? { olderThan: older } : {}) }, ctx);
  if (!page.ok) return refusePage(page);
  const when = new Intl.DateTimeFormat(INTL_TAGS[locale], { dateStyle: 'medium', timeStyle: 'medium', timeZone: ctx.timeZone });
  // Entries keep user ids; names are looked up now, so an erased name is gone from every entry.
  const actor = (value: string) => (value === CLI_ACTOR ? t('audit.cli') : value === SYSTEM_ACTOR ? t('audit.system') : <StaffName userId={value} name={page.names[value]} />);
  const target = (entry: { action: string; target: string }) => (entry.action.startsWith('staff.') ? staffLabelWithId({ userId: entry.target, name: page.names[entry.target] }) : entry.target);

  return (
    <section aria-labelledby="audit" className={card}>
      <h1 id="audit" className="text-2xl font-bold">
        {t('audit.title')}
      </h1>
      <p className={`mt-2 ${muted}`}>{page.staff.role === 'admin' ? t('audit.introAdmin') : t('audit.introLibrarian')}</p>
      {page.entries.length === 0 ? (
        <p className={`mt-4 ${muted}`}>{t('audit.empty')}</p>
      ) : (
        <ol className="mt-4 space-y-4">
          {page.entries.map((entry) => {
            const changes = diff(entry.before, entry.after);
            return (
              <li key={entry.id} data-audit={entry.id} data-action={entry.action} data-target={entry.target} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
                <p className="font-semibold">
                  {ACTIONS.has(entry.action) ? t(`audit.actions.${entry.action}`, { target: target(entry) }) : `${entry.action} ${entry.target}`}
                </p>
                <p className={small}>
                  <time dateTime={entry.at}>{when.format(new Date(entry.at))}</time> · {actor(entry.actor)}
                </p>
                {changes.length === 0 ? (
                  <p className={`mt-2 text-sm ${muted}`}>{t('audit.noChange')}</p>
                ) : (
                  <details className="mt-2" open={changes.length <= 12}>
                    <summary className="cursor-pointer text-sm font-semibold">{t('audit.changes', { count: changes.length })}</summary>
                    <ScrollRegion label={t('audit.caption')} className="mt-2">
                      <table className={table}>
                        <caption className="sr-only">{t('audit.caption')}</caption>
                        <thead>
                          <tr>
                            <th scope="col" className={th}>
                              {t('audit.field')}
                            </th>
                            <th scope="col" className={th}>
                              {t('audit.before')}
                            </th>
                            <th scope="col" className={th}>
                              {t('audit.after')}
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {changes.map((change) => {
                            const field = changedField(words, entry.action, change.path);
                            return (
                              <tr key={`${change.kind}-${change.path}`} data-path={change.path}>
                                <th scope="row" className={`${td} font-normal ${field.named ? '' : 'font-mono'}`}>
                                  {field.words}
                                </th>
                                <td className={`${td} font-mono`}>
                                  {change.before === undefined ? <span className={small}>{t('audit.absent')}</span> : <del className="decoration-red-700 dark:decoration-red-400">{change.before}</del>}
                                </td>
                                <td className={`${td} font-mono`}>
                                  {change.after === undefined ? <span className={small}>{t('audit.absent')}</span> : <ins className="no-underline font-semibold">{change.after}</ins>}
                                </td>
                              </tr>
                            );
                          })}
                        </tbody>
                      </table>
                    </ScrollRegion>
                  </details>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <nav aria-label={t('audit.pages')} className="mt-6 flex flex-wrap gap-4">
        {page.newer !== undefined ? (
          <a href={`/admin/audit?newer=${page.newer}`} className={linkButton}>
            {t('audit.newer')}
          </a>
        ) : null}
        {page.older !== undefined ? (
          <a href={`/admin/audit?older=${page.older}`} className={linkButton}>
            {t('audit.older')}
          </a>
        ) : null}
        {older !== undefined || newer !== undefined ? (
          <a href="/admin/audit" className={linkButton}>
            {t('audit.newest')}
          </a>
        ) : null}
      </nav>
    </section>
  );
}
