import { assertProportion, type Proportion } from './counts';
import { logBeta } from './log-gamma';

/** Beta posterior parameters of a rate under a uniform Beta(1, 1) prior. */
interface BetaPosterior {
  alpha: number;
  beta: number;
}

const posteriorOf = ({ successes, trials }: Proportion): BetaPosterior => ({
  alpha: successes + 1,
  beta: trials - successes + 1,
});

/**
 * P(X > Y) for X ~ Beta(x.alpha, x.beta), Y ~ Beta(y.alpha, y.beta) with integer
 * x.alpha, by Evan Miller's closed form
 *   Σ_{i=0}^{αX-1} B(αY+i, βY+βX) / ((βX+i) B(1+i, βX) B(αY, βY)).
 * Exact up to rounding. Successive terms have the ratio
 * (αY+i)(βX+i) / ((αY+βY+βX+i)(1+i)), so each costs a few flops; the sum runs in log
 * space so that no term underflows.
 */
function probabilityGreater(x: BetaPosterior, y: BetaPosterior): number {
  const logTerms = new Array<number>(x.alpha);
  let logTerm =
    logBeta(y.alpha, y.beta + x.beta) -
    Math.log(x.beta) -
    logBeta(1, x.beta) -
    logBeta(y.alpha, y.beta);
  let largest = logTerm;
  for (let i = 0; i < x.alpha; i++) {
    logTerms[i] = logTerm;
    largest = Math.max(largest, logTerm);
    logTerm += Math.log(
      ((y.alpha + i) * (x.beta + i)) / ((y.alpha + y.beta + x.beta + i) * (1 + i)),
    );
  }
  let sum = 0;
  for (const term of logTerms) sum += Math.exp(term - largest);
  return Math.min(1, Math.max(0, Math.exp(largest + Math.log(sum))));
}

/**
 * P(X > Y) by the cheapest of four equivalent sums: P(X > Y) = 1 - P(Y > X) (ties have
 * probability zero) and P(X > Y) = P(1 - Y > 1 - X), where 1 - X ~ Beta(βX, αX). The sum
 * runs over the first argument's α, so this picks the smallest count among successes and
 * failures of both groups.
 */
function probabilityGreaterFast(x: BetaPosterior, y: BetaPosterior): number {
  const flip = (b: BetaPosterior): BetaPosterior => ({ alpha: b.beta, beta: b.alpha });
  const smallest = Math.min(x.alpha, y.alpha, x.beta, y.beta);
  if (smallest === x.alpha) return probabilityGreater(x, y);
  if (smallest === y.alpha) return 1 - probabilityGreater(y, x);
  if (smallest === y.beta) return probabilityGreater(flip(y), flip(x));
  return 1 - probabilityGreater(flip(x), flip(y));
}

/**
 * Chance to beat control: P(treatment's true rate > control's) with Beta(1, 1) priors,
 * exact (Evan Miller's closed form).
 */
export function chanceToBeatControl(control: Proportion, treatment: Proportion): number {
  assertProportion('control', control);
  assertProportion('treatment', treatment);
  return probabilityGreaterFast(posteriorOf(treatment), posteriorOf(control));
}

/**
 * Expected loss of shipping the treatment: E[max(pC - pT, 0)] under the Beta posteriors,
 * the conversion rate given up on average if the treatment is in fact worse. Exact:
 * E[pC · 1{pC > pT}] = E[pC] · P(C' > T) where C' ~ Beta(αC + 1, βC) (the size-biased
 * posterior), and likewise for pT, so it is two more closed-form probabilities.
 */
export function expectedLoss(control: Proportion, treatment: Proportion): number {
  assertProportion('control', control);
  assertProportion('treatment', treatment);
  const c = posteriorOf(control);
  const t = posteriorOf(treatment);
  const meanC = c.alpha / (c.alpha + c.beta);
  const meanT = t.alpha / (t.alpha + t.beta);
  const loss =
    meanC * probabilityGreaterFast({ alpha: c.alpha + 1, beta: c.beta }, t) -
    meanT * probabilityGreaterFast(c, { alpha: t.alpha + 1, beta: t.beta });
  return Math.max(0, loss);
}
