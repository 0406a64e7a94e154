import { calibrationIncrements } from '#core/calibration';
import type { Learner } from './learner';

/** Per fine confidence bin: counts and sums for the calibration fit and its metrics. */
export const calibrationBins: Learner = {
  name: 'calibration-bins',
  prepare(batch) {
    // Sorted by (tenant, model version, bin): rows are locked in that order.
    const increments = calibrationIncrements(batch);
    if (increments.length === 0) return {};
    return {
      async writeSharedRows(client) {
        await client.query(
          `INSERT INTO model_calibration_bins AS b (tenant_id, model_version, bin, count, approved,
             confidence_sum, confidence_sq_sum, confidence_approved_sum)
           SELECT * FROM unnest($1::text[], $2::text[], $3::smallint[], $4::bigint[], $5::bigint[],
             $6::float8[], $7::float8[], $8::float8[])
           ON CONFLICT (tenant_id, model_version, bin) DO UPDATE SET
             count = b.count + excluded.count,
             approved = b.approved + excluded.approved,
             confidence_sum = b.confidence_sum + excluded.confidence_sum,
             confidence_sq_sum = b.confidence_sq_sum + excluded.confidence_sq_sum,
             confidence_approved_sum = b.confidence_approved_sum + excluded.confidence_approved_sum,
             updated_at = now()`,
          [
            increments.map((i) => i.tenantId),
            increments.map((i) => i.modelVersion),
            increments.map((i) => i.bin),
            increments.map((i) => i.count),
            increments.map((i) => i.approved),
            increments.map((i) => i.confidenceSum),
            increments.map((i) => i.confidenceSquaredSum),
            increments.map((i) => i.confidenceApprovedSum),
          ],
        );
      },
    };
  },
};
