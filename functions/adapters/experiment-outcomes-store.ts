import type { VariantCounts } from '#core/experiments/results';
import { countExposures } from './experiment-assignments';
import { query } from './postgres';

/** Exposures (stored assignments) and learned feedback of each variant of one experiment. */
export async function readVariantCounts(
  tenantId: string,
  experimentId: string,
): Promise<Map<string, VariantCounts>> {
  const [exposures, outcomes] = await Promise.all([
    countExposures(tenantId, experimentId),
    query<{
      variant: string;
      total: string;
      approved: string;
      modified: string;
      edit_distance_sum: number;
      edit_distance_sum_squares: number;
    }>(
      `SELECT variant, total, approved, modified, edit_distance_sum, edit_distance_sum_squares
         FROM experiment_variant_outcomes WHERE tenant_id = $1 AND experiment_id = $2`,
      [tenantId, experimentId],
    ),
  ]);
  const counts = new Map<string, VariantCounts>();
  const entry = (variant: string) => {
    let found = counts.get(variant);
    if (!found) {
      found = {
        exposures: 0,
        feedback: 0,
        approved: 0,
        modified: 0,
        editDistanceSum: 0,
        editDistanceSumSquares: 0,
      };
      counts.set(variant, found);
    }
    return found;
  };
  for (const [variant, people] of exposures) entry(variant).exposures = people;
  for (const row of outcomes.rows) {
    const found = entry(row.variant);
    found.feedback = Number(row.total);
    found.approved = Number(row.approved);
    found.modified = Number(row.modified);
    found.editDistanceSum = row.edit_distance_sum;
    found.editDistanceSumSquares = row.edit_distance_sum_squares;
  }
  return counts;
}

export interface DefaultModel {
  modelVersion: string;
  experimentId: string | null;
  updatedAt: string;
}

/** Makes a model version the tenant's default (an experiment's promoted winner). */
export async function writeDefaultModel(
  tenantId: string,
  modelVersion: string,
  experimentId: string | null,
): Promise<void> {
  await query(
    `INSERT INTO tenant_default_models (tenant_id, model_version, experiment_id, updated_at)
     VALUES ($1, $2, $3, now())
     ON CONFLICT (tenant_id) DO UPDATE SET model_version = excluded.model_version,
       experiment_id = excluded.experiment_id, updated_at = excluded.updated_at`,
    [tenantId, modelVersion, experimentId],
  );
}

export async function readDefaultModel(tenantId: string): Promise<DefaultModel | undefined> {
  const found = await query<{
    model_version: string;
    experiment_id: string | null;
    updated_at: Date;
  }>(
    'SELECT model_version, experiment_id, updated_at FROM tenant_default_models WHERE tenant_id = $1',
    [tenantId],
  );
  const row = found.rows[0];
  return row
    ? {
        modelVersion: row.model_version,
        experimentId: row.experiment_id,
        updatedAt: row.updated_at.toISOString(),
      }
    : undefined;
}
