import { type AlwaysValidResult, alwaysValidEstimate } from './always-valid';
import { bayesianBootstrap } from './bayesian-bootstrap';
import type { Alternative } from './counts';
import { type CupedCovariate, type CupedSkipReason, type CupedTheta, cupedAdjust } from './cuped';
import { type LiftEstimate, liftEstimate } from './lift-estimate';
import { normalChanceToBeat, normalExpectedLoss } from './normal-posterior';
import { permutationTest } from './permutation';
import {
  type PersonRatio,
  type RatioMetricMoments,
  type RatioMoments,
  ratioEstimate,
  SMALL_SAMPLE_PEOPLE,
} from './ratio-moments';

/** One variant of a ratio metric: its moments, and its people when the variant is small. */
export type RatioSample = RatioMetricMoments & { people?: readonly PersonRatio[] };

/**
 * 'welch-t': the delta-method t with Welch–Satterthwaite degrees of freedom (every variant
 * has SMALL_SAMPLE_PEOPLE people or more). 'permutation-*': a randomization test over people.
 */
export type RatioTest = 'welch-t' | 'permutation-exact' | 'permutation-monte-carlo';

export interface CompareRatiosOptions {
  /** Significance level the caller will use; default 0.05. Intervals are always 95%. */
  alpha?: number;
  /** One-sided alternative ('greater': treatment higher); omitted: two-sided. */
  oneSided?: 'greater' | 'less';
  /** mSPRT mixing scale, in the metric's units; see DEFAULT_TAU. */
  tau?: number;
  /** This comparison's always-valid result at the previous look. */
  previousAlwaysValid?: AlwaysValidResult;
  /** Seed of the permutation and bootstrap draws; default 0. */
  seed?: number;
  /** Use the covariate moments (CUPED) when present; default true. */
  useCovariates?: boolean;
  /** Below this many people in a variant, the permutation test decides; default 30. */
  smallSamplePeople?: number;
  permutation?: { exactLimit?: number; draws?: number };
  bootstrapDraws?: number;
  /**
   * Below the switch, chance to beat control and expected loss come from a Bayesian
   * bootstrap over people (default true); false keeps the cheap normal posterior, for
   * comparisons whose posterior nobody reads (guardrails).
   */
  bootstrap?: boolean;
}

export type CupedReport =
  | {
      applied: true;
      covariates: CupedCovariate[];
      theta: CupedTheta;
      /** 1 − Var(adjusted lift) / Var(unadjusted lift). */
      varianceReduction: number;
    }
  | { applied: false; reason: CupedSkipReason };

export interface RatioComparison {
  /** People with a nonzero denominator, per variant: the unit of every figure. */
  people: { control: number; treatment: number };
  /** People with pre-assignment history, per variant (0 without covariate moments). */
  peopleWithHistory: { control: number; treatment: number };
  /** Observed ratios Σx / Σm (never adjusted). */
  controlRate: number;
  treatmentRate: number;
  alternative: Alternative;
  alpha: number;
  test: RatioTest;
  /** The headline figures: CUPED-adjusted when `cuped.applied`, else the unadjusted ones. */
  headline: LiftEstimate;
  unadjusted: LiftEstimate;
  /** Permutation reassignments enumerated or drawn; null for the t-test. */
  reassignments: number | null;
  /** Monte-Carlo standard error of a drawn permutation p-value; null otherwise. */
  monteCarloError: number | null;
  /** How chanceToBeatControl and expectedLoss were computed. */
  posterior: 'normal' | 'bayesian-bootstrap';
  chanceToBeatControl: number;
  expectedLoss: number;
  alwaysValid: AlwaysValidResult;
  cuped: CupedReport;
}

/** True when a comparison can be made: a variance needs 2 people in each variant. */
export function isComparable(control: RatioMoments, treatment: RatioMoments): boolean {
  return control.n >= 2 && treatment.n >= 2;
}

function peopleOf(sample: RatioSample): readonly PersonRatio[] | undefined {
  // Per-person rows that do not add up to the moments' count are not used.
  return sample.people && sample.people.length === sample.n ? sample.people : undefined;
}

/**
 * Everything a results page shows for one variant against control on a ratio metric whose
 * unit is the person (approval per decision, edit distance per modified proposal):
 * delta-method lifts and intervals, the fixed-horizon test, CUPED when covariates are
 * present, the always-valid test, chance to beat control and expected loss.
 *
 * Where the switch happens: when both variants have `smallSamplePeople` (30) people or more,
 * the p-value is Welch's t on the (CUPED-adjusted when possible) delta-method estimate and
 * the posterior is normal. Below that in either variant, and with both variants' people
 * given, the p-value is a permutation test over people, the posterior a Bayesian bootstrap,
 * CUPED is not applied, and the always-valid test does not look yet. Without the people a
 * small comparison falls back to Welch's t, whose degrees of freedom then carry the
 * uncertainty of the small variance estimate. Null when a variant has fewer than 2 people.
 */
export function compareRatios(
  control: RatioSample,
  treatment: RatioSample,
  options: CompareRatiosOptions = {},
): RatioComparison | null {
  if (!isComparable(control, treatment)) return null;
  const alpha = options.alpha ?? 0.05;
  const alternative: Alternative = options.oneSided ?? 'two-sided';
  const threshold = options.smallSamplePeople ?? SMALL_SAMPLE_PEOPLE;
  const seed = options.seed ?? 0;
  const c = ratioEstimate(control);
  const t = ratioEstimate(treatment);
  const unadjusted = liftEstimate(c, t, alternative);
  const large = control.n >= threshold && treatment.n >= threshold;
  const controlPeople = peopleOf(control);
  const treatmentPeople = peopleOf(treatment);
  const permute = !large && controlPeople !== undefined && treatmentPeople !== undefined;

  const adjustment =
    options.useCovariates === false
      ? ({ applied: false, reason: 'noCovariate' } as const)
      : large
        ? cupedAdjust(control, treatment)
        : ({ applied: false, reason: 'smallSample' } as const);
  let headline = unadjusted;
  let cuped: CupedReport;
  if (adjustment.applied) {
    headline = liftEstimate(adjustment.control, adjustment.treatment, alternative);
    cuped = {
      applied: true,
      covariates: adjustment.covariates,
      theta: adjustment.theta,
      varianceReduction:
        unadjusted.standardError > 0
          ? 1 - (headline.standardError / unadjusted.standardError) ** 2
          : 0,
    };
  } else {
    cuped = { applied: false, reason: adjustment.reason };
  }

  let test: RatioTest = 'welch-t';
  let reassignments: number | null = null;
  let monteCarloError: number | null = null;
  if (permute && controlPeople && treatmentPeople) {
    const permutation = permutationTest(controlPeople, treatmentPeople, {
      alternative,
      seed,
      ...options.permutation,
    });
    test = permutation.method === 'exact' ? 'permutation-exact' : 'permutation-monte-carlo';
    reassignments = permutation.reassignments;
    monteCarloError = permutation.monteCarloError;
    headline = { ...headline, pValue: permutation.pValue };
  }

  const posterior =
    permute && options.bootstrap !== false && controlPeople && treatmentPeople
      ? bayesianBootstrap(controlPeople, treatmentPeople, {
          // Its own stream, so its draws do not mirror the permutation's.
          seed: (seed ^ 0x9e3779b9) >>> 0,
          ...(options.bootstrapDraws === undefined ? {} : { draws: options.bootstrapDraws }),
        })
      : null;

  return {
    people: { control: control.n, treatment: treatment.n },
    peopleWithHistory: {
      control: control.covariate?.sumH ?? 0,
      treatment: treatment.covariate?.sumH ?? 0,
    },
    controlRate: c.rate,
    treatmentRate: t.rate,
    alternative,
    alpha,
    test,
    headline,
    unadjusted: permute ? { ...unadjusted, pValue: headline.pValue } : unadjusted,
    reassignments,
    monteCarloError,
    posterior: posterior ? 'bayesian-bootstrap' : 'normal',
    chanceToBeatControl:
      posterior?.chanceToBeatControl ??
      normalChanceToBeat(headline.absoluteLift, headline.standardError),
    expectedLoss:
      posterior?.expectedLoss ?? normalExpectedLoss(headline.absoluteLift, headline.standardError),
    // The plug-in variance is trusted from the switch on; skipping earlier looks keeps validity.
    alwaysValid: alwaysValidEstimate(
      headline.absoluteLift,
      large ? headline.standardError ** 2 : Number.NaN,
      {
        alternative,
        ...(options.tau === undefined ? {} : { tau: options.tau }),
        ...(options.previousAlwaysValid ? { previous: options.previousAlwaysValid } : {}),
      },
    ),
    cuped,
  };
}
