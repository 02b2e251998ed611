import { expect, test } from '@playwright/test';
import { E2E } from './env';
import { loginAtRero, signInInBrowser as signIn, simControl, simStats, waitForRevalidation } from './helpers';

test.describe('signing in with RERO+', () => {
  test('a patron signs in and sees their name and memberships; no token travels in a URL', async ({ page }) => {
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    const before = await simStats();
    await signIn(page, 'louis');
    await expect(page.getByRole('heading', { name: 'Signed in as Louis Roduit' })).toBeVisible();
    await expect(page.locator('[data-institution="vs"]')).toContainText('vs-pm');
    await expect(page.locator('[data-institution="vs"]')).toContainText('31 December 2031');
    await expect(page.locator('[data-institution="rbnj"]')).toContainText('rbnj-adult');

    const authorize = urls.find((u) => u.includes('/oauth/authorize'));
    expect(authorize).toBeDefined();
    const params = new URL(authorize!).searchParams;
    expect(params.get('state')).toBeTruthy();
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(urls.filter((u) => /access_token|refresh_token/.test(u))).toEqual([]);
    expect((await simStats()).infoCallsWithQueryToken).toBe(before.infoCallsWithQueryToken);

    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'gw_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
    expect(cookies.find((c) => c.name === 'gw_signin')).toBeUndefined();

    const me = await page.request.get('/api/me');
    expect(me.status()).toBe(200);
    const body = await me.json();
    expect(body).toMatchObject({ userId: '1001', institutions: [{ code: 'rbnj' }, { code: 'vs', patronType: 'vs-pm', expirationDate: '2031-12-31' }] });
    // The session keeps no name.
    expect(body).not.toHaveProperty('name');
  });

  test('a patron who rejects consent reads why and can try again', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Sign in with RERO+' }).click();
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/auth/callback')), loginAtRero(page, 'louis', 'Reject')]);
    expect(response.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'You did not allow the sign-in' })).toBeVisible();
    await expect(page.getByText('choose “Authorize”')).toBeVisible();
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await expect(page.getByLabel('Username')).toBeVisible();
  });

  test('a patron signs out', async ({ page }) => {
    await signIn(page, 'marie');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(`${E2E.appUrl}/?signed-out=1`);
    await expect(page.getByRole('status')).toHaveText('You are signed out. To reach your e-resources again, sign in.');
    await expect(page.getByRole('link', { name: 'Sign in with RERO+' })).toBeVisible();
    expect((await page.context().cookies()).find((c) => c.name === 'gw_session')).toBeUndefined();
    expect((await page.request.get('/api/me')).status()).toBe(401);
  });

  test('a signed-in user with no patron record is told so', async ({ page }) => {
    await signIn(page, 'noah');
    await expect(page.getByText('Your RERO+ account has no library membership')).toBeVisible();
  });

  test('a patron stays signed in across an access-token expiry (one refresh)', async ({ page }) => {
    await signIn(page, 'louis');
    await simControl('expire-access-tokens', { user: 'louis' });
    const before = await simStats();
    await waitForRevalidation(page);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Signed in as Louis Roduit' })).toBeVisible();
    const after = await simStats();
    expect(after.refreshGrants - before.refreshGrants).toBe(1);
    expect(after.failedRefreshes - before.failedRefreshes).toBe(0);
    expect((await page.request.get('/api/me')).status()).toBe(200);
  });

  test('10 concurrent requests after an expiry cause exactly one refresh, and all succeed', async ({ page }) => {
    await signIn(page, 'louis');
    await simControl('expire-access-tokens', { user: 'louis' });
    await waitForRevalidation(page);
    const before = await simStats();
    const responses = await Promise.all(Array.from({ length: 10 }, () => page.request.get('/api/me')));
    const after = await simStats();
    console.info(`10 concurrent /api/me after expiry: statuses ${responses.map((r) => r.status()).join(',')}; refresh grants ${after.refreshGrants - before.refreshGrants}`);
    expect(responses.map((r) => r.status())).toEqual(Array(10).fill(200));
    expect(after.refreshGrants - before.refreshGrants).toBe(1);
  });

  test('after the refresh token was revoked, the patron goes through sign-in again and back', async ({ page }) => {
    await signIn(page, 'louis');
    await simControl('revoke', { user: 'louis' });
    await waitForRevalidation(page);
    await page.goto('/?from=revoked');
    await expect(page.getByLabel('Username')).toBeVisible();
    await loginAtRero(page, 'louis');
    await expect(page).toHaveURL(`${E2E.appUrl}/?from=revoked`);
    await expect(page.getByRole('heading', { name: 'Signed in as Louis Roduit' })).toBeVisible();
  });
});

test.describe('refusing bad input with a clear answer', () => {
  test('returnTo off this origin falls back to /', async ({ page }) => {
    for (const target of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      await page.context().clearCookies();
      await page.goto(`/auth/login?returnTo=${encodeURIComponent(target)}`);
      await loginAtRero(page, 'marie');
      await expect(page).toHaveURL(`${E2E.appUrl}/`);
    }
  });

  test('a same-origin returnTo is honoured', async ({ page }) => {
    await page.goto(`/auth/login?returnTo=${encodeURIComponent('/?after=login')}`);
    await loginAtRero(page, 'marie');
    await expect(page).toHaveURL(`${E2E.appUrl}/?after=login`);
  });

  test('a tampered cookie means signed out, never an error', async ({ page }) => {
    await signIn(page, 'marie');
    const session = (await page.context().cookies()).find((c) => c.name === 'gw_session')!;
    await page.context().addCookies([{ ...session, value: `${session.value.slice(0, -12)}AAAAAAAAAA~2` }]);
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('link', { name: 'Sign in with RERO+' })).toBeVisible();
    expect((await page.request.get('/api/me')).status()).toBe(401);
  });

  test('a callback with a wrong or missing state gets a 400 page', async ({ page, request }) => {
    await page.goto('/auth/login');
    await loginAtRero(page, 'marie');
    const noTransaction = await request.get('/auth/callback?code=abc&state=def');
    expect(noTransaction.status()).toBe(400);
    expect(await noTransaction.text()).toContain('This sign-in link has expired');

    const login = await page.request.get('/auth/login', { maxRedirects: 0 });
    const authorize = new URL(login.headers().location!);
    const wrong = await page.request.get(`/auth/callback?code=abc&state=not-${authorize.searchParams.get('state')}`);
    expect(wrong.status()).toBe(400);
    expect(wrong.headers()['content-type']).toContain('text/html');
  });

  test('a cross-site link to the callback does not break a sign-in in progress', async ({ page }) => {
    await page.goto('/auth/login?returnTo=/api/me');
    await expect(page.getByLabel('Username')).toBeVisible(); // at RERO+, the transaction cookie set
    // Another site sends the browser to the callback with a state of its own.
    const forged = await page.request.get('/auth/callback?code=forged&state=forged-state', { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(forged.status()).toBe(400);
    // The patron's real callback still completes.
    await loginAtRero(page, 'marie');
    await expect(page).toHaveURL(`${E2E.appUrl}/api/me`);
    expect((await page.request.get('/api/me')).status()).toBe(200);
  });

  test('a callback carrying an error from RERO+ gets a page, not a 500', async ({ page }) => {
    const login = await page.request.get('/auth/login', { maxRedirects: 0 });
    const state = new URL(login.headers().location!).searchParams.get('state');
    const response = await page.request.get(`/auth/callback?error=invalid_scope&state=${state}`);
    expect(response.status()).toBe(502);
    expect(await response.text()).toContain('RERO+ refused the sign-in request');
  });

  test('RERO+ failing at the token endpoint gives a 5xx page', async ({ page }) => {
    await page.goto('/auth/login');
    await simControl('fault', { target: 'token', mode: '500' });
    try {
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/auth/callback')), loginAtRero(page, 'marie')]);
      expect(response.status()).toBe(502);
      await expect(page.getByRole('heading', { name: 'RERO+ had a problem' })).toBeVisible();
    } finally {
      await simControl('fault', { target: 'token', mode: 'none' });
    }
  });

  test('a cross-site sign-out is refused', async ({ page }) => {
    await signIn(page, 'marie');
    const response = await page.request.post('/auth/logout', { headers: { origin: 'https://evil.example' }, maxRedirects: 0 });
    expect(response.status()).toBe(403);
    expect((await page.request.get('/api/me')).status()).toBe(200);
  });

  test('/api/me answers 401 JSON when signed out; /api/health answers 200', async ({ request }) => {
    const me = await request.get('/api/me');
    expect(me.status()).toBe(401);
    expect(await me.json()).toMatchObject({ error: 'not_signed_in' });
    expect((await request.get('/api/health')).status()).toBe(200);
  });
});
