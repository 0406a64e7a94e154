import {
  decideSlidingWindow,
  type RateLimitPolicy,
  type WindowStep,
} from '#core/rate-limit-policy';

/** Sliding-window logs in this instance's memory: the limiter's fallback when Redis is not. */
export interface MemoryWindows {
  decide(bucket: string, policy: RateLimitPolicy, nowMs: number): WindowStep;
  /** How many buckets are held. */
  readonly size: number;
}

interface Bucket {
  log: number[];
  /** When the newest admission leaves the window: from then on the bucket equals a fresh one. */
  expiresAt: number;
}

// Expired buckets are swept at most this often, so a sweep's cost is spread over a minute.
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Holds at most `maxBuckets` logs. Buckets whose window has emptied are dropped by a
 * periodic sweep (they decide exactly as a missing one). Should more than `maxBuckets`
 * keys be live at once, the least recently used are forgotten, a tenth at a time: those
 * keys then start afresh on this instance, which over-admits them but keeps the memory of
 * a long outage bounded. Each log holds at most `limit` times.
 */
export function createMemoryWindows(maxBuckets = 10_000): MemoryWindows {
  if (!Number.isSafeInteger(maxBuckets) || maxBuckets < 1) {
    throw new Error(`The in-memory rate limiter needs at least one bucket, not ${maxBuckets}`);
  }
  // Insertion order is use order: a bucket is re-inserted on every decision.
  const buckets = new Map<string, Bucket>();
  let nextSweepAt = 0;

  const sweep = (nowMs: number) => {
    for (const [name, bucket] of buckets) if (bucket.expiresAt <= nowMs) buckets.delete(name);
    const keep = maxBuckets - Math.ceil(maxBuckets / 10);
    for (const name of buckets.keys()) {
      if (buckets.size <= keep) break;
      buckets.delete(name);
    }
    nextSweepAt = nowMs + SWEEP_INTERVAL_MS;
  };

  return {
    decide(name, policy, nowMs) {
      if (nowMs >= nextSweepAt || buckets.size >= maxBuckets) sweep(nowMs);
      const held = buckets.get(name);
      const step = decideSlidingWindow(policy, held ? held.log : [], nowMs);
      buckets.delete(name);
      const newest = step.log.at(-1);
      if (newest !== undefined) {
        buckets.set(name, { log: step.log, expiresAt: newest + policy.windowSeconds * 1000 });
      }
      return { allowed: step.allowed, count: step.count, oldestMs: step.oldestMs };
    },
    get size() {
      return buckets.size;
    },
  };
}
