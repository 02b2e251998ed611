import { forbidden } from 'next/navigation';
import { requireStaff } from '../../../_lib/guard';
import { admin, nameLanguages } from '../../../_lib/present';
import { muted } from '../../../_lib/styles';
import { EntryForm } from '../../entry-form';

export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Adding an institution: admins only (the action checks it again). `?code=` comes from a code met at sign-in. */
export default async function NewInstitution({ searchParams }: { searchParams: Search }) {
  const { staff } = await requireStaff();
  if (staff.role !== 'admin') forbidden();
  const { t } = await admin();
  const code = (await searchParams).code;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t('directory.newInstitutionTitle')}</h1>
        <p className={`mt-2 ${muted}`}>{t('directory.newInstitutionIntro')}</p>
      </div>
      <EntryForm kind="institution" initial={{ code: typeof code === 'string' ? code : '', names: {} }} languages={nameLanguages()} contactEditable />
    </div>
  );
}
