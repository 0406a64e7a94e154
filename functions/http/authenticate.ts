import type { MiddlewareObj } from '@middy/core';
import { findPrincipal } from '#adapters/api-keys';
import { scopeAllows, shapeOfApiKey } from '#core/api-key';
import { ForbiddenError, UnauthorizedError } from '#core/errors';
import type { ApiContext, ApiEvent, ApiResponse, Routes } from './types';

// The scheme name is case-insensitive (RFC 7235).
const BEARER = /^Bearer ([^\s]+)$/i;

/** Resolves `Authorization: Bearer <key>` and checks the route's scope: 401 or 403 if not. */
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
      const principal = shapeOfApiKey(key) === 'malformed' ? null : await findPrincipal(key);
      if (!principal) throw new UnauthorizedError('The API key is not valid');
      if (!scopeAllows(principal.scope, route.scope)) {
        throw new ForbiddenError(`This route needs a key with the "${route.scope}" scope`);
      }
      request.context.principal = principal;
    },
  };
}
