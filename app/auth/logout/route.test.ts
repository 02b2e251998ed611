/**
 * Where "Sign out" leads: the start page, which confirms it. The session door
 * and the self-contained pages are replaced by fakes; what is tested is the
 * route's answer.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';

const asked: { everywhere: boolean }[] = [];
let recorded = true;

vi.mock('next/headers', () => ({ cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }) }));
vi.mock('@/lib/runtime', () => ({
  runtime: () => ({
    config: { APP_URL: 'https://gateway.example.org' },
    sessions: {
      end: async (_jar: unknown, options: { everywhere: boolean }) => {
        asked.push(options);
        return { recorded };
      },
    },
  }),
}));

vi.mock('@/lib/ui/pages', () => ({
  requestLocale: () => 'en',
  simplePage: (_locale: string, status: number, key: string) => new Response(key, { status }),
}));

const { POST } = await import('./route');

function signOut(form: Record<string, string> = {}): Promise<Response> {
  return POST(new Request('https://gateway.example.org/auth/logout', { method: 'POST', headers: { origin: 'https://gateway.example.org' }, body: new URLSearchParams(form) }));
}

beforeEach(() => {
  asked.length = 0;
  recorded = true;
});

describe('POST /auth/logout', () => {
  test('303 to the start page, which says "You are signed out"', async () => {
    const response = await signOut();
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/?signed-out=1');
    expect(asked).toEqual([{ everywhere: false }]);
  });

  test('on all devices: the start page says so', async () => {
    const response = await signOut({ everywhere: '1' });
    expect(response.headers.get('location')).toBe('/?signed-out=everywhere');
    expect(asked).toEqual([{ everywhere: true }]);
  });

  test('not recorded: a page that says so, not the confirmation', async () => {
    recorded = false;
    const response = await signOut();
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('signOut.notRecorded');
    expect(response.headers.get('location')).toBeNull();
  });
});
