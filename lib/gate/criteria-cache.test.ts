import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseCriteriaDocument, type CriteriaDocument } from '../access/criteria';
import { CriteriaCache, criteriaFrom } from './criteria-cache';
import { openStore, replaceDocument, type Store } from '../store';
import { ENGINES, type TestDatabase } from '../store/test-databases';

function documentOf(...slugs: string[]): CriteriaDocument {
  const parsed = parseCriteriaDocument({ resources: slugs.map((slug) => ({ slug, name: slug.toUpperCase(), url: `https://${slug}.example/` })) });
  if (!parsed.ok) throw new Error('invalid test document');
  return parsed.document;
}

/** A store in memory that counts reads, can be made to fail, and can hold its answers back. */
function fakeStore(document: CriteriaDocument) {
  const state = { document, version: 1, versionReads: 0, documentReads: 0, failing: false, gate: Promise.resolve() };
  return {
    state,
    change(next: CriteriaDocument) {
      state.document = next;
      state.version += 1;
    },
    async criteriaVersion() {
      state.versionReads += 1;
      await state.gate;
      if (state.failing) throw new Error('database down');
      return state.version;
    },
    async getDocument() {
      state.documentReads += 1;
      await state.gate;
      if (state.failing) throw new Error('database down');
      return state.document;
    },
  };
}

function clock(start = 1_000_000) {
  const c = { time: start, now: () => c.time };
  return c;
}

describe('CriteriaCache', () => {
  test('checks the version at most once per interval, and reloads only when it moved', async () => {
    const store = fakeStore(documentOf('cairn', 'jstor'));
    const time = clock();
    const cache = new CriteriaCache(store, { now: time.now });

    expect((await cache.get('cairn'))?.name).toBe('CAIRN');
    expect(store.state).toMatchObject({ versionReads: 1, documentReads: 1 });

    time.time += 999;
    expect(await cache.get('jstor')).toBeDefined();
    expect(await cache.get('nope')).toBeUndefined();
    expect(store.state).toMatchObject({ versionReads: 1, documentReads: 1 });

    time.time += 1; // interval over: the version is checked, unchanged
    await cache.get('cairn');
    expect(store.state).toMatchObject({ versionReads: 2, documentReads: 1 });

    store.change(documentOf('cairn', 'cairn-pro'));
    time.time += 500;
    expect(await cache.get('cairn-pro')).toBeUndefined(); // not yet checked
    time.time += 500;
    expect(await cache.get('cairn-pro')).toBeDefined();
    expect(await cache.get('jstor')).toBeUndefined();
    expect(store.state).toMatchObject({ versionReads: 3, documentReads: 2 });
  });

  test('list gives the resources in the document order, as a copy', async () => {
    const cache = new CriteriaCache(fakeStore(documentOf('zeta', 'alpha', 'mid')));
    const list = await cache.list();
    expect(list.map((r) => r.slug)).toEqual(['zeta', 'alpha', 'mid']);
    list.pop();
    expect(await cache.list()).toHaveLength(3);
  });

  test('the directory comes with the document, for pages to name codes; none without one', async () => {
    const store = fakeStore(documentOf('cairn'));
    const time = clock();
    const cache = new CriteriaCache(store, { now: time.now });
    expect(await cache.directory()).toBe(undefined);
    const directory = { institutions: [{ code: 'vs', names: { fr: 'Médiathèque Valais' } }], patronTypes: [] };
    store.change({ ...documentOf('cairn'), directory });
    time.time += 1000;
    expect(await cache.directory()).toEqual(directory);
    expect(store.state).toMatchObject({ documentReads: 2 });
  });

  test('concurrent callers share one reload', async () => {
    const store = fakeStore(documentOf('cairn'));
    let open!: () => void;
    store.state.gate = new Promise<void>((resolve) => (open = resolve));
    const cache = new CriteriaCache(store);
    const answers = Promise.all([cache.get('cairn'), cache.list(), cache.get('nope'), cache.get('cairn')]);
    open();
    const [a, list, none, b] = await answers;
    expect(a?.slug).toBe('cairn');
    expect(b).toBe(a);
    expect(list).toHaveLength(1);
    expect(none).toBeUndefined();
    expect(store.state).toMatchObject({ versionReads: 1, documentReads: 1 });
  });

  test('serves the cached document while the store fails, and says why in lastError', async () => {
    const store = fakeStore(documentOf('cairn'));
    const time = clock();
    const cache = new CriteriaCache(store, { now: time.now });
    await cache.get('cairn');
    expect(cache.lastError).toBeUndefined();

    store.state.failing = true;
    time.time += 1000;
    expect((await cache.get('cairn'))?.slug).toBe('cairn');
    expect((cache.lastError as Error).message).toBe('database down');
    // The failed check counts as a check: no retry on every request.
    await cache.get('cairn');
    expect(store.state.versionReads).toBe(2);

    store.state.failing = false;
    store.change(documentOf('jstor'));
    time.time += 1000;
    expect(await cache.get('jstor')).toBeDefined();
    expect(cache.lastError).toBeUndefined();
  });

  test('with nothing cached, a failing store is an error, and the next call tries again', async () => {
    const store = fakeStore(documentOf('cairn'));
    store.state.failing = true;
    const cache = new CriteriaCache(store, { now: clock().now });
    await expect(cache.get('cairn')).rejects.toThrow('database down');
    store.state.failing = false;
    expect(await cache.get('cairn')).toBeDefined();
  });

  test('invalidate forces a check before the interval is over', async () => {
    const store = fakeStore(documentOf('cairn'));
    const time = clock();
    const cache = new CriteriaCache(store, { now: time.now });
    await cache.get('cairn');
    store.change(documentOf('jstor'));
    expect(await cache.get('jstor')).toBeUndefined();
    cache.invalidate();
    expect(await cache.get('jstor')).toBeDefined();
    expect(store.state.versionReads).toBe(2);
  });
});

describe.each(ENGINES)('CriteriaCache on $engine', ({ create }) => {
  let database: TestDatabase;
  const stores: Store[] = [];

  beforeEach(async () => {
    database = await create();
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await database?.drop(); // undefined when creating it failed
  });

  test('a change made through a second Store instance is seen within the check interval', async () => {
    const served = await openStore(database.url);
    const admin = await openStore(database.url);
    stores.push(served, admin);
    await replaceDocument(admin.db, documentOf('cairn'));

    const time = clock();
    const cache = new CriteriaCache(criteriaFrom(served), { now: time.now });
    expect((await cache.list()).map((r) => r.slug)).toEqual(['cairn']);

    await replaceDocument(admin.db, documentOf('jstor', 'cairn'));
    time.time += 999;
    expect(await cache.get('jstor')).toBeUndefined();
    time.time += 1;
    expect((await cache.list()).map((r) => r.slug)).toEqual(['jstor', 'cairn']);
  });
});
