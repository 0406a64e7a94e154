import { aggregateQuality } from '#core/proposal-quality';
import type { Learner } from './learner';

/**
 * The confidence histogram, and for modified feedback the edit distance from the proposed
 * to the chosen name (count, sum and histogram), per model version and hour: one
 * statement, the histogram after the edit distances (a data dependency, so one lock order).
 */
export const proposalQuality: Learner = {
  name: 'proposal-quality',
  prepare(batch) {
    const { editDistances, bins } = aggregateQuality(batch);
    if (bins.length === 0) return {};
    return {
      async writeSharedRows(client) {
        await client.query(
          `WITH distances AS (
             INSERT INTO model_hourly_edit_distance AS e (tenant_id, model_version, hour, count,
               sum)
             SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[],
               $5::float8[])
             ON CONFLICT (tenant_id, model_version, hour) DO UPDATE SET
               count = e.count + excluded.count,
               sum = e.sum + excluded.sum
             RETURNING 1)
           INSERT INTO model_hourly_distribution AS d (tenant_id, model_version, hour, metric, bin,
             count)
           SELECT * FROM unnest($6::text[], $7::text[], $8::timestamptz[], $9::text[],
             $10::smallint[], $11::bigint[])
            WHERE (SELECT count(*) FROM distances) >= 0
           ON CONFLICT (tenant_id, model_version, hour, metric, bin) DO UPDATE SET
             count = d.count + excluded.count`,
          [
            editDistances.map((e) => e.tenantId),
            editDistances.map((e) => e.modelVersion),
            editDistances.map((e) => e.hour),
            editDistances.map((e) => e.count),
            editDistances.map((e) => e.sum),
            bins.map((b) => b.tenantId),
            bins.map((b) => b.modelVersion),
            bins.map((b) => b.hour),
            bins.map((b) => b.metric),
            bins.map((b) => b.bin),
            bins.map((b) => b.count),
          ],
        );
      },
    };
  },
};
