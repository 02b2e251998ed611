import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, negotiateLocale } from '@/lib/i18n/locales';
import { MESSAGES } from '@/lib/i18n/messages';

/**
 * next-intl: the locale of this request (the patron's choice, else
 * Accept-Language) and its messages, on the patron pages and in the admin
 * area alike.
 */
export default getRequestConfig(async () => {
  const locale = negotiateLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get('accept-language'));
  return { locale, messages: MESSAGES[locale] };
});
