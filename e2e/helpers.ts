import { expect, type Page } from '@playwright/test';
import { E2E } from './env';

export interface SimStats {
  codeGrants: number;
  refreshGrants: number;
  failedRefreshes: number;
  infoCalls: number;
  infoCallsWithQueryToken: number;
  authorizeRequests: number;
}

export async function simStats(): Promise<SimStats> {
  return (await fetch(`${E2E.simulatorUrl}/_sim/stats`)).json() as Promise<SimStats>;
}

export async function simControl(action: 'expire-access-tokens' | 'revoke' | 'fault' | 'reset-stats', query: Record<string, string> = {}) {
  const response = await fetch(`${E2E.simulatorUrl}/_sim/${action}?${new URLSearchParams(query)}`, { method: 'POST' });
  expect(response.ok).toBe(true);
}

/** At the simulator's login and consent pages, as the patron would. */
export async function loginAtRero(page: Page, username = 'louis', decision: 'Authorize' | 'Reject' = 'Authorize') {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: decision }).click();
}

/** From the home page, through RERO+, back home signed in. */
export async function signIn(page: Page, username = 'louis') {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in with RERO+' }).click();
  await loginAtRero(page, username);
  await expect(page.getByRole('heading', { name: /Signed in as/ })).toBeVisible();
}

/** Lets the session's facts go stale. */
export async function waitForRevalidation(page: Page) {
  await page.waitForTimeout(E2E.revalidateSeconds * 1000 + 500);
}
