/**
 * The self-contained pages route handlers answer with, in the request's
 * language: sign-in problems, denials, unknown resources.
 */
import { describeReason, type Reason } from '../access';
import { getConfig, type Config } from '../config';
import { localeOfRequest, type Locale } from '../i18n/locales';
import { translator } from '../i18n/messages';
import { SIGN_IN_STATUS, type SignInProblemCode } from '../signin-errors';
import { htmlPage, type PageAction } from './html-page';

function page(locale: Locale, status: number, title: string, message: string, actions: PageAction[], extra: { detail?: string; headers?: HeadersInit } = {}) {
  const config = getConfig();
  const t = translator(locale);
  return htmlPage({
    status,
    title,
    message,
    ...(extra.detail ? { detail: extra.detail } : {}),
    ...(config.LIBRARY_CONTACT ? { contact: t('gate.contact', { contact: config.LIBRARY_CONTACT }) } : {}),
    actions,
    lang: locale,
    library: config.LIBRARY_NAME,
    ...(config.LIBRARY_LOGO_URL ? { logoUrl: config.LIBRARY_LOGO_URL } : {}),
    // These pages may be answered on an e-resource's own host name (docs/nginx-hosts.conf): the icon is the gateway's.
    iconUrl: pageIcon(config),
    accent: config.LIBRARY_ACCENT,
    ...(extra.headers ? { headers: extra.headers } : {}),
  });
}

/** The icon of every page: the library's logo where configured, else the gateway's own (public/favicon.ico). */
export function pageIcon(config: Pick<Config, 'LIBRARY_LOGO_URL' | 'APP_URL'>): string {
  return config.LIBRARY_LOGO_URL ? new URL(config.LIBRARY_LOGO_URL, config.APP_URL).href : new URL('/favicon.ico', config.APP_URL).href;
}

export function requestLocale(request: Request): Locale {
  return localeOfRequest(request);
}

/** A sign-in problem, with "sign in again" back to where the patron was going. */
export function signInProblemPage(locale: Locale, code: SignInProblemCode, returnTo = '/', headers?: HeadersInit): Response {
  const t = translator(locale);
  return page(
    locale,
    SIGN_IN_STATUS[code],
    t(`signIn.${code}.title`),
    t(`signIn.${code}.message`),
    [
      { label: t('actions.signInAgain'), href: `/auth/login?returnTo=${encodeURIComponent(returnTo)}`, primary: true },
      { label: t('actions.goHome'), href: '/' },
    ],
    headers ? { headers } : {},
  );
}

/** RERO+ could not confirm a stale session and the grace period is over. */
export function unconfirmedPage(locale: Locale, code: SignInProblemCode, retry: string): Response {
  const t = translator(locale);
  const status = SIGN_IN_STATUS[code] >= 500 ? SIGN_IN_STATUS[code] : 503;
  return page(locale, status, t(`signIn.${code}.title`), `${t(`signIn.${code}.message`)} ${t('signIn.unconfirmed')}`, [{ label: t('actions.tryAgain'), href: retry, primary: true }], {
    headers: { 'retry-after': '30' },
  });
}

export function deniedPage(locale: Locale, resource: { name: string; deniedMessage?: string }, reasons: Reason[]): Response {
  const t = translator(locale);
  const message = reasons.map((reason) => describeReason(reason, locale)).join(' ');
  return page(locale, 403, t('gate.deniedTitle', { name: resource.name }), message, [{ label: t('actions.seeResources'), href: '/', primary: true }], {
    detail: resource.deniedMessage ?? t('gate.whatToDo'),
  });
}

export function unknownResourcePage(locale: Locale): Response {
  const t = translator(locale);
  return page(locale, 404, t('gate.unknownTitle'), t('gate.unknownMessage'), [{ label: t('actions.seeResources'), href: '/', primary: true }]);
}

export function simplePage(locale: Locale, status: number, titleKey: 'signOut.refused' | 'signOut.useButton' | 'signOut.everywhereFailed' | 'signOut.notRecorded', headers?: HeadersInit): Response {
  const t = translator(locale);
  return page(locale, status, t(`${titleKey}Title`), t(`${titleKey}Message`), [{ label: t('actions.goHome'), href: '/', primary: true }], headers ? { headers } : {});
}
