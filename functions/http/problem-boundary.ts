import type { MiddlewareObj } from '@middy/core';
import { logger } from '#adapters/logger';
import type { Problem } from '#core/contract/problem';
import { type FieldError, ProblemError } from '#core/errors';
import type { ApiContext, ApiEvent, ApiResponse } from './types';

/**
 * The one error boundary: a known error becomes its RFC 9457 problem; anything else is
 * logged with its stack and answered with a plain 500 that says nothing of internals.
 */
// What a client needs to retry or authenticate (RFC 9110, RFC 6750).
const CHALLENGES: Record<number, Record<string, string>> = {
  401: { 'www-authenticate': 'Bearer' },
  503: { 'retry-after': '5' },
};

export function problemBoundary(): MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> {
  return {
    onError: (request) => {
      const error = request.error;
      const instance = request.event.rawPath;
      if (error instanceof ProblemError) {
        if (error.status >= 500) logger.warn(error.message, { error });
        const listsErrors = error.errors.length > 0 || error.omittedErrors > 0;
        request.response = problemResponse(error.status, error.title, error.message, instance, {
          errors: listsErrors
            ? { errors: error.errors, omittedErrors: error.omittedErrors }
            : undefined,
          headers: CHALLENGES[error.status],
        });
        return;
      }
      logger.error('Unhandled error', { error });
      request.response = problemResponse(
        500,
        'Internal Server Error',
        'The request failed; it has been logged',
        instance,
      );
    },
  };
}

export function problemResponse(
  status: number,
  title: string,
  detail: string,
  instance: string,
  extra: {
    errors?: { errors: FieldError[]; omittedErrors: number };
    headers?: Record<string, string>;
  } = {},
): ApiResponse {
  const problem: Problem = {
    type: 'about:blank',
    title,
    status,
    detail,
    instance,
    ...extra.errors,
  };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', ...extra.headers },
    body: JSON.stringify(problem),
  };
}
