import { describe, expect, it } from 'vitest';
import { SingleFlight } from '#core/single-flight';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('runs concurrent calls for one key once, and tells the callers who joined', async () => {
    const flight = new SingleFlight<number>();
    const gate = deferred<number>();
    let runs = 0;
    const work = () => {
      runs += 1;
      return gate.promise;
    };

    const calls = Array.from({ length: 20 }, () => flight.run('metrics', work));
    gate.resolve(42);
    const results = await Promise.all(calls);

    expect(runs).toBe(1);
    expect(results.map((r) => r.value)).toEqual(Array(20).fill(42));
    expect(results.filter((r) => !r.shared)).toHaveLength(1);
    expect(flight.size).toBe(0);
  });

  it('runs different keys independently', async () => {
    const flight = new SingleFlight<string>();
    const results = await Promise.all([
      flight.run('a', async () => 'a'),
      flight.run('b', async () => 'b'),
    ]);

    expect(results).toEqual([
      { value: 'a', shared: false },
      { value: 'b', shared: false },
    ]);
  });

  it('shares a failure with the callers that joined, and runs anew on the next call', async () => {
    const flight = new SingleFlight<number>();
    const gate = deferred<number>();
    const first = flight.run('k', () => gate.promise);
    const joined = flight.run('k', async () => 1);
    gate.reject(new Error('database unavailable'));

    await expect(first).rejects.toThrow('database unavailable');
    await expect(joined).rejects.toThrow('database unavailable');
    await expect(flight.run('k', async () => 7)).resolves.toEqual({ value: 7, shared: false });
  });
});
