import { cachedMetrics } from '#adapters/metrics-cache';
import { readLearnedMetrics } from '#adapters/metrics-store';
import { environment } from '#config';
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

export const handler = createApiHandler({
  'GET /v1/metrics': { scope: 'user', handle: getMetrics },
});
