import { LOCALES, LOCALE_NAMES, type Locale } from '@/lib/i18n/locales';

/** Links, not script: works without JavaScript and by keyboard. */
export function LanguageSwitcher({ current, label, returnTo }: { current: Locale; label: string; returnTo: string }) {
  return (
    <nav aria-label={label}>
      <ul className="flex flex-wrap gap-x-3 gap-y-1 text-sm">
        {LOCALES.map((locale) => (
          <li key={locale}>
            {locale === current ? (
              <span aria-current="true" lang={locale} className="font-semibold underline underline-offset-4">
                {LOCALE_NAMES[locale]}
              </span>
            ) : (
              <a lang={locale} hrefLang={locale} href={`/lang?to=${locale}&returnTo=${encodeURIComponent(returnTo)}`} className="text-slate-700 hover:underline dark:text-slate-300">
                {LOCALE_NAMES[locale]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
