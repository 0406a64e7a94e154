import { describe, expect, it } from 'vitest';
import {
  alwaysValidEstimate,
  bayesianBootstrap,
  compareRatios,
  cupedAdjust,
  momentsOf,
  normalChanceToBeat,
  normalExpectedLoss,
  type PersonObservation,
  peopleForObservedVariance,
  permutationTest,
  personVariance,
  powerAtStandardError,
  ratioEstimate,
  StatisticsInputError,
  sampleSizePerVariant,
  tQuantile,
  tSurvival,
  tTwoSided,
} from '#core/statistics/index';
import { regularizedBeta } from '../../../functions/core/statistics/incomplete-beta';

// Twelve and eleven people: approvals x of m decisions, and their pre-assignment rate.
const control: PersonObservation[] = [
  { x: 3, m: 4, priorRate: 0.7 },
  { x: 0, m: 2 },
  { x: 5, m: 6, priorRate: 0.8 },
  { x: 2, m: 5, priorRate: 0.3 },
  { x: 9, m: 10, priorRate: 0.9 },
  { x: 1, m: 3, priorRate: 0.2 },
  { x: 4, m: 4 },
  { x: 6, m: 9, priorRate: 0.6 },
  { x: 2, m: 2, priorRate: 0.5 },
  { x: 7, m: 8 },
  { x: 5, m: 6, priorRate: 0.75 },
  { x: 3, m: 5, priorRate: 0.6 },
];
const treatment: PersonObservation[] = [
  { x: 4, m: 4, priorRate: 0.9 },
  { x: 2, m: 3, priorRate: 0.4 },
  { x: 6, m: 6 },
  { x: 1, m: 3, priorRate: 0.2 },
  { x: 10, m: 11, priorRate: 0.95 },
  { x: 3, m: 3, priorRate: 0.6 },
  { x: 5, m: 5, priorRate: 0.7 },
  { x: 8, m: 9 },
  { x: 3, m: 3, priorRate: 0.65 },
  { x: 7, m: 8, priorRate: 0.8 },
  { x: 2, m: 4, priorRate: 0.3 },
];
const withoutHistory = (people: PersonObservation[]) => people.map(({ x, m }) => ({ x, m }));

describe("Student's t distribution", () => {
  // Reference values: scipy.stats.t and scipy.special.betainc.
  it.each([
    [2.5, 3.7, 0.03591101145591339],
    [0.3, 1.5, 0.40023609840179253],
    [10, 2.2, 0.003552231855129221],
    [40, 500, 3.1453214591290517e-158],
    [2, 1e5, 0.022751481728753256],
  ])('P(T >= %d) with %d degrees of freedom matches scipy', (t, df, expected) => {
    expect(Math.abs(tSurvival(t, df) - expected) / expected).toBeLessThan(1e-9);
    expect(tSurvival(-t, df)).toBeCloseTo(1 - expected, 11);
    expect(tTwoSided(t, df)).toBeCloseTo(2 * expected, 11);
  });

  it.each([
    [0.975, 30.5, 2.04086944518632],
    [0.95, 4.2, 2.103010745009936],
    [0.975, 14.350145403038546, 2.1398873675438708],
    [0.999, 1, 318.30883898555015],
  ])('inverts the CDF at %d with %d degrees of freedom', (p, df, expected) => {
    expect(tQuantile(p, df)).toBeCloseTo(expected, 9);
    expect(tQuantile(1 - p, df)).toBeCloseTo(-expected, 9);
  });

  it('computes the regularized incomplete beta function as scipy does', () => {
    expect(regularizedBeta(0.3, 2.5, 0.5)).toBeCloseTo(0.018927124071945658, 14);
    expect(regularizedBeta(0.02, 0.5, 7)).toBeCloseTo(0.39863362384560364, 14);
    expect(regularizedBeta(0.41, 200, 300)).toBeCloseTo(0.677628164772179, 11);
  });
});

describe('ratio moments and the delta method', () => {
  it('leaves out people without decisions and needs 2 people for a variance', () => {
    const moments = momentsOf([{ x: 0, m: 0 }, ...withoutHistory(control)]);
    expect(moments.n).toBe(12);
    expect(ratioEstimate(moments).rate).toBeCloseTo(47 / 64, 14);
    expect(ratioEstimate(momentsOf([{ x: 1, m: 2 }])).variance).toBeNaN();
  });

  it('refuses moments no group of people could have', () => {
    expect(() => ratioEstimate({ n: 2, sumX: 1, sumM: 0, sumXX: 1, sumMM: 0, sumXM: 0 })).toThrow(
      StatisticsInputError,
    );
    expect(() => ratioEstimate({ n: 1.5, sumX: 1, sumM: 1, sumXX: 1, sumMM: 1, sumXM: 1 })).toThrow(
      /whole n/,
    );
  });

  it('compares nothing until each variant has two people', () => {
    expect(compareRatios(momentsOf([{ x: 1, m: 1 }]), momentsOf(treatment))).toBeNull();
  });
});

describe('CUPED on the per-person ratio', () => {
  it('matches a regression of the linearised ratio on (h, y) pooled within variants (numpy)', () => {
    const adjusted = cupedAdjust(momentsOf(control), momentsOf(treatment));
    if (!adjusted.applied) throw new Error(`not applied: ${adjusted.reason}`);
    expect(adjusted.covariates).toEqual(['hasHistory', 'priorApprovalRate']);
    expect(adjusted.theta.hasHistory).toBeCloseTo(-0.46162435646440164, 10);
    expect(adjusted.theta.priorApprovalRate).toBeCloseTo(0.6273855771871708, 10);
    expect(adjusted.control.rate).toBeCloseTo(0.7355749553214083, 12);
    expect(adjusted.treatment.rate).toBeCloseTo(0.8630977374922081, 12);
    expect(adjusted.control.variance).toBeCloseTo(0.0018509488352961984, 14);
    expect(adjusted.treatment.variance).toBeCloseTo(0.0005319796224793762, 14);
  });

  it('falls back, saying why, without covariates, without history or when they do not vary', () => {
    const strip = (people: PersonObservation[]) => {
      const { covariate: _none, ...moments } = momentsOf(people);
      return moments;
    };
    expect(cupedAdjust(strip(control), strip(treatment))).toEqual({
      applied: false,
      reason: 'noCovariate',
    });
    expect(
      cupedAdjust(momentsOf(withoutHistory(control)), momentsOf(withoutHistory(treatment))),
    ).toEqual({ applied: false, reason: 'noHistory' });
    const sameRate = (people: PersonObservation[]) =>
      momentsOf(people.map(({ x, m }) => ({ x, m, priorRate: 0.5 })));
    expect(cupedAdjust(sameRate(control), sameRate(treatment))).toEqual({
      applied: false,
      reason: 'degenerate',
    });
  });

  it('regresses on the prior rate alone when everybody has history', () => {
    const everybody = (people: PersonObservation[]) =>
      momentsOf(people.map((p, i) => ({ ...p, priorRate: p.priorRate ?? 0.1 * (i % 7) })));
    const adjusted = cupedAdjust(everybody(control), everybody(treatment));
    expect(adjusted.applied && adjusted.covariates).toEqual(['priorApprovalRate']);
  });

  it('regresses on history alone when the pre-period rate is one value (collinear with h)', () => {
    const oneRate = (people: PersonObservation[]) =>
      momentsOf(
        people.map(({ x, m, priorRate }) => ({ x, m, ...(priorRate ? { priorRate: 0.6 } : {}) })),
      );
    const adjusted = cupedAdjust(oneRate(control), oneRate(treatment));
    expect(adjusted.applied).toBe(true);
    if (adjusted.applied) expect(adjusted.covariates).toHaveLength(1);
  });

  it('is the headline at 30 people per variant, with the unadjusted figures kept beside it', () => {
    const triple = (people: PersonObservation[]) => [...people, ...people, ...people];
    const compared = compareRatios(momentsOf(triple(control)), momentsOf(triple(treatment)));
    expect(compared?.test).toBe('welch-t');
    expect(compared?.cuped.applied).toBe(true);
    const reduction = compared?.cuped.applied ? compared.cuped.varianceReduction : Number.NaN;
    expect(reduction).toBeGreaterThan(0);
    const ratio =
      (compared?.headline.standardError ?? 0) / (compared?.unadjusted.standardError ?? 1);
    expect(ratio).toBeCloseTo(Math.sqrt(1 - reduction), 12);
    expect(compared?.unadjusted.absoluteLift).toBeCloseTo(
      (compared?.treatmentRate ?? 0) - (compared?.controlRate ?? 0),
      14,
    );
  });
});

describe('the permutation test over people', () => {
  const small = {
    control: withoutHistory(control).slice(0, 6),
    treatment: withoutHistory(treatment).slice(0, 7),
  };

  it('enumerates every reassignment when there are few (studentized, checked with numpy)', () => {
    const twoSided = permutationTest(small.control, small.treatment, { seed: 1 });
    expect(twoSided).toMatchObject({ method: 'exact', reassignments: 1716, monteCarloError: null });
    expect(twoSided.pValue).toBeCloseTo(0.10606060606060606, 12);
    expect(twoSided.statistic).toBeCloseTo(1.5902187935999008, 12);
    const greater = permutationTest(small.control, small.treatment, {
      seed: 1,
      alternative: 'greater',
    });
    expect(greater.pValue).toBeCloseTo(0.05128205128205128, 12);
  });

  it('draws seeded reassignments otherwise, within its stated Monte-Carlo error of the exact p', () => {
    const drawn = permutationTest(small.control, small.treatment, { seed: 7, exactLimit: 100 });
    expect(drawn.method).toBe('monte-carlo');
    expect(drawn.reassignments).toBe(10_000);
    const error = drawn.monteCarloError ?? 0;
    expect(error).toBeGreaterThan(0);
    expect(Math.abs(drawn.pValue - 0.10606060606060606)).toBeLessThan(4 * error);
    // The same data and seed give the same p-value at every look.
    expect(permutationTest(small.control, small.treatment, { seed: 7, exactLimit: 100 })).toEqual(
      drawn,
    );
  });

  it('is what compareRatios uses below 30 people, with a bootstrap posterior', () => {
    const people = (list: PersonObservation[]) => {
      const plain = withoutHistory(list);
      return { ...momentsOf(plain), people: plain };
    };
    const compared = compareRatios(people(control), people(treatment), { seed: 3 });
    expect(compared?.test).toBe('permutation-monte-carlo');
    expect(compared?.monteCarloError).toBeGreaterThan(0);
    expect(compared?.posterior).toBe('bayesian-bootstrap');
    expect(compared?.cuped).toEqual({ applied: false, reason: 'smallSample' });
    // The always-valid test does not look before 30 people per variant.
    expect(compared?.alwaysValid).toEqual({ pValue: 1, ci95: [-1, 1] });
    // Without the people it falls back to Welch's t.
    expect(compareRatios(momentsOf(control), momentsOf(treatment))?.test).toBe('welch-t');
  });

  it('refuses people without decisions', () => {
    expect(() => permutationTest([{ x: 0, m: 0 }], small.treatment, { seed: 1 })).toThrow(
      StatisticsInputError,
    );
  });
});

describe('chance to beat control and expected loss', () => {
  it('uses the normal posterior on the same variance: Φ(lift/se) and its expected shortfall', () => {
    expect(normalChanceToBeat(0.02, 0.01)).toBeCloseTo(0.9772498680518208, 12);
    // E[max(-D, 0)] for D ~ N(0.01, 0.02²) by the midpoint rule on ±10 standard deviations.
    let numeric = 0;
    const cells = 200_000;
    const width = 0.4 / cells;
    for (let i = 0; i < cells; i++) {
      const d = -0.19 + (i + 0.5) * width;
      const density = Math.exp(-0.5 * ((d - 0.01) / 0.02) ** 2) / (0.02 * Math.sqrt(2 * Math.PI));
      numeric += Math.max(0, -d) * density * width;
    }
    expect(normalExpectedLoss(0.01, 0.02)).toBeCloseTo(numeric, 9);
    expect(normalChanceToBeat(0.01, 0)).toBe(1);
    expect(normalExpectedLoss(-0.01, 0)).toBe(0.01);
  });

  it('agrees with the normal posterior, to a few points, from the Bayesian bootstrap at 25 people', () => {
    const plain = (list: PersonObservation[]) => withoutHistory([...list, ...list]).slice(0, 25);
    const posterior = bayesianBootstrap(plain(control), plain(treatment), { seed: 11 });
    const d = compareRatios(momentsOf(plain(control)), momentsOf(plain(treatment)), {
      smallSamplePeople: 0,
    });
    expect(
      Math.abs(
        posterior.chanceToBeatControl -
          normalChanceToBeat(d?.headline.absoluteLift ?? 0, d?.headline.standardError ?? 1),
      ),
    ).toBeLessThan(0.03);
    expect(posterior.monteCarloError).toBeLessThan(0.005);
  });
});

describe('always-valid test on any estimate', () => {
  it('keeps the previous look when the variance carries no information yet', () => {
    const previous = { pValue: 0.2, ci95: [-0.1, 0.3] as const };
    expect(alwaysValidEstimate(0.05, Number.NaN, { previous })).toEqual({
      pValue: 0.2,
      ci95: [-0.1, 0.3],
    });
    const now = alwaysValidEstimate(0.05, 0.0001, { tau: 0.05, previous });
    expect(now.pValue).toBeLessThan(0.2);
    expect(now.ci95[0]).toBeGreaterThanOrEqual(-0.1);
  });
});

describe('power over people', () => {
  it("plans as Evan Miller's calculator with one decision per person, whatever the spread", () => {
    const input = { baseline: 0.2, mde: 0.05, alpha: 0.05, power: 0.8 };
    expect(
      sampleSizePerVariant({ ...input, design: { decisionsPerPerson: 1, betweenPersonSd: 0.3 } }),
    ).toBe(sampleSizePerVariant(input));
    expect(personVariance(0.2, { decisionsPerPerson: 1, betweenPersonSd: 0.3 })).toBeCloseTo(
      0.16,
      14,
    );
    // D = 1 + (k − 1) ρ: the two ways of saying it agree.
    const rho = 0.04 / 0.16;
    expect(personVariance(0.2, { decisionsPerPerson: 10, betweenPersonSd: 0.2 })).toBeCloseTo(
      personVariance(0.2, { decisionsPerPerson: 10, designEffect: 1 + 9 * rho }),
      14,
    );
    expect(() => personVariance(0.2, { decisionsPerPerson: 10, betweenPersonSd: 0.5 })).toThrow(
      StatisticsInputError,
    );
  });

  it('reaches the power asked at the people the observed variance requires, not one fewer', () => {
    const planning = { mde: 0.03, alpha: 0.05, comparisons: 2 };
    const variances = [0.09, 0.11] as const;
    const n = peopleForObservedVariance({ ...planning, power: 0.8, personVariances: variances });
    const powerAt = (people: number) =>
      powerAtStandardError({ ...planning, standardError: Math.sqrt(0.2 / people) });
    expect(powerAt(n)).toBeGreaterThanOrEqual(0.8);
    expect(powerAt(n - 1)).toBeLessThan(0.8);
  });
});
