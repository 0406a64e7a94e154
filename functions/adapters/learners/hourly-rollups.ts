import { aggregateFeedback } from '#core/learning';
import type { Learner } from './learner';

/**
 * Counts, confidence sums and the processing-time histogram per model version and hour:
 * both tables in one statement, the histogram after the counts (the scalar subquery makes
 * the order a data dependency), so every batch locks them in the same order.
 */
export const hourlyRollups: Learner = {
  name: 'hourly-rollups',
  prepare(batch) {
    const { stats, buckets } = aggregateFeedback(batch);
    if (stats.length === 0) return {};
    return {
      async writeSharedRows(client) {
        await client.query(
          `WITH stats AS (
             INSERT INTO model_hourly_stats AS s (tenant_id, model_version, hour, total, approved,
               rejected, modified, confidence_sum, processing_time_count, processing_time_sum_ms)
             SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[],
               $5::bigint[], $6::bigint[], $7::bigint[], $8::float8[], $9::bigint[], $10::float8[])
             ON CONFLICT (tenant_id, model_version, hour) DO UPDATE SET
               total = s.total + excluded.total,
               approved = s.approved + excluded.approved,
               rejected = s.rejected + excluded.rejected,
               modified = s.modified + excluded.modified,
               confidence_sum = s.confidence_sum + excluded.confidence_sum,
               processing_time_count = s.processing_time_count + excluded.processing_time_count,
               processing_time_sum_ms = s.processing_time_sum_ms + excluded.processing_time_sum_ms
             RETURNING 1)
           INSERT INTO model_hourly_processing_time AS p (tenant_id, model_version, hour, bucket,
             count)
           SELECT * FROM unnest($11::text[], $12::text[], $13::timestamptz[], $14::smallint[],
             $15::bigint[])
            WHERE (SELECT count(*) FROM stats) >= 0
           ON CONFLICT (tenant_id, model_version, hour, bucket) DO UPDATE
             SET count = p.count + excluded.count`,
          [
            stats.map((s) => s.tenantId),
            stats.map((s) => s.modelVersion),
            stats.map((s) => s.hour),
            stats.map((s) => s.total),
            stats.map((s) => s.approved),
            stats.map((s) => s.rejected),
            stats.map((s) => s.modified),
            stats.map((s) => s.confidenceSum),
            stats.map((s) => s.processingTimeCount),
            stats.map((s) => s.processingTimeSumMs),
            buckets.map((b) => b.tenantId),
            buckets.map((b) => b.modelVersion),
            buckets.map((b) => b.hour),
            buckets.map((b) => b.bucket),
            buckets.map((b) => b.count),
          ],
        );
      },
    };
  },
};
