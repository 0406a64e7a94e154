import { StatisticsInputError } from './errors';
import { normalCdf, normalQuantile } from './normal';
import { type ClusteredDesign, personVariance } from './person-variance';

export interface SampleSizeInput {
  /** Control's expected conversion rate, e.g. 0.2. */
  baseline: number;
  /** Minimum detectable effect, absolute: 0.05 means 20% -> 25%. */
  mde: number;
  /** Two-sided significance level, e.g. 0.05. */
  alpha: number;
  /** Chance of detecting the effect if it is real, e.g. 0.8. */
  power: number;
  /**
   * Number of treatment-vs-control comparisons. When given, alpha is split among them
   * (Bonferroni: alpha / comparisons); the default 1 applies no correction.
   */
  comparisons?: number;
  /** How decisions cluster within people; absent: one decision per person. */
  design?: ClusteredDesign;
}

function assertRates(baseline: number, mde: number, alpha: number): void {
  const treated = baseline + mde;
  if (!(baseline > 0 && baseline < 1 && treated > 0 && treated < 1 && mde !== 0)) {
    throw new StatisticsInputError('baseline and baseline + mde must be rates in (0, 1), mde != 0');
  }
  if (!(alpha > 0 && alpha < 1)) throw new StatisticsInputError('alpha must be in (0, 1)');
}

/**
 * People needed in each variant to detect an absolute change of `mde` from `baseline`
 * with a two-sided test, rounded up. With one decision per person it is Evan Miller's
 * sample size calculator,
 *   n = (z₁₋α/₂ · sqrt(2p(1-p)) + z_power · sqrt(p(1-p) + p₂(1-p₂)))² / mde², p₂ = p + mde;
 * with a clustered design each p(1 − p) becomes that rate's personVariance.
 */
export function sampleSizePerVariant(input: SampleSizeInput): number {
  const { baseline: p, mde, power } = input;
  const alpha = input.alpha / (input.comparisons ?? 1);
  assertRates(p, mde, alpha);
  if (!(power > 0 && power < 1)) throw new StatisticsInputError('power must be in (0, 1)');
  const v1 = personVariance(p, input.design);
  const v2 = personVariance(p + mde, input.design);
  const root =
    normalQuantile(1 - alpha / 2) * Math.sqrt(2 * v1) + normalQuantile(power) * Math.sqrt(v1 + v2);
  return Math.ceil((root * root) / (mde * mde));
}

export interface AchievedPowerInput {
  baseline: number;
  mde: number;
  alpha: number;
  nPerVariant: number;
  /** As in SampleSizeInput: alpha / comparisons when given. */
  comparisons?: number;
  design?: ClusteredDesign;
}

/**
 * Chance that `nPerVariant` people per variant detect the effect `mde`: Evan Miller's
 * formula solved for power, so achievedPower(sampleSizePerVariant(x)) >= x.power.
 */
export function achievedPower(input: AchievedPowerInput): number {
  const { baseline: p, mde, nPerVariant } = input;
  const alpha = input.alpha / (input.comparisons ?? 1);
  assertRates(p, mde, alpha);
  if (!(nPerVariant >= 0)) throw new StatisticsInputError('nPerVariant must be >= 0');
  const v1 = personVariance(p, input.design);
  const v2 = personVariance(p + mde, input.design);
  const z =
    (Math.abs(mde) * Math.sqrt(nPerVariant) - normalQuantile(1 - alpha / 2) * Math.sqrt(2 * v1)) /
    Math.sqrt(v1 + v2);
  return normalCdf(z);
}

/**
 * R's `power.prop.test` (two-sample, two-sided, strict = FALSE): give `n` to get power,
 * or `power` to get n (the exact root, not rounded; R's uniroot agrees to about 1e-4).
 * Its null variance uses the average of p1 and p2, so it differs slightly from Evan Miller's.
 */
export function powerPropTest(
  input: { p1: number; p2: number; alpha: number } & (
    | { n: number; power?: undefined }
    | { power: number; n?: undefined }
  ),
): { n: number; power: number } {
  const { p1, p2, alpha } = input;
  assertRates(p1, p2 - p1, alpha);
  const critical = normalQuantile(1 - alpha / 2);
  const average = (p1 + p2) / 2;
  const nullSd = Math.sqrt(2 * average * (1 - average));
  const alternativeSd = Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const difference = Math.abs(p1 - p2);
  if (input.n !== undefined) {
    const n = input.n;
    return {
      n,
      power: normalCdf((Math.sqrt(n) * difference - critical * nullSd) / alternativeSd),
    };
  }
  const power = input.power;
  const root = (critical * nullSd + normalQuantile(power) * alternativeSd) / difference;
  return { n: root * root, power };
}
