import { describe, expect, it } from 'vitest';
import {
  achievedPower,
  benjaminiHochberg,
  bucketRanges,
  chanceToBeatControl,
  hashV1,
  hashV2,
  holm,
  powerPropTest,
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

  it("gives Evan Miller's exact chance to beat control", () => {
    const { control, treatment, p_treatment_beats_control } = vectors.beta_binomial;
    expectNear(
      chanceToBeatControl(proportion(control), proportion(treatment)),
      p_treatment_beats_control,
    );
  });
});
