/**
 * Sessions end when they are ended. Two instances on one PostgreSQL that do
 * not revalidate within a journey (SESSIONS): a copy of a cookie taken before
 * "Sign out" — or a device's cookie after "Sign out on all devices" — is
 * refused on both instances once each reports it has caught up with the
 * store (the delay is measured and printed, never asserted).
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import pg from 'pg';
import { E2E } from './env';
import { device, loginAtRero, signInAt, waitForRevalidation } from './helpers';
import { SESSIONS } from './multi/env';

const [first, second] = SESSIONS.urls as [string, string];

async function sessionCookie(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'gw_session');
  expect(cookie).toBeDefined();
  return `gw_session=${cookie!.value}`;
}

/** The highest recorded end, read from the shared database. */
async function highestEnd(): Promise<number> {
  const client = new pg.Client({ connectionString: SESSIONS.databaseUrl });
  await client.connect();
  try {
    return Number((await client.query('select coalesce(max(seq), 0) as seq from session_ends')).rows[0].seq);
  } finally {
    await client.end();
  }
}

/** Waits until the instance reports (its metrics) that it has caught up with `seq`; answers the milliseconds since `since`. */
async function caughtUp(request: APIRequestContext, base: string, seq: number, since: number): Promise<number> {
  await expect
    .poll(
      async () => {
        const text = await (await request.get(`${base}/metrics`, { headers: { authorization: `Bearer ${E2E.metricsToken}` } })).text();
        return Number(/^gateway_session_ends_seq (\d+)/m.exec(text)?.[1] ?? -1);
      },
      { timeout: 10_000, intervals: [20] },
    )
    .toBeGreaterThanOrEqual(seq);
  return Date.now() - since;
}

/** Everything a copied cookie might try, on one instance: each must send it through sign-in, and never set a new session cookie. */
async function refusedEverywhere(request: APIRequestContext, base: string, cookie: string) {
  const get = (path: string) => request.get(`${base}${path}`, { headers: { cookie }, maxRedirects: 0 });
  const answers = {
    verify: await get('/api/verify?resource=cairn'),
    me: await get('/api/me'),
    go: await get('/go/cairn'),
    home: await get('/'),
    admin: await get('/admin'),
  };
  expect(answers.verify.status()).toBe(401);
  expect(answers.me.status()).toBe(401);
  for (const answer of [answers.go, answers.home, answers.admin]) {
    expect(answer.status()).toBe(303);
    expect(answer.headers().location).toMatch(/\/auth\/login\?returnTo=/);
  }
  for (const answer of Object.values(answers)) {
    const setCookie = answer.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value);
    expect(setCookie.filter((line) => /^gw_session=[^;]+/.test(line))).toEqual([]); // only ever cleared
  }
}

async function opensEverywhere(request: APIRequestContext, cookie: string) {
  for (const base of SESSIONS.urls) {
    expect((await request.get(`${base}/api/verify?resource=cairn`, { headers: { cookie } })).status()).toBe(200);
    expect((await request.get(`${base}/api/me`, { headers: { cookie } })).status()).toBe(200);
  }
}

test.describe('sessions end when they are ended, on every instance', () => {
  test('a cookie copied before "Sign out" is refused on both instances', async ({ browser, request }) => {
    const library = await device(browser, first);
    try {
      await signInAt(library.page, SESSIONS.origin);
      const copied = await sessionCookie(library.page);
      await opensEverywhere(request, copied);

      await library.page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await expect(library.page.getByRole('link', { name: 'Sign in with RERO+' })).toBeVisible();
      const signedOutAt = Date.now();
      const seq = await highestEnd();
      const delays = [await caughtUp(request, first, seq, signedOutAt), await caughtUp(request, second, seq, signedOutAt)];
      console.info(`sign-out: instance 1 caught up after ${delays[0]} ms, instance 2 after ${delays[1]} ms`);
      await refusedEverywhere(request, first, copied);
      await refusedEverywhere(request, second, copied);
    } finally {
      await library.context.close();
    }
  });

  test('"Sign out on all devices" ends the other device on both instances; signing in afterwards works on both', async ({ browser, request }) => {
    const laptop = await device(browser, first);
    const phone = await device(browser, second);
    try {
      await signInAt(laptop.page, SESSIONS.origin);
      await signInAt(phone.page, SESSIONS.origin);
      const phoneCookie = await sessionCookie(phone.page);
      await opensEverywhere(request, phoneCookie);

      await laptop.page.goto(`${first}/`);
      await laptop.page.getByRole('button', { name: 'Sign out on all devices' }).click();
      await expect(laptop.page.getByRole('link', { name: 'Sign in with RERO+' })).toBeVisible();
      const signedOutAt = Date.now();
      const seq = await highestEnd();
      const delays = [await caughtUp(request, first, seq, signedOutAt), await caughtUp(request, second, seq, signedOutAt)];
      console.info(`sign-out on all devices: instance 1 caught up after ${delays[0]} ms, instance 2 after ${delays[1]} ms`);
      await refusedEverywhere(request, first, phoneCookie);
      await refusedEverywhere(request, second, phoneCookie);

      // The phone's own next page goes through sign-in; signing in again works on both instances.
      await phone.page.goto(`${second}/`);
      await loginAtRero(phone.page, 'louis');
      await expect(phone.page.getByRole('heading', { name: 'Signed in as Louis Roduit' })).toBeVisible();
      await opensEverywhere(request, await sessionCookie(phone.page));
    } finally {
      await laptop.context.close();
      await phone.context.close();
    }
  });
});

test('an ended cookie fired together with a live one across a revalidation never gets 200 or a cookie; the live one is never refused', async ({ browser, request }) => {
  // The single instance revalidates every few seconds: both cookies go stale, and the live one's revalidation is in flight while the ended one arrives.
  const shared = await device(browser, E2E.appUrl);
  const home = await device(browser, E2E.appUrl);
  try {
    await signInAt(shared.page, E2E.appUrl);
    const ended = await sessionCookie(shared.page);
    await signInAt(home.page, E2E.appUrl);
    let live = await sessionCookie(home.page);
    await shared.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(shared.page.getByRole('link', { name: 'Sign in with RERO+' })).toBeVisible();

    for (let round = 0; round < 3; round++) {
      await waitForRevalidation(home.page);
      const fire = (cookie: string) => request.get(`${E2E.appUrl}/api/verify?resource=cairn`, { headers: { cookie } });
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => fire(i % 2 ? ended : live).then((answer) => ({ answer, ended: i % 2 === 1 }))));
      for (const { answer, ended: isEnded } of answers) {
        const sessionCookies = answer.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie' && /^gw_session=[^;]+/.test(h.value));
        if (isEnded) {
          expect(answer.status()).toBe(401);
          expect(sessionCookies).toEqual([]);
        } else {
          expect(answer.status()).toBe(200);
        }
      }
      // The live patron keeps the refreshed cookie, as a browser would.
      const renewed = answers.find((a) => !a.ended && a.answer.headersArray().some((h) => h.name.toLowerCase() === 'set-cookie' && /^gw_session=[^;]+/.test(h.value)));
      if (renewed) live = `gw_session=${/^gw_session=([^;]+)/.exec(renewed.answer.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && /^gw_session=[^;]+/.test(h.value))!.value)![1]}`;
    }
  } finally {
    await shared.context.close();
    await home.context.close();
  }
});
