import { requireStaff } from '../_lib/guard';
import { admin } from '../_lib/present';
import { card, muted, primaryButton } from '../_lib/styles';
import { ImportForm } from './import-form';

export const dynamic = 'force-dynamic';

/** Import and export of the criteria document: the same document and validation as `npm run gateway -- import/export`. */
export default async function Transfer() {
  const { staff } = await requireStaff();
  const { t } = await admin();
  const librarian = staff.role === 'librarian';
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t('transfer.title')}</h1>
      <section aria-labelledby="export" className={card}>
        <h2 id="export" className="text-lg font-semibold">
          {t('transfer.exportTitle')}
        </h2>
        <p className={`mt-2 ${muted}`}>
          {librarian ? t('transfer.exportLibrarian', { institutions: staff.institutions.join(', ') }) : t('transfer.exportAdmin')}
        </p>
        <a href="/admin/export" download className={`mt-4 ${primaryButton}`}>
          {t('transfer.download')}
        </a>
      </section>
      <section aria-labelledby="import" className={card}>
        <h2 id="import" className="text-lg font-semibold">
          {t('transfer.importTitle')}
        </h2>
        <p className={`mt-2 ${muted}`}>
          {librarian ? t('transfer.importLibrarian', { institutions: staff.institutions.join(', ') }) : t('transfer.importAdmin')}
        </p>
        <ImportForm />
      </section>
    </div>
  );
}
