import { localDate } from '@/lib/access';
import { EMPTY_FORM } from '@/lib/admin/resource-form';
import { requireStaff } from '../../_lib/guard';
import { admin } from '../../_lib/present';
import { muted } from '../../_lib/styles';
import { ResourceEditor } from '../editor';

export const dynamic = 'force-dynamic';

export default async function NewResource() {
  const { staff, ctx } = await requireStaff();
  const { t } = await admin();
  const librarian = staff.role === 'librarian';
  // A librarian with one institution starts with it ticked: a resource must name at least one.
  const initial = librarian && staff.institutions.length === 1 ? { ...EMPTY_FORM, institutions: staff.institutions.join(', ') } : EMPTY_FORM;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t('editor.newTitle')}</h1>
        <p className={`mt-2 ${muted}`}>{t('editor.newIntro')}</p>
      </div>
      <ResourceEditor mode="create" initial={initial} {...(librarian ? { scope: staff.institutions } : {})} today={localDate(ctx.now, ctx.timeZone)} />
    </div>
  );
}
