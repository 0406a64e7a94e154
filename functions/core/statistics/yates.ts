import { chiSquareSurvival } from './chi-square';
import { assertProportion, type Proportion } from './counts';

export interface ChiSquareResult {
  chi2: number;
  pValue: number;
}

/**
 * Pearson's chi-square test of a 2x2 table with Yates' continuity correction, as R's
 * `prop.test` does by default (the correction never exceeds |observed - expected|).
 * Kept for comparison with R; comparisons use the uncorrected z-test or Fisher's exact test.
 */
export function yatesChi2(control: Proportion, treatment: Proportion): ChiSquareResult {
  assertProportion('control', control);
  assertProportion('treatment', treatment);
  const total = control.trials + treatment.trials;
  const successes = control.successes + treatment.successes;
  const cells = [control, treatment].flatMap(({ successes: s, trials }) => [
    { observed: s, expected: (trials * successes) / total },
    { observed: trials - s, expected: (trials * (total - successes)) / total },
  ]);
  if (cells.some(({ expected }) => expected === 0)) return { chi2: 0, pValue: 1 };
  const correction = Math.min(
    0.5,
    ...cells.map(({ observed, expected }) => Math.abs(observed - expected)),
  );
  const chi2 = cells.reduce((sum, { observed, expected }) => {
    const deviation = Math.abs(observed - expected) - correction;
    return sum + (deviation * deviation) / expected;
  }, 0);
  return { chi2, pValue: chiSquareSurvival(chi2, 1) };
}
