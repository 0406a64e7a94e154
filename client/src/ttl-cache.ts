/**
 * Answers reused for a short time, at most `maxEntries` of them (the least recently used
 * leaves first). What is stored is the promise, so concurrent asks for one key make one
 * request; a failed one is forgotten at once, so the next ask tries again.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { expiresAt: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const found = this.entries.get(key);
    if (found && found.expiresAt > this.now()) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.value;
    }
    const value = load();
    const entry = { expiresAt: this.now() + this.ttlMs, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
