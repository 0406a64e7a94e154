import { normalCdf } from './normal';

const INV_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * P(true lift > 0) when the lift's posterior is N(lift, se²), the large-sample posterior
 * under a flat prior: Φ(lift / se). With se = 0 it is 1, 0 or ½ by the sign of the lift.
 */
export function normalChanceToBeat(lift: number, standardError: number): number {
  if (!(standardError > 0)) return lift > 0 ? 1 : lift < 0 ? 0 : 0.5;
  return normalCdf(lift / standardError);
}

/**
 * E[max(−D, 0)] for D ~ N(lift, se²): what shipping gives up on average if the variant is in
 * fact worse, se·φ(lift/se) − lift·Φ(−lift/se).
 */
export function normalExpectedLoss(lift: number, standardError: number): number {
  if (!(standardError > 0)) return Math.max(0, -lift);
  const z = lift / standardError;
  const density = INV_SQRT_TWO_PI * Math.exp(-0.5 * z * z);
  return Math.max(0, standardError * density - lift * normalCdf(-z));
}
