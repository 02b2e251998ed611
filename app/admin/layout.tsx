import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getMessages, getTranslations } from 'next-intl/server';
import { staffLabel } from '@/lib/admin/staff';
import { currentPath, requireStaff } from './_lib/guard';
import { linkButton } from './_lib/styles';

export const dynamic = 'force-dynamic';

/** Links, not script: every page of the area is a full request, checked on the server. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const { staff } = await requireStaff();
  const t = await getTranslations('admin');
  const messages = (await getMessages()) as { admin: Record<string, unknown> };
  const locale = await getLocale();
  const path = (await currentPath()).split('?')[0] ?? '/admin';
  const links = [
    { href: '/admin', label: t('nav.resources'), current: path === '/admin' || path.startsWith('/admin/resources') },
    { href: '/admin/directory', label: t('nav.directory'), current: path.startsWith('/admin/directory') },
    { href: '/admin/try', label: t('nav.try'), current: path === '/admin/try' },
    { href: '/admin/usage', label: t('nav.usage'), current: path === '/admin/usage' },
    { href: '/admin/audit', label: t('nav.audit'), current: path === '/admin/audit' },
    { href: '/admin/transfer', label: t('nav.transfer'), current: path === '/admin/transfer' },
    ...(staff.role === 'admin' ? [{ href: '/admin/staff', label: t('nav.staff'), current: path === '/admin/staff' }] : []),
    ...(staff.role === 'admin' ? [{ href: '/admin/connections', label: t('nav.connections'), current: path.startsWith('/admin/connections') }] : []),
  ];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <p className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{t('nav.area')}</p>
        <div className="flex flex-wrap items-baseline gap-x-4 gap-y-2 text-sm">
          <p className="text-slate-600 dark:text-slate-400" data-staff-role={staff.role}>
            {staff.role === 'admin'
              ? t('nav.signedInAdmin', { name: staffLabel(staff) })
              : t('nav.signedInLibrarian', { name: staffLabel(staff), institutions: staff.institutions.join(', ') })}
          </p>
          <a href="/" className={linkButton}>
            {t('nav.home')}
          </a>
          {/* The patron page's own sign-out: same route, same-origin check. */}
          <form method="post" action="/auth/logout">
            <button type="submit" className={linkButton}>
              {t('nav.signOut')}
            </button>
          </form>
        </div>
      </div>
      <nav aria-label={t('nav.label')}>
        <ul className="flex flex-wrap gap-2">
          {links.map((link) => (
            <li key={link.href}>
              <a
                href={link.href}
                aria-current={link.current ? 'page' : undefined}
                className={`inline-block rounded-lg px-3 py-1.5 font-semibold ${
                  link.current
                    ? 'bg-[var(--color-accent)] text-[var(--color-accent-contrast)]'
                    : 'text-slate-800 hover:bg-slate-200 dark:text-slate-200 dark:hover:bg-slate-800'
                }`}
              >
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <NextIntlClientProvider locale={locale} messages={{ admin: messages.admin }}>{children}</NextIntlClientProvider>
    </div>
  );
}
