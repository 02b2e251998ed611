import { requireStaff } from '../_lib/guard';
import { admin } from '../_lib/present';
import { muted, primaryButton } from '../_lib/styles';
import { ImportForm } from './import-form';
import { Card } from '@/app/card';

export const dynamic = 'force-dynamic';

/** Import and export of the criteria document: the same document and validation as `npm run gateway -- import/export`. */
export default async function Transfer() {
  const { staff } = await requireStaff();
  const { t } = await admin();
  const librarian = staff.role === 'librarian';
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t('transfer.title')}</h1>
      <Card id="export" title={t('transfer.exportTitle')}>
        <p className={`mt-2 ${muted}`}>
          {librarian ? t('transfer.exportLibrarian', { institutions: staff.institutions.join(', ') }) : t.rich('transfer.exportAdmin', { code: (command) => <code className="font-mono text-sm">{command}</code> })}
        </p>
        <a href="/admin/export" download className={`mt-4 ${primaryButton}`}>
          {t('transfer.download')}
        </a>
      </Card>
      <Card id="import" title={t('transfer.importTitle')}>
        <p className={`mt-2 ${muted}`}>
          {librarian ? t('transfer.importLibrarian', { institutions: staff.institutions.join(', ') }) : t('transfer.importAdmin')}
        </p>
        <ImportForm />
      </Card>
    </div>
  );
}
