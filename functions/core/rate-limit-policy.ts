import type { Scope } from './api-key';

/** The quotas a key has: one per kind of work, so heavy reads cannot starve writes. */
export type RateLimitClass = 'user' | 'metrics' | 'admin';

export const RATE_LIMIT_CLASSES: readonly RateLimitClass[] = ['user', 'metrics', 'admin'];

/** What the original service declared, in requests per minute. */
export const DEFAULT_LIMITS_PER_MINUTE: Readonly<Record<RateLimitClass, number>> = {
  user: 100,
  metrics: 50,
  admin: 200,
};

/** A named quota: `limit` requests per `windowSeconds`, as advertised in `RateLimit-Policy`. */
export interface RateLimitPolicy {
  name: RateLimitClass;
  limit: number;
  windowSeconds: number;
}

/**
 * One decision of the sliding-window log, in integer milliseconds. A decision always leaves
 * at least one admission in the window (this request, or the `limit ≥ 1` that refused it),
 * so `oldestMs` is always set.
 */
export interface WindowStep {
  allowed: boolean;
  /** Admissions in the window ending now, this request included when it was admitted. */
  count: number;
  /** When the oldest of them was admitted. */
  oldestMs: number;
}

/** A step, with the key's log (admission times, ascending) to keep for the next one. */
export interface WindowTransition extends WindowStep {
  log: number[];
}

/** What a client is told about one decision. */
export interface RateLimitDecision {
  policy: RateLimitPolicy;
  allowed: boolean;
  /** Requests that would be admitted if sent right now. */
  remaining: number;
  /** `t` of the RateLimit field: seconds until the oldest admission leaves the window. */
  resetSeconds: number;
  /** Seconds until the next request will be admitted; 0 when one would be now. */
  retryAfterSeconds: number;
}

/** Builds the three policies from per-minute limits, failing at cold start on a bad one. */
export function rateLimitPolicies(
  perMinute: Readonly<Record<RateLimitClass, number>>,
): Record<RateLimitClass, RateLimitPolicy> {
  const policy = (name: RateLimitClass): RateLimitPolicy => {
    const limit = perMinute[name];
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new Error(`The ${name} rate limit must be a positive integer, not ${limit}`);
    }
    return { name, limit, windowSeconds: 60 };
  };
  return { user: policy('user'), metrics: policy('metrics'), admin: policy('admin') };
}

/**
 * Which quota a route spends, per the issue: admin and operator routes `admin`, reads (GET, HEAD)
 * `metrics`, every other authenticated route (the feedback POSTs) `user`. Public routes
 * are not limited: without a key there is nothing to count against.
 */
export function rateLimitClassOf(
  method: string,
  scope: Scope | 'public',
): RateLimitClass | undefined {
  if (scope === 'public') return undefined;
  if (scope === 'admin' || scope === 'operator') return 'admin';
  const verb = method.toUpperCase();
  return verb === 'GET' || verb === 'HEAD' ? 'metrics' : 'user';
}

/**
 * One decision of an exact sliding-window log for a request arriving at `nowMs` on a key
 * whose `log` holds the times (ascending) of the requests it admitted. An admission counts
 * for exactly one window: from its time `a` until `a + window` (excluded), which is what
 * Redis's `ZREMRANGEBYSCORE -inf now−window` keeps. The request is admitted if and only if
 * fewer than `limit` admissions are still counted, so no stretch of one window, wherever
 * it starts, ever holds more than `limit` admissions: no boundary burst, no refill burst.
 * Refused requests are not logged. A request costs one unit whatever it carries, so a
 * batch counts once. The Lua script in `adapters/rate-limiter.ts` is a port of this.
 */
export function decideSlidingWindow(
  policy: RateLimitPolicy,
  log: readonly number[],
  nowMs: number,
): WindowTransition {
  const live = log.filter((at) => at > nowMs - policy.windowSeconds * 1000);
  if (live.length >= policy.limit) {
    return { allowed: false, count: live.length, oldestMs: live[0] ?? nowMs, log: live };
  }
  // Kept ascending even if a clock steps back, so that the oldest is always first.
  const later = live.findIndex((at) => at > nowMs);
  const next = later === -1 ? [...live, nowMs] : live.toSpliced(later, 0, nowMs);
  return { allowed: true, count: next.length, oldestMs: next[0] ?? nowMs, log: next };
}

/**
 * Turns a step into what the client is told, in whole seconds rounded up. `resetSeconds`
 * is when the oldest admission leaves the window, i.e. when one more request becomes
 * possible. A refusal means the window is full, so its Retry-After is that same moment:
 * a request sent after that wait is admitted, unless the key spent the freed unit meanwhile,
 * and one sent a whole second sooner would still be refused.
 */
export function describeDecision(
  policy: RateLimitPolicy,
  step: WindowStep,
  nowMs: number,
): RateLimitDecision {
  const remaining = Math.max(0, policy.limit - step.count);
  const untilOldestLeavesMs = step.oldestMs + policy.windowSeconds * 1000 - nowMs;
  const resetSeconds = step.count === 0 ? 0 : Math.max(0, Math.ceil(untilOldestLeavesMs / 1000));
  return {
    policy,
    allowed: step.allowed,
    remaining,
    resetSeconds,
    retryAfterSeconds: remaining > 0 ? 0 : resetSeconds,
  };
}
