import type { Locale } from './locales';

/** The Intl tag each language formats with: British English reads "31 December 2031" as Swiss libraries write it. */
export const INTL_TAGS: Record<Locale, string> = { en: 'en-GB', fr: 'fr-CH', de: 'de-CH', it: 'it-CH', sv: 'sv-SE', nb: 'nb-NO' };

/** ["vs", "rbnj", "fr"] → "vs, rbnj and fr" / "vs, rbnj et fr" …: a list as the language joins it. */
export function formatList(items: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(INTL_TAGS[locale], { style: 'long', type: 'conjunction' }).format(items);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2031-12-31" → "31 December 2031" / "31 décembre 2031" …; the calendar date never shifts (UTC on UTC midnight). */
export function formatDay(day: string, locale: Locale): string {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(INTL_TAGS[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    formatters.set(locale, formatter);
  }
  return formatter.format(new Date(`${day}T00:00:00Z`));
}
