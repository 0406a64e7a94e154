import type { EvidenceDimension, ObservedDimension } from '#core/preferences/evidence';
import type { ProfileCounters } from '#core/preferences/rules';
import { query } from './postgres';

/** The counters of one profile: a person's, or the tenant's shared one (user id ''). */
export async function readProfileCounters(
  tenantId: string,
  userId: string,
): Promise<ProfileCounters> {
  const [observations, evidence] = await Promise.all([
    query<{ dimension: ObservedDimension; count: string }>(
      'SELECT dimension, count FROM naming_observations WHERE tenant_id = $1 AND user_id = $2',
      [tenantId, userId],
    ),
    query<{
      dimension: EvidenceDimension;
      value: string;
      changed: string;
      kept: string;
      people: number;
    }>(
      `SELECT dimension, value, changed, kept, people FROM naming_evidence
        WHERE tenant_id = $1 AND user_id = $2`,
      [tenantId, userId],
    ),
  ]);
  return {
    observations: observations.rows.map((row) => ({
      dimension: row.dimension,
      count: Number(row.count),
    })),
    evidence: evidence.rows.map((row) => ({
      dimension: row.dimension,
      value: row.value,
      changed: Number(row.changed),
      kept: Number(row.kept),
      people: row.people,
    })),
  };
}
