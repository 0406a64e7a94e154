import type { Histogram } from '#core/histogram';
import type { LearnedTotals, MetricsQuery } from '#core/metrics';
import { query } from './postgres';

/**
 * Reads the hourly rollups `learn` keeps. An hour is included when it overlaps the
 * range: [start of the hour holding `from`, `to`).
 */
export async function readLearnedMetrics(
  tenantId: string,
  range: MetricsQuery,
): Promise<{ totals: LearnedTotals; histogram: Histogram }> {
  const filter = `tenant_id = $1
      AND ($2::text IS NULL OR model_version = $2)
      AND ($3::timestamptz IS NULL OR hour >= date_trunc('hour', $3::timestamptz))
      AND ($4::timestamptz IS NULL OR hour < $4::timestamptz)`;
  const values = [tenantId, range.modelVersion ?? null, range.from ?? null, range.to ?? null];
  const [totals, buckets] = await Promise.all([
    query<{
      total: string;
      approved: string;
      rejected: string;
      modified: string;
      confidence_sum: number;
    }>(
      `SELECT coalesce(sum(total), 0) AS total, coalesce(sum(approved), 0) AS approved,
              coalesce(sum(rejected), 0) AS rejected, coalesce(sum(modified), 0) AS modified,
              coalesce(sum(confidence_sum), 0) AS confidence_sum
         FROM model_hourly_stats WHERE ${filter}`,
      values,
    ),
    query<{ bucket: number; count: string }>(
      `SELECT bucket, sum(count) AS count FROM model_hourly_processing_time
        WHERE ${filter} GROUP BY bucket`,
      values,
    ),
  ]);
  const row = totals.rows[0];
  return {
    totals: {
      total: Number(row?.total ?? 0),
      approved: Number(row?.approved ?? 0),
      rejected: Number(row?.rejected ?? 0),
      modified: Number(row?.modified ?? 0),
      confidenceSum: Number(row?.confidence_sum ?? 0),
    },
    histogram: new Map(buckets.rows.map((b) => [b.bucket, Number(b.count)])),
  };
}
