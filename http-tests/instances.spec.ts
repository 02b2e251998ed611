/**
 * Two instances on one PostgreSQL: a criteria change made on one is enforced
 * by the other (each caches the criteria and checks their version at most
 * every second).
 */
import { expect, test } from '@playwright/test';
import { getDocument, openStore, replaceDocument } from '../lib/store';
import { loginAtRero } from '../e2e/helpers';
import { MULTI } from '../e2e/multi/env';

test('a criteria change made through one instance is enforced by the other', async ({ page }) => {
  await page.goto(`${MULTI.origin}/auth/login`);
  await loginAtRero(page, 'louis');
  const [first, second] = MULTI.urls as [string, string];
  const verify = async (base: string) => (await page.request.get(`${base}/api/verify?resource=cairn`)).status();
  expect(await verify(first)).toBe(200);
  expect(await verify(second)).toBe(200);

  const store = await openStore(MULTI.databaseUrl);
  const original = await getDocument(store.db);
  try {
    // Through the first instance's admin import (louis is admin): cairn disabled.
    const changed = { resources: original.resources.map((r) => (r.slug === 'cairn' ? { ...r, enabled: false } : r)) };
    const started = Date.now();
    const imported = await page.request.post(`${first}/admin/import`, { data: changed, headers: { origin: MULTI.origin } });
    expect(imported.status()).toBe(200);
    await expect.poll(() => verify(second), { timeout: 10_000, intervals: [100] }).toBe(403);
    console.info(`criteria change on instance 1 enforced by instance 2 after ${Date.now() - started} ms`);
    expect((await page.request.get(`${second}/api/verify?resource=cairn`)).headers()['x-access-denied-reason']).toBe('disabled');
  } finally {
    await replaceDocument(store.db, original);
    await store.close();
  }
  await expect.poll(() => verify(second), { timeout: 10_000, intervals: [100] }).toBe(200);
});
