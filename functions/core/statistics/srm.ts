import { chiSquareSurvival } from './chi-square';
import { StatisticsInputError } from './errors';

/** Below this p-value the split is called a sample ratio mismatch (the industry's usual 0.001). */
export const SRM_THRESHOLD = 0.001;

export interface SrmResult {
  /** Pearson's chi-square statistic of observed against expected exposures. */
  chi2: number;
  degreesOfFreedom: number;
  /** P(a split at least this uneven | assignment works as configured). */
  pValue: number;
  /** True when pValue < 0.001: the split is broken and the results cannot be trusted. */
  mismatch: boolean;
  expected: number[];
}

/**
 * Sample ratio mismatch check: chi-square goodness of fit of the people exposed to each
 * variant against the configured weights (normalised to sum to 1), k - 1 degrees of freedom.
 */
export function srmCheck(observed: readonly number[], weights: readonly number[]): SrmResult {
  if (observed.length !== weights.length || observed.length < 2) {
    throw new StatisticsInputError('srmCheck needs one weight per variant and at least two');
  }
  if (observed.some((count) => !(count >= 0)) || weights.some((weight) => !(weight > 0))) {
    throw new StatisticsInputError('srmCheck needs counts >= 0 and weights > 0');
  }
  const total = observed.reduce((sum, count) => sum + count, 0);
  const weightTotal = weights.reduce((sum, weight) => sum + weight, 0);
  const expected = weights.map((weight) => (total * weight) / weightTotal);
  const chi2 =
    total === 0
      ? 0
      : observed.reduce((sum, count, i) => {
          const e = expected[i] ?? 0;
          return sum + ((count - e) * (count - e)) / e;
        }, 0);
  const degreesOfFreedom = observed.length - 1;
  const pValue = chiSquareSurvival(chi2, degreesOfFreedom);
  return { chi2, degreesOfFreedom, pValue, mismatch: pValue < SRM_THRESHOLD, expected };
}
