import type { RatioMetric } from '#core/experiments/person-outcomes';
import type { PersonRatio, RatioMetricMoments } from '#core/statistics/ratio-moments';
import { SMALL_SAMPLE_PEOPLE } from '#core/statistics/ratio-moments';
import { query } from './postgres';

export type MomentsByMetric = Record<RatioMetric, RatioMetricMoments>;
export type PeopleByMetric = Record<RatioMetric, PersonRatio[]>;

const EMPTY: RatioMetricMoments = { n: 0, sumX: 0, sumM: 0, sumXX: 0, sumMM: 0, sumXM: 0 };

/**
 * Each variant's moments per ratio metric, as `learn` keeps them (one row per variant and
 * metric). When any variant has fewer than SMALL_SAMPLE_PEOPLE people with decisions, the
 * per-person values of every variant too: small samples are tested by permutation, which
 * reshuffles people between variants and so needs all of them.
 */
export async function readVariantMoments(
  tenantId: string,
  experimentId: string,
): Promise<{ moments: Map<string, MomentsByMetric>; people?: Map<string, PeopleByMetric> }> {
  const { rows } = await query<{
    variant: string;
    metric: RatioMetric;
    n: string;
    sum_x: number;
    sum_m: number;
    sum_xx: number;
    sum_mm: number;
    sum_xm: number;
    sum_h: number;
    sum_y: number;
    sum_yy: number;
    sum_xh: number;
    sum_mh: number;
    sum_xy: number;
    sum_my: number;
  }>(
    `SELECT variant, metric, n, sum_x, sum_m, sum_xx, sum_mm, sum_xm, sum_h, sum_y, sum_yy,
            sum_xh, sum_mh, sum_xy, sum_my
       FROM experiment_variant_moments WHERE tenant_id = $1 AND experiment_id = $2`,
    [tenantId, experimentId],
  );
  const moments = new Map<string, MomentsByMetric>();
  for (const row of rows) {
    let found = moments.get(row.variant);
    if (!found) {
      found = { approval: EMPTY, modification: EMPTY, edit_distance: EMPTY };
      moments.set(row.variant, found);
    }
    found[row.metric] = {
      n: Number(row.n),
      sumX: row.sum_x,
      sumM: row.sum_m,
      sumXX: row.sum_xx,
      sumMM: row.sum_mm,
      sumXM: row.sum_xm,
      covariate: {
        sumH: row.sum_h,
        sumY: row.sum_y,
        sumYY: row.sum_yy,
        sumXH: row.sum_xh,
        sumMH: row.sum_mh,
        sumXY: row.sum_xy,
        sumMY: row.sum_my,
      },
    };
  }
  // A variant without a row has no people at all: small too. Edit distance counts only the
  // people who modified something, so it is often small when the decisions are not; then
  // only those people are read (the statistics use a list only when it is complete).
  const variants = [...moments.values()];
  const decisionsSmall =
    moments.size < 2 || variants.some((m) => m.approval.n < SMALL_SAMPLE_PEOPLE);
  const editsSmall = variants.some((m) => m.edit_distance.n < SMALL_SAMPLE_PEOPLE);
  if (!decisionsSmall && !editsSmall) return { moments };
  return { moments, people: await readPeople(tenantId, experimentId, decisionsSmall) };
}

async function readPeople(
  tenantId: string,
  experimentId: string,
  everyone: boolean,
): Promise<Map<string, PeopleByMetric>> {
  const { rows } = await query<{
    variant: string;
    decided: string;
    approved: string;
    modified: string;
    edit_distance_sum: number;
  }>(
    `SELECT variant, decided, approved, modified, edit_distance_sum
       FROM experiment_person_outcomes
      WHERE tenant_id = $1 AND experiment_id = $2 AND decided > 0 AND ($3 OR modified > 0)
      ORDER BY variant, user_id`,
    [tenantId, experimentId, everyone],
  );
  const people = new Map<string, PeopleByMetric>();
  for (const row of rows) {
    let found = people.get(row.variant);
    if (!found) {
      found = { approval: [], modification: [], edit_distance: [] };
      people.set(row.variant, found);
    }
    const decided = Number(row.decided);
    const modified = Number(row.modified);
    if (everyone) {
      found.approval.push({ x: Number(row.approved), m: decided });
      found.modification.push({ x: modified, m: decided });
    }
    if (modified > 0) found.edit_distance.push({ x: row.edit_distance_sum, m: modified });
  }
  return people;
}
