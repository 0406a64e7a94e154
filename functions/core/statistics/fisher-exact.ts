import { type Alternative, assertProportion, type Proportion } from './counts';
import { logChoose } from './log-gamma';

/** R's fisher.test tolerance: tables within this relative factor count as "as likely". */
const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Fisher's exact test of a 2x2 table (successes and failures by group), conditioning on the
 * margins so the treatment's successes follow a hypergeometric distribution. Two-sided, it
 * sums the probabilities of every table no more likely than the observed one (as R does);
 * one-sided, the tail in the direction of the alternative ('greater': treatment higher).
 */
export function fisherExact2x2(
  control: Proportion,
  treatment: Proportion,
  alternative: Alternative = 'two-sided',
): { pValue: number } {
  assertProportion('control', control);
  assertProportion('treatment', treatment);
  const successes = control.successes + treatment.successes;
  const total = control.trials + treatment.trials;
  const low = Math.max(0, successes - control.trials);
  const high = Math.min(successes, treatment.trials);
  const logDenominator = logChoose(total, successes);
  const probability = (x: number) =>
    Math.exp(
      logChoose(treatment.trials, x) + logChoose(control.trials, successes - x) - logDenominator,
    );
  const observed = treatment.successes;
  let pValue = 0;
  if (alternative === 'greater') {
    for (let x = observed; x <= high; x++) pValue += probability(x);
  } else if (alternative === 'less') {
    for (let x = low; x <= observed; x++) pValue += probability(x);
  } else {
    const threshold = probability(observed) * RELATIVE_TOLERANCE;
    for (let x = low; x <= high; x++) {
      const p = probability(x);
      if (p <= threshold) pValue += p;
    }
  }
  return { pValue: Math.min(1, pValue) };
}
