/**
 * The forward-auth listener answers exactly as /api/verify does — for every
 * patron and every resource of a criteria document generated for this run
 * (its seed is printed) — and refuses an ended session as /api/verify does.
 * An instance of its own, with its own listener, on a fresh SQLite store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import * as fc from 'fast-check';
import { startInstance, startSimulator } from '../bench/fixtures.mjs';
import { signInAtGateway } from '../simulators/drive.mjs';

const PORT = 3361;
const ORIGIN = `http://localhost:${PORT}`;
const LISTENER = `http://127.0.0.1:${PORT + 10_000}`;
const PATRONS = ['louis', 'marie', 'noah', 'lea'];

const resource = fc.record({
  name: fc.constantFrom('Encyclopaedia', 'Press archive', 'Junior library', 'Maps'),
  enabled: fc.boolean(),
  criteria: fc.record(
    {
      institutions: fc.subarray(['vs', 'rbnj', 'aoste']),
      patronTypes: fc.subarray(['vs-pm', 'vs-junior', 'rbnj-adult']),
      requireValidMembership: fc.boolean(),
      graceDays: fc.integer({ min: 0, max: 30 }),
      minAge: fc.integer({ min: 0, max: 40 }),
    },
    { requiredKeys: ['institutions', 'patronTypes', 'requireValidMembership'] },
  ),
  release: fc.record({ id: fc.constantFrom('pairwise', 'patron-pid', 'user-id', 'none'), attributes: fc.subarray(['institution', 'patronType']) }),
});

/** What a proxy acts on: the status and every X-Patron-* / X-Access-Denied-Reason header. */
async function decision(url: string, cookie: string) {
  const response = await fetch(url, { headers: { cookie } });
  const headers = [...response.headers.entries()].filter(([name]) => name.startsWith('x-patron-') || name === 'x-access-denied-reason').sort();
  return { status: response.status, headers };
}

test('the listener answers as /api/verify for every patron × resource of a document generated for this run, and refuses an ended session alike', async () => {
  test.setTimeout(180_000);
  const seed = Date.now() % 2 ** 31;
  const generated = fc.sample(resource, { numRuns: 12, seed }).map((r, i) => ({ slug: `generated-${i}`, url: `https://resources.example/${i}`, ...r }));
  // One resource every member reaches, for the ended-session check.
  const resources = [...generated, { slug: 'any-member', name: 'Any member', url: 'https://resources.example/any', criteria: { requireValidMembership: false } }];
  console.info(`forward-auth equivalence: criteria document generated with fast-check seed ${seed}`);
  const simulator = await startSimulator([ORIGIN]);
  const store = mkdtempSync(join(tmpdir(), 'gw-listener-'));
  const instance = await startInstance({ port: PORT, simulator, databaseUrl: `file:${join(store, 'gateway.db')}`, document: { resources } });
  try {
    let compared = 0;
    for (const username of PATRONS) {
      const cookie = await signInAtGateway(ORIGIN, { username });
      for (const { slug } of [...resources, { slug: 'no-such-resource' }]) {
        const [viaNext, viaListener] = [await decision(`${ORIGIN}/api/verify?resource=${slug}`, cookie), await decision(`${LISTENER}/verify?resource=${slug}`, cookie)];
        expect(viaListener, `${username} at ${slug}`).toEqual(viaNext);
        compared++;
      }
    }
    console.info(`forward-auth equivalence: ${compared} patron × resource pairs, the same answer from both`);

    // A cookie copied before "Sign out" is refused at the listener as at /api/verify.
    const open = 'any-member';
    const copied = await signInAtGateway(ORIGIN, { username: 'louis' });
    expect((await decision(`${LISTENER}/verify?resource=${open}`, copied)).status).toBe(200);
    const signOut = await fetch(`${ORIGIN}/auth/logout`, { method: 'POST', headers: { cookie: copied, origin: ORIGIN }, redirect: 'manual' });
    expect(signOut.status).toBe(303);
    const [ended, endedAtListener] = [await decision(`${ORIGIN}/api/verify?resource=${open}`, copied), await decision(`${LISTENER}/verify?resource=${open}`, copied)];
    expect(endedAtListener).toEqual(ended);
    expect(endedAtListener.status).toBe(401);
  } finally {
    instance.kill();
    await instance.exited;
    await simulator.close();
    rmSync(store, { recursive: true, force: true });
  }
});
