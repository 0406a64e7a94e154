import { describe, expect, it } from 'vitest';
import { BoundedCache } from '#core/bounded-cache';

function cacheAt(start: number, maxEntries = 3, ttlMs = 1_000) {
  const clock = { now: start };
  const cache = new BoundedCache<string>({ maxEntries, ttlMs, now: () => clock.now });
  return { cache, clock };
}

describe('BoundedCache', () => {
  it('answers what was set until its time to live has passed', () => {
    const { cache, clock } = cacheAt(0);
    cache.set('a', 'A');
    clock.now = 999;
    expect(cache.get('a')).toBe('A');
    clock.now = 1_000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never holds more than its bound: the entry used longest ago goes first', () => {
    const { cache } = cacheAt(0);
    cache.set('a', 'A');
    cache.set('b', 'B');
    cache.set('c', 'C');
    // Reading `a` makes it the most recently used, so `b` is the one to go.
    expect(cache.get('a')).toBe('A');
    cache.set('d', 'D');
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual(['A', 'C', 'D']);
  });

  it('stays at its bound under a flood of distinct keys', () => {
    const { cache } = cacheAt(0, 100);
    for (let i = 0; i < 10_000; i++) cache.set(`key-${i}`, 'x');
    expect(cache.size).toBe(100);
    expect(cache.get('key-9999')).toBe('x');
    expect(cache.get('key-0')).toBeUndefined();
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new BoundedCache({ maxEntries: 0, ttlMs: 1 })).toThrow(/maxEntries/);
  });
});
