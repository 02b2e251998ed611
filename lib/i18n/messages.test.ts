/**
 * Every language carries every message, with the same placeholders: a key
 * missing in one locale would show a raw key (or throw) to a patron or to
 * the library's staff. The admin area speaks every language the patron
 * pages do, so its messages are translated too, not English copies.
 */
import { TYPE, parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, test } from 'vitest';
import { formatDay } from './format';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locales';
import { MESSAGES } from './messages';
import { describeReason } from './reasons';

const ADMIN = 'admin';

/** { a: { b: 'x' } } → { 'a.b': 'x' }; a non-string leaf keeps its type so that it fails below. */
function flatten(tree: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (tree && typeof tree === 'object' && !Array.isArray(tree)) {
    for (const [key, value] of Object.entries(tree)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (value && typeof value === 'object' && !Array.isArray(value)) for (const entry of flatten(value, path)) out.set(...entry);
      else out.set(path, value);
    }
  }
  return out;
}

const isAdmin = (key: string) => key === ADMIN || key.startsWith(`${ADMIN}.`);
const messages = (locale: Locale) => flatten(MESSAGES[locale]);
const patronKeys = (locale: Locale) => [...messages(locale).keys()].filter((key) => !isAdmin(key)).sort();
const adminKeys = (locale: Locale) => [...messages(locale).keys()].filter(isAdmin).sort();

/** The keys every locale must have with en's placeholders: all of them, the patrons' and the admin area's. */
function requiredKeys(_locale: Locale): string[] {
  return [...patronKeys(DEFAULT_LOCALE), ...adminKeys(DEFAULT_LOCALE)];
}

function difference(expected: string[], actual: string[]) {
  return { missing: expected.filter((key) => !actual.includes(key)), extra: actual.filter((key) => !expected.includes(key)) };
}

/** ICU argument names ({name}, {count, plural, …}, <tag>), nested ones included, as next-intl's parser reads them. */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
      names.add(element.type === TYPE.tag ? `<${element.value}>` : element.value);
      if (element.type === TYPE.tag) walk(element.children);
      if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) walk(option.value);
    }
  };
  walk(parse(message));
  return [...names].sort();
}

const TRANSLATIONS = LOCALES.filter((locale) => locale !== DEFAULT_LOCALE);

describe('message files', () => {
  test('en.json has the admin namespace', () => {
    expect(adminKeys(DEFAULT_LOCALE).length).toBeGreaterThan(0);
  });

  test.each(TRANSLATIONS)('%s has exactly the patron keys of en.json', (locale) => {
    expect(difference(patronKeys(DEFAULT_LOCALE), patronKeys(locale))).toEqual({ missing: [], extra: [] });
  });

  test.each(TRANSLATIONS)('%s has exactly the admin keys of en.json', (locale) => {
    expect(adminKeys(locale).length).toBeGreaterThan(0);
    expect(difference(adminKeys(DEFAULT_LOCALE), adminKeys(locale))).toEqual({ missing: [], extra: [] });
  });

  test.each(LOCALES)('no message of %s writes markdown backticks, which a page would show as they are (a command is a <code> tag)', (locale) => {
    const ticked = [...flatten(MESSAGES[locale])].filter(([, value]) => typeof value === 'string' && value.includes('`')).map(([key]) => key);
    expect(ticked).toEqual([]);
  });

  test.each(LOCALES)('every message of %s is a non-empty string that next-intl can parse', (locale) => {
    const broken: string[] = [];
    for (const key of requiredKeys(locale)) {
      const message = messages(locale).get(key);
      if (typeof message !== 'string' || message.trim() === '') broken.push(`${key}: not a non-empty string`);
      else {
        try {
          parse(message);
        } catch (error) {
          broken.push(`${key}: ${(error as Error).message}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  test.each(TRANSLATIONS)('%s keeps every ICU placeholder of en.json, and adds none', (locale) => {
    const en = messages(DEFAULT_LOCALE);
    const translated = messages(locale);
    const wrong: string[] = [];
    for (const key of requiredKeys(locale)) {
      const source = en.get(key);
      const target = translated.get(key);
      if (typeof source !== 'string' || typeof target !== 'string') continue; // reported by the tests above
      const expected = placeholders(source);
      let actual: string[];
      try {
        actual = placeholders(target);
      } catch {
        continue; // reported by the parse test
      }
      if (expected.join() !== actual.join()) wrong.push(`${key}: en has {${expected.join('}, {')}}, ${locale} has {${actual.join('}, {')}}`);
    }
    expect(wrong).toEqual([]);
  });

  test.each(TRANSLATIONS)('the patron strings of %s are translated, not English copies', (locale) => {
    const en = messages(DEFAULT_LOCALE);
    const translated = messages(locale);
    const copies = patronKeys(DEFAULT_LOCALE).filter((key) => translated.get(key) === en.get(key));
    expect(copies).toEqual([]);
  });

  test.each(TRANSLATIONS)('the admin strings of %s are translated, not English copies', (locale) => {
    const en = messages(DEFAULT_LOCALE);
    const translated = messages(locale);
    // A word or two may read the same ("Test", "Status", "Sigel", "Institution (X-Patron-Institution)"); a sentence may not.
    const words = (message: string) => message.replace(/\{[^{}]*\}/g, ' ').split(/\s+/).filter((word) => /\p{L}/u.test(word)).length;
    const copies = adminKeys(DEFAULT_LOCALE).filter((key) => {
      const source = en.get(key);
      return typeof source === 'string' && translated.get(key) === source && words(source) > 2;
    });
    expect(copies).toEqual([]);
  });
});

describe('denial reasons', () => {
  test.each(LOCALES)('%s writes dates in reasons as the pages do', (locale) => {
    const sentence = describeReason({ code: 'membership-expired', institution: 'vs', expiredOn: '2027-03-30' }, { locale });
    expect(sentence).toContain(formatDay('2027-03-30', locale));
  });
});
