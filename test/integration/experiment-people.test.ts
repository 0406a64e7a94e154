import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentResultsSchema } from '#core/contract/experiments-contract';
import { call, feedback } from './support/client';
import { startSystem, type TestSystem } from './support/system';

// Experiments randomize people and people decide many proposals: results must be computed
// over people. Each person here has a rate of their own and decides 1 to 9 proposals, some
// after a history before the experiment; the test computes the delta method itself, from
// what it sent, and compares.
let system: TestSystem;
type Json = Record<string, unknown>;

beforeAll(async () => {
  const unlimited = '100000';
  system = await startSystem('experiment-people', {
    environment: {
      RATE_LIMIT_USER_PER_MINUTE: unlimited,
      RATE_LIMIT_METRICS_PER_MINUTE: unlimited,
      RATE_LIMIT_ADMIN_PER_MINUTE: unlimited,
    },
  });
});
afterAll(async () => {
  await system?.stop();
});

/** A seeded stream of numbers in [0, 1): the same people every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const admin = (method: string, path: string, body?: unknown) =>
  call<Json>(system.url, method, path, { key: system.adminKey, body });

async function submitAll(items: Json[]) {
  for (let start = 0; start < items.length; start += 500) {
    const answer = await call<Json>(system.url, 'POST', '/v1/feedback/batch', {
      key: system.userKey,
      body: { items: items.slice(start, start + 500) },
    });
    expect(answer.status).toBe(202);
    expect(answer.body.rejected).toBe(0);
  }
  await system.emulator.drain(60_000);
}

interface Person {
  x: number;
  m: number;
}

/** The delta method as its definition reads, over people: R, Var(R), and the mean m. */
function deltaMethod(people: readonly Person[]) {
  const n = people.length;
  const mean = (f: (p: Person) => number) => people.reduce((s, p) => s + f(p), 0) / n;
  const mx = mean((p) => p.x);
  const mm = mean((p) => p.m);
  const cov = (f: (p: Person) => number, g: (p: Person) => number, fm: number, gm: number) =>
    people.reduce((s, p) => s + (f(p) - fm) * (g(p) - gm), 0) / (n - 1);
  const sxx = cov(
    (p) => p.x,
    (p) => p.x,
    mx,
    mx,
  );
  const smm = cov(
    (p) => p.m,
    (p) => p.m,
    mm,
    mm,
  );
  const sxm = cov(
    (p) => p.x,
    (p) => p.m,
    mx,
    mm,
  );
  const rate = mx / mm;
  const variance = (sxx - 2 * rate * sxm + rate * rate * smm) / (n * mm * mm);
  return { n, rate, variance };
}

async function runExperiment(name: string, peopleCount: number, seed: number) {
  const random = seeded(seed);
  const userIds = Array.from({ length: peopleCount }, (_, i) => `${name}-${i}`);
  // Some people decided before the experiment: their history is the CUPED covariate.
  const ownRate = new Map(userIds.map((id) => [id, 0.3 + 0.6 * random()]));
  const history: Json[] = [];
  for (const userId of userIds) {
    const before = Math.floor(random() * 5);
    for (let i = 0; i < before; i++) {
      history.push(
        feedback({
          userId,
          modelVersion: 'v0',
          action: random() < (ownRate.get(userId) ?? 0) ? 'approved' : 'rejected',
        }),
      );
    }
  }
  await submitAll(history);

  const created = await admin('POST', '/v1/experiments', {
    name,
    variants: [
      { key: 'control', modelVersion: 'v1', weight: 0.5 },
      { key: 'treatment', modelVersion: 'v2', weight: 0.5 },
    ],
    minimumDetectableEffect: 0.1,
  });
  expect(created.status).toBe(201);
  const id = created.body.experimentId as string;
  expect((await admin('POST', `/v1/experiments/${id}/start`)).status).toBe(200);

  const sent = { control: [] as Person[], treatment: [] as Person[] };
  const items: Json[] = [];
  for (const userId of userIds) {
    const assignment = await call<Json>(
      system.url,
      'GET',
      `/v1/experiments/${id}/assignment?userId=${userId}`,
      { key: system.userKey },
    );
    const variant = assignment.body.variant as 'control' | 'treatment';
    const decisions = 1 + Math.floor(random() * 9);
    const rate = (ownRate.get(userId) ?? 0) + (variant === 'treatment' ? 0.05 : 0);
    const person = { x: 0, m: decisions };
    for (let i = 0; i < decisions; i++) {
      const approved = random() < rate;
      if (approved) person.x += 1;
      items.push(
        feedback({
          userId,
          experimentId: id,
          variant,
          modelVersion: variant === 'control' ? 'v1' : 'v2',
          action: approved ? 'approved' : 'rejected',
        }),
      );
    }
    sent[variant].push(person);
  }
  await submitAll(items);
  const results = await admin('GET', `/v1/experiments/${id}/results`);
  expect(results.status).toBe(200);
  return { id, sent, results: experimentResultsSchema.parse(results.body) };
}

describe('experiment results over people', () => {
  it('match the delta method computed from what was sent, with person as the unit', async () => {
    const { id, sent, results } = await runExperiment('people', 90, 7);
    const control = deltaMethod(sent.control);
    const treatment = deltaMethod(sent.treatment);
    const lift = treatment.rate - control.rate;
    const se = Math.sqrt(control.variance + treatment.variance);
    const welchDf =
      (control.variance + treatment.variance) ** 2 /
      (control.variance ** 2 / (control.n - 1) + treatment.variance ** 2 / (treatment.n - 1));

    const [comparison] = results.comparisons;
    expect(comparison).toBeDefined();
    if (!comparison) return;
    expect(comparison.unit).toBe('person');
    expect(comparison.people).toEqual({ control: control.n, treatment: treatment.n });
    expect(comparison.test).toBe('welch-t');
    expect(comparison.controlRate).toBeCloseTo(control.rate, 12);
    expect(comparison.treatmentRate).toBeCloseTo(treatment.rate, 12);
    expect(comparison.unadjusted.absoluteLift).toBeCloseTo(lift, 12);
    expect(comparison.unadjusted.standardError).toBeCloseTo(se, 12);
    expect(comparison.unadjusted.degreesOfFreedom).toBeCloseTo(welchDf, 6);
    const [low, high] = comparison.unadjusted.ci95Absolute;
    expect((low + high) / 2).toBeCloseTo(lift, 12);
    // The decisions are far more than the people; a per-decision analysis would not see that.
    const decisions = [...sent.control, ...sent.treatment].reduce((s, p) => s + p.m, 0);
    expect(decisions).toBeGreaterThan(3 * (control.n + treatment.n));
    console.log(
      `people: ${control.n} + ${treatment.n}, ${decisions} decisions; unadjusted lift ${lift.toFixed(4)} ± ${se.toFixed(4)}; CUPED ${JSON.stringify(comparison.cuped)}`,
    );
    // CUPED reports a variance reduction consistent with the interval it shows.
    if (comparison.cuped.applied && comparison.cuped.varianceReduction !== null) {
      expect(comparison.standardError ** 2).toBeCloseTo(
        (1 - comparison.cuped.varianceReduction) * comparison.unadjusted.standardError ** 2,
        9,
      );
    }

    // What learn kept by increments equals a recomputation from the stored feedback.
    const recomputed = await system.db.query(
      `SELECT f.variant, f.user_id, count(*)::int AS decided,
              (count(*) FILTER (WHERE f.action = 'approved'))::int AS approved
         FROM feedback f WHERE f.experiment_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [id],
    );
    const kept = await system.db.query(
      `SELECT variant, user_id, decided::int, approved::int FROM experiment_person_outcomes
        WHERE experiment_id = $1 ORDER BY 1, 2`,
      [id],
    );
    expect(kept.rows).toEqual(recomputed.rows);
    const moments = await system.db.query(
      `SELECT v.variant, v.n::int, v.sum_x, v.sum_m, v.sum_xx, v.sum_mm, v.sum_xm,
              agg.n AS n2, agg.sum_x AS sum_x2, agg.sum_m AS sum_m2, agg.sum_xx AS sum_xx2,
              agg.sum_mm AS sum_mm2, agg.sum_xm AS sum_xm2
         FROM experiment_variant_moments v
         JOIN (SELECT variant, count(*)::int AS n, sum(approved)::float8 AS sum_x,
                      sum(decided)::float8 AS sum_m, sum(approved * approved)::float8 AS sum_xx,
                      sum(decided * decided)::float8 AS sum_mm,
                      sum(approved * decided)::float8 AS sum_xm
                 FROM experiment_person_outcomes WHERE experiment_id = $1 AND decided > 0
                GROUP BY variant) agg ON agg.variant = v.variant
        WHERE v.experiment_id = $1 AND v.metric = 'approval'`,
      [id],
    );
    expect(moments.rows).toHaveLength(2);
    for (const row of moments.rows) {
      expect([row.n, row.sum_x, row.sum_m, row.sum_xx, row.sum_mm, row.sum_xm]).toEqual([
        row.n2,
        row.sum_x2,
        row.sum_m2,
        row.sum_xx2,
        row.sum_mm2,
        row.sum_xm2,
      ]);
    }
    // The covariate: each person's decisions before their assignment.
    const covariates = await system.db.query(
      `SELECT o.user_id, o.pre_decided::int,
              (SELECT count(*)::int FROM feedback e
                WHERE e.tenant_id = o.tenant_id AND e.user_id = o.user_id
                  AND e.received_at < a.assigned_at) AS expected
         FROM experiment_person_outcomes o
         JOIN experiment_assignments a USING (tenant_id, experiment_id, user_id)
        WHERE o.experiment_id = $1`,
      [id],
    );
    expect(covariates.rows.length).toBe(control.n + treatment.n);
    for (const row of covariates.rows) expect(row.pre_decided).toBe(row.expected);
    expect(covariates.rows.some((row) => row.pre_decided > 0)).toBe(true);
  });

  it('tests a small experiment by permutation over people', async () => {
    const { results } = await runExperiment('few', 12, 11);
    const [comparison] = results.comparisons;
    expect(comparison?.test).toMatch(/^permutation-/);
    expect(comparison?.pValue).toBeGreaterThan(0);
    expect(comparison?.pValue).toBeLessThanOrEqual(1);
  });
});
