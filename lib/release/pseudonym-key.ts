/**
 * The pseudonym key: random, created once, shared by every instance through
 * the store, kept across restarts, and never stored in clear.
 *
 * - Created by the first instance that finds none: it inserts a new key only if
 *   the row is still absent, then reads the row again, so instances starting
 *   together all use the first one's key.
 * - Sealed with iron-session under a key derived from SESSION_SECRET by
 *   HKDF-SHA-256 (RFC 5869) with a label of its own: a copy of the row (a
 *   database dump, a backup) gives nothing without the secret, and is never a
 *   session cookie.
 * - When SESSION_SECRET rotates (the old one moved to SESSION_SECRET_PREVIOUS),
 *   the key opens with the previous secret and is sealed again under the new one.
 * - When no configured secret opens it, start-up stops and says why: a new key
 *   would silently change every pseudonym the e-resources have stored.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { sealData, unsealData } from 'iron-session';
import type { Config } from '../config';
import type { Store } from '../store';
import { insertSealedPseudonymKeyIfAbsent, readSealedPseudonymKey, resealPseudonymKey } from '../store/pseudonym-key';
import { PSEUDONYM_KEY_BYTES, pseudonymKeyFrom, type PseudonymKey } from './pseudonym';

export interface SessionSecrets {
  /** SESSION_SECRET: seals. */
  current: string;
  /** SESSION_SECRET_PREVIOUS: still open. */
  previous: readonly string[];
}

export function sessionSecrets(config: Pick<Config, 'SESSION_SECRET' | 'SESSION_SECRET_PREVIOUS'>): SessionSecrets {
  return { current: config.SESSION_SECRET, previous: config.SESSION_SECRET_PREVIOUS };
}

export class PseudonymKeyError extends Error {
  readonly code = 'pseudonym_key_unreadable';
  constructor(message: string) {
    super(message);
    this.name = 'PseudonymKeyError';
  }
}

/** The iron-session password derived from one session secret; stable: changing it makes the stored key unreadable. */
function sealingPassword(secret: string): string {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('rero-gateway'), Buffer.from('pseudonym-key/v1'), 32)).toString('base64url');
}

// ttl 0: the sealed key never expires (iron's "no expiration").
const SEAL = { ttl: 0 } as const;

async function seal(key: Buffer, secret: string): Promise<string> {
  return sealData({ k: key.toString('base64url') }, { ...SEAL, password: { 1: sealingPassword(secret) } });
}

/** The key bytes, or undefined when `secret` did not seal it (or the row is damaged). */
async function open(sealed: string, secret: string): Promise<Buffer | undefined> {
  let data: { k?: unknown };
  try {
    data = await unsealData<{ k?: unknown }>(sealed, { ...SEAL, password: { 1: sealingPassword(secret) } });
  } catch {
    return undefined;
  }
  if (typeof data.k !== 'string') return undefined;
  const bytes = Buffer.from(data.k, 'base64url');
  return bytes.length === PSEUDONYM_KEY_BYTES ? bytes : undefined;
}

/**
 * The pseudonym key of this store: opened, or created when there is none yet.
 * Throws PseudonymKeyError when a key is stored that no configured session
 * secret opens.
 */
export async function openPseudonymKey(store: Pick<Store, 'db'>, secrets: SessionSecrets, now: () => Date = () => new Date()): Promise<PseudonymKey> {
  let sealed = await readSealedPseudonymKey(store.db);
  if (sealed === undefined) {
    await insertSealedPseudonymKeyIfAbsent(store.db, await seal(randomBytes(PSEUDONYM_KEY_BYTES), secrets.current), now());
    sealed = await readSealedPseudonymKey(store.db);
    if (sealed === undefined) throw new PseudonymKeyError('The pseudonym key was stored but cannot be read back from the database.');
  }
  const candidates = [secrets.current, ...secrets.previous];
  for (const [index, secret] of candidates.entries()) {
    const bytes = await open(sealed, secret);
    if (!bytes) continue;
    if (index > 0) await resealPseudonymKey(store.db, sealed, await seal(bytes, secrets.current), now());
    return pseudonymKeyFrom(bytes);
  }
  throw new PseudonymKeyError(
    'The stored pseudonym key cannot be opened with SESSION_SECRET or SESSION_SECRET_PREVIOUS: it was sealed under a session secret ' +
      'that is no longer configured (or the row is damaged). Put that secret back in SESSION_SECRET_PREVIOUS. No new key is made: ' +
      'it would change every pseudonym the e-resources have stored (docs/pseudonyms.md).',
  );
}
