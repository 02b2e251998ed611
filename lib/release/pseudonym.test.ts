import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { PAIRWISE_LABEL, pairwisePseudonym, pseudonymKeyFrom } from './pseudonym';

/** The test vector of docs/pseudonyms.md: key 00 01 02 … 1f. */
const VECTOR_KEY = Uint8Array.from({ length: 32 }, (_, i) => i);

describe('pairwise pseudonyms', () => {
  test('the documented test vector', () => {
    const key = pseudonymKeyFrom(VECTOR_KEY);
    expect(pairwisePseudonym(key, '1001', 'cairn')).toBe('C-a88IT2zuQzR4NyRfTFCgXntcpsmwNW2tUA0ZV9S7M');
    expect(pairwisePseudonym(key, '1001', 'jstor')).toBe('nG1lsUZwgYT88YMQ_q96elASKKT_zPM92e4ngeCAkPk');
    expect(pairwisePseudonym(key, '1002', 'cairn')).toBe('cDq8oSteHKgIDW5hBSS5vfwxz0f0rGda8j_MvMDGmAg');
  });

  test('is HMAC-SHA-256 over the label, the user id and the sector, NUL-separated, in base64url without padding', () => {
    const key = pseudonymKeyFrom(VECTOR_KEY);
    const expected = createHmac('sha256', Buffer.from(VECTOR_KEY)).update(Buffer.from(`rero-gateway pairwise-id v1\u00001001\u0000cairn`, 'utf8')).digest();
    const value = pairwisePseudonym(key, '1001', 'cairn');
    expect(Buffer.from(value, 'base64url').equals(expected)).toBe(true);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(PAIRWISE_LABEL).toBe('rero-gateway pairwise-id v1');
  });

  test('is stable for one patron and one sector, and differs between sectors, patrons and keys', () => {
    const key = pseudonymKeyFrom(VECTOR_KEY);
    const other = pseudonymKeyFrom(Uint8Array.from({ length: 32 }, (_, i) => 255 - i));
    const values = new Set([
      pairwisePseudonym(key, '1001', 'cairn'),
      pairwisePseudonym(key, '1001', 'jstor'),
      pairwisePseudonym(key, '1002', 'cairn'),
      pairwisePseudonym(other, '1001', 'cairn'),
      // The separator keeps "1" + "0cairn" apart from "10" + "cairn".
      pairwisePseudonym(key, '1', '0cairn'),
      pairwisePseudonym(key, '10', 'cairn'),
    ]);
    expect(values.size).toBe(6);
    expect(pairwisePseudonym(key, '1001', 'cairn')).toBe(pairwisePseudonym(pseudonymKeyFrom(VECTOR_KEY), '1001', 'cairn'));
  });

  test('never shows the key when printed', () => {
    const key = pseudonymKeyFrom(VECTOR_KEY);
    expect(JSON.stringify(key)).not.toContain('AAECAw');
    expect(String(key.secret)).not.toContain('000102');
  });

  test('refuses a key of the wrong size and parts that would make the input ambiguous', () => {
    expect(() => pseudonymKeyFrom(new Uint8Array(16))).toThrow(RangeError);
    const key = pseudonymKeyFrom(VECTOR_KEY);
    expect(() => pairwisePseudonym(key, '10\u00001', 'cairn')).toThrow(TypeError);
    expect(() => pairwisePseudonym(key, '', 'cairn')).toThrow(TypeError);
    expect(() => pairwisePseudonym(key, '1001', '')).toThrow(TypeError);
  });
});
