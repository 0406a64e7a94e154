import type { Scope } from './api-key';
import { ProblemError } from './errors';

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
 * GCRA in integer milliseconds. `intervalMs` is the emission interval (one request's worth
 * of refill); `capacityMs = limit × intervalMs` is how far ahead of now the theoretical
 * arrival time may run, i.e. a burst of `limit`. The interval is rounded up so that every
 * value is an integer in both TypeScript and Lua, which keeps the two bit-for-bit equal;
 * the rounding only ever makes the rate stricter (by under 1 ms per request).
 */
export interface GcraParameters {
  intervalMs: number;
  capacityMs: number;
}

/** The state after one decision: `tat` is the key's theoretical arrival time, in ms. */
export interface GcraStep {
  allowed: boolean;
  tat: number;
}

/** What a client is told about one decision. */
export interface RateLimitDecision {
  policy: RateLimitPolicy;
  allowed: boolean;
  /** Requests that would be admitted if sent right now. */
  remaining: number;
  /** `t` of the RateLimit field: see {@link describeDecision}. */
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
 * Which quota a route spends, per the issue: admin routes `admin`, reads (GET, HEAD)
 * `metrics`, every other authenticated route (the feedback POSTs) `user`. Public routes
 * are not limited: without a key there is nothing to count against.
 */
export function rateLimitClassOf(
  method: string,
  scope: Scope | 'public',
): RateLimitClass | undefined {
  if (scope === 'public') return undefined;
  if (scope === 'admin') return 'admin';
  const verb = method.toUpperCase();
  return verb === 'GET' || verb === 'HEAD' ? 'metrics' : 'user';
}

/** The emission interval and burst capacity of a policy, in integer milliseconds. */
export function gcraParameters(policy: RateLimitPolicy): GcraParameters {
  const intervalMs = Math.ceil((policy.windowSeconds * 1000) / policy.limit);
  return { intervalMs, capacityMs: intervalMs * policy.limit };
}

/**
 * One GCRA decision for a request arriving at `nowMs` on a key whose stored theoretical
 * arrival time is `storedTat` (undefined for a fresh or expired key). A request costs one
 * unit whatever it carries, so a batch counts once.
 *
 * What "`limit` per minute" means here: a fresh key may spend its whole `limit` at once,
 * after which capacity comes back evenly, one request every `60 s / limit`. Precisely, for
 * every stretch of `d` ms the number of admitted requests is at most
 * `limit + floor(d / intervalMs)`, and the bound is reached. So there is no fixed-window
 * boundary burst (two seconds never see `2 × limit`), but one sliding minute can see up to
 * `2 × limit − 1` (a full burst, then the minute's refill). Clients who send at most one
 * request per interval are never refused. The Lua script in `adapters/rate-limiter.ts` is
 * a line-for-line port of this function.
 */
export function decideGcra(
  policy: RateLimitPolicy,
  storedTat: number | undefined,
  nowMs: number,
): GcraStep {
  const { intervalMs, capacityMs } = gcraParameters(policy);
  const tat = storedTat !== undefined && storedTat > nowMs ? storedTat : nowMs;
  const next = tat + intervalMs;
  if (next - nowMs <= capacityMs) return { allowed: true, tat: next };
  return { allowed: false, tat };
}

/**
 * Turns a step into what the client is told. `retryAfterSeconds` is rounded up, so a
 * request sent after that wait is admitted unless the key spent capacity meanwhile.
 * `resetSeconds` is the effective window `t` of the RateLimit field: while requests remain,
 * the seconds until the whole quota is back; once none remain, the seconds until the next
 * one is, so that it never ends after a Retry-After sent with it (draft section 6).
 */
export function describeDecision(
  policy: RateLimitPolicy,
  step: GcraStep,
  nowMs: number,
): RateLimitDecision {
  const { intervalMs, capacityMs } = gcraParameters(policy);
  const ahead = Math.max(0, step.tat - nowMs);
  const remaining = Math.min(
    policy.limit,
    Math.max(0, Math.floor((capacityMs - ahead) / intervalMs)),
  );
  const waitMs = Math.max(0, ahead + intervalMs - capacityMs);
  const retryAfterSeconds = Math.ceil(waitMs / 1000);
  return {
    policy,
    allowed: step.allowed,
    remaining,
    resetSeconds: remaining === 0 ? retryAfterSeconds : Math.ceil(ahead / 1000),
    retryAfterSeconds,
  };
}

/** A key has spent its quota: the boundary answers 429, with Retry-After added by the limiter. */
export class TooManyRequestsError extends ProblemError {
  readonly status = 429;
  readonly title = 'Too Many Requests';
}
