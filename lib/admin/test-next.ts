/**
 * Next.js replaced by small fakes, for tests that call the admin area's server
 * actions directly as a forged POST would: cookies and headers, redirect /
 * forbidden / notFound (thrown, as Next throws them), translations that answer
 * the key, and lib/runtime's services from the test's own store. The session
 * is a fake identity: `request.userId` when set, signed out otherwise.
 *
 * Use from a test file's vi.mock factories, which are hoisted above imports:
 *   vi.mock('next/navigation', async () => (await import('./test-next')).navigation);
 */
import { PATH_HEADER } from '../http';

export class Redirected extends Error {
  constructor(readonly location: string) {
    super(`redirect ${location}`);
  }
}
export class Forbidden extends Error {}
export class NotFound extends Error {}

export const request: { userId?: string; path: string; services?: Record<string, unknown> } = { path: '/admin' };

export const navigation = {
  redirect: (location: string) => {
    throw new Redirected(location);
  },
  forbidden: () => {
    throw new Forbidden('403');
  },
  notFound: () => {
    throw new NotFound('404');
  },
};

export const cache = { revalidatePath: () => undefined };

export const nextHeaders = {
  headers: async () => new Headers({ [PATH_HEADER]: request.path }),
  cookies: async () => ({ get: () => (request.userId ? { value: 'sealed' } : undefined), set: () => undefined, delete: () => undefined }),
};

const translate = Object.assign((key: string) => key, { has: () => false });

export const intl = {
  getTranslations: async () => translate,
  getLocale: async () => 'en',
};

const opened = () => (request.userId ? { kind: 'signed-in', session: { facts: { userId: request.userId, records: [] } } } : { kind: 'none' });

export const runtime = {
  runtime: () => ({
    config: { LIBRARY_TIME_ZONE: 'Europe/Zurich', APP_URL: 'https://gateway.example.org', ADMIN_USER_IDS: [] },
    sessions: { open: async () => opened(), peek: async () => (request.userId ? opened().session : undefined) },
  }),
  storeServices: async () => ({ criteria: { invalidate: () => undefined }, ...request.services }),
  connections: async () => request.services?.connections,
};

export function formData(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.append(key, value);
  return data;
}

/** What a person would get: `redirect:<location>`, `403`, `404`, or `state:<status>` of the form's new state. */
export async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    const result = (await call()) as { status?: string } | undefined;
    return `state:${result?.status}`;
  } catch (error) {
    if (error instanceof Redirected) return `redirect:${error.location}`;
    if (error instanceof Forbidden) return '403';
    if (error instanceof NotFound) return '404';
    throw error;
  }
}
