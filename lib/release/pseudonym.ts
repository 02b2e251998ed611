/**
 * The pairwise pseudonym: a stable identifier for one patron at one e-resource
 * (its sector), which no two e-resources share, so that vendors cannot join
 * their logs about the same person. The idea is that of SAML's pairwise-id
 * (OASIS SAML V2.0 Subject Identifier Attributes Profile, §3.4) and of OpenID
 * Connect's pairwise subject identifiers (OpenID Connect Core 1.0 §8.1).
 *
 * Format (fixed: vendors store these values; docs/pseudonyms.md has it with a
 * test vector):
 *
 *   input  = "rero-gateway pairwise-id v1" 0x00 user_id 0x00 sector   (UTF-8)
 *   output = base64url(HMAC-SHA-256(key, input)), no padding: 43 characters
 *
 * HMAC-SHA-256 is RFC 2104 with SHA-256 (FIPS 180-4); base64url is RFC 4648 §5.
 * The label names the version: another format gets another label, and this
 * one keeps giving the same values.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

export const PAIRWISE_LABEL = 'rero-gateway pairwise-id v1';

/** Bytes of a pseudonym key: as long as the HMAC-SHA-256 output (RFC 2104 §3). */
export const PSEUDONYM_KEY_BYTES = 32;

/**
 * The key, kept as a KeyObject: printing or logging it never shows its bytes.
 * Nothing outside lib/release makes one.
 */
export interface PseudonymKey {
  readonly secret: KeyObject;
  /** Pseudonyms computed with this key, by input: the forward-auth path asks for the same ones on every request. */
  readonly computed: Map<string, string>;
}

export function pseudonymKeyFrom(bytes: Uint8Array): PseudonymKey {
  if (bytes.length !== PSEUDONYM_KEY_BYTES) throw new RangeError(`A pseudonym key has ${PSEUDONYM_KEY_BYTES} bytes, not ${bytes.length}.`);
  return { secret: createSecretKey(Buffer.from(bytes)), computed: new Map() };
}

/** Pseudonyms kept per key; the oldest is forgotten first beyond this. */
const COMPUTED_MAX = 50_000;

/**
 * The pseudonym of RERO+ user `userId` for `sector` (a resource's
 * `release.sector`, by default its slug). Whoever holds the key can compute
 * it for every user id, and RERO+ user ids are small integers: the key is
 * sealed in the store (./pseudonym-key.ts) and never shown.
 */
export function pairwisePseudonym(key: PseudonymKey, userId: string, sector: string): string {
  // NUL separates the parts: neither a user id (digits) nor a sector ([a-z0-9-]) can contain it.
  if (userId.includes('\0') || sector.includes('\0') || userId === '' || sector === '') {
    throw new TypeError('A pseudonym needs a non-empty user id and sector without NUL characters.');
  }
  const input = `${PAIRWISE_LABEL}\0${userId}\0${sector}`;
  const known = key.computed.get(input);
  if (known !== undefined) return known;
  const pseudonym = createHmac('sha256', key.secret).update(input, 'utf8').digest('base64url');
  key.computed.set(input, pseudonym);
  if (key.computed.size > COMPUTED_MAX) key.computed.delete(key.computed.keys().next().value as string);
  return pseudonym;
}
