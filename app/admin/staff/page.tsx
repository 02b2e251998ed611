import { listStaffMembers } from '@/lib/admin/actions';
import { staffLabelWithId } from '@/lib/admin/staff';
import { runtime } from '@/lib/runtime';
import { INTL_TAGS } from '@/lib/i18n/format';
import { refusePage, requireStaff } from '../_lib/guard';
import { admin } from '../_lib/present';
import { StaffName } from '../_lib/staff-name';
import { badgeNeutral, card, linkButton, muted, noticeError, noticeSuccess, small, stackedBody, stackedCell, stackedHead, stackedRow, stackedTable, th } from '../_lib/styles';
import { StaffForm } from './staff-form';
import { Card } from '@/app/card';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Staff management, for admins only: who may use the admin area, with which role and institutions. */
export default async function Staff({ searchParams }: { searchParams: Search }) {
  const { identity, ctx } = await requireStaff();
  const { t, locale } = await admin();
  const result = await listStaffMembers(identity, ctx);
  if (!result.ok) return refusePage(result);
  const bootstrap = new Set(runtime().config.ADMIN_USER_IDS);
  const search = await searchParams;
  const removed = one(search.removed);
  const problem = one(search.problem);
  const since = new Intl.DateTimeFormat(INTL_TAGS[locale], { dateStyle: 'medium', timeZone: ctx.timeZone });
  const column = {
    member: t('staff.member'),
    role: t('staff.role'),
    institutions: t('staff.institutions'),
    since: t('staff.since'),
  };
  return (
    <div className="space-y-6">
      {removed ? (
        <p role="status" className={noticeSuccess}>
          {t('staff.removed', { userId: removed })}
        </p>
      ) : null}
      {problem ? (
        <p role="alert" className={noticeError}>
          {t(problem === 'self' ? 'notices.self' : problem === 'not-found' ? 'notices.notFound' : 'problems.other')}
        </p>
      ) : null}
      <section aria-labelledby="staff" className={card}>
        <h1 id="staff" className="text-2xl font-bold">
          {t('staff.title')}
        </h1>
        <p className={`mt-2 ${muted}`}>{t('staff.intro')}</p>
        <p className={`mt-2 ${small}`}>{t('staff.names')}</p>
        {/* On a narrow screen each member is a block of labelled lines: nothing runs out of the page. */}
        <table className={`mt-4 ${stackedTable}`}>
          <caption className="sr-only">{t('staff.caption')}</caption>
          <thead className={stackedHead}>
            <tr>
              <th scope="col" className={th}>
                {column.member}
              </th>
              <th scope="col" className={th}>
                {column.role}
              </th>
              <th scope="col" className={th}>
                {column.institutions}
              </th>
              <th scope="col" className={th}>
                {column.since}
              </th>
              <th scope="col" className={th}>
                <span className="sr-only">{t('staff.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody className={stackedBody}>
            {result.members.map((member) => (
              <tr key={member.userId} data-staff={member.userId} className={stackedRow}>
                <th scope="row" className={`${stackedCell} font-normal`}>
                  <StaffName userId={member.userId} name={member.name} />
                  {member.userId === result.staff.userId ? <span className={`ml-2 ${badgeNeutral}`}>{t('staff.you')}</span> : null}
                  {member.name ? null : <span className={`block ${small}`}>{t('staff.nameUnknown')}</span>}
                </th>
                <td className={stackedCell} data-label={column.role}>
                  {t(`staff.roles.${member.role}`)}
                  {bootstrap.has(member.userId) ? <span className={`block ${small}`}>{t('staff.bootstrapped')}</span> : null}
                </td>
                <td className={`${stackedCell} font-mono break-all`} data-label={column.institutions}>
                  {member.role === 'admin' ? <span className="font-sans">{t('staff.all')}</span> : member.institutions.join(', ')}
                </td>
                <td className={stackedCell} data-label={column.since}>
                  {since.format(new Date(member.createdAt))}
                </td>
                <td className={stackedCell}>
                  {member.userId === result.staff.userId ? null : (
                    <a
                      href={`/admin/staff/${encodeURIComponent(member.userId)}/remove`}
                      className={linkButton}
                      aria-label={t('staff.removeNamed', { who: staffLabelWithId(member) })}
                    >
                      {t('staff.remove')}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <Card id="staff-add" title={t('staff.addTitle')}>
        <p className={`mt-2 ${muted}`}>{t('staff.addIntro')}</p>
        <StaffForm />
      </Card>
    </div>
  );
}
