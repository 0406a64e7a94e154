import * as z from 'zod';

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1).nullable();
const percentile = z.number().nonnegative().nullable();

/** `GET /v1/metrics`: what `learn` has learned for the caller's tenant. */
export const metricsReportSchema = z
  .object({
    modelVersion: z.string().nullable().describe('The model version asked for; null for all'),
    from: z.iso.datetime().nullable().describe('The `from` asked for; null for no lower bound'),
    to: z.iso.datetime().nullable().describe('The `to` asked for; null for no upper bound'),
    total: count,
    approved: count,
    rejected: count,
    modified: count,
    approvalRate: share.describe('approved / total; null when total is 0'),
    rejectionRate: share.describe('rejected / total; null when total is 0'),
    modificationRate: share.describe('modified / total; null when total is 0'),
    meanConfidence: share.describe('Mean confidence of the proposals; null when total is 0'),
    processingTimeMs: z
      .object({ p50: percentile, p95: percentile, p99: percentile })
      .describe(
        'Percentiles of processingTimeMs, each within about 2.5% of the exact nearest-rank ' +
          'value; null when no feedback had one',
      ),
    approvalRateByDay: z
      .array(
        z.object({
          day: z.iso.date().describe('A UTC day, YYYY-MM-DD'),
          modelVersion: z.string(),
          total: count,
          approved: count,
          approvalRate: share.describe('approved / total; null when total is 0'),
        }),
      )
      .describe(
        'Approval rate per UTC day and model version, oldest first; days without feedback ' +
          'are absent',
      ),
    confidenceHistogram: z
      .array(z.object({ lo: z.number().min(0).max(1), hi: z.number().min(0).max(1), count }))
      .describe(
        'How many proposals had a confidence in [lo, hi) (the last bin includes 1); ' +
          'every bin is listed, empty ones with count 0',
      ),
    editDistance: z
      .object({
        count: count.describe('Modified feedback measured'),
        mean: share,
        p50: share,
        p90: share,
      })
      .describe(
        'For modified feedback: how far the proposed name was from the name the person ' +
          'chose, as the edit distance (Levenshtein, over characters) divided by the longer ' +
          "name's length: 0 equal, 1 nothing alike. Percentiles are within 0.005; null when " +
          'no feedback was modified',
      ),
  })
  .describe(
    'Counted in whole UTC hours: an hour counts when it starts before `to` and ends after `from`',
  );

export type MetricsReport = z.infer<typeof metricsReportSchema>;
