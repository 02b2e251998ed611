import { describe, expect, test } from 'vitest';
import type { Directory, Reason } from '../access';
import { LOCALES, type Locale } from './locales';
import { describeReason, renewalAt, renewalsFor, splitSharedReasons } from './reasons';

const DIRECTORY: Directory = {
  institutions: [
    { code: 'vs', names: { en: 'Valais Media Library', fr: 'Médiathèque Valais', de: 'Mediathek Wallis' }, renewUrl: 'https://www.mediatheque.ch/renew' },
    { code: 'rbnj', names: { fr: 'Bibliothèques du Jura' }, contact: 'info@rbnj.ch' },
    { code: 'fr', names: { en: 'Fribourg Cantonal Library' } },
  ],
  patronTypes: [
    { institution: 'vs', code: 'vs-child', names: { en: 'Young reader', fr: 'Jeune lecteur' } },
    { institution: 'vs', code: 'vs-pm', names: { en: 'Adult reader' } },
  ],
};

const en = (reason: Reason) => describeReason(reason, { locale: 'en', directory: DIRECTORY });

describe('describeReason in English, with the directory', () => {
  test.each<[Reason, string]>([
    [{ code: 'not-a-patron' }, 'Your RERO+ account is not registered as a patron of any library.'],
    [{ code: 'disabled' }, 'This resource is currently unavailable.'],
    [{ code: 'institution', institutions: ['fr'] }, 'Your library, Fribourg Cantonal Library, does not license this resource.'],
    [{ code: 'institution', institutions: ['fr', 'vs'] }, 'None of your libraries (Fribourg Cantonal Library and Valais Media Library) licenses this resource.'],
    // Named in French only: English falls back to the code, never to another language.
    [{ code: 'institution', institutions: ['fr', 'rbnj', 'vs'] }, 'None of your libraries (Fribourg Cantonal Library, rbnj and Valais Media Library) licenses this resource.'],
    [{ code: 'patron-type', institution: 'vs', patronType: 'vs-child' }, 'Your patron category at Valais Media Library, Young reader, does not include this resource.'],
    [{ code: 'membership-expired', institution: 'vs', expiredOn: '2027-03-30' }, 'Your membership at Valais Media Library expired on 30 March 2027.'],
    [{ code: 'membership-expired', institution: 'zz', expiredOn: '2028-02-29' }, 'Your membership at zz expired on 29 February 2028.'],
    [{ code: 'age', minAge: 18, age: 12 }, 'This resource is for readers aged 18 and over.'],
    [{ code: 'missing-data', field: 'birthDate' }, 'Your birth date was not shared when you signed in, so your age cannot be checked; sign in again and allow it to be shared.'],
    [
      { code: 'missing-data', field: 'patronType', institution: 'vs' },
      'Your patron category at Valais Media Library was not shared when you signed in, so it cannot be checked; sign in again and allow it to be shared.',
    ],
    [
      { code: 'missing-data', field: 'expirationDate' },
      'The expiry date of your membership was not shared when you signed in, so it cannot be checked; sign in again and allow it to be shared.',
    ],
  ])('%j', (reason, sentence) => {
    expect(en(reason)).toBe(sentence);
  });

  test('the age reason never tells a patron their age', () => {
    for (const locale of LOCALES) {
      const sentence = describeReason({ code: 'age', minAge: 18, age: 12 }, { locale });
      expect(sentence).toContain('18');
      expect(sentence).not.toMatch(/\b12\b/);
    }
  });

  test('without a directory, codes are shown as they are', () => {
    expect(describeReason({ code: 'patron-type', institution: 'vs', patronType: 'vs-child' }, { locale: 'en' })).toBe(
      'Your patron category at vs, vs-child, does not include this resource.',
    );
  });

  test('a name with markup is text, not markup: the sentence holds it verbatim (pages escape it)', () => {
    const directory: Directory = { institutions: [{ code: 'x', names: { en: '<b>Bold</b> & {curly}' } }], patronTypes: [] };
    expect(describeReason({ code: 'institution', institutions: ['x'] }, { locale: 'en', directory })).toBe('Your library, <b>Bold</b> & {curly}, does not license this resource.');
  });
});

/** Each language names the directory's entries in that language, formats its own dates and lists, and says nothing in English. */
const TRANSLATED: Record<Exclude<Locale, 'en'>, { expired: string; types: string; list: string; age: string }> = {
  fr: { expired: 'Votre inscription auprès de Médiathèque Valais a expiré le 30 mars 2027.', types: 'Votre catégorie de lecteur auprès de Médiathèque Valais, Jeune lecteur, ne donne pas accès à cette ressource.', list: '(Fribourg Cantonal Library, Bibliothèques du Jura et Médiathèque Valais)', age: 'Cette ressource est destinée aux lecteurs et lectrices de 18 ans et plus.' },
  de: { expired: 'Ihre Mitgliedschaft bei Mediathek Wallis ist am 30. März 2027 abgelaufen.', types: 'Ihre Benutzerkategorie bei Mediathek Wallis, Young reader, umfasst diese Ressource nicht.', list: '(Fribourg Cantonal Library, rbnj und Mediathek Wallis)', age: 'Diese Ressource ist für Leserinnen und Leser ab 18 Jahren.' },
  it: { expired: 'La sua iscrizione presso Valais Media Library è scaduta il 30 marzo 2027.', types: 'La sua categoria di utente presso Valais Media Library, Young reader, non comprende questa risorsa.', list: '(Fribourg Cantonal Library, rbnj e Valais Media Library)', age: 'Questa risorsa è destinata a lettrici e lettori dai 18 anni in su.' },
  sv: { expired: 'Ditt medlemskap hos Valais Media Library gick ut den 30 mars 2027.', types: 'Din låntagarkategori hos Valais Media Library, Young reader, ger inte tillgång till den här resursen.', list: '(Fribourg Cantonal Library, rbnj och Valais Media Library)', age: 'Den här resursen är för läsare som är 18 år eller äldre.' },
  nb: { expired: 'Medlemskapet ditt ved Valais Media Library gikk ut 30. mars 2027.', types: 'Lånerkategorien din ved Valais Media Library, Young reader, gir ikke tilgang til denne ressursen.', list: '(Fribourg Cantonal Library, rbnj og Valais Media Library)', age: 'Denne ressursen er for lesere som er 18 år eller eldre.' },
};

const EVERY_REASON: Reason[] = [
  { code: 'not-a-patron' },
  { code: 'disabled' },
  { code: 'institution', institutions: ['fr'] },
  { code: 'institution', institutions: ['fr', 'vs'] },
  { code: 'patron-type', institution: 'vs', patronType: 'vs-child' },
  { code: 'membership-expired', institution: 'vs', expiredOn: '2027-03-30' },
  { code: 'age', minAge: 18, age: 12 },
  { code: 'missing-data', field: 'birthDate' },
  { code: 'missing-data', field: 'patronType' },
  { code: 'missing-data', field: 'patronType', institution: 'vs' },
  { code: 'missing-data', field: 'expirationDate' },
  { code: 'missing-data', field: 'expirationDate', institution: 'vs' },
];

describe.each(Object.entries(TRANSLATED) as [Exclude<Locale, 'en'>, (typeof TRANSLATED)['fr']][])('describeReason in %s', (locale, expected) => {
  const say = (reason: Reason) => describeReason(reason, { locale, directory: DIRECTORY });
  test('names, dates and lists in the language', () => {
    expect(say({ code: 'membership-expired', institution: 'vs', expiredOn: '2027-03-30' })).toBe(expected.expired);
    expect(say({ code: 'patron-type', institution: 'vs', patronType: 'vs-child' })).toBe(expected.types);
    expect(say({ code: 'institution', institutions: ['fr', 'rbnj', 'vs'] })).toContain(expected.list);
    expect(say({ code: 'age', minAge: 18, age: 12 })).toBe(expected.age);
  });

  test('every reason has a sentence of its own, none of them English', () => {
    for (const reason of EVERY_REASON) {
      const sentence = say(reason);
      expect(sentence.length).toBeGreaterThan(20);
      expect(sentence).not.toBe(en(reason));
    }
  });
});

describe('renewal', () => {
  test('the renewal link first, then the institution contact, then the library contact, then "ask at"', () => {
    expect(renewalAt('vs', { locale: 'en', directory: DIRECTORY }, 'desk@library.example')).toEqual({
      institution: 'vs',
      via: 'renewUrl',
      link: { href: 'https://www.mediatheque.ch/renew', label: 'Renew your membership at Valais Media Library' },
    });
    expect(renewalAt('rbnj', { locale: 'fr', directory: DIRECTORY }, 'desk@library.example')).toEqual({
      institution: 'rbnj',
      via: 'contact',
      text: 'Pour la renouveler, contactez Bibliothèques du Jura : info@rbnj.ch',
    });
    expect(renewalAt('fr', { locale: 'en', directory: DIRECTORY }, 'desk@library.example')).toEqual({ institution: 'fr', via: 'library', text: 'To renew it, contact the library: desk@library.example' });
    expect(renewalAt('fr', { locale: 'en', directory: DIRECTORY })).toEqual({ institution: 'fr', via: 'ask', text: 'To renew it, ask at Fribourg Cantonal Library.' });
  });

  test('one renewal per institution whose membership expired, none for other reasons', () => {
    const reasons: Reason[] = [
      { code: 'age', minAge: 18, age: 12 },
      { code: 'membership-expired', institution: 'vs', expiredOn: '2024-03-31' },
      { code: 'patron-type', institution: 'rbnj', patronType: 'x' },
      { code: 'membership-expired', institution: 'rbnj', expiredOn: '2024-01-31' },
    ];
    expect(renewalsFor(reasons, { locale: 'en', directory: DIRECTORY }).map((r) => r.institution)).toEqual(['vs', 'rbnj']);
    expect(renewalsFor([{ code: 'disabled' }], { locale: 'en', directory: DIRECTORY })).toEqual([]);
  });
});

describe('splitSharedReasons', () => {
  const expired: Reason = { code: 'membership-expired', institution: 'vs', expiredOn: '2024-03-31' };
  const age: Reason = { code: 'age', minAge: 18, age: 12 };
  const age16: Reason = { code: 'age', minAge: 16, age: 12 };

  test('a reason of several resources is said once, with the resources it closes; the rest stays with its resource', () => {
    const { shared, own } = splitSharedReasons([
      { slug: 'cairn', reasons: [expired, age] },
      { slug: 'press', reasons: [expired] },
      { slug: 'films', reasons: [age16] },
      { slug: 'atlas', reasons: [{ ...expired }] },
    ]);
    expect(shared).toEqual([{ reason: expired, slugs: ['cairn', 'press', 'atlas'] }]);
    expect(own.get('cairn')).toEqual([age]);
    expect(own.get('press')).toEqual([]);
    expect(own.get('films')).toEqual([age16]);
  });

  test('the same reason with its fields in another order is the same reason', () => {
    const reordered = { expiredOn: '2024-03-31', institution: 'vs', code: 'membership-expired' } as Reason;
    expect(splitSharedReasons([{ slug: 'a', reasons: [expired] }, { slug: 'b', reasons: [reordered] }]).shared).toHaveLength(1);
  });

  test('reasons of one resource only are never shared', () => {
    expect(splitSharedReasons([{ slug: 'a', reasons: [expired, age] }]).shared).toEqual([]);
  });
});
