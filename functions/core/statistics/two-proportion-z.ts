import { type Alternative, assertProportion, type Proportion, pValueOfZ } from './counts';
import { normalTwoSided } from './normal';

export interface ZTestResult {
  z: number;
  pValue: number;
}

/**
 * Pooled two-proportion z-test of treatment against control (the same test as R's
 * `prop.test(correct = FALSE)`, whose chi-square is z²). z > 0 means treatment is higher.
 * When nobody (or everybody) succeeded in both groups there is no evidence: z = 0, p = 1.
 */
export function twoProportionZ(
  control: Proportion,
  treatment: Proportion,
  alternative: Alternative = 'two-sided',
): ZTestResult {
  assertProportion('control', control);
  assertProportion('treatment', treatment);
  const pooled = (control.successes + treatment.successes) / (control.trials + treatment.trials);
  const standardError = Math.sqrt(
    pooled * (1 - pooled) * (1 / control.trials + 1 / treatment.trials),
  );
  const difference = treatment.successes / treatment.trials - control.successes / control.trials;
  const z = standardError === 0 ? 0 : difference / standardError;
  return { z, pValue: pValueOfZ(z, alternative, normalTwoSided(z)) };
}

/**
 * Expected counts of the 2x2 table (successes and failures by group) if both groups had the
 * pooled rate. The z-test is trusted only when every one is at least 5.
 */
export function expectedCellCounts(control: Proportion, treatment: Proportion): number[] {
  const total = control.trials + treatment.trials;
  const successes = control.successes + treatment.successes;
  const failures = total - successes;
  return [control.trials, treatment.trials].flatMap((trials) => [
    (trials * successes) / total,
    (trials * failures) / total,
  ]);
}
