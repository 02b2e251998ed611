/**
 * What a sign-in keeps of the name RERO+ gives: a staff member's, in the
 * staff table; nobody's in the session cookie, the newest token pair or
 * anywhere else in the database. The route runs with a real session door on
 * a real store; RERO+ is replaced by a fake that answers as its
 * /api/patrons/info does (`fullname` granted).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { noteSignIn } from '@/lib/admin/staff';
import { unsealSession, unsealStoredPair } from '@/lib/session/cookie';
import { testConfig, testDoor, TestJar } from '@/lib/session/test-door';
import { openStore, type Store } from '@/lib/store';
import { getStaff, putStaff } from '@/lib/store/staff';

const NAMES: Record<string, string> = { '1001': 'Roduit, Louis', '1003': 'Meier, Noah' };

/** What each sign-in handed over to count its codes. */
const counted: unknown[][] = [];

const current: { jar: TestJar; store?: Store; door?: ReturnType<typeof testDoor>['door']; userId: string } = { jar: new TestJar(), userId: '1001' };

vi.mock('next/headers', () => ({ cookies: async () => current.jar }));
vi.mock('@/lib/runtime', () => ({
  runtime: () => ({ rero: {}, sessions: current.door }),
  signInRateLimit: async () => undefined,
  noteSignIn: async (person: { userId: string; name?: string }) => {
    if (current.store) await noteSignIn(current.store.db, person);
  },
  countSignIn: (records: unknown[]) => {
    counted.push(records);
  },
}));
vi.mock('@/lib/providers/rero-plus', async (original) => ({
  ...(await original<typeof import('@/lib/providers/rero-plus')>()),
  exchangeCode: async () => ({ accessToken: `access-${current.userId}`, refreshToken: `refresh-${current.userId}`, expiresAt: Date.now() + 3600_000, userId: current.userId }),
  fetchPatronFacts: async () => ({ userId: current.userId, name: NAMES[current.userId], records: [{ code: 'vs', patronType: 'vs-pm' }] }),
}));

const { GET } = await import('./route');

let folder: string;
let store: Store;

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'gw-callback-'));
  store = await openStore(`file:${join(folder, 'gateway.db')}`);
  await putStaff(store.db, { userId: '1001', role: 'admin', institutions: [] }, new Date());
  current.store = store;
  current.door = testDoor(store, {
    fetchPatronFacts: async () => {
      throw new Error('not asked');
    },
    refreshTokens: async () => {
      throw new Error('not asked');
    },
  }).door;
});

afterEach(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

async function signIn(userId: string): Promise<Response> {
  current.userId = userId;
  current.jar = new TestJar();
  await current.door?.beginSignIn(current.jar, { state: 'the-state', codeVerifier: 'v'.repeat(43), returnTo: '/' });
  return GET(new Request('http://localhost:3000/auth/callback?code=c&state=the-state'));
}

async function everythingStored(): Promise<string> {
  const tables = ['staff', 'newest_tokens', 'audit_log', 'session_ends', 'session_generations'] as const;
  const rows = await Promise.all(tables.map((table) => store.db.selectFrom(table).selectAll().execute()));
  return JSON.stringify(rows);
}

describe('/auth/callback and names', () => {
  test('a staff member: the name is kept in the staff table, not in the cookie', async () => {
    const response = await signIn('1001');
    expect(response.status).toBe(303);
    expect((await getStaff(store.db, '1001'))?.name).toBe('Roduit, Louis');
    const session = await unsealSession(testConfig, current.jar.session);
    expect(session?.facts).toEqual({ userId: '1001', records: [{ code: 'vs', patronType: 'vs-pm' }] });
  });

  test('a patron: the name is kept nowhere (cookie, newest pair, staff table)', async () => {
    const response = await signIn('1003');
    expect(response.status).toBe(303);
    const session = await unsealSession(testConfig, current.jar.session);
    expect(session?.facts.userId).toBe('1003');
    expect(session?.facts).not.toHaveProperty('name');
    expect(await store.db.selectFrom('newest_tokens').select('user_id').execute()).toEqual([{ user_id: '1003' }]);
    const newest = await store.db.selectFrom('newest_tokens').select('sealed').executeTakeFirst();
    // The stored pair is sealed: opened, it holds no name either.
    expect((await unsealStoredPair(testConfig, newest?.sealed ?? ''))?.facts).not.toHaveProperty('name');
    expect(await getStaff(store.db, '1003')).toBeUndefined();
    expect(await everythingStored()).not.toContain('Meier');
  });

  test('the codes of each sign-in are handed over to be counted: the memberships’ codes, nothing about who', async () => {
    counted.length = 0;
    expect((await signIn('1001')).status).toBe(303);
    expect(counted).toEqual([[{ code: 'vs', patronType: 'vs-pm' }]]);
  });
});
