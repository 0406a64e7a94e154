/**
 * A per-instance cache with a time to live and a size bound: when full, the entry used
 * longest ago goes (LRU, by the insertion order of a Map, refreshed on every hit). Bounded
 * so that a flood of distinct keys costs a fixed amount of memory, never an unbounded Map.
 */
export class BoundedCache<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();

  constructor(readonly options: { maxEntries: number; ttlMs: number; now?: () => number }) {
    if (!Number.isSafeInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new Error(`maxEntries must be a positive integer, not ${options.maxEntries}`);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The live value of `key`, or undefined when absent or expired (an expired entry goes). */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.until <= this.#now()) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    while (this.#entries.size >= this.options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, until: this.#now() + this.options.ttlMs });
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }
}
