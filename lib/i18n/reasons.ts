/**
 * Why a patron is refused, in sentences the patron reads: each reason of the
 * access decision (lib/access/decide.ts) as a message of messages/<locale>.json
 * ("reasons"), with institutions and patron types by the names the library's
 * directory gives them (lib/access/directory.ts), in the patron's language;
 * a code the directory does not name is shown as it is.
 *
 * Also what an expired membership needs beside the sentence: where to renew it
 * (the institution's renewal link, else its contact, else the library's).
 */
import { institutionName, patronTypeName, renewalOf, type Directory, type Reason } from '../access';
import { formatDay, formatList } from './format';
import type { Locale } from './locales';
import { translator } from './messages';

/** What the sentences name things with. */
export interface Naming {
  locale: Locale;
  /** The library's directory; undefined: codes are shown as they are. */
  directory?: Directory | undefined;
}

/** One plain sentence telling the patron why `reason` denies access. */
export function describeReason(reason: Reason, { locale, directory }: Naming): string {
  const t = translator(locale);
  const institution = (code: string) => institutionName(directory, code, locale);
  switch (reason.code) {
    case 'not-a-patron':
      return t('reasons.notAPatron');
    case 'disabled':
      return t('reasons.disabled');
    case 'institution':
      return t('reasons.institution', { count: reason.institutions.length, libraries: formatList(reason.institutions.map(institution), locale) });
    case 'patron-type':
      return t('reasons.patronType', { institution: institution(reason.institution), patronType: patronTypeName(directory, reason.patronType, locale) });
    case 'membership-expired':
      return t('reasons.membershipExpired', { institution: institution(reason.institution), date: formatDay(reason.expiredOn, locale) });
    case 'age':
      // Kind: the rule, not the patron's age.
      return t('reasons.age', { minAge: reason.minAge });
    case 'missing-data':
      switch (reason.field) {
        case 'birthDate':
          return t('reasons.missingBirthDate');
        case 'patronType':
          return reason.institution ? t('reasons.missingPatronTypeAt', { institution: institution(reason.institution) }) : t('reasons.missingPatronType');
        case 'expirationDate':
          return reason.institution ? t('reasons.missingExpirationDateAt', { institution: institution(reason.institution) }) : t('reasons.missingExpirationDate');
      }
  }
}

/**
 * How a patron renews a membership at one institution: a link to follow, or a
 * sentence saying whom to ask; `via` says where it came from (`library`: LIBRARY_CONTACT).
 */
export type Renewal =
  | { institution: string; via: 'renewUrl'; link: { href: string; label: string } }
  | { institution: string; via: 'contact' | 'library' | 'ask'; text: string };

/**
 * Where a patron of institution `code` renews: the directory's `renewUrl`,
 * else its `contact`, else the library's contact (`LIBRARY_CONTACT`), else
 * "ask at <institution>".
 */
export function renewalAt(code: string, naming: Naming, libraryContact?: string): Renewal {
  const t = translator(naming.locale);
  const name = institutionName(naming.directory, code, naming.locale);
  const { renewUrl, contact } = renewalOf(naming.directory, code);
  if (renewUrl) return { institution: code, via: 'renewUrl', link: { href: renewUrl, label: t('reasons.renewLink', { institution: name }) } };
  if (contact) return { institution: code, via: 'contact', text: t('reasons.renewContact', { institution: name, contact }) };
  if (libraryContact) return { institution: code, via: 'library', text: t('reasons.renewLibrary', { contact: libraryContact }) };
  return { institution: code, via: 'ask', text: t('reasons.renewAsk', { institution: name }) };
}

/** The renewals the reasons call for: one per institution whose membership expired, in the reasons' order. */
export function renewalsFor(reasons: readonly Reason[], naming: Naming, libraryContact?: string): Renewal[] {
  const codes = [...new Set(reasons.flatMap((reason) => (reason.code === 'membership-expired' ? [reason.institution] : [])))];
  return codes.map((code) => renewalAt(code, naming, libraryContact));
}

/** A reason's identity: the same reason for two resources is said once. */
export function reasonKey(reason: Reason): string {
  return JSON.stringify(reason, Object.keys(reason).sort());
}

export interface SharedReason {
  reason: Reason;
  /** The slugs of the resources it closes, in the order given. */
  slugs: string[];
}

/**
 * Splits the reasons of several refused resources into those that apply to
 * more than one resource (said once, with the resources they close) and, per
 * resource, the reasons that are its own.
 */
export function splitSharedReasons(refused: readonly { slug: string; reasons: readonly Reason[] }[]): { shared: SharedReason[]; own: Map<string, Reason[]> } {
  const bySlug = new Map<string, { reason: Reason; slugs: string[] }>();
  for (const { slug, reasons } of refused) {
    for (const reason of reasons) {
      const key = reasonKey(reason);
      const entry = bySlug.get(key) ?? { reason, slugs: [] };
      if (!entry.slugs.includes(slug)) entry.slugs.push(slug);
      bySlug.set(key, entry);
    }
  }
  const shared = [...bySlug.values()].filter((entry) => entry.slugs.length > 1);
  const sharedKeys = new Set(shared.map((entry) => reasonKey(entry.reason)));
  const own = new Map(refused.map(({ slug, reasons }) => [slug, reasons.filter((reason) => !sharedKeys.has(reasonKey(reason)))]));
  return { shared, own };
}
