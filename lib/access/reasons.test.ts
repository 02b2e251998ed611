import { describe, expect, test } from 'vitest';
import type { Reason } from './decide';
import { REASON_LOCALES, describeReason } from './reasons';

describe('describeReason in English', () => {
  test.each<[Reason, string]>([
    [{ code: 'not-a-patron' }, 'Your RERO+ account is not registered as a patron of any library.'],
    [{ code: 'disabled' }, 'This resource is currently unavailable.'],
    [{ code: 'institution', institutions: ['fr'] }, 'Your library (fr) does not license this resource.'],
    [{ code: 'institution', institutions: ['fr', 'ge'] }, 'None of your libraries (fr and ge) licenses this resource.'],
    [{ code: 'institution', institutions: ['fr', 'ge', 'vd'] }, 'None of your libraries (fr, ge and vd) licenses this resource.'],
    [
      { code: 'patron-type', institution: 'vs', patronType: 'vs-child' },
      'Your patron category at vs (vs-child) does not include this resource.',
    ],
    [
      { code: 'membership-expired', institution: 'vs', expiredOn: '2027-03-30' },
      'Your membership at vs expired on 30 March 2027.',
    ],
    [
      { code: 'membership-expired', institution: 'rbnj', expiredOn: '2028-02-29' },
      'Your membership at rbnj expired on 29 February 2028.',
    ],
    [
      { code: 'membership-expired', institution: 'vs', expiredOn: '2027-01-01' },
      'Your membership at vs expired on 1 January 2027.',
    ],
    [{ code: 'age', minAge: 18, age: 17 }, 'This resource is for people aged 18 or over, and you are 17.'],
    [
      { code: 'missing-data', field: 'birthDate' },
      'Your birth date was not shared when you signed in, so your age cannot be checked; sign in again and allow it to be shared.',
    ],
    [
      { code: 'missing-data', field: 'patronType', institution: 'vs' },
      'Your patron category at vs was not shared when you signed in, so it cannot be checked; sign in again and allow it to be shared.',
    ],
    [
      { code: 'missing-data', field: 'expirationDate', institution: 'vs' },
      'The expiry date of your membership at vs was not shared when you signed in, so it cannot be checked; sign in again and allow it to be shared.',
    ],
    [
      { code: 'missing-data', field: 'expirationDate' },
      'The expiry date of your membership was not shared when you signed in, so it cannot be checked; sign in again and allow it to be shared.',
    ],
  ])('%j', (reason, sentence) => {
    expect(describeReason(reason)).toBe(sentence);
    expect(describeReason(reason, 'en')).toBe(sentence);
  });

  test('dates never shift with the time zone of the machine', () => {
    // The date is formatted in UTC from UTC midnight, whatever TZ the server runs in.
    const reason: Reason = { code: 'membership-expired', institution: 'vs', expiredOn: '2027-03-31' };
    expect(describeReason(reason)).toContain('31 March 2027');
  });

  test('an unknown locale falls back to English', () => {
    expect(describeReason({ code: 'disabled' }, 'xx')).toBe('This resource is currently unavailable.');
    expect(describeReason({ code: 'disabled' }, 'toString')).toBe('This resource is currently unavailable.');
  });
});

/**
 * One sentence per reason code in every language, with dates in the
 * language's own style (fr-CH, de-CH, it-CH, sv-SE, nb-NO) and lists joined
 * by its own conjunction.
 */
const TRANSLATED: Record<'fr' | 'de' | 'it' | 'sv' | 'nb', [Reason, string][]> = {
  fr: [
    [{ code: 'not-a-patron' }, 'Votre compte RERO+ n’est inscrit comme lecteur ou lectrice dans aucune bibliothèque.'],
    [{ code: 'disabled' }, 'Cette ressource n’est pas disponible pour le moment.'],
    [{ code: 'institution', institutions: ['fr'] }, 'Votre bibliothèque (fr) n’a pas de licence pour cette ressource.'],
    [{ code: 'institution', institutions: ['fr', 'ge', 'vd'] }, 'Aucune de vos bibliothèques (fr, ge et vd) n’a de licence pour cette ressource.'],
    [{ code: 'patron-type', institution: 'vs', patronType: 'vs-child' }, 'Votre catégorie de lecteur auprès de vs (vs-child) ne donne pas accès à cette ressource.'],
    [{ code: 'membership-expired', institution: 'vs', expiredOn: '2027-03-30' }, 'Votre inscription auprès de vs a expiré le 30 mars 2027.'],
    [{ code: 'age', minAge: 18, age: 17 }, 'Cette ressource est réservée aux personnes de 18 ans ou plus, et vous avez 17 ans.'],
    [
      { code: 'missing-data', field: 'birthDate' },
      'Votre date de naissance n’a pas été transmise lors de la connexion, si bien que votre âge ne peut pas être vérifié. Reconnectez-vous en autorisant sa transmission.',
    ],
    [
      { code: 'missing-data', field: 'patronType', institution: 'vs' },
      'Votre catégorie de lecteur auprès de vs n’a pas été transmise lors de la connexion, si bien qu’elle ne peut pas être vérifiée. Reconnectez-vous en autorisant sa transmission.',
    ],
    [
      { code: 'missing-data', field: 'expirationDate' },
      'La date d’échéance de votre inscription n’a pas été transmise lors de la connexion, si bien qu’elle ne peut pas être vérifiée. Reconnectez-vous en autorisant sa transmission.',
    ],
  ],
  de: [
    [{ code: 'not-a-patron' }, 'Ihr RERO+-Konto ist bei keiner Bibliothek als Benutzerin oder Benutzer eingetragen.'],
    [{ code: 'disabled' }, 'Diese Ressource ist zurzeit nicht verfügbar.'],
    [{ code: 'institution', institutions: ['fr'] }, 'Ihre Bibliothek (fr) hat keine Lizenz für diese Ressource.'],
    [{ code: 'institution', institutions: ['fr', 'ge', 'vd'] }, 'Keine Ihrer Bibliotheken (fr, ge und vd) hat eine Lizenz für diese Ressource.'],
    [{ code: 'patron-type', institution: 'vs', patronType: 'vs-child' }, 'Ihre Benutzerkategorie bei vs (vs-child) umfasst diese Ressource nicht.'],
    [{ code: 'membership-expired', institution: 'vs', expiredOn: '2027-03-30' }, 'Ihre Mitgliedschaft bei vs ist am 30. März 2027 abgelaufen.'],
    [{ code: 'age', minAge: 18, age: 17 }, 'Diese Ressource ist Personen ab 18 Jahren vorbehalten, und Sie sind 17.'],
    [
      { code: 'missing-data', field: 'birthDate' },
      'Ihr Geburtsdatum wurde bei der Anmeldung nicht freigegeben, daher kann Ihr Alter nicht geprüft werden. Melden Sie sich erneut an und erlauben Sie die Freigabe.',
    ],
    [
      { code: 'missing-data', field: 'patronType', institution: 'vs' },
      'Ihre Benutzerkategorie bei vs wurde bei der Anmeldung nicht freigegeben, daher kann sie nicht geprüft werden. Melden Sie sich erneut an und erlauben Sie die Freigabe.',
    ],
    [
      { code: 'missing-data', field: 'expirationDate' },
      'Das Ablaufdatum Ihrer Mitgliedschaft wurde bei der Anmeldung nicht freigegeben, daher kann es nicht geprüft werden. Melden Sie sich erneut an und erlauben Sie die Freigabe.',
    ],
  ],
  it: [
    [{ code: 'not-a-patron' }, 'Il suo account RERO+ non risulta iscritto come utente in nessuna biblioteca.'],
    [{ code: 'disabled' }, 'Questa risorsa non è al momento disponibile.'],
    [{ code: 'institution', institutions: ['fr'] }, 'La sua biblioteca (fr) non ha una licenza per questa risorsa.'],
    [{ code: 'institution', institutions: ['fr', 'ge', 'vd'] }, 'Nessuna delle sue biblioteche (fr, ge e vd) ha una licenza per questa risorsa.'],
    [{ code: 'patron-type', institution: 'vs', patronType: 'vs-child' }, 'La sua categoria di utente presso vs (vs-child) non comprende questa risorsa.'],
    [{ code: 'membership-expired', institution: 'vs', expiredOn: '2027-03-30' }, 'La sua iscrizione presso vs è scaduta il 30 marzo 2027.'],
    [{ code: 'age', minAge: 18, age: 17 }, 'Questa risorsa è riservata alle persone dai 18 anni in su, e lei ha 17 anni.'],
    [
      { code: 'missing-data', field: 'birthDate' },
      'La sua data di nascita non è stata condivisa al momento dell’accesso, quindi non è possibile verificare la sua età. Acceda di nuovo e ne autorizzi la condivisione.',
    ],
    [
      { code: 'missing-data', field: 'patronType', institution: 'vs' },
      'La sua categoria di utente presso vs non è stata condivisa al momento dell’accesso, quindi non può essere verificata. Acceda di nuovo e ne autorizzi la condivisione.',
    ],
    [
      { code: 'missing-data', field: 'expirationDate' },
      'La data di scadenza della sua iscrizione non è stata condivisa al momento dell’accesso, quindi non può essere verificata. Acceda di nuovo e ne autorizzi la condivisione.',
    ],
  ],
  sv: [
    [{ code: 'not-a-patron' }, 'Ditt RERO+-konto är inte registrerat som låntagare på något bibliotek.'],
    [{ code: 'disabled' }, 'Den här resursen är inte tillgänglig just nu.'],
    [{ code: 'institution', institutions: ['fr'] }, 'Ditt bibliotek (fr) har ingen licens för den här resursen.'],
    [{ code: 'institution', institutions: ['fr', 'ge', 'vd'] }, 'Inget av dina bibliotek (fr, ge och vd) har licens för den här resursen.'],
    [{ code: 'patron-type', institution: 'vs', patronType: 'vs-child' }, 'Din låntagarkategori hos vs (vs-child) ger inte tillgång till den här resursen.'],
    [{ code: 'membership-expired', institution: 'vs', expiredOn: '2027-03-30' }, 'Ditt medlemskap hos vs gick ut den 30 mars 2027.'],
    [{ code: 'age', minAge: 18, age: 17 }, 'Den här resursen är för personer som är 18 år eller äldre, och du är 17.'],
    [
      { code: 'missing-data', field: 'birthDate' },
      'Ditt födelsedatum delades inte när du loggade in, så din ålder kan inte kontrolleras. Logga in igen och tillåt att det delas.',
    ],
    [
      { code: 'missing-data', field: 'patronType', institution: 'vs' },
      'Din låntagarkategori hos vs delades inte när du loggade in, så den kan inte kontrolleras. Logga in igen och tillåt att den delas.',
    ],
    [
      { code: 'missing-data', field: 'expirationDate' },
      'Slutdatumet för ditt medlemskap delades inte när du loggade in, så det kan inte kontrolleras. Logga in igen och tillåt att det delas.',
    ],
  ],
  nb: [
    [{ code: 'not-a-patron' }, 'RERO+-kontoen din er ikke registrert som låner ved noe bibliotek.'],
    [{ code: 'disabled' }, 'Denne ressursen er ikke tilgjengelig for øyeblikket.'],
    [{ code: 'institution', institutions: ['fr'] }, 'Biblioteket ditt (fr) har ikke lisens på denne ressursen.'],
    [{ code: 'institution', institutions: ['fr', 'ge', 'vd'] }, 'Ingen av bibliotekene dine (fr, ge og vd) har lisens på denne ressursen.'],
    [{ code: 'patron-type', institution: 'vs', patronType: 'vs-child' }, 'Lånerkategorien din ved vs (vs-child) gir ikke tilgang til denne ressursen.'],
    [{ code: 'membership-expired', institution: 'vs', expiredOn: '2027-03-30' }, 'Medlemskapet ditt ved vs gikk ut 30. mars 2027.'],
    [{ code: 'age', minAge: 18, age: 17 }, 'Denne ressursen er for personer som er 18 år eller eldre, og du er 17.'],
    [
      { code: 'missing-data', field: 'birthDate' },
      'Fødselsdatoen din ble ikke delt da du logget inn, så alderen din kan ikke kontrolleres. Logg inn på nytt og tillat at den deles.',
    ],
    [
      { code: 'missing-data', field: 'patronType', institution: 'vs' },
      'Lånerkategorien din ved vs ble ikke delt da du logget inn, så den kan ikke kontrolleres. Logg inn på nytt og tillat at den deles.',
    ],
    [
      { code: 'missing-data', field: 'expirationDate' },
      'Sluttdatoen for medlemskapet ditt ble ikke delt da du logget inn, så den kan ikke kontrolleres. Logg inn på nytt og tillat at den deles.',
    ],
  ],
};

describe.each(Object.entries(TRANSLATED))('describeReason in %s', (locale, table) => {
  test.each(table)('%j', (reason, sentence) => {
    expect(describeReason(reason, locale)).toBe(sentence);
  });

  test('every reason code has a sentence, none of them English', () => {
    const codes = new Set(table.map(([reason]) => reason.code));
    expect([...codes].sort()).toEqual(['age', 'disabled', 'institution', 'membership-expired', 'missing-data', 'not-a-patron', 'patron-type']);
    for (const [reason] of table) expect(describeReason(reason, locale)).not.toBe(describeReason(reason, 'en'));
  });
});

describe('dates in each language', () => {
  test.each([
    ['en', '1 January 2027'],
    ['fr', '1 janvier 2027'],
    ['de', '1. Januar 2027'],
    ['it', '1 gennaio 2027'],
    ['sv', '1 januari 2027'],
    ['nb', '1. januar 2027'],
  ])('%s: %s', (locale, date) => {
    expect(describeReason({ code: 'membership-expired', institution: 'vs', expiredOn: '2027-01-01' }, locale)).toContain(date);
  });

  test('a 29 February stays the 29th in every language', () => {
    const reason: Reason = { code: 'membership-expired', institution: 'vs', expiredOn: '2028-02-29' };
    expect(describeReason(reason, 'fr')).toContain('29 février 2028');
    expect(describeReason(reason, 'de')).toContain('29. Februar 2028');
    expect(describeReason(reason, 'it')).toContain('29 febbraio 2028');
    expect(describeReason(reason, 'sv')).toContain('29 februari 2028');
    expect(describeReason(reason, 'nb')).toContain('29. februar 2028');
  });

  test('the table holds English and the five translations', () => {
    expect([...REASON_LOCALES].sort()).toEqual(['de', 'en', 'fr', 'it', 'nb', 'sv']);
  });
});
