import type pg from 'pg';
import {
  countNamingEvidence,
  type EvidenceCount,
  keyOf,
  type ObservationCount,
  type PreferenceIncrements,
  toTenantIncrements,
} from '#core/preferences/evidence';
import type { Learner } from './learner';

/**
 * Per-person naming preferences, and the tenant's shared profile: adds the batch's counts
 * to each person's counters (own rows), then to the tenant's (shared rows). Each phase is
 * one statement, observations before evidence, each sorted by key, so concurrent batches
 * lock them in the same order.
 */
export const namingPreferences: Learner = {
  name: 'naming-preferences',
  prepare(batch) {
    const personal = countNamingEvidence(batch);
    if (personal.observations.length === 0 && personal.evidence.length === 0) return {};
    let firstChanges: ReadonlySet<string> | undefined;
    return {
      async writeOwnRows(client) {
        firstChanges = await addPersonalCounts(client, personal);
      },
      async writeSharedRows(client) {
        if (!firstChanges) throw new Error("The people's counters were not written first");
        const changed = firstChanges;
        const tenant = toTenantIncrements(personal, (row) =>
          changed.has(keyOf(row.tenantId, row.userId, row.dimension, row.value)),
        );
        await addTenantCounts(client, tenant.observations, tenant.evidence);
      },
    };
  },
};

function observationColumns(rows: readonly ObservationCount[]) {
  return [
    rows.map((r) => r.tenantId),
    rows.map((r) => r.userId),
    rows.map((r) => r.dimension),
    rows.map((r) => r.count),
  ];
}

function evidenceColumns(rows: readonly EvidenceCount[]) {
  return [
    rows.map((r) => r.tenantId),
    rows.map((r) => r.userId),
    rows.map((r) => r.dimension),
    rows.map((r) => r.value),
    rows.map((r) => r.changed),
    rows.map((r) => r.kept),
  ];
}

const ADD_OBSERVATIONS = `INSERT INTO naming_observations AS o (tenant_id, user_id, dimension, count)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
  ON CONFLICT (tenant_id, user_id, dimension) DO UPDATE
    SET count = o.count + excluded.count, updated_at = now()
  RETURNING 1`;

/**
 * Adds people's counts; answers the keys of the evidence rows whose person changed a name
 * to that value for the first time (no change counted before this batch), which is what
 * the tenant profile counts its people by.
 */
async function addPersonalCounts(
  client: pg.PoolClient,
  personal: PreferenceIncrements,
): Promise<Set<string>> {
  // The evidence is written after the observations: the scalar subquery makes the order a
  // data dependency. A person's row keeps `people` (it stands for that one person).
  const { rows } = await client.query<{
    tenant_id: string;
    user_id: string;
    dimension: string;
    value: string;
  }>(
    `WITH observed AS (${ADD_OBSERVATIONS}),
     added AS (
       SELECT * FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[],
         $10::bigint[]) AS a(tenant_id, user_id, dimension, value, changed, kept)
        WHERE (SELECT count(*) FROM observed) >= 0),
     counted AS (
       INSERT INTO naming_evidence AS e (tenant_id, user_id, dimension, value, changed, kept,
         people)
       SELECT tenant_id, user_id, dimension, value, changed, kept, 1 FROM added
       ON CONFLICT (tenant_id, user_id, dimension, value) DO UPDATE SET
         changed = e.changed + excluded.changed,
         kept = e.kept + excluded.kept,
         updated_at = now()
       RETURNING tenant_id, user_id, dimension, value, changed)
     SELECT c.tenant_id, c.user_id, c.dimension, c.value
       FROM counted c JOIN added a USING (tenant_id, user_id, dimension, value)
      WHERE a.changed > 0 AND c.changed = a.changed`,
    [...observationColumns(personal.observations), ...evidenceColumns(personal.evidence)],
  );
  return new Set(rows.map((r) => keyOf(r.tenant_id, r.user_id, r.dimension, r.value)));
}

/** Adds the tenant profile's counts; its rows count the people who joined each value. */
async function addTenantCounts(
  client: pg.PoolClient,
  observations: readonly ObservationCount[],
  evidence: ReadonlyArray<EvidenceCount & { newPeople: number }>,
): Promise<void> {
  await client.query(
    `WITH observed AS (${ADD_OBSERVATIONS})
     INSERT INTO naming_evidence AS e (tenant_id, user_id, dimension, value, changed, kept,
       people)
     SELECT * FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[],
       $10::bigint[], $11::integer[])
      WHERE (SELECT count(*) FROM observed) >= 0
     ON CONFLICT (tenant_id, user_id, dimension, value) DO UPDATE SET
       changed = e.changed + excluded.changed,
       kept = e.kept + excluded.kept,
       people = e.people + excluded.people,
       updated_at = now()`,
    [
      ...observationColumns(observations),
      ...evidenceColumns(evidence),
      evidence.map((r) => r.newPeople),
    ],
  );
}
