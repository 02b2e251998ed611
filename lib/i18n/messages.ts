/**
 * Every string a person reads, per language, in messages/<locale>.json.
 * Pages use next-intl (i18n/request.ts); route handlers that answer with a
 * self-contained page use `translator()` here, on the same messages.
 */
import { createTranslator } from 'next-intl';
import de from '../../messages/de.json';
import en from '../../messages/en.json';
import fr from '../../messages/fr.json';
import it from '../../messages/it.json';
import nb from '../../messages/nb.json';
import sv from '../../messages/sv.json';
import type { Locale } from './locales';

export type Messages = typeof en;

export const MESSAGES: Record<Locale, Messages> = { en, fr, de, it, sv, nb };

export function translator(locale: Locale) {
  return createTranslator({ locale, messages: MESSAGES[locale] });
}
