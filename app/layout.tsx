import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { getLocale, getTranslations } from 'next-intl/server';
import type { CSSProperties } from 'react';
import { getConfig } from '@/lib/config';
import { PATH_HEADER } from '@/lib/http';
import type { Locale } from '@/lib/i18n/locales';
import { brandColours } from '@/lib/ui/colour';
import { pageIcon } from '@/lib/ui/pages';
import { LanguageSwitcher } from './language-switcher';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  await headers();
  const t = await getTranslations('meta');
  const config = getConfig();
  return {
    title: t('title', { library: config.LIBRARY_NAME }),
    description: t('description'),
    robots: { index: false },
    // The library's logo where configured, else the gateway's own icon (public/favicon.ico).
    icons: { icon: pageIcon(config) },
  };
}

// Configuration is read at run time, never at build time: every page renders per request.
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const path = (await headers()).get(PATH_HEADER) ?? '/';
  // The admin area's tables and charts need the room; patrons' pages stay a narrow column.
  const width = path.startsWith('/admin') ? 'max-w-6xl' : 'max-w-3xl';
  const config = getConfig();
  const locale = (await getLocale()) as Locale;
  const t = await getTranslations();
  // LIBRARY_ACCENT, darkened or lightened per scheme just enough to read at 4.5:1 (globals.css picks the scheme's pair).
  const { light, dark } = brandColours(config.LIBRARY_ACCENT);
  const brand = {
    '--brand-accent': light.accent,
    '--brand-on-accent': light.onAccent,
    '--brand-accent-dark': dark.accent,
    '--brand-on-accent-dark': dark.onAccent,
  } as CSSProperties;
  return (
    <html lang={locale} style={brand}>
      <body className="flex min-h-screen flex-col bg-slate-50 text-slate-900 antialiased wrap-break-word dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-3 focus:top-3 focus:z-10 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:font-semibold focus:text-slate-900 focus:shadow-lg"
        >
          {t('layout.skipToContent')}
        </a>
        <header className="border-t-4 border-b border-b-slate-200 [border-top-color:var(--color-accent)] bg-white dark:border-b-slate-800 dark:bg-slate-900">
          <div className={`mx-auto flex ${width} flex-wrap items-center justify-between gap-x-6 gap-y-3 px-5 py-4`}>
            <a href="/" className="flex min-w-0 items-center gap-3 rounded font-semibold hover:underline hover:underline-offset-4">
              {config.LIBRARY_LOGO_URL ? <img src={config.LIBRARY_LOGO_URL} alt="" className="h-8 w-auto shrink-0" /> : null}
              <span>{config.LIBRARY_NAME}</span>
            </a>
            <LanguageSwitcher current={locale} label={t('layout.language')} returnTo={path} />
          </div>
        </header>
        <main id="main" tabIndex={-1} className={`mx-auto w-full flex-1 ${width} px-5 py-10 focus:outline-none`}>
          {children}
        </main>
        {config.LIBRARY_CONTACT && !path.startsWith('/admin') ? (
          <footer className="border-t border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <p className={`mx-auto ${width} px-5 py-5 text-sm text-slate-700 dark:text-slate-300`}>{t('gate.contact', { contact: config.LIBRARY_CONTACT })}</p>
          </footer>
        ) : null}
      </body>
    </html>
  );
}
