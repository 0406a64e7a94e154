/** Exponential backoff's shape: the first ceiling and the largest one. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * "Full jitter" (AWS Architecture Blog, 2015): a uniform wait between 0 and the capped
 * exponential ceiling. Clients that failed together spread out instead of coming back
 * together; it sends the fewest requests for a given load of all the jitters measured there.
 * `retry` counts from 0 (the first retry).
 */
export function fullJitterDelay(
  retry: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/**
 * The wait before a retry: the server's word (`Retry-After`, a `RateLimit` with nothing
 * remaining) is a floor, never shortened by jitter; backoff may only add to it.
 */
export function retryDelay(
  retry: number,
  policy: BackoffPolicy,
  serverWaitMs: number | undefined,
  random: () => number = Math.random,
): number {
  return Math.max(serverWaitMs ?? 0, fullJitterDelay(retry, policy, random));
}
