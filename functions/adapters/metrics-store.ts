import type { Histogram } from '#core/histogram';
import type { LearnedQuality, LearnedTotals, MetricsQuery } from '#core/metrics';
import { utcDayOf } from '#core/proposal-quality';
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

/**
 * Reads what the proposal-quality learner keeps, and the hourly rollups summed per UTC day
 * and model version, over the same hours as `readLearnedMetrics`.
 */
export async function readLearnedQuality(
  tenantId: string,
  range: MetricsQuery,
): Promise<LearnedQuality> {
  const filter = `tenant_id = $1
      AND ($2::text IS NULL OR model_version = $2)
      AND ($3::timestamptz IS NULL OR hour >= date_trunc('hour', $3::timestamptz))
      AND ($4::timestamptz IS NULL OR hour < $4::timestamptz)`;
  const values = [tenantId, range.modelVersion ?? null, range.from ?? null, range.to ?? null];
  const [days, edits, bins] = await Promise.all([
    // date_trunc with a time zone: a UTC day whatever the session's TimeZone is.
    query<{ day: Date; model_version: string; total: string; approved: string }>(
      `SELECT date_trunc('day', hour, 'UTC') AS day, model_version,
              sum(total) AS total, sum(approved) AS approved
         FROM model_hourly_stats WHERE ${filter}
        GROUP BY 1, 2`,
      values,
    ),
    query<{ count: string; sum: number }>(
      `SELECT coalesce(sum(count), 0) AS count, coalesce(sum(sum), 0) AS sum
         FROM model_hourly_edit_distance WHERE ${filter}`,
      values,
    ),
    query<{ metric: string; bin: number; count: string }>(
      `SELECT metric, bin, sum(count) AS count FROM model_hourly_distribution
        WHERE ${filter} GROUP BY metric, bin`,
      values,
    ),
  ]);
  const binsOf = (metric: string) =>
    new Map(bins.rows.filter((b) => b.metric === metric).map((b) => [b.bin, Number(b.count)]));
  return {
    days: days.rows.map((row) => ({
      day: utcDayOf(row.day),
      modelVersion: row.model_version,
      total: Number(row.total),
      approved: Number(row.approved),
    })),
    confidenceBins: binsOf('confidence'),
    editDistance: {
      count: Number(edits.rows[0]?.count ?? 0),
      sum: Number(edits.rows[0]?.sum ?? 0),
      bins: binsOf('edit_distance'),
    },
  };
}
