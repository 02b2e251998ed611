/**
 * Reasons for a denial, as sentences a patron reads on the "no access" page.
 *
 * All wording lives in `SENTENCES`, one entry per language; adding a language
 * is adding an entry. Institution and patron type codes are shown as they are.
 */
import { atUtcMidnight } from './dates';
import type { Reason, ReasonCode } from './decide';

interface Format {
  /** "2027-03-30" → "30 March 2027" in the language's own style. */
  date(date: string): string;
  /** ["vs", "rbnj"] → "vs and rbnj". */
  list(items: string[]): string;
}

type Sentences = {
  [Code in ReasonCode]: (reason: Extract<Reason, { code: Code }>, format: Format) => string;
};

interface Language {
  /** The BCP 47 tag Intl formats dates and lists with. */
  intl: string;
  sentences: Sentences;
}

const SENTENCES = {
  en: {
    intl: 'en-GB',
    sentences: {
      'not-a-patron': () => 'Your RERO+ account is not registered as a patron of any library.',
      disabled: () => 'This resource is currently unavailable.',
      institution: ({ institutions }, format) =>
        institutions.length === 1
          ? `Your library (${format.list(institutions)}) does not license this resource.`
          : `None of your libraries (${format.list(institutions)}) licenses this resource.`,
      'patron-type': ({ institution, patronType }) =>
        `Your patron category at ${institution} (${patronType}) does not include this resource.`,
      'membership-expired': ({ institution, expiredOn }, format) =>
        `Your membership at ${institution} expired on ${format.date(expiredOn)}.`,
      age: ({ minAge, age }) => `This resource is for people aged ${minAge} or over, and you are ${age}.`,
      'missing-data': ({ field, institution }) => {
        const at = institution ? ` at ${institution}` : '';
        switch (field) {
          case 'birthDate':
            return 'Your birth date was not shared when you signed in, so your age cannot be checked; sign in again and allow it to be shared.';
          case 'patronType':
            return `Your patron category${at} was not shared when you signed in, so it cannot be checked; sign in again and allow it to be shared.`;
          case 'expirationDate':
            return `The expiry date of your membership${at} was not shared when you signed in, so it cannot be checked; sign in again and allow it to be shared.`;
        }
      },
    },
  },
} satisfies Record<string, Language>;

export type Locale = keyof typeof SENTENCES;

function languageFor(locale: string): Language {
  return Object.hasOwn(SENTENCES, locale) ? SENTENCES[locale as Locale] : SENTENCES.en;
}

/**
 * One plain sentence telling the patron why `reason` denies access.
 * An unknown `locale` falls back to English.
 */
export function describeReason(reason: Reason, locale: string = 'en'): string {
  const { intl, sentences } = languageFor(locale);
  const format: Format = {
    // timeZone UTC on a UTC midnight: the calendar date never shifts.
    date: (date) =>
      new Intl.DateTimeFormat(intl, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        atUtcMidnight(date),
      ),
    list: (items) => new Intl.ListFormat(intl, { style: 'long', type: 'conjunction' }).format(items),
  };
  // The table is indexed by the reason's own code, so the pairing is sound.
  const sentence = sentences[reason.code] as (reason: Reason, format: Format) => string;
  return sentence(reason, format);
}
