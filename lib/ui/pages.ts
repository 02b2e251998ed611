/**
 * The self-contained pages route handlers answer with, in the request's
 * language: sign-in problems, denials, unknown resources.
 */
import { textIn, type Directory, type Reason } from '../access';
import { getConfig, type Config } from '../config';
import { LOCALE_NAMES, LOCALES, localeOfRequest, type Locale } from '../i18n/locales';
import { translator } from '../i18n/messages';
import { describeReason, renewalsFor } from '../i18n/reasons';
import { SIGN_IN_STATUS, type SignInProblemCode } from '../signin-errors';
import { htmlPage, type HtmlPageOptions, type PageAction, type PageLanguages } from './html-page';

type Extra = Partial<Pick<HtmlPageOptions, 'detail' | 'headers' | 'paragraphs' | 'links' | 'signOut'>> & {
  /** Where the language switcher leads back to; no switcher without it. */
  returnTo?: string;
  /** The page already says whom to ask (LIBRARY_CONTACT): no second "Questions? Contact…" paragraph. */
  contactGiven?: boolean;
};

/** The header's language links, back to `returnTo` (GET /lang). */
function languagesOf(locale: Locale, returnTo: string): PageLanguages {
  return {
    label: translator(locale)('layout.language'),
    links: LOCALES.map((to) => ({ lang: to, name: LOCALE_NAMES[to], href: `/lang?to=${to}&returnTo=${encodeURIComponent(returnTo)}`, current: to === locale })),
  };
}

function page(locale: Locale, status: number, title: string, message: string, actions: PageAction[], extra: Extra = {}) {
  const config = getConfig();
  const t = translator(locale);
  return htmlPage({
    status,
    title,
    message,
    ...(extra.paragraphs ? { paragraphs: extra.paragraphs } : {}),
    ...(extra.links ? { links: extra.links } : {}),
    ...(extra.returnTo ? { languages: languagesOf(locale, extra.returnTo) } : {}),
    ...(extra.signOut ? { signOut: extra.signOut } : {}),
    ...(extra.detail ? { detail: extra.detail } : {}),
    ...(config.LIBRARY_CONTACT && !extra.contactGiven ? { contact: t('gate.contact', { contact: config.LIBRARY_CONTACT }) } : {}),
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

/**
 * Why a signed-in patron may not reach `resource`: each reason in a sentence,
 * institutions and patron types by their directory names, where to renew an
 * expired membership, and the library's own words (`deniedMessage`). The
 * header keeps the language switcher (back to /go/<slug>) and sign-out.
 */
export function deniedPage(
  locale: Locale,
  resource: { slug: string; name: string; deniedMessage?: string | Record<string, string> },
  reasons: Reason[],
  directory?: Directory,
): Response {
  const t = translator(locale);
  const naming = { locale, directory };
  const [first = '', ...rest] = reasons.map((reason) => describeReason(reason, naming));
  const renewals = renewalsFor(reasons, naming, getConfig().LIBRARY_CONTACT);
  return page(locale, 403, t('gate.deniedTitle', { name: resource.name }), first, [{ label: t('actions.seeResources'), href: '/', primary: true }], {
    paragraphs: [...rest, ...renewals.flatMap((r) => ('text' in r ? [r.text] : []))],
    links: renewals.flatMap((r) => ('link' in r ? [r.link] : [])),
    detail: textIn(resource.deniedMessage, locale) ?? t('gate.whatToDo'),
    returnTo: `/go/${encodeURIComponent(resource.slug)}`,
    signOut: t('home.signOut'),
    // "To renew it, contact the library: …" already gives the library's contact.
    contactGiven: renewals.some((r) => r.via === 'library'),
  });
}

export function unknownResourcePage(locale: Locale, slug?: string): Response {
  const t = translator(locale);
  return page(locale, 404, t('gate.unknownTitle'), t('gate.unknownMessage'), [{ label: t('actions.seeResources'), href: '/', primary: true }], slug === undefined ? {} : { returnTo: `/go/${encodeURIComponent(slug)}` });
}

export function simplePage(locale: Locale, status: number, titleKey: 'signOut.refused' | 'signOut.useButton' | 'signOut.everywhereFailed' | 'signOut.notRecorded', headers?: HeadersInit): Response {
  const t = translator(locale);
  return page(locale, status, t(`${titleKey}Title`), t(`${titleKey}Message`), [{ label: t('actions.goHome'), href: '/', primary: true }], headers ? { headers } : {});
}
