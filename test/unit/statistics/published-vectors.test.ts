import { describe, expect, it } from 'vitest';
import {
  achievedPower,
  benjaminiHochberg,
  bucketRanges,
  chanceToBeatControl,
  compareRatios,
  hashV1,
  hashV2,
  holm,
  momentsOf,
  normalQuantile,
  normalTwoSided,
  powerPropTest,
  ratioDifference,
  ratioEstimate,
  sampleSizePerVariant,
  srmCheck,
  twoProportionZ,
  yatesChi2,
} from '#core/statistics/index';
import { loadVectors, toleranceOf } from './vectors';

const vectors = loadVectors();
const proportion = ([successes, trials]: [number, number]) => ({ successes, trials });

function expectNear(actual: number, expected: number): void {
  const tolerance = toleranceOf(expected);
  expect(
    Math.abs(actual - expected),
    `${actual} vs ${expected} (tolerance ${tolerance})`,
  ).toBeLessThanOrEqual(tolerance);
}

describe('published vectors (stats-public.json)', () => {
  it.each(vectors.growthbook_hash.cases)(
    'hashes $value with seed "$seed" (v$version) as GrowthBook does',
    ({ seed, value, version, hash }) => {
      expect(version === 1 ? hashV1(seed, value) : hashV2(seed, value)).toBe(hash);
    },
  );

  it('splits coverage among weighted variants as GrowthBook does', () => {
    const { weights, coverage, ranges, variations } = vectors.growthbook_hash.bucket_ranges;
    const actual = bucketRanges(weights, coverage);
    expect(actual).toHaveLength(variations);
    actual.forEach(([start, end], i) => {
      expectNear(start, ranges[i]?.[0] ?? Number.NaN);
      expectNear(end, ranges[i]?.[1] ?? Number.NaN);
    });
  });

  it.each(vectors.two_proportion_pooled_z.cases)(
    'reproduces the pooled z-test for $control vs $treatment',
    ({ control, treatment, z, p_two_sided }) => {
      const result = twoProportionZ(proportion(control), proportion(treatment));
      expectNear(result.z, z);
      expectNear(result.pValue, p_two_sided);
    },
  );

  it("reproduces R prop.test's Yates-corrected chi-square", () => {
    const { control, treatment, chi2, p } = vectors.yates_chi2;
    const result = yatesChi2(proportion(control), proportion(treatment));
    expectNear(result.chi2, chi2);
    expectNear(result.pValue, p);
  });

  it.each(vectors.sample_size_two_proportions.cases)(
    "sizes an experiment as Evan Miller's calculator (baseline $baseline, mde $mde_abs)",
    ({ baseline, mde_abs, alpha, power, n_per_arm, raw }) => {
      expect(sampleSizePerVariant({ baseline, mde: mde_abs, alpha, power })).toBe(n_per_arm);
      // The unrounded size is where the achieved power is exactly the target.
      expectNear(achievedPower({ baseline, mde: mde_abs, alpha, nPerVariant: raw }), power);
      expect(Math.ceil(raw)).toBe(n_per_arm);
    },
  );

  it.each(vectors.power_prop_test.cases)(
    "reproduces R's power.prop.test (p1 $p1, p2 $p2, n $n, power $power)",
    ({ p1, p2, alpha, n, power }) => {
      if (n === undefined || power === undefined) throw new Error('vector needs n and power');
      // A whole n is the input (power is computed); otherwise power is the input.
      if (Number.isInteger(n)) expectNear(powerPropTest({ p1, p2, alpha, n }).power, power);
      else expectNear(powerPropTest({ p1, p2, alpha, power }).n, n);
    },
  );

  it.each(vectors.srm_chi2.cases)(
    'checks the sample ratio of $observed against $weights',
    ({ observed, weights, chi2, p }) => {
      const result = srmCheck(observed, weights);
      expectNear(result.chi2, chi2);
      expectNear(result.pValue, p);
      expect(result.mismatch).toBe(p < 0.001);
    },
  );

  it('adjusts p-values as R p.adjust (holm and BH)', () => {
    const { p, holm: expectedHolm, bh } = vectors.multiple_comparisons;
    holm(p).forEach((value, i) => {
      expectNear(value, expectedHolm[i] ?? Number.NaN);
    });
    benjaminiHochberg(p).forEach((value, i) => {
      expectNear(value, bh[i] ?? Number.NaN);
    });
  });

  describe('ratio metric with the person as the unit (ratio_delta_method)', () => {
    const v = vectors.ratio_delta_method;
    const peopleOf = ({ approved_per_person, decided_per_person }: typeof v.control) =>
      approved_per_person.map((x, i) => ({ x, m: decided_per_person[i] ?? Number.NaN }));
    const control = momentsOf(peopleOf(v.control));
    const treatment = momentsOf(peopleOf(v.treatment));
    const difference = ratioDifference(ratioEstimate(control), ratioEstimate(treatment));

    it('estimates each rate and the delta-method standard error of the lift', () => {
      expectNear(ratioEstimate(control).rate, v.control_rate);
      expectNear(ratioEstimate(treatment).rate, v.treatment_rate);
      expectNear(difference.absoluteLift, v.absolute_lift);
      expectNear(difference.standardError, v.se);
      expectNear(difference.z, v.z);
      expectNear(normalTwoSided(difference.z), v.p_two_sided_z);
      const z95 = normalQuantile(0.975);
      expectNear(difference.absoluteLift - z95 * difference.standardError, v.ci95_absolute_z[0]);
      expectNear(difference.absoluteLift + z95 * difference.standardError, v.ci95_absolute_z[1]);
    });

    it('gives the relative lift its delta-method interval', () => {
      const z95 = normalQuantile(0.975);
      const se = Math.sqrt(difference.relativeVariance ?? Number.NaN);
      expectNear(difference.relativeLift ?? Number.NaN, v.relative_lift);
      expectNear((difference.relativeLift ?? 0) - z95 * se, v.ci95_relative_delta[0]);
      expectNear((difference.relativeLift ?? 0) + z95 * se, v.ci95_relative_delta[1]);
    });

    it("tests with Welch's t and its Welch–Satterthwaite degrees of freedom", () => {
      // The switch to the permutation test is turned off to read the t-test at 10 people.
      const compared = compareRatios(control, treatment, { smallSamplePeople: 0 });
      expect(compared?.test).toBe('welch-t');
      expectNear(compared?.headline.degreesOfFreedom ?? Number.NaN, v.welch_df);
      expectNear(compared?.headline.pValue ?? Number.NaN, v.p_two_sided_welch_t);
    });

    it('is less sure than the pooled z on decisions, which treats decisions as independent', () => {
      const pooled = twoProportionZ(
        { successes: control.sumX, trials: control.sumM },
        { successes: treatment.sumX, trials: treatment.sumM },
      );
      expectNear(pooled.z, v.pooled_z_on_decisions_for_contrast.z);
      expectNear(pooled.pValue, v.pooled_z_on_decisions_for_contrast.p);
      expect(v.p_two_sided_welch_t).toBeGreaterThan(pooled.pValue);
    });
  });

  it("gives Evan Miller's exact chance to beat control", () => {
    const { control, treatment, p_treatment_beats_control } = vectors.beta_binomial;
    expectNear(
      chanceToBeatControl(proportion(control), proportion(treatment)),
      p_treatment_beats_control,
    );
  });
});
