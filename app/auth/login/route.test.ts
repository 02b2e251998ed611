/**
 * What /auth/login writes to the log. Behind nginx, `returnTo` is the
 * e-resource's whole address: its query and later path segments can hold
 * search terms and tokens, so a log line may name the first path segment
 * (the resource's location) and nothing more. RERO+ and the session seal are
 * replaced by small fakes: what is tested is the route's log line.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { log } from '@/lib/log';

const handedOver: string[] = [];

vi.mock('next/headers', () => ({ cookies: async () => ({ set: () => undefined }) }));
vi.mock('@/lib/runtime', () => ({
  runtime: () => ({ config: { secureCookies: true }, rero: {}, sessions: { beginSignIn: async () => undefined } }),
  signInRateLimit: async () => undefined,
}));
vi.mock('@/lib/providers/rero-plus', () => ({
  createAuthorization: async (_settings: unknown, returnTo: string) => {
    handedOver.push(returnTo);
    return { url: new URL('https://rero.example/oauth/authorize?state=s'), transaction: { state: 's', codeVerifier: 'v'.repeat(43), returnTo } };
  },
}));

const { GET } = await import('./route');

afterEach(() => {
  vi.restoreAllMocks();
  handedOver.length = 0;
});

/** Every line the request logs, as the JSON pino would write. */
async function loggedLines(returnTo: string): Promise<string[]> {
  const lines: string[] = [];
  for (const level of ['info', 'warn', 'error'] as const) {
    vi.spyOn(log, level).mockImplementation((event, fields) => {
      lines.push(JSON.stringify({ level, event, ...fields }));
    });
  }
  const response = await GET(new Request(`https://gateway.example.org/auth/login?returnTo=${encodeURIComponent(returnTo)}`));
  expect(response.status).toBe(302);
  return lines;
}

describe('GET /auth/login: the log line', () => {
  test.each([
    ['/cairn/search?q=private+health+question&token=abc123secret', '/cairn'],
    ['/cairn/recherche/private-health-question/abc123secret#page=private', '/cairn'],
    ['/private%20health%20question/abc123secret?x=1', undefined],
  ])('returnTo %s: names the first path segment only (%s), never the query or later segments', async (returnTo, logged) => {
    const lines = await loggedLines(returnTo);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      for (const term of ['private', 'health', 'question', 'abc123secret', 'search', 'recherche', 'q=', 'token']) expect(line).not.toContain(term);
    }
    const start = lines.map((line) => JSON.parse(line) as { event: string; returnTo?: string }).find((line) => line.event === 'signin.start');
    expect(start?.returnTo).toBe(logged);
    // The sign-in still comes back to the whole address.
    expect(handedOver).toEqual([returnTo]);
  });
});
