/**
 * Property-based fuzzing of the public routes over HTTP (fast-check): whatever
 * the parameters, never a 5xx and never a redirect off this origin.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import fc from 'fast-check';
import { E2E } from '../e2e/env';
import { signIn } from '../e2e/helpers';

const RUNS = 150;

/** Strings that have broken URL and redirect handling elsewhere, mixed with arbitrary ones. */
const nasty = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.webUrl(),
  fc.constantFrom('//evil.example', '/.//evil.example', '/%2e%2e//evil.example', '/\\evil.example', '\\\\evil', 'https:evil.example', 'javascript:alert(1)', '/%2F%2Fevil.example', '/%5Cevil', '/\u2028x', '%00', '../../etc/passwd', 'a'.repeat(5000), '/go/cairn', ''),
  fc.string({ maxLength: 20 }).map((s) => `/${s}`),
);

function checkAnswer(status: number, location: string | undefined) {
  expect(status).toBeLessThan(500);
  if (location) {
    const target = new URL(location, E2E.appUrl);
    // Redirects go to this gateway, or to RERO+ (sign-in) — nowhere else.
    expect([new URL(E2E.appUrl).origin, new URL(E2E.simulatorUrl).origin]).toContain(target.origin);
  }
}

/**
 * The fuzzer's own client address (the journeys' gateway trusts X-Forwarded-For
 * from loopback): its hundreds of /auth requests count against its own sign-in
 * rate limit, not against the journeys that sign in from loopback meanwhile.
 */
const FUZZER = `192.0.2.${Math.floor(Math.random() * 254) + 1}`;

async function get(request: APIRequestContext, path: string, query: Record<string, string>) {
  const url = `${path}?${new URLSearchParams(query)}`;
  const response = await request.get(url, { maxRedirects: 0, failOnStatusCode: false, headers: { 'x-forwarded-for': FUZZER } });
  checkAnswer(response.status(), response.headers().location);
  return response;
}

test.describe.configure({ timeout: 180_000 });

test('/auth/login: any returnTo stays on this origin after sign-in, and never a 5xx', async ({ request }) => {
  await fc.assert(
    fc.asyncProperty(nasty, async (returnTo) => {
      const response = await get(request, '/auth/login', { returnTo });
      expect(response.status()).toBe(302);
      expect(new URL(response.headers().location!).origin).toBe(new URL(E2E.simulatorUrl).origin);
    }),
    { numRuns: RUNS },
  );
  console.info(`fuzzed /auth/login returnTo: ${RUNS} generated inputs, no 5xx, no off-origin redirect`);
});

test('/auth/callback: any code, state and error answer 4xx/5xx-with-page, never a 500', async ({ request }) => {
  await fc.assert(
    fc.asyncProperty(fc.record({ code: nasty, state: nasty, error: fc.option(nasty, { nil: undefined }), extra: fc.option(nasty, { nil: undefined }) }), async (params) => {
      const query: Record<string, string> = { code: params.code, state: params.state };
      if (params.error !== undefined) query.error = params.error;
      if (params.extra !== undefined) query.iss = params.extra;
      const response = await get(request, '/auth/callback', query);
      expect(response.status()).not.toBe(500);
      expect(response.headers()['content-type'] ?? '').toContain('text/html');
    }),
    { numRuns: RUNS },
  );
  console.info(`fuzzed /auth/callback code/state/error/iss: ${RUNS} generated inputs, no 5xx, no off-origin redirect`);
});

test('/api/verify and /go: any resource, signed in or not, never a 5xx and no HTML from verify', async ({ page, request }) => {
  await signIn(page, 'louis');
  const contexts = [request, page.request];
  await fc.assert(
    fc.asyncProperty(nasty, fc.boolean(), async (resource, signedIn) => {
      const ctx = contexts[signedIn ? 1 : 0]!;
      const verify = await get(ctx, '/api/verify', { resource });
      expect([200, 400, 401, 403, 404]).toContain(verify.status());
      expect(verify.headers()['content-type'] ?? '').not.toContain('text/html');
      const go = await ctx.get(`/go/${encodeURIComponent(resource)}`, { maxRedirects: 0, failOnStatusCode: false });
      checkAnswer(go.status(), go.headers().location);
    }),
    { numRuns: RUNS },
  );
  console.info(`fuzzed /api/verify resource + /go/<slug>: ${RUNS} generated inputs, no 5xx, no off-origin redirect`);
});

test('/lang: any language and returnTo stays on this origin', async ({ request }) => {
  await fc.assert(
    fc.asyncProperty(nasty, nasty, async (to, returnTo) => {
      const response = await get(request, '/lang', { to, returnTo });
      expect(response.status()).toBe(303);
    }),
    { numRuns: RUNS },
  );
  console.info(`fuzzed /lang to/returnTo: ${RUNS} generated inputs, no 5xx, no off-origin redirect`);
});

test('cookies: any session cookie value is signed out, never an error', async ({ playwright }) => {
  await fc.assert(
    fc.asyncProperty(fc.string({ maxLength: 300 }).filter((s) => !/[;\r\n\u0000-\u001f\u007f-\uffff]/.test(s)), async (value) => {
      const ctx = await playwright.request.newContext({ baseURL: E2E.appUrl, extraHTTPHeaders: { cookie: `gw_session=${value}` } });
      try {
        expect((await ctx.get('/api/me')).status()).toBe(401);
        const home = await ctx.get('/', { maxRedirects: 0 });
        checkAnswer(home.status(), home.headers().location);
      } finally {
        await ctx.dispose();
      }
    }),
    { numRuns: 60 },
  );
  console.info(`fuzzed gw_session cookie value: ${60} generated inputs, no 5xx, no off-origin redirect`);
});
