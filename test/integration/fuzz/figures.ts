import type { FuzzRequest } from './requests';

/** What a fuzz run did, for the test's output and docs/testing.md. */
export class Figures {
  requests = 0;
  gatewayThrottles = 0;
  readonly byOperation = new Map<string, Map<number, number>>();
  readonly byKind = new Map<string, number>();
  readonly milliseconds = new Map<string, number>();
  /** The largest answer of each operation, in bytes: how far each is from the 1 MB bound. */
  readonly largest = new Map<string, number>();
  private readonly started = performance.now();

  count(request: FuzzRequest, status: number, ms: number, bytes: number): void {
    this.requests += 1;
    const id = request.operation.operationId;
    this.largest.set(id, Math.max(this.largest.get(id) ?? 0, bytes));
    this.milliseconds.set(id, (this.milliseconds.get(id) ?? 0) + ms);
    const statuses = this.byOperation.get(id) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    this.byOperation.set(id, statuses);
    this.byKind.set(request.kind, (this.byKind.get(request.kind) ?? 0) + 1);
  }

  /** A table: each operation, its requests and the statuses it answered, then the totals. */
  report(seed: number): string {
    const seconds = (performance.now() - this.started) / 1000;
    const lines = [...this.byOperation]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, statuses]) => {
        const total = [...statuses.values()].reduce((a, b) => a + b, 0);
        const seen = [...statuses]
          .sort(([a], [b]) => a - b)
          .map(([status, n]) => `${status}:${n}`)
          .join(' ');
        const mean = (this.milliseconds.get(id) ?? 0) / total;
        const largest = `${((this.largest.get(id) ?? 0) / 1024).toFixed(0)} KiB`;
        return `  ${id.padEnd(28)} ${String(total).padStart(6)} ${mean.toFixed(0).padStart(5)} ms ${largest.padStart(8)}  ${seen}`;
      });
    const kinds = [...this.byKind].map(([kind, n]) => `${kind} ${n}`).join(', ');
    return [
      `fuzz: ${this.requests} requests, ${this.byOperation.size} operations, seed ${seed}, ` +
        `${seconds.toFixed(1)} s (${(this.requests / seconds).toFixed(0)}/s), ` +
        `${this.gatewayThrottles} gateway throttles retried`,
      `  cases: ${kinds}`,
      ...lines,
    ].join('\n');
  }
}
