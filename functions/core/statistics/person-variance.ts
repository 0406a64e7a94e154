import { StatisticsInputError } from './errors';

/**
 * How a person's decisions cluster, for planning. A person with their own approval rate p_i
 * (mean p, standard deviation σ_b across people) who decides k proposals has
 *   Var(x_i / k) = σ_b² + (p(1 − p) − σ_b²) / k = p(1 − p) · D / k,
 * with the design effect D = 1 + (k − 1)·ρ and ρ = σ_b² / (p(1 − p)) the share of the
 * variance that lies between people. With k = 1 the spread does not matter (D = 1).
 */
export interface ClusteredDesign {
  /** Mean decisions per person, >= 1. */
  decisionsPerPerson: number;
  /** σ_b, the standard deviation of people's own rates; at most sqrt(p(1 − p)). */
  betweenPersonSd?: number;
  /**
   * D directly (e.g. the `designEffect` a previous experiment's results report, which also
   * holds for unequal numbers of decisions per person). Used when betweenPersonSd is absent.
   */
  designEffect?: number;
}

/** Variance of one person's rate: p(1 − p) with one decision each, else as ClusteredDesign says. */
export function personVariance(rate: number, design?: ClusteredDesign): number {
  const binomial = rate * (1 - rate);
  if (!design) return binomial;
  const k = design.decisionsPerPerson;
  if (!(k >= 1)) throw new StatisticsInputError('decisionsPerPerson must be >= 1');
  if (design.betweenPersonSd !== undefined) {
    const between = design.betweenPersonSd ** 2;
    if (!(between >= 0 && between <= binomial)) {
      throw new StatisticsInputError(
        `betweenPersonSd must be in [0, sqrt(p(1 - p))] = [0, ${Math.sqrt(binomial)}] at rate ${rate}`,
      );
    }
    return between + (binomial - between) / k;
  }
  const effect = design.designEffect ?? 1;
  if (!(effect > 0)) throw new StatisticsInputError('designEffect must be > 0');
  return (binomial * effect) / k;
}
