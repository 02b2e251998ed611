/**
 * The sign-in transaction (state, PKCE verifier, returnTo): sealed in its own
 * short-lived cookie for one round trip to RERO+ and back.
 */
import { sealData, unsealData } from 'iron-session';
import * as z from 'zod';
import type { Config } from '../config';
import type { AuthorizationTransaction } from '../providers/rero-plus';
import { sealingPasswords, type CookieOptions, type SealConfig } from './cookie';

export const TRANSACTION_COOKIE = 'gw_signin';
export const TRANSACTION_TTL_SECONDS = 10 * 60;

export function transactionCookieOptions(config: Pick<Config, 'secureCookies'>): CookieOptions {
  return { httpOnly: true, secure: config.secureCookies, sameSite: 'lax', path: '/auth', maxAge: TRANSACTION_TTL_SECONDS };
}

export async function sealTransaction(config: SealConfig, transaction: AuthorizationTransaction): Promise<string> {
  return sealData(transaction, { password: sealingPasswords(config).seal, ttl: TRANSACTION_TTL_SECONDS });
}

const TransactionSchema = z.object({ state: z.string().min(1), codeVerifier: z.string().min(43), returnTo: z.string() });

export async function unsealTransaction(config: SealConfig, cookieValue: string | undefined): Promise<AuthorizationTransaction | undefined> {
  if (!cookieValue) return undefined;
  try {
    const data = await unsealData<unknown>(cookieValue, { password: sealingPasswords(config).unseal, ttl: TRANSACTION_TTL_SECONDS });
    const parsed = TransactionSchema.safeParse(data);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `returnTo` accepts only a same-origin path: "/x", never "//host", "/\host",
 * a scheme, or control characters. Anything else falls back to "/".
 * (RFC 9700 §4.11: open redirectors.)
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > 2048) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  try {
    const base = 'http://gateway.invalid';
    const url = new URL(value, base);
    if (url.origin !== base) return '/';
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Dot-segments can collapse into "//host" ("/.//evil.example"): check what comes out, not only what came in.
    if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
    return path;
  } catch {
    return '/';
  }
}
