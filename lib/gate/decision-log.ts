/**
 * Decision counts, batched off the request path: `count` only adds to a map
 * in memory; the counts reach the store every `flushIntervalMs`, or sooner
 * when `maxPending` distinct keys wait. Only (day, resource, outcome) is
 * kept: nothing about the patron.
 */
import { isCalendarDate } from '../access/dates';
import { addDecisionCounts, type DecisionCountRow, type Store } from '../store';

/** Where the log writes: the store's counts (`countsIn`), or a test's stand-in. */
export interface CountsSink {
  addDecisionCounts(rows: DecisionCountRow[]): Promise<void>;
}

export function countsIn(store: Store): CountsSink {
  return { addDecisionCounts: (rows) => addDecisionCounts(store.db, rows) };
}

export interface DecisionLogOptions {
  flushIntervalMs?: number;
  maxPending?: number;
}

export class DecisionLog {
  /** The error of the last flush, or undefined once a flush succeeds. */
  lastError: unknown;

  readonly #sink: CountsSink;
  readonly #maxPending: number;
  readonly #timer: NodeJS.Timeout;
  #pending = new Map<string, DecisionCountRow>();
  /** The flush in progress; flushes run one after another. */
  #flushing: Promise<void> = Promise.resolve();
  #busy = false;

  constructor(sink: CountsSink, { flushIntervalMs = 2000, maxPending = 1000 }: DecisionLogOptions = {}) {
    this.#sink = sink;
    this.#maxPending = maxPending;
    this.#timer = setInterval(() => this.#flushInBackground(), flushIntervalMs);
    this.#timer.unref(); // counting must not keep a process alive
  }

  /** Counts one decision. `day` is the library's local day (YYYY-MM-DD). */
  count(resource: string, outcome: string, day: string): void {
    // Checked here so that one bad row cannot make every later flush fail.
    if (!isCalendarDate(day)) throw new RangeError(`Decision day must be YYYY-MM-DD: ${JSON.stringify(day)}`);
    if (!resource || !outcome) throw new RangeError('A decision needs a resource and an outcome.');
    this.#add({ day, resource, outcome, count: 1 });
    // After a failed flush, wait for the timer rather than retry on every request.
    if (this.#pending.size >= this.#maxPending && !this.#busy && this.lastError === undefined) this.#flushInBackground();
  }

  /** Number of distinct (day, resource, outcome) keys waiting to be written. */
  get pending(): number {
    return this.#pending.size;
  }

  /**
   * Writes the pending counts. On failure they stay pending (added to any
   * recorded meanwhile) for the next flush, and the promise rejects.
   */
  flush(): Promise<void> {
    const next = this.#flushing.catch(() => undefined).then(() => this.#flushOnce());
    this.#flushing = next;
    return next;
  }

  /** Stops the timer and writes what is pending. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  #add(row: DecisionCountRow): void {
    const key = JSON.stringify([row.day, row.resource, row.outcome]);
    const seen = this.#pending.get(key);
    if (seen) seen.count += row.count;
    else this.#pending.set(key, { ...row });
  }

  async #flushOnce(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    this.#busy = true;
    try {
      await this.#sink.addDecisionCounts([...batch.values()]);
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error;
      for (const row of batch.values()) this.#add(row);
      throw error;
    } finally {
      this.#busy = false;
    }
  }

  #flushInBackground(): void {
    if (this.#pending.size === 0) return;
    this.flush().catch(() => undefined); // kept in lastError; retried on the next tick
  }
}
