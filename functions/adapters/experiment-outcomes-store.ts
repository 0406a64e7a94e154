import type { VariantCounts } from '#core/experiments/results';
import { countExposures } from './experiment-assignments';
import { readVariantMoments } from './experiment-moments-reader';
import { query } from './postgres';

/**
 * Exposures (stored assignments), learned decisions, and the per-person moments (with the
 * people themselves for small samples) of each variant of one experiment.
 */
const NO_MOMENTS = { n: 0, sumX: 0, sumM: 0, sumXX: 0, sumMM: 0, sumXM: 0 };

export async function readVariantCounts(
  tenantId: string,
  experimentId: string,
): Promise<Map<string, VariantCounts>> {
  const [exposures, { moments, people }, outcomes] = await Promise.all([
    countExposures(tenantId, experimentId),
    readVariantMoments(tenantId, experimentId),
    query<{
      variant: string;
      total: string;
      approved: string;
      modified: string;
      edit_distance_sum: number;
    }>(
      `SELECT variant, total, approved, modified, edit_distance_sum
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
        approval: NO_MOMENTS,
        modification: NO_MOMENTS,
        editDistance: NO_MOMENTS,
        people: people ? { approval: [], modification: [], editDistance: [] } : undefined,
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
  }
  for (const [variant, metrics] of moments) {
    const found = entry(variant);
    found.approval = metrics.approval;
    found.modification = metrics.modification;
    found.editDistance = metrics.edit_distance;
  }
  for (const [variant, metrics] of people ?? []) {
    entry(variant).people = {
      approval: metrics.approval,
      modification: metrics.modification,
      editDistance: metrics.edit_distance,
    };
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
