import { describe, expect, it } from 'vitest';
import { fullJitterDelay, retryDelay } from '../src/backoff';
import { parseRateLimitWait, parseRetryAfter } from '../src/server-hints';

const policy = { baseMs: 100, maxMs: 5000 };

describe('backoff with full jitter', () => {
  it('draws between 0 and a ceiling that doubles each retry, up to the cap', () => {
    expect([0, 1, 2, 3, 10].map((retry) => fullJitterDelay(retry, policy, () => 0.999999))).toEqual(
      [99, 199, 399, 799, 4999],
    );
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(1000, policy, () => 0.5)).toBe(2500);
  });

  it('spreads clients that failed together across the whole window', () => {
    const delays = Array.from({ length: 2000 }, () => fullJitterDelay(4, policy));
    const mean = delays.reduce((sum, d) => sum + d, 0) / delays.length;
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(1600);
    // Uniform on [0, 1600): mean 800, standard error about 10.
    expect(mean).toBeGreaterThan(740);
    expect(mean).toBeLessThan(860);
  });

  it('never waits less than the server said, whatever the jitter drew', () => {
    expect(retryDelay(0, policy, 60_000, () => 0.999)).toBe(60_000);
    expect(retryDelay(5, policy, 1000, () => 0.999)).toBe(3196);
    expect(retryDelay(2, policy, undefined, () => 0.5)).toBe(200);
  });
});

describe('server hints', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('5')).toBe(5000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    const now = Date.parse('2024-06-01T12:00:00Z');
    expect(parseRetryAfter('Sat, 01 Jun 2024 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 01 Jun 2024 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('reads a spent RateLimit policy as a wait, and one with requests left as none', () => {
    expect(parseRateLimitWait('"user";r=0;t=42')).toBe(42_000);
    expect(parseRateLimitWait('"user";r=3;t=42')).toBeUndefined();
    expect(parseRateLimitWait('"burst";r=0;t=1, "day";r=0;t=300')).toBe(300_000);
    expect(parseRateLimitWait('"a,b";r=5;t=9, "c";r=0;t=2')).toBe(2000);
    expect(parseRateLimitWait('garbage')).toBeUndefined();
    expect(parseRateLimitWait(null)).toBeUndefined();
  });
});
