/** What the nginx journeys share: the stand-in e-resource's record, and signing in at a given origin. */
import { expect, type Page } from '@playwright/test';
import { loginAtRero } from '../helpers';

/** One request the stand-in e-resource served (e2e/nginx/start.mjs). */
export interface Served {
  method: string;
  /** The host name the browser asked for (X-Forwarded-Host). */
  host: string | null;
  path: string;
  patronId: string | null;
  /** Every X-Patron-* header that reached it. */
  patron: Record<string, string>;
  /** Names of the cookies that reached it. */
  cookies: string[];
  /** The Cookie header that reached it, as it came (null: none). */
  cookie: string | null;
}

/** What the stand-in e-resource at `upstreamUrl` has served so far, asked directly (not through nginx). */
export async function served(upstreamUrl: string): Promise<Served[]> {
  return (await fetch(`${upstreamUrl}/__upstream__/requests`)).json() as Promise<Served[]>;
}

/** Signs in at `origin`'s own sign-in link and comes back to its home page. */
export async function signInAt(page: Page, origin: string, username: string) {
  await page.goto(`${origin}/auth/login?returnTo=${encodeURIComponent('/')}`);
  await loginAtRero(page, username);
  await expect(page).toHaveURL(`${origin}/`);
}

/** A pairwise pseudonym as the gateway writes it: 32 bytes in base64url (docs/pseudonyms.md). */
export const PSEUDONYM = /^[A-Za-z0-9_-]{43}$/;
