import { describe, expect, it } from 'vitest';
import {
  achievedPower,
  adjustWithHolm,
  alwaysValid,
  benjaminiHochberg,
  bucketRanges,
  chanceToBeatControl,
  chooseVariation,
  compareProportions,
  type DecisionInput,
  decide,
  expectedLoss,
  fisherExact2x2,
  hashV2,
  holm,
  normalCdf,
  normalQuantile,
  StatisticsInputError,
  sampleSizePerVariant,
  srmCheck,
} from '#core/statistics/index';
import { logGamma } from '../../../functions/core/statistics/log-gamma';

const group = (successes: number, trials: number) => ({ successes, trials });

/** Log-density of Beta(a, b) at x, for the numerical cross-checks below. */
function logBetaDensity(x: number, a: number, b: number): number {
  return (
    (a - 1) * Math.log(x) +
    (b - 1) * Math.log(1 - x) -
    (logGamma(a) + logGamma(b) - logGamma(a + b))
  );
}

/**
 * P(T > C) and E[max(C - T, 0)] for independent Beta posteriors by the midpoint rule on
 * 200,000 cells of [0, 1]: independent of the closed forms under test.
 */
function integrateBetaPosteriors(control: [number, number], treatment: [number, number]) {
  const cells = 200_000;
  const h = 1 / cells;
  const densityC: number[] = [];
  const densityT: number[] = [];
  for (let i = 0; i < cells; i++) {
    const x = (i + 0.5) * h;
    densityC.push(Math.exp(logBetaDensity(x, control[0] + 1, control[1] - control[0] + 1)) * h);
    densityT.push(
      Math.exp(logBetaDensity(x, treatment[0] + 1, treatment[1] - treatment[0] + 1)) * h,
    );
  }
  // Sweep from the top: mass and first moment of C above each cell.
  let massAbove = 0;
  let momentAbove = 0;
  let beats = 0;
  let loss = 0;
  for (let i = cells - 1; i >= 0; i--) {
    const x = (i + 0.5) * h;
    const c = densityC[i] ?? 0;
    const t = densityT[i] ?? 0;
    // Within a cell, half of C's mass is counted above T's point (ties split evenly).
    beats += t * (1 - massAbove - c / 2);
    loss += t * (momentAbove - x * massAbove);
    massAbove += c;
    momentAbove += c * x;
  }
  return { beats, loss };
}

describe('assignment', () => {
  it('puts everyone outside coverage out of the experiment', () => {
    const ranges = bucketRanges([0.5, 0.5], 0.5);
    expect(chooseVariation(0.1, ranges)).toBe(0);
    expect(chooseVariation(0.3, ranges)).toBe(-1);
    expect(chooseVariation(0.6, ranges)).toBe(1);
    expect(chooseVariation(0.8, ranges)).toBe(-1);
  });

  it('falls back to equal weights when weights do not add up to 1, as GrowthBook does', () => {
    expect(bucketRanges([0.5, 0.7])).toEqual([
      [0, 0.5],
      [0.5, 1],
    ]);
  });

  it('keeps every user in the same variant when coverage grows', () => {
    const narrow = bucketRanges([0.3, 0.7], 0.4);
    const wide = bucketRanges([0.3, 0.7], 1);
    for (let user = 0; user < 2000; user++) {
      const n = hashV2('exp-1', `user-${user}`);
      const before = chooseVariation(n, narrow);
      if (before !== -1) expect(chooseVariation(n, wide)).toBe(before);
    }
  });

  it('splits 20,000 users by the weights without a sample ratio mismatch', () => {
    const ranges = bucketRanges([0.2, 0.3, 0.5]);
    const counts = [0, 0, 0];
    for (let user = 0; user < 20_000; user++) {
      const variant = chooseVariation(hashV2('checkout', String(user)), ranges);
      counts[variant] = (counts[variant] ?? 0) + 1;
    }
    expect(srmCheck(counts, [0.2, 0.3, 0.5]).mismatch).toBe(false);
  });
});

describe('special functions', () => {
  it('inverts the normal CDF to full precision, tails included', () => {
    for (const p of [1e-12, 1e-6, 0.001, 0.025, 0.2, 0.5, 0.8, 0.975, 0.999999]) {
      expect(Math.abs(normalCdf(normalQuantile(p)) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-12);
    }
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
  });

  it('computes ln Γ of integers as ln of factorials', () => {
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
  });
});

describe('sample ratio mismatch', () => {
  it('flags a 50/50 split that came out 52/48 over 20,000 people', () => {
    expect(srmCheck([10_400, 9_600], [1, 1]).mismatch).toBe(true);
    expect(srmCheck([10_050, 9_950], [1, 1]).mismatch).toBe(false);
  });

  it('uses k - 1 degrees of freedom for three variants', () => {
    const result = srmCheck([100, 100, 130], [1, 1, 1]);
    expect(result.degreesOfFreedom).toBe(2);
    // chi2 = 5.4545...; P(chi2_2 >= x) = exp(-x / 2).
    expect(result.pValue).toBeCloseTo(Math.exp(-result.chi2 / 2), 12);
  });
});

describe('multiple comparisons', () => {
  it('matches R p.adjust with ties and values capped at 1', () => {
    // R: p.adjust(c(0.02, 0.02, 0.5, 0.001), "holm") = 0.06 0.06 0.50 0.004
    [0.06, 0.06, 0.5, 0.004].forEach((expected, i) => {
      expect(holm([0.02, 0.02, 0.5, 0.001])[i]).toBeCloseTo(expected, 12);
    });
    // R: p.adjust(c(0.6, 0.7, 0.01), "holm") = 1 1 0.03
    expect(holm([0.6, 0.7, 0.01])).toEqual([1, 1, 0.03]);
    // R: p.adjust(c(0.02, 0.02, 0.5, 0.001), "BH") = 0.02666667 0.02666667 0.5 0.004
    const bh = benjaminiHochberg([0.02, 0.02, 0.5, 0.001]);
    [0.02666667, 0.02666667, 0.5, 0.004].forEach((expected, i) => {
      expect(bh[i]).toBeCloseTo(expected, 7);
    });
  });

  it('rejects a p-value outside [0, 1]', () => {
    expect(() => holm([0.5, 1.2])).toThrow(StatisticsInputError);
  });
});

describe("Fisher's exact test", () => {
  it("matches R's fisher.test on a small table", () => {
    // R: fisher.test(matrix(c(8, 2, 3, 7), 2)) p-value = 0.06978
    expect(fisherExact2x2(group(3, 10), group(8, 10)).pValue).toBeCloseTo(0.0697785, 6);
    // alternative = "greater" (treatment higher) = 0.03489
    expect(fisherExact2x2(group(3, 10), group(8, 10), 'greater').pValue).toBeCloseTo(0.0348893, 6);
  });
});

describe('Bayesian summaries', () => {
  it.each([
    [
      [100, 1000],
      [120, 1000],
    ],
    [
      [3, 10],
      [5, 12],
    ],
    [
      [40, 400],
      [20, 210],
    ],
  ] as [number, number][][])(
    'agree with numerical integration for control %j and treatment %j',
    (control, treatment) => {
      const [c = [0, 1], t = [0, 1]] = [control, treatment];
      const numeric = integrateBetaPosteriors(c, t);
      expect(Math.abs(chanceToBeatControl(group(...c), group(...t)) - numeric.beats)).toBeLessThan(
        1e-6,
      );
      expect(Math.abs(expectedLoss(group(...c), group(...t)) - numeric.loss)).toBeLessThan(1e-6);
    },
  );

  it('is symmetric: the chances of each side beating the other add up to 1', () => {
    const a = chanceToBeatControl(group(37, 500), group(45, 480));
    const b = chanceToBeatControl(group(45, 480), group(37, 500));
    expect(a + b).toBeCloseTo(1, 12);
  });
});

describe('compareProportions', () => {
  it('uses the pooled z-test when every expected count is at least 5', () => {
    const result = compareProportions(group(200, 1000), group(250, 1000));
    expect(result.test).toBe('pooled-z');
    expect(result.absoluteLift).toBeCloseTo(0.05, 12);
    expect(result.relativeLift).toBeCloseTo(0.25, 12);
    expect(result.ci95Absolute[0]).toBeLessThan(0.05);
    expect(result.ci95Absolute[1]).toBeGreaterThan(0.05);
    expect(result.significant).toBe(true);
    expect(result.chanceToBeatControl).toBeGreaterThan(0.99);
    // The always-valid p-value pays for the freedom to peek: it is larger.
    expect(result.alwaysValid.pValue).toBeGreaterThan(result.pValue);
  });

  it("switches to Fisher's exact test when an expected count is below 5", () => {
    const result = compareProportions(group(1, 40), group(6, 40));
    expect(result.test).toBe('fisher-exact');
    expect(result.pValue).toBeCloseTo(fisherExact2x2(group(1, 40), group(6, 40)).pValue, 12);
  });

  it('gives a one-sided p-value for a guardrail harmed in the direction asked', () => {
    const harmed = compareProportions(group(100, 1000), group(70, 1000), { oneSided: 'less' });
    const twoSided = compareProportions(group(100, 1000), group(70, 1000));
    expect(harmed.pValue).toBeCloseTo(twoSided.pValue / 2, 12);
    const helped = compareProportions(group(70, 1000), group(100, 1000), { oneSided: 'less' });
    expect(helped.pValue).toBeGreaterThan(0.5);
    expect(helped.alwaysValid.pValue).toBe(1);
  });

  it('Holm-adjusts a family of comparisons', () => {
    const family = adjustWithHolm([
      compareProportions(group(200, 1000), group(250, 1000)),
      compareProportions(group(200, 1000), group(215, 1000)),
    ]);
    expect(family[0]?.pValueAdjusted).toBeCloseTo((family[0]?.pValue ?? 0) * 2, 12);
    expect(family[1]?.significant).toBe(false);
  });

  it('reports no evidence when nobody (or everybody) converted in either group', () => {
    for (const rate of [0, 100]) {
      const result = compareProportions(group(rate, 100), group(rate, 100));
      expect(result).toMatchObject({ test: 'fisher-exact', pValue: 1, absoluteLift: 0 });
      expect(result.chanceToBeatControl).toBeCloseTo(0.5, 12);
      expect(result.alwaysValid.pValue).toBe(1);
    }
    expect(compareProportions(group(0, 100), group(3, 100)).relativeLift).toBeNull();
  });

  it('gives the same chance to beat control whichever count it sums over', () => {
    // Mostly-converting groups exercise the failure-count side of the closed form.
    const mostly = chanceToBeatControl(group(9_900, 10_000), group(9_880, 10_000));
    const complement = chanceToBeatControl(group(100, 10_000), group(120, 10_000));
    expect(mostly).toBeCloseTo(1 - complement, 12);
  });

  it('refuses impossible counts with a clear error', () => {
    expect(() => compareProportions(group(5, 4), group(1, 4))).toThrow(/successes <= trials/);
    expect(() => compareProportions(group(0, 0), group(1, 4))).toThrow(StatisticsInputError);
  });
});

describe('alwaysValid', () => {
  it('keeps the smallest p-value and the narrowest interval seen across looks', () => {
    const first = alwaysValid(group(100, 1000), group(140, 1000));
    const second = alwaysValid(group(210, 2000), group(230, 2000), { previous: first });
    expect(second.pValue).toBe(first.pValue);
    expect(second.ci95[0]).toBeGreaterThanOrEqual(first.ci95[0]);
    expect(second.ci95[1]).toBeLessThanOrEqual(first.ci95[1]);
  });

  it('has a wider interval than the fixed-horizon one', () => {
    const fixed = compareProportions(group(200, 1000), group(250, 1000));
    expect(fixed.alwaysValid.ci95[0]).toBeLessThan(fixed.ci95Absolute[0]);
    expect(fixed.alwaysValid.ci95[1]).toBeGreaterThan(fixed.ci95Absolute[1]);
  });
});

describe('power', () => {
  it('reaches the requested power at the computed size and not one person earlier', () => {
    const input = { baseline: 0.1, mde: 0.01, alpha: 0.05, power: 0.8 };
    const n = sampleSizePerVariant(input);
    expect(achievedPower({ ...input, nPerVariant: n })).toBeGreaterThanOrEqual(0.8);
    expect(achievedPower({ ...input, nPerVariant: n - 1 })).toBeLessThan(0.8);
  });

  it('needs more people per variant when alpha is split among comparisons', () => {
    const input = { baseline: 0.2, mde: 0.05, alpha: 0.05, power: 0.8 };
    expect(sampleSizePerVariant({ ...input, comparisons: 2 })).toBe(
      sampleSizePerVariant({ ...input, alpha: 0.025 }),
    );
  });
});

describe('decide', () => {
  const base: DecisionInput = {
    srm: { mismatch: false, pValue: 0.4 },
    variants: [{ name: 'B', absoluteLift: 0.01, alwaysValidPValue: 0.3, harmedGuardrails: [] }],
    peoplePerVariant: 500,
    requiredPerVariant: 1000,
    daysRunning: 3,
    maxDurationDays: 28,
  };

  it('stops for a sample ratio mismatch before anything else', () => {
    const winning = {
      name: 'B',
      absoluteLift: 0.05,
      alwaysValidPValue: 1e-6,
      harmedGuardrails: [],
    };
    const decision = decide({
      ...base,
      srm: { mismatch: true, pValue: 1e-9 },
      variants: [winning],
    });
    expect(decision.action).toBe('stop-srm');
  });

  it('ships the variant with the largest significant lift that harms no guardrail', () => {
    const decision = decide({
      ...base,
      variants: [
        { name: 'B', absoluteLift: 0.02, alwaysValidPValue: 0.001, harmedGuardrails: [] },
        { name: 'C', absoluteLift: 0.04, alwaysValidPValue: 0.001, harmedGuardrails: ['refunds'] },
        { name: 'D', absoluteLift: 0.03, alwaysValidPValue: 0.002, harmedGuardrails: [] },
      ],
    });
    expect(decision).toMatchObject({ action: 'ship', variant: 'D' });
  });

  it('stops when every variant harms a guardrail or loses', () => {
    const decision = decide({
      ...base,
      variants: [
        { name: 'B', absoluteLift: -0.02, alwaysValidPValue: 0.001, harmedGuardrails: [] },
        { name: 'C', absoluteLift: 0.01, alwaysValidPValue: 0.5, harmedGuardrails: ['latency'] },
      ],
    });
    expect(decision.action).toBe('stop-no-effect');
    expect(decision.reason).toContain('C harms latency');
  });

  it('keeps running until the planned sample or the maximum duration is reached', () => {
    expect(decide(base).action).toBe('keep-running');
    expect(decide(base).reason).toContain('50%');
    expect(decide({ ...base, peoplePerVariant: 1000 }).action).toBe('stop-no-effect');
    expect(decide({ ...base, daysRunning: 28 }).action).toBe('stop-no-effect');
  });

  it('runs to the maximum duration when no sample size could be planned', () => {
    const unplanned = { ...base, requiredPerVariant: 0 };
    expect(decide(unplanned).action).toBe('keep-running');
    expect(decide({ ...unplanned, daysRunning: 28 }).action).toBe('stop-no-effect');
  });
});
