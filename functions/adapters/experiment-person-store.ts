import type pg from 'pg';
import {
  aggregatePersonIncrements,
  type PersonIncrement,
  type PersonSums,
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
 * Learns a batch's experiment feedback per person, inside `learn`'s transaction: adds it to
 * each person's sums, then changes each variant's moments by what those people's new sums
 * change in them. A person met for the first time gets their covariate first: their
 * decisions before they were assigned. Rows are locked in key order (people, then moments),
 * so concurrent batches wait for each other instead of deadlocking.
 */
export async function learnPersonOutcomes(
  client: pg.PoolClient,
  batch: readonly ClaimedFeedback[],
): Promise<void> {
  const increments = aggregatePersonIncrements(batch);
  if (increments.length === 0) return;
  await insertNewPeople(client, increments, firstSeen(batch));
  const after = await addToPeople(client, increments);
  const deltas = variantMomentDeltas(
    increments.map((increment) => {
      const sums = after.get(personKey(increment));
      if (!sums) throw new Error('A person row updated by this batch is missing');
      return { increment, after: sums };
    }),
  );
  if (deltas.length === 0) return;
  const column = (pick: (d: (typeof deltas)[number]['delta']) => number) =>
    deltas.map((d) => pick(d.delta));
  await client.query(
    `INSERT INTO experiment_variant_moments AS v (tenant_id, experiment_id, variant, metric, n,
       sum_x, sum_m, sum_xx, sum_mm, sum_xm, sum_h, sum_y, sum_yy, sum_xh, sum_mh, sum_xy, sum_my)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[],
       $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[],
       $12::float8[], $13::float8[], $14::float8[], $15::float8[], $16::float8[], $17::float8[])
     ON CONFLICT (tenant_id, experiment_id, variant, metric) DO UPDATE SET
       n = v.n + excluded.n, sum_x = v.sum_x + excluded.sum_x, sum_m = v.sum_m + excluded.sum_m,
       sum_xx = v.sum_xx + excluded.sum_xx, sum_mm = v.sum_mm + excluded.sum_mm,
       sum_xm = v.sum_xm + excluded.sum_xm, sum_h = v.sum_h + excluded.sum_h,
       sum_y = v.sum_y + excluded.sum_y, sum_yy = v.sum_yy + excluded.sum_yy,
       sum_xh = v.sum_xh + excluded.sum_xh, sum_mh = v.sum_mh + excluded.sum_mh,
       sum_xy = v.sum_xy + excluded.sum_xy, sum_my = v.sum_my + excluded.sum_my`,
    [
      deltas.map((d) => d.tenantId),
      deltas.map((d) => d.experimentId),
      deltas.map((d) => d.variant),
      deltas.map((d) => d.metric),
      column((d) => d.n),
      column((d) => d.sumX),
      column((d) => d.sumM),
      column((d) => d.sumXX),
      column((d) => d.sumMM),
      column((d) => d.sumXM),
      column((d) => d.sumH),
      column((d) => d.sumY),
      column((d) => d.sumYY),
      column((d) => d.sumXH),
      column((d) => d.sumMH),
      column((d) => d.sumXY),
      column((d) => d.sumMY),
    ],
  );
}

function personKey(p: { tenantId: string; experimentId: string; variant: string; userId: string }) {
  return [p.tenantId, p.experimentId, p.variant, p.userId].join('\u0000');
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

/**
 * Creates the rows of people not seen before, with their covariate: how many decisions
 * they made, and approved, before they were assigned (or before this experiment's first
 * feedback of theirs, without an assignment). Counted once per person and experiment.
 */
async function insertNewPeople(
  client: pg.PoolClient,
  increments: readonly PersonIncrement[],
  first: ReadonlyMap<string, Date>,
): Promise<void> {
  await client.query(
    `INSERT INTO experiment_person_outcomes (tenant_id, experiment_id, variant, user_id, decided,
       approved, modified, edit_distance_sum, pre_decided, pre_approved)
     SELECT p.tenant_id, p.experiment_id, p.variant, p.user_id, 0, 0, 0, 0,
            h.pre_decided, h.pre_approved
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
              WITH ORDINALITY AS p(tenant_id, experiment_id, variant, user_id, first_seen, ord)
       LEFT JOIN experiment_assignments a
         ON a.tenant_id = p.tenant_id AND a.experiment_id = p.experiment_id
        AND a.user_id = p.user_id
      CROSS JOIN LATERAL (
        SELECT count(*) AS pre_decided,
               count(*) FILTER (WHERE e.action = 'approved') AS pre_approved
          FROM feedback e
         WHERE e.tenant_id = p.tenant_id AND e.user_id = p.user_id
           AND e.received_at < least(coalesce(a.assigned_at, p.first_seen), p.first_seen)
           AND e.experiment_id IS DISTINCT FROM p.experiment_id) h
      WHERE NOT EXISTS (
        SELECT 1 FROM experiment_person_outcomes o
         WHERE o.tenant_id = p.tenant_id AND o.experiment_id = p.experiment_id
           AND o.variant = p.variant AND o.user_id = p.user_id)
      ORDER BY p.ord
     ON CONFLICT DO NOTHING`,
    [
      increments.map((i) => i.tenantId),
      increments.map((i) => i.experimentId),
      increments.map((i) => i.variant),
      increments.map((i) => i.userId),
      increments.map((i) => {
        const seen = first.get(personKey(i));
        if (!seen) throw new Error('A person of the batch has no first feedback');
        return seen;
      }),
    ],
  );
}

/** Adds the batch to each person's sums, in key order; answers their sums after it. */
async function addToPeople(
  client: pg.PoolClient,
  increments: readonly PersonIncrement[],
): Promise<Map<string, PersonSums>> {
  const { rows } = await client.query<PersonRow>(
    `INSERT INTO experiment_person_outcomes AS o (tenant_id, experiment_id, variant, user_id,
       decided, approved, modified, edit_distance_sum, pre_decided, pre_approved)
     SELECT tenant_id, experiment_id, variant, user_id, decided, approved, modified,
            edit_distance_sum, 0, 0
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[],
              $7::bigint[], $8::float8[])
              WITH ORDINALITY AS i(tenant_id, experiment_id, variant, user_id, decided, approved,
                modified, edit_distance_sum, ord)
      ORDER BY ord
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
    ],
  );
  return new Map(
    rows.map((row) => [
      personKey({
        tenantId: row.tenant_id,
        experimentId: row.experiment_id,
        variant: row.variant,
        userId: row.user_id,
      }),
      {
        decided: Number(row.decided),
        approved: Number(row.approved),
        modified: Number(row.modified),
        editDistanceSum: row.edit_distance_sum,
        preDecided: Number(row.pre_decided),
        preApproved: Number(row.pre_approved),
      },
    ]),
  );
}
