import type pg from 'pg';
import {
  type PersonIncrement,
  type PersonSums,
  type VariantMomentDelta,
  variantMomentDeltas,
} from '#core/experiments/person-outcomes';
import type { ClaimedFeedback } from '#core/learning';

interface PersonRow {
  tenant_id: string;
  experiment_id: string;
  variant: string;
  user_id: string;
  decided: string;
  approved: string;
  modified: string;
  edit_distance_sum: number;
  pre_decided: string;
  pre_approved: string;
}

/**
 * Adds a batch's experiment feedback to each person's sums, in key order, in one statement,
 * and answers what those people's new sums change in their variants' moments. A person met
 * for the first time gets their covariate in the same statement: their decisions before
 * they were assigned (or before this experiment's first feedback of theirs, without an
 * assignment), counted once per person and experiment. A person already known skips that
 * count (the pseudo-constant NOT EXISTS gates the scan of their history), and a row a
 * concurrent batch creates first keeps that batch's covariate: only the sums are added.
 */
export async function addToPeople(
  client: pg.PoolClient,
  increments: readonly PersonIncrement[],
  batch: readonly ClaimedFeedback[],
): Promise<VariantMomentDelta[]> {
  if (increments.length === 0) return [];
  const first = firstSeen(batch);
  const { rows } = await client.query<PersonRow>(
    `INSERT INTO experiment_person_outcomes AS o (tenant_id, experiment_id, variant, user_id,
       decided, approved, modified, edit_distance_sum, pre_decided, pre_approved)
     SELECT i.tenant_id, i.experiment_id, i.variant, i.user_id, i.decided, i.approved,
            i.modified, i.edit_distance_sum, h.pre_decided, h.pre_approved
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[],
              $7::bigint[], $8::float8[], $9::timestamptz[])
              WITH ORDINALITY AS i(tenant_id, experiment_id, variant, user_id, decided, approved,
                modified, edit_distance_sum, first_seen, ord)
       LEFT JOIN experiment_assignments a
         ON a.tenant_id = i.tenant_id AND a.experiment_id = i.experiment_id
        AND a.user_id = i.user_id
      CROSS JOIN LATERAL (
        SELECT count(*) AS pre_decided,
               count(*) FILTER (WHERE e.action = 'approved') AS pre_approved
          FROM feedback e
         WHERE NOT EXISTS (
                 SELECT 1 FROM experiment_person_outcomes k
                  WHERE k.tenant_id = i.tenant_id AND k.experiment_id = i.experiment_id
                    AND k.variant = i.variant AND k.user_id = i.user_id)
           AND e.tenant_id = i.tenant_id AND e.user_id = i.user_id
           AND e.received_at < least(coalesce(a.assigned_at, i.first_seen), i.first_seen)
           AND e.experiment_id IS DISTINCT FROM i.experiment_id) h
      ORDER BY i.ord
     ON CONFLICT (tenant_id, experiment_id, variant, user_id) DO UPDATE SET
       decided = o.decided + excluded.decided, approved = o.approved + excluded.approved,
       modified = o.modified + excluded.modified,
       edit_distance_sum = o.edit_distance_sum + excluded.edit_distance_sum
     RETURNING tenant_id, experiment_id, variant, user_id, decided, approved, modified,
       edit_distance_sum, pre_decided, pre_approved`,
    [
      increments.map((i) => i.tenantId),
      increments.map((i) => i.experimentId),
      increments.map((i) => i.variant),
      increments.map((i) => i.userId),
      increments.map((i) => i.decided),
      increments.map((i) => i.approved),
      increments.map((i) => i.modified),
      increments.map((i) => i.editDistanceSum),
      increments.map((i) => {
        const seen = first.get(personKey(i));
        if (!seen) throw new Error('A person of the batch has no first feedback');
        return seen;
      }),
    ],
  );
  const after = new Map(rows.map((row) => [personKey(personOf(row)), sumsOf(row)]));
  return variantMomentDeltas(
    increments.map((increment) => {
      const sums = after.get(personKey(increment));
      if (!sums) throw new Error('A person row updated by this batch is missing');
      return { increment, after: sums };
    }),
  );
}

function personKey(p: { tenantId: string; experimentId: string; variant: string; userId: string }) {
  return [p.tenantId, p.experimentId, p.variant, p.userId].join('\u0000');
}

function personOf(row: PersonRow) {
  return {
    tenantId: row.tenant_id,
    experimentId: row.experiment_id,
    variant: row.variant,
    userId: row.user_id,
  };
}

function sumsOf(row: PersonRow): PersonSums {
  return {
    decided: Number(row.decided),
    approved: Number(row.approved),
    modified: Number(row.modified),
    editDistanceSum: row.edit_distance_sum,
    preDecided: Number(row.pre_decided),
    preApproved: Number(row.pre_approved),
  };
}

/** Each person's earliest experiment feedback in the batch: their history ends before it. */
function firstSeen(batch: readonly ClaimedFeedback[]): Map<string, Date> {
  const first = new Map<string, Date>();
  for (const f of batch) {
    if (f.experimentId === null || f.variant === null) continue;
    const key = personKey({ ...f, experimentId: f.experimentId, variant: f.variant });
    const seen = first.get(key);
    if (!seen || f.receivedAt < seen) first.set(key, f.receivedAt);
  }
  return first;
}
