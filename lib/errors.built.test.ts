/**
 * The same check as ./errors.test.ts, on the built app (`next build`): Next
 * compiles lib/store into one module per layer (instrumentation, proxy, route
 * handlers, pages and server actions), each with its own CriteriaVersionConflict
 * class, and the process's store is opened by whichever runs first — start-up
 * (lib/startup.ts), in the instrumentation layer. Here that layer's store meets
 * a real version conflict under every built copy of lib/admin/actions.ts,
 * which must answer "conflict", not throw.
 *
 * Runs only when the tests' build (.next-test) is newer than the sources it
 * checks (a stale build proves nothing); `NEXT_DIST_DIR=.next-test npx next
 * build && npx vitest run lib/errors.built.test.ts` runs it. The built modules are found by strings
 * that survive minification, and loaded through the build's own module
 * runtime, as `next start` loads them.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { racing } from './admin/test-fixtures';
import type { Store } from './store';
import { getDocument } from './store';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The tests' build (`npm test` builds with NEXT_DIST_DIR=.next-test). */
const DIST = process.env.NEXT_DIST_DIR || '.next-test';
const SERVER = join(ROOT, DIST, 'server');
const CHECKED = ['lib/errors.ts', 'lib/store/errors.ts', 'lib/store/index.ts', 'lib/admin/actions.ts'];
const BUILD_ID = join(ROOT, DIST, 'BUILD_ID');
const current = existsSync(BUILD_ID) && CHECKED.every((file) => statSync(join(ROOT, file)).mtimeMs < statSync(BUILD_ID).mtimeMs);

const load = createRequire(import.meta.url);

function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? files(path) : entry.name.endsWith('.js') ? [path] : [];
  });
}

interface BuiltModule {
  ssr: boolean;
  id: number;
}

/** Every built module whose source holds `marker`: chunks are `module.exports = [id, factory, …]`. */
function modulesWith(marker: string): BuiltModule[] {
  const found = new Map<string, BuiltModule>();
  for (const file of files(join(SERVER, 'chunks'))) {
    const text = readFileSync(file, 'utf8');
    if (!text.startsWith('module.exports=[') || !text.includes(marker)) continue;
    const list = load(file) as unknown[];
    list.forEach((item, index) => {
      if (typeof item !== 'function' || !item.toString().includes(marker)) return;
      let first = index - 1;
      while (typeof list[first - 1] === 'number') first--;
      const id = list[first] as number;
      found.set(`${file.includes('/ssr/')}:${id}`, { ssr: file.includes('/ssr/'), id });
    });
  }
  return [...found.values()];
}

interface Runtime {
  /** Registers a chunk's module factories. */
  c(chunk: string): void;
  /** Instantiates (once per runtime) and returns a module. */
  m(id: number): { exports: Record<string, unknown> };
}

/** The build's module runtimes (one for pages and server actions, one for the rest), every chunk registered. */
const runtimes = new Map<boolean, Runtime>();
function runtimeOf(ssr: boolean): Runtime {
  let runtime = runtimes.get(ssr);
  if (!runtime) {
    const folder = ssr ? 'chunks/ssr' : 'chunks';
    runtime = (load(join(SERVER, folder, '[turbopack]_runtime.js')) as (name: string) => Runtime)('server/check.js');
    for (const file of readdirSync(join(SERVER, folder))) {
      if (file.endsWith('.js') && readFileSync(join(SERVER, folder, file), 'utf8').startsWith('module.exports=[')) runtime.c(`server/${folder}/${file}`);
    }
    runtimes.set(ssr, runtime);
  }
  return runtime;
}

/** A built module's exports (names are minified: callers pick by behaviour or by source); an async module's once it has run. */
async function exportsOf({ ssr, id }: BuiltModule): Promise<Record<string, unknown>> {
  return await runtimeOf(ssr).m(id).exports;
}

/** Each built copy of the exported function whose source holds `marker` (modules where the text is only data are skipped). */
async function builtCopies<T>(marker: string): Promise<{ module: BuiltModule; value: T }[]> {
  const copies: { module: BuiltModule; value: T }[] = [];
  for (const module of modulesWith(marker)) {
    const value = Object.values(await exportsOf(module)).find((item) => typeof item === 'function' && item.toString().includes(marker));
    if (value) copies.push({ module, value: value as T });
  }
  return copies;
}

describe.runIf(current)('the built app (.next-test, newer than the sources)', () => {
  test('a version conflict thrown by any built copy of the store answers "conflict" under every built copy of the admin actions', async () => {
    const conflictClasses = (await builtCopies<new (version: number) => Error>('STORE_VERSION_CONFLICT')).map((copy) => copy.value);
    // The premise: several copies of the class, none an instanceof another.
    expect(new Set(conflictClasses).size).toBeGreaterThan(1);
    const [first, second] = conflictClasses;
    expect(first && second && new first(1) instanceof second).toBe(false);

    type ImportDocument = (identity: { userId: string }, input: { text: string }, context: { store: Store; now: Date; timeZone: string }) => Promise<unknown>;
    const stores = await builtCopies<(url: string) => Promise<Store>>('Cannot open the database');
    // The admin action (lib/admin/actions.ts importDocument): the only code that reads `.plan.count`.
    const actions = await builtCopies<ImportDocument>('.plan.count');
    expect(stores.length).toBeGreaterThan(1);
    expect(actions.length).toBeGreaterThan(0);
    const text = JSON.stringify({ resources: [{ slug: 'other', name: 'Other', url: 'https://other.example/' }] });
    const answers: string[] = [];
    for (const { module: storeModule, value: openStore } of stores) {
      const folder = mkdtempSync(join(tmpdir(), 'gw-built-'));
      const store = await openStore(`file:${join(folder, 'gateway.db')}`);
      try {
        const at = new Date().toISOString();
        await store.db.insertInto('staff').values({ user_id: '1001', role: 'admin', institutions: '[]', created_at: at, updated_at: at }).execute();
        const ctx = { store: racing(store), now: new Date(), timeZone: 'Europe/Zurich' };
        for (const { module, value: importDocument } of actions) {
          const answer = await importDocument({ userId: '1001' }, { text }, ctx).catch((error: Error) => `threw ${error.name}`);
          // A conflict also carries the difference as it now is: the outcome is what counts here.
          const outcome = typeof answer === 'object' && answer !== null ? { ok: (answer as { ok: unknown }).ok, code: (answer as { code?: unknown }).code } : answer;
          answers.push(`store ${storeModule.id}, actions ${module.id}: ${JSON.stringify(outcome)}`);
        }
        expect((await getDocument(store.db)).resources).toEqual([]);
      } finally {
        await store.close();
        rmSync(folder, { recursive: true, force: true });
      }
    }
    expect(answers).toEqual(answers.map((line) => line.replace(/: .*$/, ': {"ok":false,"code":"conflict"}')));
  });
});
