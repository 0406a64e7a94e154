import { aggregateVariantOutcomes } from '#core/experiments/outcomes';
import { learnPersonOutcomes } from '../experiment-person-store';
import type { Learner } from './learner';

/**
 * What experiment results compare: per variant, the decisions (totals, for display) and,
 * per person, the sums the statistics are computed from (people are the unit randomized).
 */
export const experimentOutcomes: Learner = {
  name: 'experiment-outcomes',
  async learn(client, batch) {
    const outcomes = aggregateVariantOutcomes(batch);
    if (outcomes.length === 0) return;
    await learnPersonOutcomes(client, batch);
    await client.query(
      `INSERT INTO experiment_variant_outcomes AS o (tenant_id, experiment_id, variant, total,
         approved, rejected, modified, edit_distance_sum, edit_distance_sum_squares)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[],
         $6::bigint[], $7::bigint[], $8::float8[], $9::float8[])
       ON CONFLICT (tenant_id, experiment_id, variant) DO UPDATE SET
         total = o.total + excluded.total,
         approved = o.approved + excluded.approved,
         rejected = o.rejected + excluded.rejected,
         modified = o.modified + excluded.modified,
         edit_distance_sum = o.edit_distance_sum + excluded.edit_distance_sum,
         edit_distance_sum_squares = o.edit_distance_sum_squares + excluded.edit_distance_sum_squares`,
      [
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
