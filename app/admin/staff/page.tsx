import { listStaffMembers } from '@/lib/admin/actions';
import { gateway } from '@/lib/runtime';
import { INTL_TAGS } from '@/lib/i18n/format';
import { removeStaffAction } from '../actions';
import { answerRefusal, requireStaff } from '../_lib/guard';
import { admin } from '../_lib/present';
import { badgeNeutral, card, muted, noticeError, noticeSuccess, secondaryButton, small, table, td, th } from '../_lib/styles';
import { StaffForm } from './staff-form';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Staff management, for admins only: who may use the admin area, with which role and institutions. */
export default async function Staff({ searchParams }: { searchParams: Search }) {
  const { identity, ctx } = await requireStaff();
  const { t, locale } = await admin();
  const result = await listStaffMembers(identity, ctx);
  if (!result.ok) return answerRefusal(result);
  const bootstrap = new Set(gateway().config.ADMIN_USER_IDS);
  const search = await searchParams;
  const removed = one(search.removed);
  const problem = one(search.problem);
  const since = new Intl.DateTimeFormat(INTL_TAGS[locale], { dateStyle: 'medium', timeZone: ctx.timeZone });
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
        <div className="mt-4 overflow-x-auto">
          <table className={table}>
            <caption className="sr-only">{t('staff.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" className={th}>
                  {t('staff.userId')}
                </th>
                <th scope="col" className={th}>
                  {t('staff.role')}
                </th>
                <th scope="col" className={th}>
                  {t('staff.institutions')}
                </th>
                <th scope="col" className={th}>
                  {t('staff.since')}
                </th>
                <th scope="col" className={th}>
                  <span className="sr-only">{t('staff.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {result.members.map((member) => (
                <tr key={member.userId} data-staff={member.userId}>
                  <th scope="row" className={`${td} font-mono font-normal`}>
                    {member.userId}
                    {member.userId === result.staff.userId ? <span className={`ml-2 font-sans ${badgeNeutral}`}>{t('staff.you')}</span> : null}
                  </th>
                  <td className={td}>
                    {t(`staff.roles.${member.role}`)}
                    {bootstrap.has(member.userId) ? <span className={`block ${small}`}>{t('staff.bootstrapped')}</span> : null}
                  </td>
                  <td className={`${td} font-mono`}>{member.role === 'admin' ? <span className="font-sans">{t('staff.all')}</span> : member.institutions.join(', ')}</td>
                  <td className={td}>{since.format(new Date(member.createdAt))}</td>
                  <td className={td}>
                    {member.userId === result.staff.userId ? null : (
                      <form action={removeStaffAction}>
                        <input type="hidden" name="userId" value={member.userId} />
                        <button type="submit" className={secondaryButton} aria-label={t('staff.removeNamed', { userId: member.userId })}>
                          {t('staff.remove')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="staff-add" className={card}>
        <h2 id="staff-add" className="text-lg font-semibold">
          {t('staff.addTitle')}
        </h2>
        <p className={`mt-2 ${muted}`}>{t('staff.addIntro')}</p>
        <StaffForm />
      </section>
    </div>
  );
}
