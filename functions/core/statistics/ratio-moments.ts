import { StatisticsInputError } from './errors';

/** Sufficient statistics of a ratio metric over people: x a person's numerator, m their denominator; only people with m > 0 count. */
export interface RatioMoments {
  n: number;
  sumX: number;
  sumM: number;
  sumXX: number;
  sumMM: number;
  sumXM: number;
}

/** CUPED covariates per person: h = 1 if the person has decisions before their assignment, else 0; y = their pre-assignment approval rate (0 without history). So h·y = y, h² = h. */
export interface CovariateMoments {
  sumH: number;
  sumY: number;
  sumYY: number;
  sumXH: number;
  sumMH: number;
  sumXY: number;
  sumMY: number;
}

export type RatioMetricMoments = RatioMoments & { covariate?: CovariateMoments };

export interface PersonRatio {
  x: number;
  m: number;
}

/**
 * Below this many people in a variant, p-values come from a permutation test over people.
 * 30 is where the delta method's normal approximation is usually trusted (GrowthBook and
 * Statsig warn below a few dozen units), and where exact or Monte-Carlo permutation is still
 * cheap: at most C(58, 29) reassignments are never enumerated, 10,000 draws of 29 are.
 */
export const SMALL_SAMPLE_PEOPLE = 30;

/** One person as the tests and fixtures describe them: optional pre-assignment history. */
export interface PersonObservation extends PersonRatio {
  /** Pre-assignment approval rate; undefined when the person has no history. */
  priorRate?: number;
}

/** The moments of a list of people (people with m = 0 are left out, as the stores do). */
export function momentsOf(people: readonly PersonObservation[]): RatioMetricMoments {
  const moments: RatioMoments = { n: 0, sumX: 0, sumM: 0, sumXX: 0, sumMM: 0, sumXM: 0 };
  const covariate: CovariateMoments = {
    sumH: 0,
    sumY: 0,
    sumYY: 0,
    sumXH: 0,
    sumMH: 0,
    sumXY: 0,
    sumMY: 0,
  };
  for (const { x, m, priorRate } of people) {
    if (!(m > 0)) continue;
    moments.n += 1;
    moments.sumX += x;
    moments.sumM += m;
    moments.sumXX += x * x;
    moments.sumMM += m * m;
    moments.sumXM += x * m;
    if (priorRate === undefined) continue;
    covariate.sumH += 1;
    covariate.sumY += priorRate;
    covariate.sumYY += priorRate * priorRate;
    covariate.sumXH += x;
    covariate.sumMH += m;
    covariate.sumXY += x * priorRate;
    covariate.sumMY += m * priorRate;
  }
  return { ...moments, covariate };
}

/** A variant's ratio R = Σx / Σm with its delta-method variance. */
export interface RatioEstimate {
  /** People with m > 0. */
  n: number;
  rate: number;
  /** Mean denominator per person, Σm / n. */
  meanDenominator: number;
  /**
   * Var(R) = (s_xx − 2R·s_xm + R²·s_mm) / (n·mean(m)²), sample (co)variances with ddof 1:
   * the variance of the mean of L_i = (x_i − R·m_i) / mean(m) over people. NaN below 2 people.
   */
  variance: number;
}

/** Throws unless the moments can describe real people (n whole, Σm > 0 when n > 0). */
export function assertRatioMoments(label: string, moments: RatioMoments): void {
  const { n, sumX, sumM, sumXX, sumMM, sumXM } = moments;
  const sums = [sumX, sumM, sumXX, sumMM, sumXM];
  if (!Number.isInteger(n) || n < 0 || sums.some((v) => !Number.isFinite(v))) {
    throw new StatisticsInputError(`${label}: moments must be finite with a whole n >= 0`);
  }
  if (n > 0 && !(sumM > 0)) {
    throw new StatisticsInputError(`${label}: people with m > 0 need sumM > 0 (n = ${n})`);
  }
}

/**
 * R and its delta-method variance from the moments. Σ(x − R·m) = 0 by the definition of R,
 * so the numerator's (co)variances combine into Σ(x − R·m)² / (n − 1), computed directly from
 * the raw sums; it is clamped at 0 against rounding.
 */
export function ratioEstimate(moments: RatioMoments): RatioEstimate {
  assertRatioMoments('moments', moments);
  const { n, sumX, sumM, sumXX, sumMM, sumXM } = moments;
  const rate = n > 0 ? sumX / sumM : Number.NaN;
  const meanDenominator = n > 0 ? sumM / n : Number.NaN;
  if (n < 2) return { n, rate, meanDenominator, variance: Number.NaN };
  const squaredResiduals = Math.max(0, sumXX - 2 * rate * sumXM + rate * rate * sumMM);
  const variance = squaredResiduals / (n - 1) / (n * meanDenominator * meanDenominator);
  return { n, rate, meanDenominator, variance };
}
