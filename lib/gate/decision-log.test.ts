import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DecisionLog } from './decision-log';
import { addDecisionCounts, type DecisionCountRow, decisionCounts, openStore, type Store } from '../store';
import { ENGINES, type TestDatabase } from '../store/test-databases';

/** A store that records what it is given and fails the next `failures` calls. */
function fakeStore(failures = 0) {
  const calls: DecisionCountRow[][] = [];
  let left = failures;
  return {
    calls,
    failNext(count = 1) {
      left = count;
    },
    async addDecisionCounts(rows: DecisionCountRow[]) {
      if (left > 0) {
        left -= 1;
        throw new Error('database down');
      }
      calls.push(rows.map((row) => ({ ...row })));
    },
  };
}

const sorted = (rows: DecisionCountRow[] | undefined) =>
  [...(rows ?? [])].sort((a, b) => `${a.day}${a.resource}${a.outcome}`.localeCompare(`${b.day}${b.resource}${b.outcome}`));

describe('DecisionLog', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('record only counts in memory; the timer flushes the merged counts', async () => {
    const store = fakeStore();
    const log = new DecisionLog(store);
    log.count('cairn', 'allowed', '2025-03-01');
    log.count('cairn', 'allowed', '2025-03-01');
    log.count('cairn', 'too_young', '2025-03-01');
    log.count('jstor', 'allowed', '2025-03-02');
    expect(store.calls).toEqual([]);
    expect(log.pending).toBe(3);

    await vi.advanceTimersByTimeAsync(1999);
    expect(store.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.calls).toHaveLength(1);
    expect(sorted(store.calls[0])).toEqual([
      { day: '2025-03-01', resource: 'cairn', outcome: 'allowed', count: 2 },
      { day: '2025-03-01', resource: 'cairn', outcome: 'too_young', count: 1 },
      { day: '2025-03-02', resource: 'jstor', outcome: 'allowed', count: 1 },
    ]);
    expect(log.pending).toBe(0);

    await vi.advanceTimersByTimeAsync(10_000);
    expect(store.calls).toHaveLength(1); // nothing pending, nothing written
    await log.close();
  });

  test('flushes early when maxPending distinct keys are pending', async () => {
    const store = fakeStore();
    const log = new DecisionLog(store, { flushIntervalMs: 60_000, maxPending: 3 });
    log.count('a', 'allowed', '2025-03-01');
    log.count('a', 'allowed', '2025-03-01'); // same key: still one pending
    log.count('b', 'allowed', '2025-03-01');
    await vi.advanceTimersByTimeAsync(0);
    expect(store.calls).toEqual([]);
    log.count('c', 'allowed', '2025-03-01');
    await vi.advanceTimersByTimeAsync(0);
    expect(store.calls).toHaveLength(1);
    expect(store.calls[0]).toHaveLength(3);
    await log.close();
  });

  test('a failed flush keeps the counts, adds those recorded meanwhile and retries on the next tick', async () => {
    const store = fakeStore(1);
    const log = new DecisionLog(store, { flushIntervalMs: 1000 });
    log.count('cairn', 'allowed', '2025-03-01');
    log.count('cairn', 'allowed', '2025-03-01');
    await vi.advanceTimersByTimeAsync(1000); // fails, in the background: no unhandled rejection
    expect(store.calls).toEqual([]);
    expect((log.lastError as Error).message).toBe('database down');
    expect(log.pending).toBe(1);

    log.count('cairn', 'allowed', '2025-03-01');
    log.count('jstor', 'allowed', '2025-03-01');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sorted(store.calls[0])).toEqual([
      { day: '2025-03-01', resource: 'cairn', outcome: 'allowed', count: 3 },
      { day: '2025-03-01', resource: 'jstor', outcome: 'allowed', count: 1 },
    ]);
    expect(log.lastError).toBeUndefined();
    await log.close();
  });

  test('after a failure, a full buffer waits for the timer instead of retrying on every record', async () => {
    const store = fakeStore(1);
    const log = new DecisionLog(store, { flushIntervalMs: 1000, maxPending: 2 });
    const flush = vi.spyOn(store, 'addDecisionCounts');
    log.count('a', 'allowed', '2025-03-01');
    log.count('b', 'allowed', '2025-03-01'); // full: flushes, fails
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 50; i++) log.count(`r${i}`, 'allowed', '2025-03-01');
    await vi.advanceTimersByTimeAsync(0);
    expect(flush).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(flush).toHaveBeenCalledTimes(2);
    expect(store.calls[0]).toHaveLength(52);
    await log.close();
  });

  test('flush() rejects when the store fails, and nothing is lost', async () => {
    const store = fakeStore(1);
    const log = new DecisionLog(store);
    log.count('cairn', 'allowed', '2025-03-01');
    await expect(log.flush()).rejects.toThrow('database down');
    await log.flush();
    expect(store.calls).toEqual([[{ day: '2025-03-01', resource: 'cairn', outcome: 'allowed', count: 1 }]]);
    await log.close();
  });

  test('close flushes and stops the timer', async () => {
    const store = fakeStore();
    const log = new DecisionLog(store, { flushIntervalMs: 1000 });
    log.count('cairn', 'allowed', '2025-03-01');
    await log.close();
    expect(store.calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a day that is not YYYY-MM-DD is refused at once, so it cannot poison later flushes', () => {
    const log = new DecisionLog(fakeStore());
    expect(() => log.count('cairn', 'allowed', '2025-3-1')).toThrow(RangeError);
    expect(() => log.count('', 'allowed', '2025-03-01')).toThrow(RangeError);
    expect(log.pending).toBe(0);
    void log.close();
  });
});

describe.each(ENGINES)('DecisionLog on $engine', ({ create }) => {
  let database: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    database = await create();
    store = await openStore(database.url);
  });

  afterEach(async () => {
    await store?.close();
    await database?.drop(); // undefined when creating it failed
  });

  test('counts reach the store; a store failing once loses nothing', async () => {
    let failOnce = true;
    const flaky = {
      addDecisionCounts(rows: DecisionCountRow[]) {
        if (failOnce) {
          failOnce = false;
          return Promise.reject(new Error('connection reset'));
        }
        return addDecisionCounts(store.db, rows);
      },
    };
    const log = new DecisionLog(flaky, { flushIntervalMs: 60_000 });
    log.count('cairn', 'allowed', '2025-03-01');
    log.count('cairn', 'too_young', '2025-03-01');
    await expect(log.flush()).rejects.toThrow('connection reset');
    log.count('cairn', 'allowed', '2025-03-01');
    await log.flush();
    log.count('cairn', 'allowed', '2025-03-01');
    await log.close();
    expect(await decisionCounts(store.db, '2025-03-01', '2025-03-01')).toEqual([
      { day: '2025-03-01', resource: 'cairn', outcome: 'allowed', count: 3 },
      { day: '2025-03-01', resource: 'cairn', outcome: 'too_young', count: 1 },
    ]);
  });
});
