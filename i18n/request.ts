import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { ADMIN_LOCALES, DEFAULT_LOCALE, LOCALE_COOKIE, negotiateLocale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';

/**
 * next-intl: the locale of this request (the patron's choice, else
 * Accept-Language) and its messages. The admin area speaks English, French
 * and German; other choices read it in English (and <html lang> says so).
 */
export default getRequestConfig(async () => {
  const head = await headers();
  let locale = negotiateLocale((await cookies()).get(LOCALE_COOKIE)?.value, head.get('accept-language'));
  const path = head.get('x-gateway-path') ?? '/';
  if (path.startsWith('/admin') && !ADMIN_LOCALES.includes(locale)) locale = DEFAULT_LOCALE;
  return { locale, messages: MESSAGES[locale] };
});
