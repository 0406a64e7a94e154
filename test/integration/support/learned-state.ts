import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { mulberry32 } from '#core/statistics/index';

const START = Date.parse('2026-03-02T08:00:00Z');
const HOUR = 3_600_000;
const NAMES = [
  'IMG_0001.JPG',
  '2024-06-01_beach-trip.jpg',
  'Beach Trip 2024-06-01.JPG',
  'beach_trip.jpg',
  'scan(1).pdf',
  'ACMEReport_final.docx',
  'plage_été.jpg',
  'invoice-2024.03.05.pdf',
];

/**
 * Seeded feedback for one tenant: a few people and model versions over several hours.
 * Each person's history (outside experiments) comes first, then their assignment, then
 * their feedback in one of two experiments' variants: so what a person's covariate counts
 * does not depend on which of their batches is learned first, and neither does anything
 * else learn keeps except retraining, whose drift test follows the order of feedback.
 */
export async function storeSeededFeedback(
  db: pg.Pool,
  tenantId: string,
  seed: number,
  count: number,
): Promise<string[]> {
  const random = mulberry32(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const people = Array.from({ length: 8 }, (_, i) => `person-${i}`);
  const rows = [];
  for (let i = 0; i < count; i++) {
    const userId = pick(people);
    const person = Number(userId.slice('person-'.length));
    const inExperiment = i >= count / 4 && person % 4 !== 3;
    const action = pick(['approved', 'approved', 'rejected', 'modified'] as const);
    const proposed = pick(NAMES);
    rows.push({
      id: randomUUID(),
      userId,
      action,
      proposed,
      chosen: action === 'modified' ? pick(NAMES.filter((name) => name !== proposed)) : null,
      confidence: Math.round(random() * 1000) / 1000,
      modelVersion: pick(['v1', 'v2']),
      processingTimeMs: random() < 0.1 ? null : Math.round(random() * 2000),
      experimentId: inExperiment ? (person % 2 === 0 ? 'e-even' : 'e-odd') : null,
      variant: inExperiment ? (person % 4 < 2 ? 'control' : 'treatment') : null,
      // History in the first hour and a half, experiment feedback after the second.
      receivedAt: new Date(START + (inExperiment ? 2 * HOUR : 0) + (i % 97) * 55_000 + i),
    });
  }
  await db.query(
    `INSERT INTO feedback (id, tenant_id, proposal_id, original_filename, proposed_filename,
       user_filename, action, confidence, model_version, user_id, processing_time_ms,
       experiment_id, variant, fingerprint, received_at)
     SELECT r.id, $1, 'p-' || r.id, 'IMG.JPG', r.proposed, r.chosen, r.action, r.confidence,
            r.model_version, r.user_id, r.processing_time_ms, r.experiment_id, r.variant, 'f',
            r.received_at
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[],
              $8::text[], $9::float8[], $10::text[], $11::text[], $12::timestamptz[])
              AS r(id, proposed, chosen, action, confidence, model_version, user_id,
                processing_time_ms, experiment_id, variant, received_at)`,
    [
      tenantId,
      rows.map((r) => r.id),
      rows.map((r) => r.proposed),
      rows.map((r) => r.chosen),
      rows.map((r) => r.action),
      rows.map((r) => r.confidence),
      rows.map((r) => r.modelVersion),
      rows.map((r) => r.userId),
      rows.map((r) => r.processingTimeMs),
      rows.map((r) => r.experimentId),
      rows.map((r) => r.variant),
      rows.map((r) => r.receivedAt),
    ],
  );
  // Half of the experiments' people were assigned through the API, between their history
  // and their first feedback under the experiment.
  await db.query(
    `INSERT INTO experiment_assignments (tenant_id, experiment_id, user_id, variant, assigned_at)
     SELECT DISTINCT $1, experiment_id, user_id, variant, $2::timestamptz FROM feedback
      WHERE tenant_id = $1 AND experiment_id IS NOT NULL AND right(user_id, 1) IN ('0', '1')`,
    [tenantId, new Date(START + 1.75 * HOUR)],
  );
  return [...rows].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime()).map((r) => r.id);
}

/**
 * Everything `learn` keeps for a tenant, table by table, rows sorted by key, without the
 * tenant and the bookkeeping columns (timestamps, versions) that no figure is read from.
 */
export async function learnedState(
  db: pg.Pool,
  tenantId: string,
  options: { orderDependent: boolean },
): Promise<Record<string, Record<string, unknown>[]>> {
  const tables: Record<string, string> = {
    model_hourly_stats: 'model_version, hour',
    model_hourly_processing_time: 'model_version, hour, bucket',
    model_hourly_edit_distance: 'model_version, hour',
    model_hourly_distribution: 'model_version, hour, metric, bin',
    model_calibration_bins: 'model_version, bin',
    naming_observations: 'user_id, dimension',
    naming_evidence: 'user_id, dimension, value',
    experiment_variant_outcomes: 'experiment_id, variant',
    experiment_person_outcomes: 'experiment_id, variant, user_id',
    experiment_variant_moments: 'experiment_id, variant, metric',
  };
  // The drift test reads feedback in the order batches commit: only learning in one order
  // gives one state.
  if (options.orderDependent) tables.retrain_state = 'model_version';
  const state: Record<string, Record<string, unknown>[]> = {};
  for (const [table, key] of Object.entries(tables)) {
    const { rows } = await db.query(`SELECT * FROM ${table} WHERE tenant_id = $1 ORDER BY ${key}`, [
      tenantId,
    ]);
    state[table] = rows.map(({ tenant_id, updated_at, ...values }) => values);
  }
  const jobs = await db.query(
    `SELECT model_version, reason, count(*)::int AS jobs FROM training_jobs WHERE tenant_id = $1
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [tenantId],
  );
  if (options.orderDependent) state.training_jobs = jobs.rows;
  return state;
}

/**
 * Compares two learned states: integers and text exactly, floating-point sums to 1e-9 of
 * their size (adding a batch's sum, or its values one by one, rounds differently).
 */
export function differences(
  expected: Record<string, Record<string, unknown>[]>,
  actual: Record<string, Record<string, unknown>[]>,
): string[] {
  const found: string[] = [];
  for (const [table, rows] of Object.entries(expected)) {
    const other = actual[table] ?? [];
    if (rows.length !== other.length) {
      found.push(`${table}: ${other.length} rows instead of ${rows.length}`);
      continue;
    }
    rows.forEach((row, index) => {
      for (const [column, value] of Object.entries(row)) {
        const got = other[index]?.[column];
        if (!same(value, got)) {
          found.push(`${table}[${index}].${column}: ${String(got)} instead of ${String(value)}`);
        }
      }
    });
  }
  return found;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}
