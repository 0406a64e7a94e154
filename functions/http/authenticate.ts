import type { MiddlewareObj } from '@middy/core';
import { findCaller } from '#adapters/api-keys';
import { scopeRefusal, shapeOfApiKey } from '#core/api-key';
import { ForbiddenError, UnauthorizedError } from '#core/errors';
import type { ApiContext, ApiEvent, ApiResponse, Routes } from './types';

// The scheme name is case-insensitive (RFC 7235).
const BEARER = /^Bearer ([^\s]+)$/i;

/**
 * Resolves `Authorization: Bearer <key>` and checks the route's scope: 401 or 403 if not.
 * A tenant's key gives the route its principal; an operator key, which has no tenant,
 * only ever reaches operator routes.
 */
export function authenticate(
  routes: Routes,
): MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> {
  return {
    before: async (request) => {
      const route = routes[request.event.routeKey];
      if (!route || route.scope === 'public') return;
      const header = request.event.headers.authorization;
      const key = header === undefined ? undefined : BEARER.exec(header)?.[1];
      if (key === undefined) {
        throw new UnauthorizedError('Send an API key as "Authorization: Bearer <key>"');
      }
      // A malformed key, or a minted one with a wrong checksum (a typo), cannot be
      // registered: refuse it without a database look-up.
      const caller = shapeOfApiKey(key) === 'malformed' ? null : await findCaller(key);
      if (!caller) throw new UnauthorizedError('The API key is not valid');
      const refusal = scopeRefusal(caller.scope, route.scope);
      if (refusal !== null) throw new ForbiddenError(refusal);
      request.context.caller = caller;
      if (caller.scope !== 'operator') request.context.principal = caller;
    },
  };
}
