import { StatisticsInputError } from './errors';

function assertPValues(pValues: readonly number[]): void {
  if (pValues.some((p) => !(p >= 0 && p <= 1))) {
    throw new StatisticsInputError('p-values must be numbers in [0, 1]');
  }
}

/** Indices of `values` in increasing order (stable, as R's `order`). */
function increasingOrder(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
}

/**
 * Holm's step-down adjustment (controls the family-wise error rate), identical to
 * R's `p.adjust(p, "holm")`: the i-th smallest p is multiplied by (m - i + 1), made
 * monotone by a running maximum and capped at 1. Results are in the input's order.
 */
export function holm(pValues: readonly number[]): number[] {
  assertPValues(pValues);
  const m = pValues.length;
  const adjusted = new Array<number>(m);
  let runningMax = 0;
  increasingOrder(pValues).forEach((index, rank) => {
    runningMax = Math.max(runningMax, (m - rank) * (pValues[index] ?? 1));
    adjusted[index] = Math.min(1, runningMax);
  });
  return adjusted;
}

/**
 * Benjamini-Hochberg step-up adjustment (controls the false discovery rate), identical to
 * R's `p.adjust(p, "BH")`: the i-th smallest p is multiplied by m / i, made monotone by a
 * running minimum from the largest down and capped at 1. Results are in the input's order.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  assertPValues(pValues);
  const m = pValues.length;
  const adjusted = new Array<number>(m);
  const order = increasingOrder(pValues);
  let runningMin = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank] ?? 0;
    runningMin = Math.min(runningMin, ((pValues[index] ?? 1) * m) / (rank + 1));
    adjusted[index] = runningMin;
  }
  return adjusted;
}
