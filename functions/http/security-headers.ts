import type { MiddlewareObj } from '@middy/core';
import type { ApiContext, ApiEvent, ApiResponse } from './types';

const HEADERS: Record<string, string> = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Adds the security headers to every answer, errors included. */
export function securityHeaders(): MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> {
  const add = (request: { response: ApiResponse | null }) => {
    if (!request.response) return;
    request.response.headers = { ...HEADERS, ...request.response.headers };
  };
  return { after: add, onError: add };
}
