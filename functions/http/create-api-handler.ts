import middy from '@middy/core';
import { NotFoundError } from '#core/errors';
import { authenticate } from './authenticate';
import { jsonBody } from './json-body';
import { problemBoundary } from './problem-boundary';
import { securityHeaders } from './security-headers';
import type { ApiContext, ApiEvent, ApiResponse, Routes } from './types';

/**
 * One Lambda serving some routes: security headers, authentication, JSON body, then the
 * route by its API Gateway route key; the problem boundary is registered last so that its
 * error handler runs first and every failure leaves as a problem document.
 */
export function createApiHandler(routes: Routes) {
  return middy<ApiEvent, ApiResponse, Error, ApiContext>()
    .use(securityHeaders())
    .use(authenticate(routes))
    .use(jsonBody(routes))
    .use(problemBoundary())
    .handler(async (event, context) => {
      const route = routes[event.routeKey];
      if (!route) throw new NotFoundError(`No route ${event.routeKey}`);
      const result = await route.handle({
        event,
        principal: context.principal,
        body: context.body,
        query: event.queryStringParameters ?? {},
      });
      return {
        statusCode: result.status,
        headers: { 'content-type': 'application/json', ...result.headers },
        body: JSON.stringify(result.body),
      };
    });
}
