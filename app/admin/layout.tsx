import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { currentPath, requireStaff } from './_lib/guard';

export const dynamic = 'force-dynamic';

/** Links, not script: every page of the area is a full request, checked on the server. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const { staff } = await requireStaff();
  const t = await getTranslations('admin');
  const messages = (await getMessages()) as { admin: Record<string, unknown> };
  const path = (await currentPath()).split('?')[0] ?? '/admin';
  const links = [
    { href: '/admin', label: t('nav.resources'), current: path === '/admin' || path.startsWith('/admin/resources') },
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
        <p className="text-sm text-slate-600 dark:text-slate-400" data-staff-role={staff.role}>
          {staff.role === 'admin'
            ? t('nav.signedInAdmin', { userId: staff.userId })
            : t('nav.signedInLibrarian', { userId: staff.userId, institutions: staff.institutions.join(', ') })}
        </p>
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
      <NextIntlClientProvider messages={{ admin: messages.admin }}>{children}</NextIntlClientProvider>
    </div>
  );
}
