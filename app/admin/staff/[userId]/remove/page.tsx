import { readStaffMember } from '@/lib/admin/actions';
import { staffLabelWithId } from '@/lib/admin/staff';
import { removeStaffAction } from '../../../actions';
import { refusePage, requireStaff } from '../../../_lib/guard';
import { admin } from '../../../_lib/present';
import { StaffName } from '../../../_lib/staff-name';
import { card, dangerButton, muted, noticeError, secondaryButton } from '../../../_lib/styles';

export const dynamic = 'force-dynamic';

/** Removing a staff member asks once more, on its own page: no script needed, and a stray click removes nobody. */
export default async function RemoveStaff({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const { identity, ctx } = await requireStaff();
  const { t } = await admin();
  const result = await readStaffMember(identity, { userId }, ctx);
  if (!result.ok) return refusePage(result);
  const { member, staff } = result;
  const who = staffLabelWithId(member);
  return (
    <section aria-labelledby="confirm" className={card}>
      <h1 id="confirm" className="text-2xl font-bold">
        {t('staff.confirmTitle', { who })}
      </h1>
      <p className="mt-3">
        <StaffName userId={member.userId} name={member.name} /> · {t(`staff.roles.${member.role}`)}
        {member.role === 'librarian' ? <span className="font-mono"> · {member.institutions.join(', ')}</span> : null}
      </p>
      <p className={`mt-3 ${muted}`}>{t('staff.confirmText')}</p>
      {member.userId === staff.userId ? (
        <p role="alert" className={`mt-4 ${noticeError}`}>
          {t('notices.self')}
        </p>
      ) : null}
      <div className="mt-6 flex flex-wrap gap-3">
        {member.userId === staff.userId ? null : (
          <form action={removeStaffAction}>
            <input type="hidden" name="userId" value={member.userId} />
            <button type="submit" className={dangerButton}>
              {t('staff.confirm', { who })}
            </button>
          </form>
        )}
        <a href="/admin/staff" className={secondaryButton}>
          {t('staff.cancel')}
        </a>
      </div>
    </section>
  );
}
