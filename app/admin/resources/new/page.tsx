import { forbidden } from 'next/navigation';
import { localDate } from '@/lib/access';
import { directoryForPickers } from '@/lib/admin/directory';
import { EMPTY_FORM } from '@/lib/admin/resource-form';
import { checkCreate } from '@/lib/admin/roles';
import { requireStaff } from '../../_lib/guard';
import { admin, pickerDirectory } from '../../_lib/present';
import { muted } from '../../_lib/styles';
import { ResourceEditor } from '../editor';

export const dynamic = 'force-dynamic';

export default async function NewResource() {
  const { staff, ctx } = await requireStaff();
  // Only admins create resources (lib/admin/roles.ts); the action checks it again on the server.
  if (checkCreate(staff)) forbidden();
  const words = await admin();
  const { t } = words;
  const directory = pickerDirectory(words, await directoryForPickers(ctx));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t('editor.newTitle')}</h1>
        <p className={`mt-2 ${muted}`}>{t('editor.newIntro')}</p>
      </div>
      <ResourceEditor mode="create" initial={EMPTY_FORM} today={localDate(ctx.now, ctx.timeZone)} {...(directory ? { directory } : {})} />
    </div>
  );
}
