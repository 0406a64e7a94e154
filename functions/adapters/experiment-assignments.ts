import type pg from 'pg';
import { type ExclusionReason, hashAssignment } from '#core/experiments/assignment';
import type { Experiment } from '#core/experiments/definition';
import { type AssignmentLookup, assignmentKey } from '#core/submit-feedback';
import { query, withTransaction } from './postgres';

/** A person's stored place in one experiment: a variant, or outside it and why. */
export interface StoredAssignment {
  variant: string | null;
  reason: ExclusionReason | null;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

async function readStored(
  db: Queryable,
  tenantId: string,
  userId: string,
  experimentIds: string[],
): Promise<Map<string, StoredAssignment>> {
  const rows = await db.query<{ experiment_id: string; variant: string | null; reason: string }>(
    `SELECT experiment_id, variant, reason FROM experiment_assignments
      WHERE tenant_id = $1 AND user_id = $2 AND experiment_id = ANY($3::text[])`,
    [tenantId, userId, experimentIds],
  );
  return new Map(
    rows.rows.map((row) => [
      row.experiment_id,
      { variant: row.variant, reason: row.reason as ExclusionReason | null },
    ]),
  );
}

/** Stable: experiments that started first claim a person of their layer first. */
function byStart(a: Experiment, b: Experiment): number {
  const left = `${a.startedAt ?? ''}\u0000${a.experimentId}`;
  const right = `${b.startedAt ?? ''}\u0000${b.experimentId}`;
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Assigns a person to each of `targets` (running experiments), or reads where they were
 * assigned before: the first assignment is stored and every later call answers it, so a
 * person keeps their variant when weights change. A person in a variant of one running
 * experiment of a layer (`running` lists them all) is outside every other experiment of that
 * layer. First assignments are serialized per (tenant, layer, person) with a transaction-level
 * advisory lock, so two concurrent calls cannot put one person in two experiments of a layer.
 * Every stored row is an exposure: results count people per variant from them.
 */
export async function assignPerson(
  tenantId: string,
  userId: string,
  targets: readonly Experiment[],
  running: readonly Experiment[],
): Promise<Map<string, StoredAssignment>> {
  if (targets.length === 0) return new Map();
  const targetIds = targets.map((e) => e.experimentId);
  // The usual case, a person seen before: one indexed read, no lock, no write.
  const known = await query<{ experiment_id: string; variant: string | null; reason: string }>(
    `SELECT experiment_id, variant, reason FROM experiment_assignments
      WHERE tenant_id = $1 AND user_id = $2 AND experiment_id = ANY($3::text[])`,
    [tenantId, userId, targetIds],
  );
  if (known.rows.length === targets.length) {
    return new Map(
      known.rows.map((row) => [
        row.experiment_id,
        { variant: row.variant, reason: row.reason as ExclusionReason | null },
      ]),
    );
  }
  return withTransaction(async (client) => {
    const lockKeys = [
      // JSON, not a separator: PostgreSQL text cannot hold NUL, and ids may hold anything else.
      ...new Set(targets.map((e) => JSON.stringify([tenantId, lockScope(e), userId]))),
    ].sort();
    for (const key of lockKeys) {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
    }
    const layers = new Set(targets.flatMap((e) => (e.layer === null ? [] : [e.layer])));
    const layerMates = running.filter((e) => e.layer !== null && layers.has(e.layer));
    const relevantIds = [...new Set([...targetIds, ...layerMates.map((e) => e.experimentId)])];
    const stored = await readStored(client, tenantId, userId, relevantIds);
    const claimedLayers = new Set(
      layerMates
        .filter((e) => stored.get(e.experimentId)?.variant != null)
        .map((e) => e.layer as string),
    );

    const fresh: { experiment: Experiment; assignment: StoredAssignment }[] = [];
    for (const experiment of [...targets].sort(byStart)) {
      if (stored.has(experiment.experimentId)) continue;
      let assignment: StoredAssignment;
      if (experiment.layer !== null && claimedLayers.has(experiment.layer)) {
        assignment = { variant: null, reason: 'layer' };
      } else {
        const hashed = hashAssignment(experiment, userId);
        assignment =
          hashed.variant === null
            ? { variant: null, reason: hashed.reason }
            : { variant: hashed.variant, reason: null };
        if (assignment.variant !== null && experiment.layer !== null) {
          claimedLayers.add(experiment.layer);
        }
      }
      stored.set(experiment.experimentId, assignment);
      fresh.push({ experiment, assignment });
    }
    if (fresh.length > 0) {
      await client.query(
        `INSERT INTO experiment_assignments (tenant_id, experiment_id, user_id, layer, variant, reason)
         SELECT $1, u.experiment_id, $2, u.layer, u.variant, u.reason
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[])
             AS u(experiment_id, layer, variant, reason)
         ON CONFLICT (tenant_id, experiment_id, user_id) DO NOTHING`,
        [
          tenantId,
          userId,
          fresh.map((f) => f.experiment.experimentId),
          fresh.map((f) => f.experiment.layer),
          fresh.map((f) => f.assignment.variant),
          fresh.map((f) => f.assignment.reason),
        ],
      );
    }
    return new Map(targetIds.map((id) => [id, stored.get(id) as StoredAssignment]));
  });
}

/** Experiments of one layer share a lock per person; one without a layer has its own. */
function lockScope(experiment: Experiment): string {
  return experiment.layer === null
    ? `experiment:${experiment.experimentId}`
    : `layer:${experiment.layer}`;
}

/** People exposed to each variant of an experiment: its stored assignments, counted. */
export async function countExposures(
  tenantId: string,
  experimentId: string,
): Promise<Map<string, number>> {
  const rows = await query<{ variant: string; people: string }>(
    `SELECT variant, count(*) AS people FROM experiment_assignments
      WHERE tenant_id = $1 AND experiment_id = $2 AND variant IS NOT NULL
      GROUP BY variant`,
    [tenantId, experimentId],
  );
  return new Map(rows.rows.map((row) => [row.variant, Number(row.people)]));
}

/**
 * The stored assignments of some (experiment, person) pairs, for checking feedback that
 * names a variant: one query on the primary key.
 */
export const postgresAssignmentLookup: AssignmentLookup = {
  async find(tenantId, pairs) {
    const found = await query<{ experiment_id: string; user_id: string; variant: string | null }>(
      `SELECT a.experiment_id, a.user_id, a.variant
         FROM unnest($2::text[], $3::text[]) AS k(experiment_id, user_id)
         JOIN experiment_assignments a
           ON a.tenant_id = $1 AND a.experiment_id = k.experiment_id AND a.user_id = k.user_id`,
      [tenantId, pairs.map((p) => p.experimentId), pairs.map((p) => p.userId)],
    );
    return new Map(
      found.rows.map((row) => [assignmentKey(row.experiment_id, row.user_id), row.variant]),
    );
  },
};
