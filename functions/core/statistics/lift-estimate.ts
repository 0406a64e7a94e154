import type { Alternative } from './counts';
import { ratioDifference } from './delta-method';
import type { Interval } from './intervals';
import type { RatioEstimate } from './ratio-moments';
import { tQuantile, tSurvival, tTwoSided } from './student-t';

/** A lift with its interval and fixed-horizon test. */
export interface LiftEstimate {
  absoluteLift: number;
  /** Treatment / control − 1; null when the control's ratio is 0. */
  relativeLift: number | null;
  standardError: number;
  /** Lift ± t(0.975, df)·SE: the Welch interval, also shown below the permutation switch. */
  ci95Absolute: Interval;
  /** Delta-method interval of the relative lift, same quantile. */
  ci95Relative: Interval | null;
  /** Welch–Satterthwaite degrees of freedom of the difference. */
  degreesOfFreedom: number;
  /** absoluteLift / standardError; null when the standard error is 0. */
  statistic: number | null;
  /** Welch t p-value, or the permutation p-value below the switch. */
  pValue: number;
  /** n·Var(R) per variant: the variance one person adds, what planning the next one needs. */
  personVariances: { control: number; treatment: number };
}

const Z_LEVEL = 0.975;

function pValueOfT(t: number | null, df: number, lift: number, alternative: Alternative): number {
  // A zero standard error: the lift is certain, whichever way it points.
  if (t === null) {
    if (alternative === 'two-sided') return lift === 0 ? 1 : 0;
    return (alternative === 'greater' ? lift > 0 : lift < 0) ? 0 : 1;
  }
  if (alternative === 'two-sided') return tTwoSided(t, df);
  return alternative === 'greater' ? tSurvival(t, df) : tSurvival(-t, df);
}

/** The Welch lift estimate of treatment against control from two (rate, variance) estimates. */
export function liftEstimate(
  control: RatioEstimate,
  treatment: RatioEstimate,
  alternative: Alternative,
): LiftEstimate {
  const d = ratioDifference(control, treatment);
  const quantile = tQuantile(Z_LEVEL, d.degreesOfFreedom);
  const statistic = d.standardError > 0 ? d.z : null;
  const relativeSe = d.relativeVariance === null ? null : Math.sqrt(d.relativeVariance);
  return {
    absoluteLift: d.absoluteLift,
    relativeLift: d.relativeLift,
    standardError: d.standardError,
    ci95Absolute: [
      d.absoluteLift - quantile * d.standardError,
      d.absoluteLift + quantile * d.standardError,
    ],
    ci95Relative:
      d.relativeLift === null || relativeSe === null
        ? null
        : [d.relativeLift - quantile * relativeSe, d.relativeLift + quantile * relativeSe],
    degreesOfFreedom: d.degreesOfFreedom,
    statistic,
    pValue: pValueOfT(statistic, d.degreesOfFreedom, d.absoluteLift, alternative),
    personVariances: {
      control: control.n * control.variance,
      treatment: treatment.n * treatment.variance,
    },
  };
}
