import { upperRegularizedGamma } from './incomplete-gamma';

/** P(X >= x) for X ~ chi-square with `degreesOfFreedom` degrees of freedom. */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  return upperRegularizedGamma(degreesOfFreedom / 2, x / 2);
}
