import type { ExperimentResults } from '../contract/experiments-contract';
import {
  type AlwaysValidResult,
  compareRatios,
  fnv1a32,
  holm,
  type PersonRatio,
  type RatioComparison,
  type RatioMetricMoments,
  type RatioSample,
  ratioEstimate,
  SMALL_SAMPLE_PEOPLE,
  srmCheck,
} from '../statistics';
import type { Experiment, GuardrailMetric } from './definition';
import { decisionOf, powerOf } from './results-power';

/** What was counted of one variant: people assigned, decision totals, and per-person moments. */
export interface VariantCounts {
  /** People assigned (SRM). */
  exposures: number;
  /** Decision totals, for display. */
  feedback: number;
  approved: number;
  modified: number;
  editDistanceSum: number;
  /** x = approved, m = decided (covariate present: CUPED on the primary metric). */
  approval: RatioMetricMoments;
  /** x = modified, m = decided. */
  modification: RatioMetricMoments;
  /** x = sum of normalized edit distances, m = modified proposals. */
  editDistance: RatioMetricMoments;
  /**
   * Per person (people with m > 0 in each metric), for every variant of the experiment as
   * soon as any variant has fewer than SMALL_SAMPLE_PEOPLE people with decisions: the
   * permutation test reassigns the people of both variants compared.
   */
  people?: { approval: PersonRatio[]; modification: PersonRatio[]; editDistance: PersonRatio[] };
}

const NO_MOMENTS: RatioMetricMoments = { n: 0, sumX: 0, sumM: 0, sumXX: 0, sumMM: 0, sumXM: 0 };

const NO_COUNTS: VariantCounts = {
  exposures: 0,
  feedback: 0,
  approved: 0,
  modified: 0,
  editDistanceSum: 0,
  approval: NO_MOMENTS,
  modification: NO_MOMENTS,
  editDistance: NO_MOMENTS,
};

type MetricKey = 'approval' | 'modification' | 'editDistance';
const GUARDRAIL_METRIC: Record<GuardrailMetric, MetricKey> = {
  modificationRate: 'modification',
  editDistance: 'editDistance',
};

function sampleOf(counts: VariantCounts, metric: MetricKey): RatioSample {
  const people = counts.people?.[metric];
  return people ? { ...counts[metric], people } : counts[metric];
}

/**
 * Var(R) over people / R(1 − R)/Σm, the variance if every decision were an independent coin:
 * how much a person's decisions cluster. Null when it cannot be estimated.
 */
function designEffectOf(moments: RatioMetricMoments): number | null {
  if (moments.n < 2) return null;
  const { rate, variance } = ratioEstimate(moments);
  const independent = (rate * (1 - rate)) / moments.sumM;
  return independent > 0 ? variance / independent : null;
}

/** Seed of one comparison's draws: the same data give the same p-value at every look. */
const seedOf = (experiment: Experiment, variant: string, metric: string) =>
  fnv1a32([experiment.seed, variant, metric].join('\u0000'));

/** One guardrail test before adjustment: p-value of "the variant is worse than control". */
interface GuardrailTest {
  variant: string;
  metric: GuardrailMetric;
  comparison: RatioComparison | null;
  people: { control: number; treatment: number };
  control: number | null;
  treatment: number | null;
}

/**
 * The results of an experiment from its counts: per-variant figures, the SRM check, each
 * variant against control on approval rate, the guardrails (one-sided: only harm counts),
 * Holm's adjustment across every variant and metric, power, and the decision. Every test
 * treats a person, the unit of randomization, as one observation (compareRatios). Pure:
 * the same counts and `now` give the same results.
 */
export function buildResults(
  experiment: Experiment,
  counts: ReadonlyMap<string, VariantCounts>,
  now: Date,
  /** The always-valid result of each variant's comparison at the previous look. */
  previousAlwaysValid: ReadonlyMap<string, AlwaysValidResult> = new Map(),
): ExperimentResults {
  const [control, ...treatments] = experiment.variants;
  if (!control) throw new Error('An experiment has at least two variants');
  const of = (key: string) => counts.get(key) ?? NO_COUNTS;
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

  const variants = experiment.variants.map((variant, index) => {
    const c = of(variant.key);
    return {
      key: variant.key,
      modelVersion: variant.modelVersion,
      control: index === 0,
      exposures: c.exposures,
      people: c.approval.n,
      feedback: c.feedback,
      approved: c.approved,
      approvalRate: ratio(c.approved, c.feedback),
      modificationRate: ratio(c.modified, c.feedback),
      editDistance: ratio(c.editDistanceSum, c.modified),
      designEffect: designEffectOf(c.approval),
    };
  });

  const srm = srmCheck(
    experiment.variants.map((variant) => of(variant.key).exposures),
    experiment.variants.map((variant) => variant.weight),
  );

  const controlCounts = of(control.key);
  const primary: { variant: string; comparison: RatioComparison }[] = [];
  for (const treatment of treatments) {
    const comparison = compareRatios(
      sampleOf(controlCounts, 'approval'),
      sampleOf(of(treatment.key), 'approval'),
      {
        alpha: experiment.alpha,
        // The mSPRT is most sensitive near its mixing scale: the effect the experiment is for.
        tau: experiment.minimumDetectableEffect,
        previousAlwaysValid: previousAlwaysValid.get(treatment.key),
        seed: seedOf(experiment, treatment.key, 'approvalRate'),
      },
    );
    if (comparison) primary.push({ variant: treatment.key, comparison });
  }

  const guardrailTests: GuardrailTest[] = treatments.flatMap((treatment) =>
    experiment.guardrails.map((metric) => {
      const key = GUARDRAIL_METRIC[metric];
      const c = controlCounts[key];
      const t = of(treatment.key)[key];
      return {
        variant: treatment.key,
        metric,
        comparison: compareRatios(sampleOf(controlCounts, key), sampleOf(of(treatment.key), key), {
          alpha: experiment.alpha,
          oneSided: 'greater',
          seed: seedOf(experiment, treatment.key, metric),
          // Only the harm test of a guardrail is shown: no posterior to draw. Unadjusted: the
          // pre-period covariate is approval history, and the page shows no CUPED for these.
          bootstrap: false,
          useCovariates: false,
        }),
        people: { control: c.n, treatment: t.n },
        control: c.n > 0 ? c.sumX / c.sumM : null,
        treatment: t.n > 0 ? t.sumX / t.sumM : null,
      };
    }),
  );

  // One family for Holm: every variant on the primary metric and on every guardrail.
  const family = [
    ...primary.map((p) => p.comparison.headline.pValue),
    ...guardrailTests.flatMap((g) => (g.comparison ? [g.comparison.headline.pValue] : [])),
  ];
  const adjusted = holm(family);
  let next = 0;
  const take = () => adjusted[next++] ?? 1;

  const comparisons = primary.map(({ variant, comparison }) =>
    comparisonResult(variant, comparison, take(), experiment),
  );
  const guardrails = guardrailTests.map(({ comparison, ...test }) => {
    const pValueAdjusted = comparison ? take() : null;
    return {
      variant: test.variant,
      metric: test.metric,
      unit: 'person' as const,
      people: test.people,
      control: test.control,
      treatment: test.treatment,
      test: comparison?.test ?? null,
      degreesOfFreedom: comparison?.headline.degreesOfFreedom ?? null,
      monteCarloError: comparison?.monteCarloError ?? null,
      pValue: comparison?.headline.pValue ?? null,
      pValueAdjusted,
      harmed: pValueAdjusted !== null && pValueAdjusted < experiment.alpha,
    };
  });

  const power = powerOf(
    experiment,
    primary.map((p) => p.comparison),
    controlCounts.approval,
    variants,
  );
  return {
    experimentId: experiment.experimentId,
    state: experiment.state,
    computedAt: now.toISOString(),
    unit: 'person',
    smallSamplePeople: SMALL_SAMPLE_PEOPLE,
    variants,
    srm: {
      chi2: srm.chi2,
      pValue: srm.pValue,
      mismatch: srm.mismatch,
      expected: srm.expected,
    },
    comparisons,
    guardrails,
    power,
    decision: decisionOf(experiment, { srm, comparisons, guardrails, power, now }),
  };
}

/** One primary comparison as the results show it: the headline, CUPED, and the unadjusted. */
function comparisonResult(
  variant: string,
  c: RatioComparison,
  pValueAdjusted: number,
  experiment: Experiment,
): ExperimentResults['comparisons'][number] {
  const lift = (e: RatioComparison['headline']) => ({
    absoluteLift: e.absoluteLift,
    relativeLift: e.relativeLift,
    standardError: e.standardError,
    ci95Absolute: [...e.ci95Absolute] as [number, number],
    ci95Relative: e.ci95Relative ? ([...e.ci95Relative] as [number, number]) : null,
    degreesOfFreedom: e.degreesOfFreedom,
  });
  return {
    variant,
    metric: 'approvalRate',
    unit: 'person',
    people: c.people,
    controlRate: c.controlRate,
    treatmentRate: c.treatmentRate,
    ...lift(c.headline),
    test: c.test,
    statistic: c.headline.statistic,
    pValue: c.headline.pValue,
    monteCarloError: c.monteCarloError,
    reassignments: c.reassignments,
    pValueAdjusted,
    significant: (experiment.sequential ? c.alwaysValid.pValue : pValueAdjusted) < experiment.alpha,
    chanceToBeatControl: c.chanceToBeatControl,
    expectedLoss: c.expectedLoss,
    posterior: c.posterior,
    alwaysValid: { pValue: c.alwaysValid.pValue, ci95: [...c.alwaysValid.ci95] },
    cuped: c.cuped.applied
      ? {
          applied: true,
          reason: null,
          covariates: c.cuped.covariates,
          theta: c.cuped.theta,
          varianceReduction: c.cuped.varianceReduction,
          peopleWithHistory: c.peopleWithHistory,
        }
      : {
          applied: false,
          reason: c.cuped.reason,
          covariates: [],
          theta: null,
          varianceReduction: null,
          peopleWithHistory: c.peopleWithHistory,
        },
    unadjusted: { ...lift(c.unadjusted), pValue: c.unadjusted.pValue },
  };
}
