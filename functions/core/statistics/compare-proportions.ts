import { type AlwaysValidResult, alwaysValid } from './always-valid';
import { chanceToBeatControl, expectedLoss } from './bayesian';
import { type Alternative, assertProportion, type Proportion } from './counts';
import { fisherExact2x2 } from './fisher-exact';
import { deltaRelativeInterval, type Interval, waldDifferenceInterval } from './intervals';
import { holm } from './multiple-comparisons';
import { normalQuantile } from './normal';
import { expectedCellCounts, twoProportionZ } from './two-proportion-z';

/** The z-test is trusted only when every expected cell count reaches this. */
export const MIN_EXPECTED_CELL = 5;

export interface CompareOptions {
  /** Significance level for `significant`; default 0.05. Intervals are always 95%. */
  alpha?: number;
  /**
   * One-sided alternative: 'greater' asks "is treatment higher?", 'less' "is it lower?"
   * (a guardrail where lower is worse uses 'less'). Omitted: two-sided.
   */
  oneSided?: 'greater' | 'less';
  /** mSPRT mixing scale for the always-valid p-value; see DEFAULT_TAU. */
  tau?: number;
  /** This comparison's always-valid result at the previous look, to carry its running minimum. */
  previousAlwaysValid?: AlwaysValidResult;
}

export interface ProportionComparison {
  controlRate: number;
  treatmentRate: number;
  /** Treatment rate - control rate (0.02 = two percentage points more). */
  absoluteLift: number;
  /** Treatment rate / control rate - 1 (0.1 = 10% more); null when the control rate is 0. */
  relativeLift: number | null;
  /** 95% unpooled Wald interval for absoluteLift. */
  ci95Absolute: Interval;
  /** 95% delta-method interval for relativeLift; null when the control rate is 0. */
  ci95Relative: Interval | null;
  /** Pooled z-test when every expected cell count is >= 5, else Fisher's exact test. */
  test: 'pooled-z' | 'fisher-exact';
  /** The z statistic of the pooled test (also computed when Fisher's test decides). */
  z: number;
  alternative: Alternative;
  /** Fixed-horizon p-value: valid once, at the planned sample size, not when peeked at daily. */
  pValue: number;
  /** pValue after Holm's correction; equals pValue until `adjustWithHolm` sees the family. */
  pValueAdjusted: number;
  alpha: number;
  /** pValueAdjusted < alpha. */
  significant: boolean;
  /** P(treatment's true rate > control's), Beta(1, 1) priors, exact. */
  chanceToBeatControl: number;
  /** E[max(pC - pT, 0)]: the rate given up on average by shipping treatment, exact. */
  expectedLoss: number;
  /** mSPRT p-value and 95% interval for absoluteLift, valid however often they are watched. */
  alwaysValid: AlwaysValidResult;
}

/**
 * Everything a results page shows for one treatment against control on a yes/no metric
 * with one observation per person (did the person convert). Not for experiment results
 * whose people decide several proposals each: those are ratios over people (compareRatios);
 * treating each decision as a trial here would understate the variance.
 * Throws StatisticsInputError unless each group has trials >= 1 and 0 <= successes <= trials.
 */
export function compareProportions(
  control: Proportion,
  treatment: Proportion,
  options: CompareOptions = {},
): ProportionComparison {
  assertProportion('control', control);
  assertProportion('treatment', treatment);
  const alpha = options.alpha ?? 0.05;
  const alternative: Alternative = options.oneSided ?? 'two-sided';
  const controlRate = control.successes / control.trials;
  const treatmentRate = treatment.successes / treatment.trials;
  const z95 = normalQuantile(0.975);
  const { z, pValue: zPValue } = twoProportionZ(control, treatment, alternative);
  const useZ = expectedCellCounts(control, treatment).every((e) => e >= MIN_EXPECTED_CELL);
  const pValue = useZ ? zPValue : fisherExact2x2(control, treatment, alternative).pValue;
  return {
    controlRate,
    treatmentRate,
    absoluteLift: treatmentRate - controlRate,
    relativeLift: controlRate === 0 ? null : treatmentRate / controlRate - 1,
    ci95Absolute: waldDifferenceInterval(control, treatment, z95),
    ci95Relative: deltaRelativeInterval(control, treatment, z95),
    test: useZ ? 'pooled-z' : 'fisher-exact',
    z,
    alternative,
    pValue,
    pValueAdjusted: pValue,
    alpha,
    significant: pValue < alpha,
    chanceToBeatControl: chanceToBeatControl(control, treatment),
    expectedLoss: expectedLoss(control, treatment),
    alwaysValid: alwaysValid(control, treatment, {
      alternative,
      ...(options.tau === undefined ? {} : { tau: options.tau }),
      ...(options.previousAlwaysValid ? { previous: options.previousAlwaysValid } : {}),
    }),
  };
}

/**
 * Holm-adjusts the fixed-horizon p-values of a family of comparisons (every non-control
 * variant on every metric of the experiment) and recomputes `significant`. Input order kept.
 */
export function adjustWithHolm(
  comparisons: readonly ProportionComparison[],
): ProportionComparison[] {
  const adjusted = holm(comparisons.map(({ pValue }) => pValue));
  return comparisons.map((comparison, i) => {
    const pValueAdjusted = adjusted[i] ?? 1;
    return { ...comparison, pValueAdjusted, significant: pValueAdjusted < comparison.alpha };
  });
}
