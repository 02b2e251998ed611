/**
 * Reading the claims of an access token that happens to be a JWT, without
 * verifying it. The gateway is not the audience of these tokens and never
 * trusts their claims: it reads `exp` only to renew a token sooner (Bokbasen:
 * "look at exp in the payload-part of the JWT-token") and shows `aud`,
 * `scope` or `permissions` to the person testing a connection.
 */

/** The payload of a JWS compact serialization (RFC 7515 §7.1), or undefined when `token` is not one. */
export function unverifiedJwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `exp` of a JWT access token in epoch milliseconds (RFC 7519 §4.1.4), when it has a numeric one. */
export function jwtExpiry(token: string): number | undefined {
  const exp = unverifiedJwtClaims(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}
