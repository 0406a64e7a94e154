import { describe, expect, it } from 'vitest';
import { hashAssignment } from '#core/experiments/assignment';
import { newExperiment, transition } from '#core/experiments/definition';
import { aggregateVariantOutcomes } from '#core/experiments/outcomes';
import { buildResults, type VariantCounts } from '#core/experiments/results';
import { momentsOf, SMALL_SAMPLE_PEOPLE, twoProportionZ } from '#core/statistics/index';

const NOW = new Date('2026-01-10T00:00:00Z');
const experiment = transition(
  newExperiment(
    't',
    'exp-1',
    {
      name: 'three ways',
      variants: [
        { key: 'control', modelVersion: 'v1', weight: 0.34 },
        { key: 'b', modelVersion: 'v2', weight: 0.33 },
        { key: 'c', modelVersion: 'v3', weight: 0.33 },
      ],
      minimumDetectableEffect: 0.1,
    },
    new Date('2026-01-01T00:00:00Z'),
  ),
  'start',
  new Date('2026-01-01T00:00:00Z'),
);

/** One person's decisions in the experiment, and their approval rate before it. */
interface Person {
  decided: number;
  approved: number;
  modified?: number;
  /** Normalized edit distances of their modified proposals. */
  editDistances?: number[];
  priorRate?: number;
}

/** A variant's counts as the store keeps them: totals, moments, and people when small. */
function countsOf(people: Person[], exposures = people.length): VariantCounts {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const approval = people.map(({ approved, decided, priorRate }) => ({
    x: approved,
    m: decided,
    ...(priorRate === undefined ? {} : { priorRate }),
  }));
  const modification = people.map((p) => ({ x: p.modified ?? 0, m: p.decided }));
  const editDistance = people.map((p) => ({
    x: sum(p.editDistances ?? []),
    m: p.editDistances?.length ?? 0,
  }));
  const withDecisions = (list: { x: number; m: number }[]) =>
    list.filter(({ m }) => m > 0).map(({ x, m }) => ({ x, m }));
  return {
    exposures,
    feedback: sum(people.map((p) => p.decided)),
    approved: sum(people.map((p) => p.approved)),
    modified: sum(people.map((p) => p.modified ?? 0)),
    editDistanceSum: sum(editDistance.map((p) => p.x)),
    approval: momentsOf(approval),
    modification: momentsOf(modification),
    editDistance: momentsOf(editDistance),
    ...(people.length < SMALL_SAMPLE_PEOPLE
      ? {
          people: {
            approval: withDecisions(approval),
            modification: withDecisions(modification),
            editDistance: withDecisions(editDistance),
          },
        }
      : {}),
  };
}

/** `n` people of `decisions` decisions each, whose approvals vary around `rate`. */
function crowd(n: number, decisions: number, rate: number, extra: Partial<Person> = {}): Person[] {
  return Array.from({ length: n }, (_, i) => {
    // People differ: a third a little below the rate, a third at it, a third above.
    const own = Math.min(1, Math.max(0, rate + ((i % 3) - 1) * 0.1));
    return { decided: decisions, approved: Math.round(own * decisions), ...extra };
  });
}

describe('hashAssignment', () => {
  it('is deterministic, follows the weights and leaves out people beyond coverage', () => {
    const tally: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const first = hashAssignment({ ...experiment, coverage: 0.5 }, `user-${i}`);
      expect(hashAssignment({ ...experiment, coverage: 0.5 }, `user-${i}`)).toEqual(first);
      const key = first.variant ?? 'out';
      tally[key] = (tally[key] ?? 0) + 1;
    }
    expect((tally.out ?? 0) / 10_000).toBeCloseTo(0.5, 1);
    expect((tally.control ?? 0) / 10_000).toBeCloseTo(0.17, 1);
  });
});

describe('buildResults', () => {
  it('keeps the always-valid p-value and interval of earlier looks: a running minimum', () => {
    const data = new Map([
      ['control', countsOf(crowd(200, 5, 0.6))],
      ['b', countsOf(crowd(200, 5, 0.64))],
      ['c', countsOf(crowd(200, 5, 0.61))],
    ]);
    const firstLook = buildResults(experiment, data, NOW);
    const b = firstLook.comparisons.find((c) => c.variant === 'b');
    if (!b) throw new Error('no comparison for b');
    const earlier = { pValue: 0.0001, ci95: [0.01, 0.2] as [number, number] };
    const laterLook = buildResults(experiment, data, NOW, new Map([['b', earlier]]));
    const later = laterLook.comparisons.find((c) => c.variant === 'b');
    expect(b.alwaysValid.pValue).toBeGreaterThan(0.0001);
    expect(later?.alwaysValid.pValue).toBe(0.0001);
    expect(later?.alwaysValid.ci95[0]).toBeGreaterThanOrEqual(0.01);
    expect(later?.alwaysValid.ci95[1]).toBeLessThanOrEqual(Math.min(0.2, b.alwaysValid.ci95[1]));
  });

  it('reports per-variant figures, a clean split and Holm-adjusted comparisons over people', () => {
    const results = buildResults(
      experiment,
      new Map([
        ['control', countsOf(crowd(340, 10, 0.3, { modified: 1, editDistances: [0.2] }))],
        ['b', countsOf(crowd(330, 10, 0.9, { modified: 1, editDistances: [0.2] }))],
        ['c', countsOf(crowd(330, 10, 0.3, { modified: 1, editDistances: [0.2] }))],
      ]),
      NOW,
    );
    expect(results.unit).toBe('person');
    expect(results.variants.map((v) => [v.key, v.people])).toEqual([
      ['control', 340],
      ['b', 330],
      ['c', 330],
    ]);
    expect(results.variants[1]?.approvalRate).toBeCloseTo(0.9, 12);
    expect(results.srm.mismatch).toBe(false);
    expect(results.comparisons.map((c) => [c.variant, c.test, c.people])).toEqual([
      ['b', 'welch-t', { control: 340, treatment: 330 }],
      ['c', 'welch-t', { control: 340, treatment: 330 }],
    ]);
    for (const comparison of results.comparisons) {
      expect(comparison.pValueAdjusted).toBeGreaterThanOrEqual(comparison.pValue);
      expect(comparison.degreesOfFreedom).toBeGreaterThan(600);
      expect(comparison.cuped).toMatchObject({ applied: false, reason: 'noHistory' });
    }
    // Two variants x two guardrails; neither is worse than control.
    expect(results.guardrails).toHaveLength(4);
    expect(results.guardrails.every((g) => !g.harmed)).toBe(true);
    expect(results.decision).toMatchObject({ action: 'ship', variant: 'b' });
  });

  it('does not call a winner from decisions when it is a few people: people count', () => {
    // Half the people approve 18 of 20 proposals, half 6 of 20; the variant has 8 more
    // approvers out of 100 people, which 2,000 decisions per variant make look decisive.
    const people = (approvers: number) =>
      Array.from({ length: 100 }, (_, i) => ({ decided: 20, approved: i < approvers ? 18 : 6 }));
    const results = buildResults(
      { ...experiment, variants: experiment.variants.slice(0, 2) },
      new Map([
        ['control', countsOf(people(50))],
        ['b', countsOf(people(58))],
      ]),
      NOW,
    );
    const pooled = twoProportionZ(
      { successes: 50 * 18 + 50 * 6, trials: 2000 },
      { successes: 58 * 18 + 42 * 6, trials: 2000 },
    );
    expect(pooled.pValue).toBeLessThan(0.01);
    expect(results.comparisons[0]?.pValue).toBeGreaterThan(0.2);
    // The variance is 7.8 times what independent decisions would give: a person's 20
    // decisions are worth about 2.6 independent ones.
    expect(results.variants[1]?.designEffect).toBeCloseTo(7.77, 2);
  });

  it('adjusts for the pre-assignment approval rate (CUPED) and reports the reduction', () => {
    const withHistory = (n: number, rate: number) =>
      crowd(n, 8, rate).map((person, i) => ({
        ...person,
        // Two in three people decided before; their prior rate tracks their own.
        ...(i % 3 === 2 ? {} : { priorRate: person.approved / person.decided }),
      }));
    const results = buildResults(
      experiment,
      new Map([
        ['control', countsOf(withHistory(300, 0.6))],
        ['b', countsOf(withHistory(300, 0.62))],
        ['c', countsOf(withHistory(300, 0.6))],
      ]),
      NOW,
    );
    const b = results.comparisons[0];
    expect(b?.cuped).toMatchObject({
      applied: true,
      reason: null,
      peopleWithHistory: { control: 200, treatment: 200 },
    });
    expect(b?.cuped.varianceReduction).toBeGreaterThan(0.5);
    expect(b?.standardError).toBeLessThan(b?.unadjusted.standardError ?? 0);
    expect(b?.controlRate).toBeCloseTo(results.variants[0]?.approvalRate ?? 0, 12);
  });

  it('switches to a permutation test below 30 people per variant, with its Monte-Carlo error', () => {
    const results = buildResults(
      experiment,
      new Map([
        ['control', countsOf(crowd(12, 6, 0.5))],
        ['b', countsOf(crowd(12, 6, 0.7))],
        ['c', countsOf(crowd(12, 6, 0.5))],
      ]),
      NOW,
    );
    const b = results.comparisons[0];
    expect(results.smallSamplePeople).toBe(30);
    expect(b?.test).toBe('permutation-monte-carlo');
    expect(b?.monteCarloError).toBeGreaterThan(0);
    expect(b?.reassignments).toBe(10_000);
    expect(b?.cuped).toMatchObject({ applied: false, reason: 'smallSample' });
    // Seeded from the experiment: the next look of the same data says the same.
    expect(buildResults(experiment, new Map(), NOW).comparisons).toEqual([]);
    const again = buildResults(
      experiment,
      new Map([
        ['control', countsOf(crowd(12, 6, 0.5))],
        ['b', countsOf(crowd(12, 6, 0.7))],
        ['c', countsOf(crowd(12, 6, 0.5))],
      ]),
      NOW,
    );
    expect(again.comparisons[0]?.pValue).toBe(b?.pValue);
  });

  it('reports less power for the same decisions when people differ more', () => {
    const power = (spread: number) => {
      const people = (rate: number) =>
        Array.from({ length: 400 }, (_, i) => {
          const own = rate + (i % 2 === 0 ? spread : -spread);
          return { decided: 10, approved: Math.round(own * 10) };
        });
      return buildResults(
        experiment,
        new Map([
          ['control', countsOf(people(0.5))],
          ['b', countsOf(people(0.5))],
          ['c', countsOf(people(0.5))],
        ]),
        NOW,
      ).power;
    };
    const alike = power(0.1);
    const different = power(0.4);
    expect(different.achievedPower).toBeLessThan(alike.achievedPower ?? 0);
    expect(different.requiredPerVariant).toBeGreaterThan(alike.requiredPerVariant ?? 0);
    expect(alike.smallestVariantPeople).toBe(400);
  });

  it('flags a guardrail a variant harms, and does not ship it', () => {
    const spread = (mean: number) => (i: number) => mean + ((i % 5) - 2) / 100;
    const people = (rate: number, distance: (i: number) => number) =>
      crowd(100, 3, rate).map((person, i) => ({
        ...person,
        modified: 1,
        editDistances: [distance(i)],
      }));
    const results = buildResults(
      experiment,
      new Map([
        ['control', countsOf(people(0.3, spread(0.2)))],
        ['b', countsOf(people(0.6, spread(0.6)))],
        ['c', countsOf(people(0.3, spread(0.2)))],
      ]),
      NOW,
    );
    const harmed = results.guardrails.filter((g) => g.harmed);
    expect(harmed).toEqual([
      expect.objectContaining({ variant: 'b', metric: 'editDistance', unit: 'person' }),
    ]);
    expect(results.decision.action).not.toBe('ship');
  });

  it('stops for a sample ratio mismatch', () => {
    const results = buildResults(
      experiment,
      new Map([
        ['control', countsOf(crowd(600, 1, 0.3))],
        ['b', countsOf(crowd(200, 1, 0.3))],
        ['c', countsOf(crowd(200, 1, 0.3))],
      ]),
      NOW,
    );
    expect(results.srm.mismatch).toBe(true);
    expect(results.decision.action).toBe('stop-srm');
  });

  it('keeps running without control data', () => {
    const results = buildResults(experiment, new Map(), NOW);
    expect(results.comparisons).toEqual([]);
    expect(results.power.requiredPerVariant).toBeNull();
    expect(results.decision.action).toBe('keep-running');
  });
});

describe('aggregateVariantOutcomes', () => {
  it('counts decisions and edit distances per experiment variant, skipping the rest', () => {
    const base = {
      tenantId: 't',
      experimentId: 'e',
      variant: 'b',
      proposedFilename: 'beach.jpg',
      userFilename: null,
    };
    const outcomes = aggregateVariantOutcomes([
      { ...base, action: 'approved' },
      { ...base, action: 'modified', userFilename: 'beach-trip.jpg' },
      { ...base, variant: 'a', action: 'rejected' },
      { ...base, experimentId: null, variant: null, action: 'approved' },
    ]);
    expect(outcomes.map((o) => [o.variant, o.total, o.approved, o.modified])).toEqual([
      ['a', 1, 0, 0],
      ['b', 2, 1, 1],
    ]);
    expect(outcomes[1]?.editDistanceSum).toBeCloseTo(5 / 14);
  });
});
