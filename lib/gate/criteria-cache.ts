/**
 * The criteria document in memory. The gateway asks for a resource on every
 * request; the store is asked only for the criteria version, at most once
 * per `checkIntervalMs`, and for the document only when that version moved —
 * so a change made through another instance is served within about a second.
 */
import type { CriteriaDocument, Resource } from '../access/criteria';
import type { Directory } from '../access/directory';
import { criteriaVersion, getDocument, type Store } from '../store';

/** What the cache reads: the store's criteria (`criteriaFrom`), or a test's stand-in. */
export interface CriteriaSource {
  criteriaVersion(): Promise<number>;
  getDocument(): Promise<CriteriaDocument>;
}

export function criteriaFrom(store: Store): CriteriaSource {
  return { criteriaVersion: () => criteriaVersion(store.db), getDocument: () => getDocument(store.db) };
}

export interface CriteriaCacheOptions {
  checkIntervalMs?: number;
  /** Milliseconds, like Date.now; tests pass a fake clock. */
  now?: () => number;
}

interface Snapshot {
  version: number;
  resources: Resource[];
  bySlug: Map<string, Resource>;
  directory: Directory | undefined;
}

export class CriteriaCache {
  /** The error of the last check, or undefined once a check succeeds. */
  lastError: unknown;

  readonly #source: CriteriaSource;
  readonly #checkIntervalMs: number;
  readonly #now: () => number;
  #snapshot: Snapshot | undefined;
  #checkedAt = -Infinity;
  /** The check in progress, shared by every caller that arrives meanwhile. */
  #checking: Promise<Snapshot> | undefined;
  /** Sequence of checks, so that an older check finishing late cannot replace a newer snapshot. */
  #started = 0;
  #applied = 0;

  constructor(source: CriteriaSource, { checkIntervalMs = 1000, now = Date.now }: CriteriaCacheOptions = {}) {
    this.#source = source;
    this.#checkIntervalMs = checkIntervalMs;
    this.#now = now;
  }

  async get(slug: string): Promise<Resource | undefined> {
    const snapshot = this.#fresh();
    return (snapshot ?? (await this.#current())).bySlug.get(slug);
  }

  /** The snapshot when it was checked within the interval: no waiting on the hot path. */
  #fresh(): Snapshot | undefined {
    const snapshot = this.#snapshot;
    return snapshot && this.#now() - this.#checkedAt < this.#checkIntervalMs ? snapshot : undefined;
  }

  /** `get` without a promise when the snapshot is fresh; undefined means "ask `get`". */
  peek(slug: string): { resource: Resource | undefined } | undefined {
    const snapshot = this.#fresh();
    return snapshot ? { resource: snapshot.bySlug.get(slug) } : undefined;
  }

  /** Every resource, in the document's order. */
  async list(): Promise<Resource[]> {
    return [...(await this.#current()).resources];
  }

  /**
   * The directory, for pages that name institutions and patron types
   * (lib/access/directory.ts institutionName, patronTypeName, renewalOf);
   * undefined when there is none.
   */
  async directory(): Promise<Directory | undefined> {
    return (await this.#current()).directory;
  }

  /** The next `get` or `list` checks the version whatever the interval. */
  invalidate(): void {
    this.#checkedAt = -Infinity;
    this.#checking = undefined;
  }

  #current(): Promise<Snapshot> {
    const snapshot = this.#snapshot;
    if (snapshot && this.#now() - this.#checkedAt < this.#checkIntervalMs) return Promise.resolve(snapshot);
    if (!this.#checking) {
      const checking = this.#check().finally(() => {
        if (this.#checking === checking) this.#checking = undefined;
      });
      this.#checking = checking;
    }
    return this.#checking;
  }

  async #check(): Promise<Snapshot> {
    const sequence = ++this.#started;
    this.#checkedAt = this.#now();
    try {
      // Version before document: a change between the two reads leaves a newer
      // document under an older version, which the next check reloads; the
      // other order could keep an old document under the new version.
      const version = await this.#source.criteriaVersion();
      let snapshot = this.#snapshot;
      if (!snapshot || snapshot.version !== version) {
        const { resources, directory } = await this.#source.getDocument();
        snapshot = { version, resources, bySlug: new Map(resources.map((r) => [r.slug, r])), directory };
      }
      if (sequence > this.#applied) {
        this.#applied = sequence;
        this.#snapshot = snapshot;
      }
      this.lastError = undefined;
      return this.#snapshot ?? snapshot;
    } catch (error) {
      this.lastError = error;
      // Serve what we have; the next check comes after the interval, not on every request.
      if (this.#snapshot) return this.#snapshot;
      this.#checkedAt = -Infinity;
      throw error;
    }
  }
}
