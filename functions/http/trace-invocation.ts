import type { MiddlewareObj } from '@middy/core';
import { invocationTracing } from '#adapters/tracer';
import type { ApiContext, ApiEvent, ApiResponse } from './types';

/**
 * The request's X-Ray subsegment (`## index.handler`, Powertools'), around every other
 * middleware: register it first. Responses are never recorded (they may carry data). An
 * error the problem boundary answered below 500 is the client's, not the function's: the
 * subsegment closes as a success with X-Ray's error (4xx) or throttle (429) flag; only a
 * 500 or worse is recorded as a fault, with the error. With tracing off there is none: an
 * empty list, since middy refuses a middleware with nothing in it.
 */
export function traceInvocation(): MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext>[] {
  const tracing = invocationTracing();
  if (!tracing) return [];
  const { capture, flagClientError } = tracing;
  return [
    {
      before: (request) => capture.before?.(request),
      after: (request) => capture.after?.(request),
      onError: (request) => {
        const status = request.response?.statusCode ?? 500;
        if (status >= 500) return capture.onError?.(request);
        flagClientError(status);
        return capture.after?.(request);
      },
    },
  ];
}
