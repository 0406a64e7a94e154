import { regularizedBeta } from './incomplete-beta';
import { logGamma } from './log-gamma';
import { normalQuantile, normalSurvival } from './normal';

/** Beyond this many degrees of freedom the t distribution is the normal to within 1e-9. */
const NORMAL_DEGREES = 1e9;

/** P(T >= t) for Student's t with `df` > 0 degrees of freedom (df need not be whole). */
export function tSurvival(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  if (df >= NORMAL_DEGREES) return normalSurvival(t);
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

/** Two-sided p-value of a t statistic: P(|T| >= |t|). */
export function tTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  if (df >= NORMAL_DEGREES) return 2 * normalSurvival(Math.abs(t));
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

function tDensity(t: number, df: number): number {
  return Math.exp(
    logGamma((df + 1) / 2) -
      logGamma(df / 2) -
      0.5 * Math.log(df * Math.PI) -
      ((df + 1) / 2) * Math.log1p((t * t) / df),
  );
}

/**
 * The t with P(T <= t) = p, for 0 < p < 1: Newton steps on the accurate CDF from the normal
 * quantile, kept inside a bisection bracket so that heavy tails (df near 1) cannot throw a
 * step out of range.
 */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  if (p < 0.5) return -tQuantile(1 - p, df);
  if (df >= NORMAL_DEGREES) return normalQuantile(p);
  const target = 1 - p;
  let low = 0;
  let high = Number.POSITIVE_INFINITY;
  let t = normalQuantile(p);
  for (let i = 0; i < 200; i++) {
    const survival = tSurvival(t, df);
    if (survival > target) low = t;
    else high = t;
    const step = (survival - target) / tDensity(t, df);
    let next = t + step;
    if (!(next > low && next < high)) next = Number.isFinite(high) ? (low + high) / 2 : 2 * t + 1;
    if (Math.abs(next - t) <= 1e-14 * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}
