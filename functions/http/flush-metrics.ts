import type { MiddlewareObj } from '@middy/core';
import { flushMetrics } from '#adapters/service-metrics';
import type { ApiContext, ApiEvent, ApiResponse } from './types';

/**
 * Writes the request's metrics once, however it ends. Register it first: its `after` and
 * `onError` then run last, after the problem boundary has answered and every other
 * middleware (the rate limit's 429 included) has counted what it counts.
 */
export function flushMetricsAtEnd(): MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> {
  return { after: flushMetrics, onError: flushMetrics };
}
