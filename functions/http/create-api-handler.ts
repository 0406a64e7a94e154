import middy from '@middy/core';
import { environment } from '#config';
import { NotFoundError } from '#core/errors';
import { rateLimitPolicies } from '#core/rate-limit-policy';
import { authenticate } from './authenticate';
import { flushMetricsAtEnd } from './flush-metrics';
import { jsonBody } from './json-body';
import { problemBoundary } from './problem-boundary';
import { type RateLimitContext, rateLimit } from './rate-limit';
import { securityHeaders } from './security-headers';
import { traceInvocation } from './trace-invocation';
import type { ApiEvent, ApiResponse, Routes } from './types';

/**
 * One Lambda serving some routes: security headers, authentication, the key's rate limit
 * (before the body is parsed, so a throttled client costs no parsing; its RateLimit fields
 * go on every answer of a limited route, errors included), JSON body, then the route by
 * its API Gateway route key. The problem boundary is registered last so that its error
 * handler runs first and every failure leaves as a problem document. The limits are read
 * from the environment once, when the handler is made at cold start. The request's metrics
 * are written when all of that is done (flush-metrics.ts), and the request's trace is
 * closed last (trace-invocation.ts).
 */
export function createApiHandler(routes: Routes) {
  const env = environment();
  const policies = rateLimitPolicies({
    user: env.RATE_LIMIT_USER_PER_MINUTE,
    metrics: env.RATE_LIMIT_METRICS_PER_MINUTE,
    admin: env.RATE_LIMIT_ADMIN_PER_MINUTE,
  });
  return middy<ApiEvent, ApiResponse, Error, RateLimitContext>()
    .use(traceInvocation())
    .use(flushMetricsAtEnd())
    .use(securityHeaders())
    .use(authenticate(routes))
    .use(rateLimit(routes, { policies }))
    .use(jsonBody(routes))
    .use(problemBoundary())
    .handler(async (event, context) => {
      const route = routes[event.routeKey];
      if (!route) throw new NotFoundError(`No route ${event.routeKey}`);
      const result = await route.handle({
        event,
        context,
        principal: context.principal,
        body: context.body,
        query: event.queryStringParameters ?? {},
      });
      if (result.raw) {
        return {
          statusCode: result.status,
          headers: { 'content-type': result.raw.contentType, ...result.headers },
          body: result.raw.body,
        };
      }
      if (result.body === undefined) {
        // 204: no content, so no content-type either.
        return { statusCode: result.status, headers: { ...result.headers }, body: '' };
      }
      return {
        statusCode: result.status,
        headers: { 'content-type': 'application/json', ...result.headers },
        body: JSON.stringify(result.body),
      };
    });
}
