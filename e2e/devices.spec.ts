import { expect, test, type Page } from '@playwright/test';
import { E2E } from './env';
import { device, signInAt, simControl, simStats, waitForRevalidation } from './helpers';
import { MULTI } from './multi/env';

/**
 * RERO+ keeps one live token pair per patron: every sign-in or refresh on one
 * device revokes the other's. A patron on a laptop and a phone must stay
 * signed in on both anyway.
 */
async function stillSignedIn(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Signed in as Louis Roduit' })).toBeVisible();
}

const setups = [
  { name: 'on one instance', signInOrigin: E2E.appUrl, laptop: E2E.appUrl, phone: E2E.appUrl },
  { name: 'on two instances sharing PostgreSQL', signInOrigin: MULTI.origin, laptop: MULTI.urls[0]!, phone: MULTI.urls[1]! },
];

for (const setup of setups) {
  test.describe(`a patron on two devices, ${setup.name}`, () => {
    test('stays signed in on both over three revalidation cycles, with at most one refresh per cycle', async ({ browser }) => {
      const laptop = await device(browser, setup.laptop);
      const phone = await device(browser, setup.phone);
      try {
        await signInAt(laptop.page, setup.signInOrigin);
        await signInAt(phone.page, setup.signInOrigin); // revokes the laptop's pair at RERO+
        const before = await simStats();
        const cycles = 3;
        for (let cycle = 0; cycle < cycles; cycle++) {
          await simControl('expire-access-tokens', { user: 'louis' });
          await waitForRevalidation(laptop.page);
          // Alternate which device meets the stale session first.
          const [first, second] = cycle % 2 ? [phone, laptop] : [laptop, phone];
          await stillSignedIn(first.page, `${first === laptop ? setup.laptop : setup.phone}/?cycle=${cycle}`);
          await stillSignedIn(second.page, `${second === laptop ? setup.laptop : setup.phone}/?cycle=${cycle}`);
          expect((await laptop.page.request.get(`${setup.laptop}/api/me`)).status()).toBe(200);
          expect((await phone.page.request.get(`${setup.phone}/api/me`)).status()).toBe(200);
        }
        const after = await simStats();
        const grants = after.refreshGrants - before.refreshGrants;
        console.info(`${setup.name}: ${cycles} cycles, ${grants} refresh grants, ${after.failedRefreshes - before.failedRefreshes} failed refreshes`);
        expect(grants).toBeGreaterThan(0);
        expect(grants).toBeLessThanOrEqual(cycles);
        expect(after.failedRefreshes - before.failedRefreshes).toBe(0);
      } finally {
        await laptop.context.close();
        await phone.context.close();
      }
    });

    test('"sign out on all devices" ends the other device', async ({ browser }) => {
      const laptop = await device(browser, setup.laptop);
      const phone = await device(browser, setup.phone);
      try {
        await signInAt(laptop.page, setup.signInOrigin);
        await signInAt(phone.page, setup.signInOrigin);
        await laptop.page.goto(`${setup.laptop}/`);
        await laptop.page.getByRole('button', { name: 'Sign out on all devices' }).click();
        await expect(laptop.page.getByRole('link', { name: 'Sign in with RERO+' })).toBeVisible();
        await expect(laptop.page.getByRole('status')).toHaveText('You are signed out on all your devices. To reach your e-resources again, sign in.');
        await waitForRevalidation(phone.page);
        // The phone's next page goes through sign-in again; its session is gone.
        await phone.page.goto(`${setup.phone}/`);
        await expect(phone.page.getByLabel('Username')).toBeVisible();
        expect((await phone.page.request.get(`${setup.phone}/api/me`)).status()).toBe(401);
      } finally {
        await laptop.context.close();
        await phone.context.close();
      }
    });
  });
}
