import { StatisticsInputError } from './errors';
import { mulberry32 } from './random';
import type { PersonRatio } from './ratio-moments';

/** Posterior draws: the chance's Monte-Carlo error is at most 0.5/sqrt(draws) = 0.005. */
export const BOOTSTRAP_DRAWS = 10_000;

export interface BootstrapPosterior {
  /** Share of draws where the treatment's ratio is above control's (ties count half). */
  chanceToBeatControl: number;
  /** Mean of max(R_c − R_t, 0) over the draws. */
  expectedLoss: number;
  draws: number;
  /** Binomial standard error of chanceToBeatControl. */
  monteCarloError: number;
}

/** One Bayesian-bootstrap draw of a ratio: Dirichlet(1, …, 1) weights on people. */
function drawRatio(people: readonly PersonRatio[], random: () => number): number {
  let x = 0;
  let m = 0;
  for (const person of people) {
    // Exponential(1) weights normalised are Dirichlet(1, …, 1); the ratio needs no normalising.
    const weight = -Math.log(1 - random());
    x += weight * person.x;
    m += weight * person.m;
  }
  return x / m;
}

/**
 * Chance to beat control and expected loss below the size where a normal posterior is
 * trusted: the Bayesian bootstrap over people (Rubin 1981), the nonparametric posterior of
 * each variant's ratio given its people, with no assumption on how a person's decisions are
 * spread. Its one blind spot: it never puts mass beyond the ratios observed (a variant whose
 * every person approved everything is certainly at 100%), which is why it is only used
 * where the normal approximation is worse.
 */
export function bayesianBootstrap(
  control: readonly PersonRatio[],
  treatment: readonly PersonRatio[],
  options: { seed: number; draws?: number },
): BootstrapPosterior {
  if (control.length < 1 || treatment.length < 1) {
    throw new StatisticsInputError('bayesianBootstrap needs at least one person per variant');
  }
  const draws = options.draws ?? BOOTSTRAP_DRAWS;
  const random = mulberry32(options.seed);
  let beats = 0;
  let loss = 0;
  for (let draw = 0; draw < draws; draw++) {
    const c = drawRatio(control, random);
    const t = drawRatio(treatment, random);
    beats += t > c ? 1 : t === c ? 0.5 : 0;
    loss += Math.max(0, c - t);
  }
  const chance = beats / draws;
  return {
    chanceToBeatControl: chance,
    expectedLoss: loss / draws,
    draws,
    monteCarloError: Math.sqrt((chance * (1 - chance)) / draws),
  };
}
