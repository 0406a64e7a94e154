import { upperRegularizedGamma } from './incomplete-gamma';

// Through the incomplete gamma function (erfc(z) = Q(1/2, z²)) rather than a separate
// rational approximation: one accurate code path, full precision far into the tails.

/** P(Z >= z) for a standard normal Z, accurate in the upper tail. */
export function normalSurvival(z: number): number {
  const half = 0.5 * upperRegularizedGamma(0.5, (z * z) / 2);
  return z >= 0 ? half : 1 - half;
}

/** Φ(z) = P(Z <= z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return normalSurvival(-z);
}

/** Two-sided p-value of a z statistic: P(|Z| >= |z|). */
export function normalTwoSided(z: number): number {
  return upperRegularizedGamma(0.5, (z * z) / 2);
}

const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);

/**
 * Φ⁻¹(p): the z with Φ(z) = p, for 0 < p < 1. Starts from Abramowitz & Stegun 26.2.23
 * (error below 4.5e-4) and polishes with Halley steps on the accurate CDF, so the result
 * is as precise as normalCdf.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  const lower = Math.min(p, 1 - p);
  const t = Math.sqrt(-2 * Math.log(lower));
  // Negative z with lower-tail probability `lower`.
  let z = -(
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) /
      (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
  );
  for (let i = 0; i < 4; i++) {
    const error = normalCdf(z) - lower;
    const u = error * SQRT_TWO_PI * Math.exp((z * z) / 2);
    const step = u / (1 + (z * u) / 2);
    z -= step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return p < 0.5 ? z : -z;
}
