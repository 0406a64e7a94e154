/**
 * Collapses concurrent calls for one key into one: the first caller runs `work`, callers
 * that arrive while it runs share its promise (and its failure); the next call after it
 * settles runs `work` again. Hand-written because it is ten lines and the libraries that
 * offer it (memoizers) also keep results, which a cache in front of this must decide.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** `shared` tells the caller whether it joined a call already running. */
  async run(key: string, work: () => Promise<T>): Promise<{ value: T; shared: boolean }> {
    const current = this.running.get(key);
    if (current) return { value: await current, shared: true };
    const started = work().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return { value: await started, shared: false };
  }

  /** Keys with a call running now. */
  get size(): number {
    return this.running.size;
  }
}
