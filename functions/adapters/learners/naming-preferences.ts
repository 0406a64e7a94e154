import type pg from 'pg';
import {
  countNamingEvidence,
  type EvidenceCount,
  keyOf,
  type ObservationCount,
  type TenantEvidenceCount,
  toTenantIncrements,
} from '#core/preferences/evidence';
import type { Learner } from './learner';

/**
 * Per-person naming preferences, and the tenant's shared profile: adds the batch's
 * counts to each person's counters, then to the tenant's. Rows are written in one order
 * (people's observations, their evidence, the tenant's observations, its evidence; each
 * sorted by key) so concurrent batches lock them in the same order.
 */
export const namingPreferences: Learner = {
  name: 'naming-preferences',
  async learn(client, batch) {
    const personal = countNamingEvidence(batch);
    if (personal.observations.length === 0 && personal.evidence.length === 0) return;
    await addObservations(client, personal.observations);
    const changedBefore = await addEvidence(client, personal.evidence);
    const tenant = toTenantIncrements(personal, (row) => {
      const before = changedBefore.get(keyOf(row.tenantId, row.userId, row.dimension, row.value));
      return before === 0 && row.changed > 0;
    });
    await addObservations(client, tenant.observations);
    await addEvidence(client, tenant.evidence);
  },
};

async function addObservations(client: pg.PoolClient, rows: readonly ObservationCount[]) {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO naming_observations AS o (tenant_id, user_id, dimension, count)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
     ON CONFLICT (tenant_id, user_id, dimension) DO UPDATE
       SET count = o.count + excluded.count, updated_at = now()`,
    [
      rows.map((r) => r.tenantId),
      rows.map((r) => r.userId),
      rows.map((r) => r.dimension),
      rows.map((r) => r.count),
    ],
  );
}

/**
 * Adds evidence counts; returns, per row key, how many changes the row held before (0 for
 * a new row), so the tenant profile can count the people who changed a name to a value.
 */
async function addEvidence(
  client: pg.PoolClient,
  rows: ReadonlyArray<EvidenceCount | TenantEvidenceCount>,
): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  // A person's row stands for that person; a tenant's row counts the people who joined it.
  const people = rows.map((r) => ('newPeople' in r ? r.newPeople : 1));
  const result = await client.query<{
    tenant_id: string;
    user_id: string;
    dimension: string;
    value: string;
    changed: string;
  }>(
    `INSERT INTO naming_evidence AS e (tenant_id, user_id, dimension, value, changed, kept, people)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[],
       $6::bigint[], $7::integer[])
     ON CONFLICT (tenant_id, user_id, dimension, value) DO UPDATE SET
       changed = e.changed + excluded.changed,
       kept = e.kept + excluded.kept,
       people = CASE WHEN e.user_id = '' THEN e.people + excluded.people ELSE e.people END,
       updated_at = now()
     RETURNING tenant_id, user_id, dimension, value, changed`,
    [
      rows.map((r) => r.tenantId),
      rows.map((r) => r.userId),
      rows.map((r) => r.dimension),
      rows.map((r) => r.value),
      rows.map((r) => r.changed),
      rows.map((r) => r.kept),
      people,
    ],
  );
  const added = new Map(rows.map((r) => [keyOf(r.tenantId, r.userId, r.dimension, r.value), r]));
  const before = new Map<string, number>();
  for (const row of result.rows) {
    const key = keyOf(row.tenant_id, row.user_id, row.dimension, row.value);
    before.set(key, Number(row.changed) - (added.get(key)?.changed ?? 0));
  }
  return before;
}
