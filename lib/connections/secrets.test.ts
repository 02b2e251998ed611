import { describe, expect, test } from 'vitest';
import { ConnectionError } from '../oauth/errors';
import { secretBox, secretsContext, secretsKeyFromEnv } from './secrets';

const KEY = 'k'.repeat(32) + '-secrets-key-for-tests';
const SECRETS = { clientSecret: 'the-client-secret-value' };
const CONTEXT = secretsContext('libris', 'libris-test');

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectionError);
    return (error as ConnectionError).code;
  }
}

describe('secretBox (AES-256-GCM, HKDF from SECRETS_KEY)', () => {
  test('seals into a versioned string that opens to the same secrets', () => {
    const box = secretBox(KEY);
    const sealed = box.seal(SECRETS, CONTEXT);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.toContain('the-client-secret-value');
    expect(box.open(sealed, CONTEXT)).toEqual(SECRETS);
  });

  test('a random IV each time: the same secrets seal differently', () => {
    const box = secretBox(KEY);
    expect(box.seal(SECRETS, CONTEXT)).not.toBe(box.seal(SECRETS, CONTEXT));
  });

  test('another key, another connection, or a changed byte: unreadable', () => {
    const sealed = secretBox(KEY).seal(SECRETS, CONTEXT);
    expect(codeOf(() => secretBox(`${KEY}-other`).open(sealed, CONTEXT))).toBe('secrets_unreadable');
    expect(codeOf(() => secretBox(KEY).open(sealed, secretsContext('libris', 'libris-prod')))).toBe('secrets_unreadable');
    const parts = sealed.split('.');
    const ciphertext = Buffer.from(parts[2] ?? '', 'base64url');
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    parts[2] = ciphertext.toString('base64url');
    expect(codeOf(() => secretBox(KEY).open(parts.join('.'), CONTEXT))).toBe('secrets_unreadable');
    expect(codeOf(() => secretBox(KEY).open(`v2${sealed.slice(2)}`, CONTEXT))).toBe('secrets_unreadable');
  });

  test('the message of an unreadable secret says what to do and repeats nothing secret', () => {
    const sealed = secretBox(KEY).seal(SECRETS, CONTEXT);
    try {
      secretBox(`${KEY}-other`).open(sealed, CONTEXT);
    } catch (error) {
      expect((error as Error).message).toBe('The stored secrets of connection libris/libris-test cannot be decrypted: SECRETS_KEY is not the key they were stored with.');
    }
  });

  test('SECRETS_KEY: unset is undefined, shorter than 32 characters is refused', () => {
    expect(secretsKeyFromEnv({})).toBeUndefined();
    expect(secretsKeyFromEnv({ SECRETS_KEY: '' })).toBeUndefined();
    expect(secretsKeyFromEnv({ SECRETS_KEY: KEY })).toBe(KEY);
    expect(codeOf(() => secretsKeyFromEnv({ SECRETS_KEY: 'short' }))).toBe('secrets_key_missing');
  });
});
