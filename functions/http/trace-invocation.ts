import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import { tracer } from '#adapters/tracer';
import type { ApiContext, ApiEvent, ApiResponse } from './types';

/**
 * The request's X-Ray subsegment (`## index.handler`, Powertools'), around every other
 * middleware: register it first. Responses are never recorded (they may carry data). An
 * error the problem boundary answered below 500 is the client's, not the function's: the
 * subsegment closes as a success with X-Ray's error (4xx) or throttle (429) flag; only a
 * 500 or worse is recorded as a fault, with the error.
 */
export function traceInvocation(): MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> {
  const capture = captureLambdaHandler(tracer, { captureResponse: false });
  return {
    before: (request) => capture.before?.(request),
    after: (request) => capture.after?.(request),
    onError: (request) => {
      const status = request.response?.statusCode ?? 500;
      if (status >= 500) return capture.onError?.(request);
      if (tracer.isTracingEnabled()) {
        const subsegment = tracer.getSegment();
        if (status === 429) subsegment?.addThrottleFlag();
        else subsegment?.addErrorFlag();
      }
      return capture.after?.(request);
    },
  };
}
