import type { MiddlewareObj } from '@middy/core';
import { type RateLimiter, sharedRateLimiter } from '#adapters/rate-limiter';
import { countMetric, METRIC } from '#adapters/service-metrics';
import { TooManyRequestsError } from '#core/errors';
import {
  RATE_LIMIT_CLASSES,
  type RateLimitClass,
  type RateLimitDecision,
  type RateLimitPolicy,
  rateLimitClassOf,
} from '#core/rate-limit-policy';
import type { ApiContext, ApiEvent, ApiResponse, Routes } from './types';

/** The context, plus the decision this middleware made for the request. */
export type RateLimitContext = ApiContext & { rateLimit?: RateLimitDecision };

export interface RateLimitOptions {
  policies: Readonly<Record<RateLimitClass, RateLimitPolicy>>;
  /** Defaults to the container's Redis limiter. */
  limiter?: RateLimiter;
}

/**
 * Spends one unit of the key's quota for the route's class (`<key id>:<class>`) and answers
 * 429 when none is left. Register it after `authenticate` (it needs the key) and before
 * `jsonBody` (a throttled client's body is not worth parsing). Public routes pass untouched.
 */
export function rateLimit(
  routes: Routes,
  options: RateLimitOptions,
): MiddlewareObj<ApiEvent, ApiResponse, Error, RateLimitContext> {
  for (const name of RATE_LIMIT_CLASSES) {
    if (options.policies[name]?.name !== name) {
      throw new Error(`rateLimit needs a policy named "${name}"`);
    }
  }
  const limiter = options.limiter ?? sharedRateLimiter();
  const addHeaders = (request: { response: ApiResponse | null; context: RateLimitContext }) => {
    const decision = request.context.rateLimit;
    if (!decision || !request.response) return;
    request.response.headers = { ...request.response.headers, ...rateLimitHeaders(decision) };
  };
  return {
    before: async (request) => {
      const route = routes[request.event.routeKey];
      if (!route) return;
      const method = request.event.requestContext.http.method;
      const name = rateLimitClassOf(method, route.scope);
      if (name === undefined) return;
      const caller = request.context.caller;
      if (!caller) throw new Error('rateLimit must be registered after authenticate');
      const decision = await limiter.decide(`${caller.keyId}:${name}`, options.policies[name]);
      request.context.rateLimit = decision;
      if (!decision.allowed) {
        countMetric(METRIC.rateLimited);
        throw new TooManyRequestsError(
          `The "${name}" quota of this key is spent; retry in ${decision.retryAfterSeconds} s`,
        );
      }
    },
    after: addHeaders,
    onError: addHeaders,
  };
}

/**
 * The fields of draft-ietf-httpapi-ratelimit-headers (revision 11), structured-field form:
 * `RateLimit-Policy: "user";q=100;w=60` (quota and window of the class) and
 * `RateLimit: "user";r=57;t=25` (requests left, and seconds until the oldest counted request
 * leaves the sliding window, when one more becomes possible), plus Retry-After (RFC 9110,
 * integer seconds) on a refusal, equal to `t` then.
 */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const { name, limit, windowSeconds } = decision.policy;
  return {
    'ratelimit-policy': `"${name}";q=${limit};w=${windowSeconds}`,
    ratelimit: `"${name}";r=${decision.remaining};t=${decision.resetSeconds}`,
    ...(decision.allowed ? {} : { 'retry-after': `${decision.retryAfterSeconds}` }),
  };
}
