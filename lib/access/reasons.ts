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
  fr: {
    intl: 'fr-CH',
    sentences: {
      'not-a-patron': () => 'Votre compte RERO+ n’est inscrit comme lecteur ou lectrice dans aucune bibliothèque.',
      disabled: () => 'Cette ressource n’est pas disponible pour le moment.',
      institution: ({ institutions }, format) =>
        institutions.length === 1
          ? `Votre bibliothèque (${format.list(institutions)}) n’a pas de licence pour cette ressource.`
          : `Aucune de vos bibliothèques (${format.list(institutions)}) n’a de licence pour cette ressource.`,
      'patron-type': ({ institution, patronType }) =>
        `Votre catégorie de lecteur auprès de ${institution} (${patronType}) ne donne pas accès à cette ressource.`,
      'membership-expired': ({ institution, expiredOn }, format) =>
        `Votre inscription auprès de ${institution} a expiré le ${format.date(expiredOn)}.`,
      age: ({ minAge, age }) => `Cette ressource est réservée aux personnes de ${minAge} ans ou plus, et vous avez ${age} ans.`,
      'missing-data': ({ field, institution }) => {
        const at = institution ? ` auprès de ${institution}` : '';
        switch (field) {
          case 'birthDate':
            return 'Votre date de naissance n’a pas été transmise lors de la connexion, si bien que votre âge ne peut pas être vérifié. Reconnectez-vous en autorisant sa transmission.';
          case 'patronType':
            return `Votre catégorie de lecteur${at} n’a pas été transmise lors de la connexion, si bien qu’elle ne peut pas être vérifiée. Reconnectez-vous en autorisant sa transmission.`;
          case 'expirationDate':
            return `La date d’échéance de votre inscription${at} n’a pas été transmise lors de la connexion, si bien qu’elle ne peut pas être vérifiée. Reconnectez-vous en autorisant sa transmission.`;
        }
      },
    },
  },
  // Swiss Standard German: "ss", never "ß".
  de: {
    intl: 'de-CH',
    sentences: {
      'not-a-patron': () => 'Ihr RERO+-Konto ist bei keiner Bibliothek als Benutzerin oder Benutzer eingetragen.',
      disabled: () => 'Diese Ressource ist zurzeit nicht verfügbar.',
      institution: ({ institutions }, format) =>
        institutions.length === 1
          ? `Ihre Bibliothek (${format.list(institutions)}) hat keine Lizenz für diese Ressource.`
          : `Keine Ihrer Bibliotheken (${format.list(institutions)}) hat eine Lizenz für diese Ressource.`,
      'patron-type': ({ institution, patronType }) =>
        `Ihre Benutzerkategorie bei ${institution} (${patronType}) umfasst diese Ressource nicht.`,
      'membership-expired': ({ institution, expiredOn }, format) =>
        `Ihre Mitgliedschaft bei ${institution} ist am ${format.date(expiredOn)} abgelaufen.`,
      age: ({ minAge, age }) => `Diese Ressource ist Personen ab ${minAge} Jahren vorbehalten, und Sie sind ${age}.`,
      'missing-data': ({ field, institution }) => {
        const at = institution ? ` bei ${institution}` : '';
        switch (field) {
          case 'birthDate':
            return 'Ihr Geburtsdatum wurde bei der Anmeldung nicht freigegeben, daher kann Ihr Alter nicht geprüft werden. Melden Sie sich erneut an und erlauben Sie die Freigabe.';
          case 'patronType':
            return `Ihre Benutzerkategorie${at} wurde bei der Anmeldung nicht freigegeben, daher kann sie nicht geprüft werden. Melden Sie sich erneut an und erlauben Sie die Freigabe.`;
          case 'expirationDate':
            return `Das Ablaufdatum Ihrer Mitgliedschaft${at} wurde bei der Anmeldung nicht freigegeben, daher kann es nicht geprüft werden. Melden Sie sich erneut an und erlauben Sie die Freigabe.`;
        }
      },
    },
  },
  it: {
    intl: 'it-CH',
    sentences: {
      'not-a-patron': () => 'Il suo account RERO+ non risulta iscritto come utente in nessuna biblioteca.',
      disabled: () => 'Questa risorsa non è al momento disponibile.',
      institution: ({ institutions }, format) =>
        institutions.length === 1
          ? `La sua biblioteca (${format.list(institutions)}) non ha una licenza per questa risorsa.`
          : `Nessuna delle sue biblioteche (${format.list(institutions)}) ha una licenza per questa risorsa.`,
      'patron-type': ({ institution, patronType }) =>
        `La sua categoria di utente presso ${institution} (${patronType}) non comprende questa risorsa.`,
      'membership-expired': ({ institution, expiredOn }, format) =>
        `La sua iscrizione presso ${institution} è scaduta il ${format.date(expiredOn)}.`,
      age: ({ minAge, age }) => `Questa risorsa è riservata alle persone dai ${minAge} anni in su, e lei ha ${age} anni.`,
      'missing-data': ({ field, institution }) => {
        const at = institution ? ` presso ${institution}` : '';
        switch (field) {
          case 'birthDate':
            return 'La sua data di nascita non è stata condivisa al momento dell’accesso, quindi non è possibile verificare la sua età. Acceda di nuovo e ne autorizzi la condivisione.';
          case 'patronType':
            return `La sua categoria di utente${at} non è stata condivisa al momento dell’accesso, quindi non può essere verificata. Acceda di nuovo e ne autorizzi la condivisione.`;
          case 'expirationDate':
            return `La data di scadenza della sua iscrizione${at} non è stata condivisa al momento dell’accesso, quindi non può essere verificata. Acceda di nuovo e ne autorizzi la condivisione.`;
        }
      },
    },
  },
  sv: {
    intl: 'sv-SE',
    sentences: {
      'not-a-patron': () => 'Ditt RERO+-konto är inte registrerat som låntagare på något bibliotek.',
      disabled: () => 'Den här resursen är inte tillgänglig just nu.',
      institution: ({ institutions }, format) =>
        institutions.length === 1
          ? `Ditt bibliotek (${format.list(institutions)}) har ingen licens för den här resursen.`
          : `Inget av dina bibliotek (${format.list(institutions)}) har licens för den här resursen.`,
      'patron-type': ({ institution, patronType }) =>
        `Din låntagarkategori hos ${institution} (${patronType}) ger inte tillgång till den här resursen.`,
      'membership-expired': ({ institution, expiredOn }, format) =>
        `Ditt medlemskap hos ${institution} gick ut den ${format.date(expiredOn)}.`,
      age: ({ minAge, age }) => `Den här resursen är för personer som är ${minAge} år eller äldre, och du är ${age}.`,
      'missing-data': ({ field, institution }) => {
        const at = institution ? ` hos ${institution}` : '';
        switch (field) {
          case 'birthDate':
            return 'Ditt födelsedatum delades inte när du loggade in, så din ålder kan inte kontrolleras. Logga in igen och tillåt att det delas.';
          case 'patronType':
            return `Din låntagarkategori${at} delades inte när du loggade in, så den kan inte kontrolleras. Logga in igen och tillåt att den delas.`;
          case 'expirationDate':
            return `Slutdatumet för ditt medlemskap${at} delades inte när du loggade in, så det kan inte kontrolleras. Logga in igen och tillåt att det delas.`;
        }
      },
    },
  },
  nb: {
    intl: 'nb-NO',
    sentences: {
      'not-a-patron': () => 'RERO+-kontoen din er ikke registrert som låner ved noe bibliotek.',
      disabled: () => 'Denne ressursen er ikke tilgjengelig for øyeblikket.',
      institution: ({ institutions }, format) =>
        institutions.length === 1
          ? `Biblioteket ditt (${format.list(institutions)}) har ikke lisens på denne ressursen.`
          : `Ingen av bibliotekene dine (${format.list(institutions)}) har lisens på denne ressursen.`,
      'patron-type': ({ institution, patronType }) =>
        `Lånerkategorien din ved ${institution} (${patronType}) gir ikke tilgang til denne ressursen.`,
      'membership-expired': ({ institution, expiredOn }, format) =>
        `Medlemskapet ditt ved ${institution} gikk ut ${format.date(expiredOn)}.`,
      age: ({ minAge, age }) => `Denne ressursen er for personer som er ${minAge} år eller eldre, og du er ${age}.`,
      'missing-data': ({ field, institution }) => {
        const at = institution ? ` ved ${institution}` : '';
        switch (field) {
          case 'birthDate':
            return 'Fødselsdatoen din ble ikke delt da du logget inn, så alderen din kan ikke kontrolleres. Logg inn på nytt og tillat at den deles.';
          case 'patronType':
            return `Lånerkategorien din${at} ble ikke delt da du logget inn, så den kan ikke kontrolleres. Logg inn på nytt og tillat at den deles.`;
          case 'expirationDate':
            return `Sluttdatoen for medlemskapet ditt${at} ble ikke delt da du logget inn, så den kan ikke kontrolleres. Logg inn på nytt og tillat at den deles.`;
        }
      },
    },
  },
} satisfies Record<string, Language>;

export type Locale = keyof typeof SENTENCES;

/** The languages that have sentences; every language of the gateway must be one (lib/i18n/messages.test.ts). */
export const REASON_LOCALES = Object.keys(SENTENCES) as Locale[];

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
