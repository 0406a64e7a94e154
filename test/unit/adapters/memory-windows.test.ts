import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryWindows } from '#adapters/memory-windows';
import { decideSlidingWindow, type RateLimitPolicy } from '#core/rate-limit-policy';

const policy: RateLimitPolicy = { name: 'user', limit: 3, windowSeconds: 60 };
const T0 = 1_717_236_000_000;
const MINUTE = 60_000;

describe('createMemoryWindows', () => {
  it('decides every bucket as the model does on its own arrivals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 30_000 })), {
          maxLength: 200,
        }),
        (arrivals) => {
          const memory = createMemoryWindows();
          const logs = new Map<string, number[]>();
          let at = T0;
          for (const [bucket, gap] of arrivals) {
            at += gap;
            const model = decideSlidingWindow(policy, logs.get(bucket) ?? [], at);
            logs.set(bucket, model.log);
            expect(memory.decide(bucket, policy, at)).toEqual({
              allowed: model.allowed,
              count: model.count,
              oldestMs: model.oldestMs,
            });
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('drops the buckets whose window has emptied', () => {
    const memory = createMemoryWindows();
    for (let i = 0; i < 1_000; i++) memory.decide(`key-${i}:user`, policy, T0);

    memory.decide('late:user', policy, T0 + MINUTE);

    expect(memory.size).toBe(1);
  });

  it('never holds more than its bound, forgetting the least recently used bucket first', () => {
    const memory = createMemoryWindows(10);
    const sizes: number[] = [];
    for (let i = 0; i < 100; i++) {
      memory.decide('busy:user', policy, T0);
      memory.decide(`key-${i}:user`, policy, T0);
      sizes.push(memory.size);
    }

    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
    // The busy key, used all along, is still full; the first of the others was forgotten.
    expect(memory.decide('busy:user', policy, T0)).toMatchObject({ allowed: false, count: 3 });
    expect(memory.decide('key-0:user', policy, T0)).toMatchObject({ allowed: true, count: 1 });
  });
});
