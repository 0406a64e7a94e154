import { type Alternative, assertProportion, type Proportion } from './counts';
import type { Interval } from './intervals';

/**
 * Default mixing scale τ of the mSPRT, in absolute rate (0.01 = one percentage point).
 * Johari et al. advise choosing τ near the effects the experiments actually produce: the
 * test is most sensitive to differences of about τ (larger ones are still found, smaller
 * ones only slowly). One point suits conversion rates of a few percent to a few tens of
 * percent with modest lifts; callers who power an experiment for a minimum detectable
 * effect should pass that effect as `tau`.
 */
export const DEFAULT_TAU = 0.01;

export interface AlwaysValidResult {
  /** Always-valid p-value: the running minimum over every look so far (see `previous`). */
  pValue: number;
  /** Always-valid interval for the absolute lift: the running intersection over looks. */
  ci95: Interval;
}

export interface AlwaysValidOptions {
  /** Mixing scale of the normal prior on the lift under the alternative (see DEFAULT_TAU). */
  tau?: number;
  /** Level of the interval; 0.05 gives the 95% interval returned as `ci95`. */
  alpha?: number;
  /**
   * 'greater' or 'less' gives the one-sided always-valid p-value: the two-sided one when
   * the lift points the alternative's way, 1 otherwise (conservative).
   */
  alternative?: Alternative;
  /**
   * The result of the previous look of this same comparison, if any. The p-value returned
   * is min(previous, now) and the interval the intersection of both, which is what makes
   * them valid however often they are watched. Callers that do not pass it must keep the
   * running minimum and intersection themselves.
   */
  previous?: AlwaysValidResult;
  /**
   * The interval that says nothing, returned when the variance carries no information yet
   * (0 or not estimable). [-1, 1] by default: every lift of a rate in [0, 1] lies in it.
   */
  uninformative?: Interval;
}

/** min(previous, now) and the intersection of the intervals: the running look semantics. */
function carryForward(now: AlwaysValidResult, previous?: AlwaysValidResult): AlwaysValidResult {
  if (!previous) return now;
  return {
    pValue: Math.min(previous.pValue, now.pValue),
    ci95: [Math.max(previous.ci95[0], now.ci95[0]), Math.min(previous.ci95[1], now.ci95[1])],
  };
}

/**
 * Mixture sequential probability ratio test (mSPRT, Johari, Koomen, Pekelis & Walsh,
 * "Always valid inference", 2017/2022) for any asymptotically normal estimate θ̂ of a lift
 * with a plug-in variance V: a difference of proportions, of delta-method ratios, or a
 * CUPED-adjusted one. With a N(0, τ²) mixture over the lift, the likelihood ratio against θ₀ is
 *   Λ(θ₀) = sqrt(V / (V + τ²)) · exp(τ² (θ̂ - θ₀)² / (2 V (V + τ²))).
 * The p-value is min(1, 1/Λ(0)); the interval holds the θ₀ with Λ(θ₀) < 1/α. Running
 * minimum and intersection over looks keep the false positive rate at or below α no
 * matter how often, or when, anybody looks (asymptotically: V is a plug-in estimate, so
 * callers should not start looking before the normal approximation holds; skipping early
 * looks never costs validity). A variance that is 0 or not a number is no information yet.
 */
export function alwaysValidEstimate(
  estimate: number,
  variance: number,
  options: AlwaysValidOptions = {},
): AlwaysValidResult {
  const tau = options.tau ?? DEFAULT_TAU;
  const alpha = options.alpha ?? 0.05;
  const alternative = options.alternative ?? 'two-sided';
  if (!(variance > 0) || !Number.isFinite(estimate)) {
    const [low, high] = options.uninformative ?? [-1, 1];
    return carryForward({ pValue: 1, ci95: [low, high] }, options.previous);
  }
  const tau2 = tau * tau;
  const logRatio =
    0.5 * Math.log(variance / (variance + tau2)) +
    (tau2 * estimate * estimate) / (2 * variance * (variance + tau2));
  const twoSided = Math.min(1, Math.exp(-logRatio));
  const inFavour =
    alternative === 'two-sided' || (alternative === 'greater' ? estimate > 0 : estimate < 0);
  const halfWidth = Math.sqrt(
    ((variance * (variance + tau2)) / tau2) *
      (2 * Math.log(1 / alpha) + Math.log((variance + tau2) / variance)),
  );
  return carryForward(
    { pValue: inFavour ? twoSided : 1, ci95: [estimate - halfWidth, estimate + halfWidth] },
    options.previous,
  );
}

/**
 * The mSPRT for the difference of two proportions with one yes/no per person:
 * θ̂ = pT - pC, V = pC(1-pC)/nC + pT(1-pT)/nT. Every rate 0 or 1 carries no information yet.
 */
export function alwaysValid(
  control: Proportion,
  treatment: Proportion,
  options: AlwaysValidOptions = {},
): AlwaysValidResult {
  assertProportion('control', control);
  assertProportion('treatment', treatment);
  const pC = control.successes / control.trials;
  const pT = treatment.successes / treatment.trials;
  const variance = (pC * (1 - pC)) / control.trials + (pT * (1 - pT)) / treatment.trials;
  return alwaysValidEstimate(pT - pC, variance, options);
}
