import { describe, expect, test } from 'vitest';
import { ConnectionError } from '../oauth/errors';
import { apiUrl } from './client';

describe('apiUrl: paths stay below the API base, so the token goes nowhere else', () => {
  test.each([
    ['https://libris-qa.kb.se', '/fxql7jqr38b1dkf', 'https://libris-qa.kb.se/fxql7jqr38b1dkf'],
    ['https://libris-qa.kb.se', 'fxql7jqr38b1dkf', 'https://libris-qa.kb.se/fxql7jqr38b1dkf'],
    ['https://api.regionhalland.se/hsainfo/', '/units?name=a%20b', 'https://api.regionhalland.se/hsainfo/units?name=a%20b'],
    ['https://api.regionhalland.se/hsainfo', 'units/1', 'https://api.regionhalland.se/hsainfo/units/1'],
  ])('%s + %s', (base, path, expected) => {
    expect(apiUrl(base, path).href).toBe(expected);
  });

  test.each([
    ['https://api.regionhalland.se/hsainfo', '../admin'],
    ['https://api.regionhalland.se/hsainfo', '/%2e%2e/admin'],
    ['https://libris-qa.kb.se', 'https://evil.example/steal'],
    ['https://libris-qa.kb.se', '//evil.example/steal'],
    ['https://libris-qa.kb.se', '\\\\evil.example'],
  ])('refuses %s + %s', (base, path) => {
    expect(() => apiUrl(base, path)).toThrow(ConnectionError);
  });
});
