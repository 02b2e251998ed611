import { forbiddenReason } from '@/lib/admin/actions';
import { adminContext, currentPath, pageIdentity } from './_lib/guard';
import { admin } from './_lib/present';
import { card, linkButton, muted } from './_lib/styles';

/**
 * 403 of a page of the admin area, for staff (app/forbidden.tsx answers those
 * who are not staff): a librarian reads that the resource belongs to other
 * institutions, or that the page is for admins.
 */
export default async function AdminForbidden() {
  const [identity, ctx, path, { t }] = await Promise.all([pageIdentity(), adminContext(), currentPath(), admin()]);
  const reason = await forbiddenReason(identity, path, ctx);
  const words = reason === 'out-of-scope' ? 'forbidden.outOfScope.' : reason === 'admin-only' ? 'forbidden.adminOnly.' : 'forbidden.';
  return (
    <section aria-labelledby="forbidden" className={card} data-forbidden={reason}>
      <h1 id="forbidden" className="text-2xl font-bold">
        {t(`${words}title`)}
      </h1>
      <p className={`mt-3 ${muted}`}>{t(`${words}message`)}</p>
      <a href={reason === 'not-staff' ? '/' : '/admin'} className={`mt-6 inline-block ${linkButton}`}>
        {reason === 'not-staff' ? t('forbidden.home') : t('forbidden.back')}
      </a>
    </section>
  );
}
