/**
 * Secrets at rest: the secret fields of a connection, as JSON, encrypted with
 * AES-256-GCM under a key derived from SECRETS_KEY by HKDF-SHA-256
 * (RFC 5869). Each sealing draws a random 96-bit IV (NIST SP 800-38D §8.2.2);
 * the connection's provider and id are the additional authenticated data, so
 * a sealed value copied to another row does not open there.
 *
 * Format: `v1.<iv>.<ciphertext>.<tag>`, each part base64url. The version
 * names the cipher and the derivation, so a later format can be read beside
 * this one.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ConnectionError } from '../oauth/errors';

export const SECRETS_KEY_MIN_LENGTH = 32;

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * SECRETS_KEY from the environment: undefined when unset, a ConnectionError
 * when too short (the same rule as lib/config.ts). For the command line,
 * which does not load the web server's whole configuration.
 */
export function secretsKeyFromEnv(env: Record<string, string | undefined> = process.env): string | undefined {
  const value = env.SECRETS_KEY;
  if (value === undefined || value === '') return undefined;
  if (value.length < SECRETS_KEY_MIN_LENGTH) {
    throw new ConnectionError('secrets_key_missing', `SECRETS_KEY must be at least ${SECRETS_KEY_MIN_LENGTH} characters (use e.g. \`openssl rand -base64 48\`).`);
  }
  return value;
}

/** The message for connections with secrets and no SECRETS_KEY. */
export function missingKeyMessage(what: string): string {
  return `${what} secrets, and SECRETS_KEY is not set: set SECRETS_KEY (at least ${SECRETS_KEY_MIN_LENGTH} characters, e.g. from \`openssl rand -base64 48\`) so that they are stored encrypted.`;
}

/** The additional authenticated data of a connection's secrets. Stable: changing it makes stored secrets unreadable. */
export function secretsContext(provider: string, id: string): string {
  return `${provider}/${id}`;
}

export interface SecretBox {
  /** Encrypts `secrets` for the connection named by `context` (secretsContext). */
  seal(secrets: Record<string, string>, context: string): string;
  /** Decrypts; a ConnectionError('secrets_unreadable') when the key or the context is not the one it was sealed with. */
  open(sealed: string, context: string): Record<string, string>;
}

export function secretBox(secretsKey: string): SecretBox {
  if (secretsKey.length < SECRETS_KEY_MIN_LENGTH) throw new ConnectionError('secrets_key_missing', `SECRETS_KEY must be at least ${SECRETS_KEY_MIN_LENGTH} characters.`);
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secretsKey, 'utf8'), Buffer.from('rero-gateway'), Buffer.from('connections/secrets/v1'), 32));
  const unreadable = (context: string) =>
    new ConnectionError('secrets_unreadable', `The stored secrets of connection ${context} cannot be decrypted: SECRETS_KEY is not the key they were stored with.`);
  return {
    seal(secrets, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed, context) {
      const [version, iv, ciphertext, tag, ...rest] = sealed.split('.');
      if (version !== VERSION || iv === undefined || ciphertext === undefined || tag === undefined || rest.length > 0) throw unreadable(context);
      let plain: string;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw unreadable(context);
      }
      const value: unknown = JSON.parse(plain);
      if (typeof value !== 'object' || value === null || Object.values(value).some((v) => typeof v !== 'string')) throw unreadable(context);
      return value as Record<string, string>;
    },
  };
}
