import { expect, type Browser, type Page } from '@playwright/test';
import { openStore, type Store } from '../lib/store';
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

/** From the home page, through RERO+'s pages in the browser, back home signed in (the sign-in journeys). */
export async function signInInBrowser(page: Page, username = 'louis') {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in with RERO+' }).click();
  await loginAtRero(page, username);
  // Staff read their name; patrons, whose names are kept nowhere, none.
  await expect(page.getByRole('heading', { name: /Signed in as|You are signed in/ })).toBeVisible();
}

/** The request_id of a simulator page's form. */
function requestIdOf(html: string): string {
  const id = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
  if (!id) throw new Error('the RERO+ page has no request_id');
  return id;
}

/**
 * Signed in, on the home page: the same requests as signInInBrowser (the
 * gateway's /auth/login, RERO+'s login and consent forms, the callback), sent
 * with the page's own request context, which shares the browser's cookies,
 * without rendering RERO+'s pages. For journeys whose subject comes after
 * sign-in; the sign-in journeys go through the pages.
 */
export async function signIn(page: Page, username = 'louis') {
  const request = page.request;
  const start = await request.get('/auth/login', { maxRedirects: 0 });
  const authorize = start.headers()['location'];
  expect(start.status(), '/auth/login redirects to RERO+').toBe(302);
  if (!authorize) throw new Error('/auth/login sent no location');
  const login = await request.post(new URL('/oauth/login', authorize).href, {
    form: { request_id: requestIdOf(await (await request.get(authorize)).text()), username, password: 'demo' },
  });
  const consent = await request.post(new URL('/oauth/consent', authorize).href, {
    form: { request_id: requestIdOf(await login.text()), decision: 'authorize' },
    maxRedirects: 0,
  });
  const callback = consent.headers()['location'];
  if (consent.status() !== 302 || !callback) throw new Error(`RERO+ consent answered ${consent.status()}`);
  const finish = await request.get(callback, { maxRedirects: 0 });
  expect(finish.status(), '/auth/callback signs in').toBe(303);
  await page.goto('/');
  // Staff read their name; patrons, whose names are kept nowhere, none.
  await expect(page.getByRole('heading', { name: /Signed in as|You are signed in/ })).toBeVisible();
}

/** Lets the session's facts go stale. */
export async function waitForRevalidation(page: Page) {
  await page.waitForTimeout(E2E.revalidateSeconds * 1000 + 500);
}

/** Adds (or replaces) a patron at the simulator, e.g. one whose membership ended a few days ago. */
export async function addSimPatron(patron: {
  id: number;
  username: string;
  password?: string;
  fullname?: string;
  birthdate?: string;
  /** No patronType: a membership without a patron type, as the RERO+ document's rbnj example. */
  records: { code: string; pid: string; patronType?: string; expirationDate: string }[];
}) {
  const response = await fetch(`${E2E.simulatorUrl}/_sim/patrons`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: 'demo', ...patron }),
  });
  expect(response.status).toBe(201);
}

/** Today ± days as YYYY-MM-DD in Europe/Zurich, the e2e library's zone. */
export function zurichDate(offsetDays = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offsetDays);
  return date.toISOString().slice(0, 10);
}

/** A device of its own (a browser context), on the gateway at `origin`. */
export async function device(browser: Browser, origin: string) {
  const context = await browser.newContext({ baseURL: origin });
  return { context, page: await context.newPage() };
}

/** Signs louis in from `origin`'s sign-in route, as he would on that device. */
export async function signInAt(page: Page, origin: string) {
  await page.goto(`${origin}/auth/login`);
  await loginAtRero(page, 'louis');
  await expect(page.getByRole('heading', { name: 'Signed in as Louis Roduit' })).toBeVisible();
}

/** `work` on this world's store, opened for it and closed after. */
export async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(E2E.databaseUrl);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
