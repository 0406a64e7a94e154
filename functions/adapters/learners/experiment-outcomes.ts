import { aggregateVariantOutcomes } from '#core/experiments/outcomes';
import {
  aggregatePersonIncrements,
  type VariantMomentDelta,
} from '#core/experiments/person-outcomes';
import { addToPeople } from '../experiment-person-store';
import type { Learner } from './learner';

/**
 * What experiment results compare: per person, the sums the statistics are computed from
 * (people are the unit randomized; own rows), then per variant the moments over people
 * those sums changed and the decision totals for display (shared rows, one statement, the
 * totals after the moments).
 */
export const experimentOutcomes: Learner = {
  name: 'experiment-outcomes',
  prepare(batch) {
    const outcomes = aggregateVariantOutcomes(batch);
    if (outcomes.length === 0) return {};
    const people = aggregatePersonIncrements(batch);
    let deltas: VariantMomentDelta[] | undefined;
    return {
      async writeOwnRows(client) {
        deltas = await addToPeople(client, people, batch);
      },
      async writeSharedRows(client) {
        if (!deltas) throw new Error("The people's sums were not written first");
        const changed = deltas;
        const moment = (pick: (d: VariantMomentDelta['delta']) => number) =>
          changed.map((d) => pick(d.delta));
        await client.query(
          `WITH moments AS (
             INSERT INTO experiment_variant_moments AS v (tenant_id, experiment_id, variant,
               metric, n, sum_x, sum_m, sum_xx, sum_mm, sum_xm, sum_h, sum_y, sum_yy, sum_xh,
               sum_mh, sum_xy, sum_my)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[],
               $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[],
               $11::float8[], $12::float8[], $13::float8[], $14::float8[], $15::float8[],
               $16::float8[], $17::float8[])
             ON CONFLICT (tenant_id, experiment_id, variant, metric) DO UPDATE SET
               n = v.n + excluded.n, sum_x = v.sum_x + excluded.sum_x,
               sum_m = v.sum_m + excluded.sum_m, sum_xx = v.sum_xx + excluded.sum_xx,
               sum_mm = v.sum_mm + excluded.sum_mm, sum_xm = v.sum_xm + excluded.sum_xm,
               sum_h = v.sum_h + excluded.sum_h, sum_y = v.sum_y + excluded.sum_y,
               sum_yy = v.sum_yy + excluded.sum_yy, sum_xh = v.sum_xh + excluded.sum_xh,
               sum_mh = v.sum_mh + excluded.sum_mh, sum_xy = v.sum_xy + excluded.sum_xy,
               sum_my = v.sum_my + excluded.sum_my
             RETURNING 1)
           INSERT INTO experiment_variant_outcomes AS o (tenant_id, experiment_id, variant, total,
             approved, rejected, modified, edit_distance_sum, edit_distance_sum_squares)
           SELECT * FROM unnest($18::text[], $19::text[], $20::text[], $21::bigint[],
             $22::bigint[], $23::bigint[], $24::bigint[], $25::float8[], $26::float8[])
            WHERE (SELECT count(*) FROM moments) >= 0
           ON CONFLICT (tenant_id, experiment_id, variant) DO UPDATE SET
             total = o.total + excluded.total,
             approved = o.approved + excluded.approved,
             rejected = o.rejected + excluded.rejected,
             modified = o.modified + excluded.modified,
             edit_distance_sum = o.edit_distance_sum + excluded.edit_distance_sum,
             edit_distance_sum_squares =
               o.edit_distance_sum_squares + excluded.edit_distance_sum_squares`,
          [
            changed.map((d) => d.tenantId),
            changed.map((d) => d.experimentId),
            changed.map((d) => d.variant),
            changed.map((d) => d.metric),
            moment((d) => d.n),
            moment((d) => d.sumX),
            moment((d) => d.sumM),
            moment((d) => d.sumXX),
            moment((d) => d.sumMM),
            moment((d) => d.sumXM),
            moment((d) => d.sumH),
            moment((d) => d.sumY),
            moment((d) => d.sumYY),
            moment((d) => d.sumXH),
            moment((d) => d.sumMH),
            moment((d) => d.sumXY),
            moment((d) => d.sumMY),
            outcomes.map((o) => o.tenantId),
            outcomes.map((o) => o.experimentId),
            outcomes.map((o) => o.variant),
            outcomes.map((o) => o.total),
            outcomes.map((o) => o.approved),
            outcomes.map((o) => o.rejected),
            outcomes.map((o) => o.modified),
            outcomes.map((o) => o.editDistanceSum),
            outcomes.map((o) => o.editDistanceSumSquares),
          ],
        );
      },
    };
  },
};
