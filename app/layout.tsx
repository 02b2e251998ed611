import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { getLocale, getTranslations } from 'next-intl/server';
import type { CSSProperties } from 'react';
import { getConfig } from '@/lib/config';
import type { Locale } from '@/lib/i18n/locales';
import { textOn } from '@/lib/ui/colour';
import { LanguageSwitcher } from './language-switcher';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  await headers();
  const t = await getTranslations('meta');
  return {
    title: t('title', { library: getConfig().LIBRARY_NAME }),
    description: t('description'),
    robots: { index: false },
  };
}

// Configuration is read at run time, never at build time: every page renders per request.
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const path = (await headers()).get('x-gateway-path') ?? '/';
  const config = getConfig();
  const locale = (await getLocale()) as Locale;
  const t = await getTranslations('layout');
  const brand = { '--color-accent': config.LIBRARY_ACCENT, '--color-accent-contrast': textOn(config.LIBRARY_ACCENT) } as CSSProperties;
  return (
    <html lang={locale}>
      <body style={brand} className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-3 focus:top-3 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900">
          {t('skipToContent')}
        </a>
        <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 px-5 py-4">
            <a href="/" className="flex items-center gap-3 font-semibold">
              {config.LIBRARY_LOGO_URL ? <img src={config.LIBRARY_LOGO_URL} alt="" className="h-8 w-auto" /> : null}
              <span>{config.LIBRARY_NAME}</span>
            </a>
            <LanguageSwitcher current={locale} label={t('language')} returnTo={path} />
          </div>
        </header>
        <main id="main" className="mx-auto max-w-3xl px-5 py-10">
          {children}
        </main>
      </body>
    </html>
  );
}
