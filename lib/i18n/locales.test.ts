import { describe, expect, test } from 'vitest';
import { LOCALE_COOKIE, LOCALES, fromAcceptLanguage, isLocale, localeOfRequest, negotiateLocale } from './locales';

describe('Accept-Language (RFC 9110 §12.5.4)', () => {
  test.each([
    ['fr', 'fr'],
    ['de-CH', 'de'],
    ['it-CH,it;q=0.9,en;q=0.8', 'it'],
    ['sv-SE', 'sv'],
    ['nb-NO', 'nb'],
    ['EN-gb', 'en'],
    ['de_CH', 'de'],
  ])('%s → %s', (header, locale) => {
    expect(fromAcceptLanguage(header)).toBe(locale);
  });

  test('the highest q-value wins, whatever the order', () => {
    expect(fromAcceptLanguage('en;q=0.5, de;q=0.9, fr;q=0.7')).toBe('de');
    expect(fromAcceptLanguage('fr;q=0.1, it')).toBe('it');
    expect(fromAcceptLanguage('en;q=0.8,sv;q=0.81')).toBe('sv');
  });

  test('ties keep the order of the header', () => {
    expect(fromAcceptLanguage('de, fr')).toBe('de');
    expect(fromAcceptLanguage('fr, de')).toBe('fr');
    expect(fromAcceptLanguage('it;q=0.5, sv;q=0.5')).toBe('it');
    expect(fromAcceptLanguage('sv;q=0.5, it;q=0.5')).toBe('sv');
  });

  test('Norwegian "no" and Nynorsk "nn" are read as Bokmål', () => {
    expect(fromAcceptLanguage('no')).toBe('nb');
    expect(fromAcceptLanguage('nn-NO')).toBe('nb');
    expect(fromAcceptLanguage('no-NO,no;q=0.9,en;q=0.5')).toBe('nb');
  });

  test('unsupported languages are skipped for the next supported one', () => {
    expect(fromAcceptLanguage('ja, rm;q=0.9, de;q=0.8')).toBe('de');
    expect(fromAcceptLanguage('*, fr;q=0.5')).toBe('fr');
  });

  test('q=0 means "not this one"; a malformed q-value counts as 0', () => {
    expect(fromAcceptLanguage('fr;q=0, de;q=0.1')).toBe('de');
    expect(fromAcceptLanguage('fr;q=abc, it;q=0.2')).toBe('it');
    expect(fromAcceptLanguage('fr;q=0')).toBeUndefined();
  });

  test('nothing supported, empty or missing: no answer', () => {
    expect(fromAcceptLanguage('ja, zh-CN;q=0.8')).toBeUndefined();
    expect(fromAcceptLanguage('')).toBeUndefined();
    expect(fromAcceptLanguage(null)).toBeUndefined();
    expect(fromAcceptLanguage(undefined)).toBeUndefined();
  });

  test('only the first 30 entries of an absurdly long header count', () => {
    expect(fromAcceptLanguage(`${'xx;q=0.9, '.repeat(5000)}fr`)).toBeUndefined();
  });
});

describe('negotiateLocale', () => {
  test('the patron’s choice (cookie) wins over the browser', () => {
    expect(negotiateLocale('it', 'de-CH,de;q=0.9')).toBe('it');
    expect(negotiateLocale('nb', 'fr')).toBe('nb');
  });

  test('an unknown cookie value is ignored', () => {
    expect(negotiateLocale('xx', 'sv')).toBe('sv');
    expect(negotiateLocale('toString', 'de')).toBe('de');
    expect(negotiateLocale('', 'fr')).toBe('fr');
  });

  test('unknown or absent languages fall back to English', () => {
    expect(negotiateLocale(undefined, 'ja')).toBe('en');
    expect(negotiateLocale(undefined, null)).toBe('en');
    expect(negotiateLocale('xx', 'zh, ko;q=0.5')).toBe('en');
  });

  test('every language can be chosen by cookie', () => {
    for (const locale of LOCALES) expect(negotiateLocale(locale, 'en')).toBe(locale);
  });
});

describe('localeOfRequest', () => {
  const request = (headers: Record<string, string>) => new Request('http://localhost/', { headers });

  test('reads the gw_lang cookie among others', () => {
    expect(localeOfRequest(request({ cookie: `gw_session=abc; ${LOCALE_COOKIE}=de; other=1`, 'accept-language': 'fr' }))).toBe('de');
  });

  test('falls back to Accept-Language, then English', () => {
    expect(localeOfRequest(request({ 'accept-language': 'sv-SE,sv;q=0.9' }))).toBe('sv');
    expect(localeOfRequest(request({ cookie: 'gw_session=abc' }))).toBe('en');
  });
});

test('isLocale accepts exactly the six languages', () => {
  expect(LOCALES).toEqual(['en', 'fr', 'de', 'it', 'sv', 'nb']);
  for (const locale of LOCALES) expect(isLocale(locale)).toBe(true);
  for (const value of ['no', 'nn', 'EN', 'fr-CH', '', 'constructor', 42, null, undefined]) expect(isLocale(value)).toBe(false);
});
