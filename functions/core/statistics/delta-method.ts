import type { RatioEstimate } from './ratio-moments';

/** Treatment against control on a ratio metric, before any test is chosen. */
export interface RatioDifference {
  /** R_treatment − R_control. */
  absoluteLift: number;
  /** Var(R_t) + Var(R_c): the variants are independent samples of people. */
  variance: number;
  standardError: number;
  /** absoluteLift / standardError (the same number is Welch's t). */
  z: number;
  /** Welch–Satterthwaite: (V_c + V_t)² / (V_c²/(n_c − 1) + V_t²/(n_t − 1)). */
  degreesOfFreedom: number;
  /** R_t / R_c − 1; null when R_c is 0. */
  relativeLift: number | null;
  /** Delta method: V_t/R_c² + R_t²·V_c/R_c⁴; null when R_c is 0. */
  relativeVariance: number | null;
}

/** Welch–Satterthwaite degrees of freedom of a difference of two independent means. */
export function welchDegreesOfFreedom(
  control: Pick<RatioEstimate, 'n' | 'variance'>,
  treatment: Pick<RatioEstimate, 'n' | 'variance'>,
): number {
  const total = control.variance + treatment.variance;
  const denominator =
    (control.variance * control.variance) / (control.n - 1) +
    (treatment.variance * treatment.variance) / (treatment.n - 1);
  // Both variances 0 (everybody alike): no spread to estimate, so the pooled count stands.
  return denominator > 0 ? (total * total) / denominator : control.n + treatment.n - 2;
}

/**
 * The difference of two ratio estimates with the delta method, as GrowthBook and Statsig
 * analyse ratio metrics. Works for any pair of (rate, variance) estimates, CUPED-adjusted
 * ones included. A zero standard error gives z = ±∞ for a nonzero lift and 0 otherwise.
 */
export function ratioDifference(control: RatioEstimate, treatment: RatioEstimate): RatioDifference {
  const absoluteLift = treatment.rate - control.rate;
  const variance = control.variance + treatment.variance;
  const standardError = Math.sqrt(variance);
  const z =
    standardError > 0
      ? absoluteLift / standardError
      : absoluteLift === 0
        ? 0
        : Math.sign(absoluteLift) * Number.POSITIVE_INFINITY;
  const r0 = control.rate;
  const r1 = treatment.rate;
  return {
    absoluteLift,
    variance,
    standardError,
    z,
    degreesOfFreedom: welchDegreesOfFreedom(control, treatment),
    relativeLift: r0 === 0 ? null : r1 / r0 - 1,
    relativeVariance:
      r0 === 0 ? null : treatment.variance / (r0 * r0) + (r1 * r1 * control.variance) / r0 ** 4,
  };
}
