import type { Proportion } from './counts';

/** A two-sided interval [lower, upper]. */
export type Interval = readonly [lower: number, upper: number];

const rate = ({ successes, trials }: Proportion) => successes / trials;

/**
 * Unpooled Wald interval for the absolute lift (treatment rate - control rate):
 * difference ± z · sqrt(pC(1-pC)/nC + pT(1-pT)/nT).
 */
export function waldDifferenceInterval(
  control: Proportion,
  treatment: Proportion,
  z: number,
): Interval {
  const pC = rate(control);
  const pT = rate(treatment);
  const standardError = Math.sqrt(
    (pC * (1 - pC)) / control.trials + (pT * (1 - pT)) / treatment.trials,
  );
  const difference = pT - pC;
  return [difference - z * standardError, difference + z * standardError];
}

/**
 * Delta-method interval for the relative lift pT/pC - 1: its variance is approximately
 * Var(pT)/pC² + pT²·Var(pC)/pC⁴. Null when the control rate is 0 (no relative lift exists).
 */
export function deltaRelativeInterval(
  control: Proportion,
  treatment: Proportion,
  z: number,
): Interval | null {
  const pC = rate(control);
  const pT = rate(treatment);
  if (pC === 0) return null;
  const varianceC = (pC * (1 - pC)) / control.trials;
  const varianceT = (pT * (1 - pT)) / treatment.trials;
  const standardError = Math.sqrt(varianceT / pC ** 2 + (pT ** 2 * varianceC) / pC ** 4);
  const relative = pT / pC - 1;
  return [relative - z * standardError, relative + z * standardError];
}
