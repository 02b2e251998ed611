import { LOCALES, LOCALE_NAMES, type Locale } from '@/lib/i18n/locales';

/** Links, not script: works without JavaScript and by keyboard. */
export function LanguageSwitcher({ current, label, returnTo }: { current: Locale; label: string; returnTo: string }) {
  return (
    <nav aria-label={label}>
      <ul className="-mx-2 flex flex-wrap gap-x-1 gap-y-1 text-sm">
        {LOCALES.map((locale) => (
          <li key={locale}>
            {locale === current ? (
              <span aria-current="true" lang={locale} className="inline-block rounded px-2 py-1 font-semibold underline decoration-2 underline-offset-4">
                {LOCALE_NAMES[locale]}
              </span>
            ) : (
              <a lang={locale} hrefLang={locale} href={`/lang?to=${locale}&returnTo=${encodeURIComponent(returnTo)}`} className="inline-block rounded px-2 py-1 text-slate-700 underline-offset-4 hover:underline dark:text-slate-300">
                {LOCALE_NAMES[locale]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
