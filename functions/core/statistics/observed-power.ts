import { normalCdf, normalQuantile } from './normal';

export interface ObservedPowerInput {
  /** Absolute effect to detect, in the metric's units. */
  mde: number;
  alpha: number;
  /** alpha / comparisons when given (Bonferroni), as in SampleSizeInput. */
  comparisons?: number;
}

/**
 * Power of the experiment as it stands: the chance that a true lift of `mde` would be
 * significant given the standard error observed now (over people, CUPED-adjusted when the
 * results are), Φ(|mde|/SE − z₁₋α/₂). It uses the variance the data show rather than one
 * assumed at planning, so a clustered metric reports the power it really has.
 */
export function powerAtStandardError(
  input: ObservedPowerInput & { standardError: number },
): number {
  const alpha = input.alpha / (input.comparisons ?? 1);
  if (!(input.standardError > 0)) return 1;
  return normalCdf(Math.abs(input.mde) / input.standardError - normalQuantile(1 - alpha / 2));
}

/**
 * People per variant for `power` at the per-person variances observed in control and
 * treatment (n·Var(R) of each): n = (z₁₋α/₂ + z_power)² (σ²_c + σ²_t) / mde², rounded up.
 */
export function peopleForObservedVariance(
  input: ObservedPowerInput & { power: number; personVariances: readonly [number, number] },
): number {
  const alpha = input.alpha / (input.comparisons ?? 1);
  const [vc, vt] = input.personVariances;
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(input.power);
  return Math.ceil((z * z * (vc + vt)) / (input.mde * input.mde));
}
