import { findFeedback } from '#adapters/feedback-reader';
import { cachedMetrics } from '#adapters/metrics-cache';
import { readLearnedMetrics } from '#adapters/metrics-store';
import { environment } from '#config';
import { NotFoundError } from '#core/errors';
import { parseMetricsQuery, summarizeMetrics } from '#core/metrics';
import { createApiHandler } from '#http/create-api-handler';
import type { RouteInput } from '#http/types';

const { METRICS_CACHE_TTL_SECONDS } = environment();

async function getMetrics({ principal, query }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  const range = parseMetricsQuery(query);
  const report = await cachedMetrics(
    principal.tenantId,
    range,
    METRICS_CACHE_TTL_SECONDS,
    async () => {
      const { totals, histogram } = await readLearnedMetrics(principal.tenantId, range);
      return summarizeMetrics(range, totals, histogram);
    },
  );
  return { status: 200, body: report };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function getFeedback({ principal, event }: RouteInput) {
  if (!principal) throw new Error('Route needs a principal');
  const id = event.pathParameters?.id ?? '';
  const found = UUID.test(id) ? await findFeedback(principal.tenantId, id) : null;
  if (!found) throw new NotFoundError('No feedback with this id');
  return { status: 200, body: found };
}

export const handler = createApiHandler({
  'GET /v1/metrics': { scope: 'user', handle: getMetrics },
  'GET /v1/feedback/{id}': { scope: 'user', handle: getFeedback },
});
