import { expect, test } from '@playwright/test';
import { E2E } from './env';
import { signIn } from './helpers';

test.describe('operating the gateway', () => {
  test('/api/ready answers while the store does; /api/health always', async ({ request }) => {
    const ready = await request.get('/api/ready');
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', store: 'sqlite' });
    expect((await request.get('/api/health')).status()).toBe(200);
  });

  test('/metrics needs the bearer token and reports decisions, sign-ins and upstream latency', async ({ page, request }) => {
    expect((await request.get('/metrics')).status()).toBe(401);
    expect((await request.get('/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status()).toBe(401);
    await signIn(page, 'louis');
    await page.request.get('/api/verify?resource=cairn');
    const response = await request.get('/metrics', { headers: { authorization: `Bearer ${E2E.metricsToken}` } });
    expect(response.status()).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/gateway_decisions_total\{resource="cairn",outcome="allowed"\} \d+/);
    expect(text).toMatch(/gateway_signins_total \d+/);
    expect(text).toMatch(/gateway_upstream_request_duration_seconds_count\{provider="rero-plus",endpoint="\/oauth\/token",status="2xx"\} \d+/);
  });

  test('sign-in is rate limited per client address with 429 and Retry-After', async ({ request }) => {
    const address = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    // The limit counts per minute of the clock: 301 requests that straddle a minute's end are
    // counted in two windows, so ask until the 429 (at most two full windows and one more).
    let last;
    let passed = 0;
    for (let i = 0; i < 601; i++) {
      last = await request.get('/auth/login', { maxRedirects: 0, headers: { 'x-forwarded-for': address } });
      if (last.status() !== 302) break;
      passed += 1;
    }
    expect(last!.status()).toBe(429);
    // Never before 300 in a window.
    expect(passed).toBeGreaterThanOrEqual(300);
    expect(Number(last!.headers()['retry-after'])).toBeGreaterThan(0);
    expect(await last!.text()).toContain('Too many attempts');
    // Another address is not affected.
    expect((await request.get('/auth/login', { maxRedirects: 0, headers: { 'x-forwarded-for': '198.51.100.77' } })).status()).toBe(302);
  });

  test('pages carry a nonce-based CSP and the security headers; /auth answers never send a Referer', async ({ page, request }) => {
    const home = await request.get('/');
    const csp = home.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(home.headers()['x-frame-options']).toBe('DENY');
    expect(home.headers()['x-content-type-options']).toBe('nosniff');
    expect(home.headers()['x-request-id']).toBeTruthy();
    const nonce = csp.match(/'nonce-([^']+)'/)![1];
    const html = await home.text();
    // Every script Next emits carries this request's nonce.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect((await request.get('/auth/login', { maxRedirects: 0 })).headers()['referrer-policy']).toBe('no-referrer');
    expect((await request.get('/auth/callback?code=x&state=y')).headers()['referrer-policy']).toBe('no-referrer');
    // The page works under its CSP: no violation reported while signing in.
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await signIn(page, 'marie');
    expect(violations).toEqual([]);
  });
});
