import type { ExperimentResults } from '../contract/experiments-contract';
import {
  type AlwaysValidResult,
  compareProportions,
  decide,
  holm,
  normalCdf,
  type ProportionComparison,
  sampleSizePerVariant,
  achievedPower as solvePower,
  srmCheck,
} from '../statistics';
import type { Experiment, GuardrailMetric } from './definition';

/** What was counted of one variant: people assigned and feedback learned. */
export interface VariantCounts {
  exposures: number;
  feedback: number;
  approved: number;
  modified: number;
  editDistanceSum: number;
  editDistanceSumSquares: number;
}

const NO_COUNTS: VariantCounts = {
  exposures: 0,
  feedback: 0,
  approved: 0,
  modified: 0,
  editDistanceSum: 0,
  editDistanceSumSquares: 0,
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** One guardrail test before adjustment: p-value of "the variant is worse than control". */
interface GuardrailTest {
  variant: string;
  metric: GuardrailMetric;
  control: number | null;
  treatment: number | null;
  pValue: number | null;
}

/**
 * The results of an experiment from its counts: per-variant figures, the SRM check, each
 * variant against control on approval rate, the guardrails (one-sided: only harm counts),
 * Holm's adjustment across every variant and metric, power, and the decision. Pure: the
 * same counts and `now` give the same results.
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
      feedback: c.feedback,
      approved: c.approved,
      approvalRate: ratio(c.approved, c.feedback),
      modificationRate: ratio(c.modified, c.feedback),
      editDistance: ratio(c.editDistanceSum, c.modified),
    };
  });

  const srm = srmCheck(
    experiment.variants.map((variant) => of(variant.key).exposures),
    experiment.variants.map((variant) => variant.weight),
  );

  const controlCounts = of(control.key);
  const primary: { variant: string; comparison: ProportionComparison }[] = [];
  for (const treatment of treatments) {
    const t = of(treatment.key);
    if (controlCounts.feedback === 0 || t.feedback === 0) continue;
    primary.push({
      variant: treatment.key,
      comparison: compareProportions(
        { successes: controlCounts.approved, trials: controlCounts.feedback },
        { successes: t.approved, trials: t.feedback },
        // The mSPRT is most sensitive near its mixing scale: the effect the experiment is for.
        {
          alpha: experiment.alpha,
          tau: experiment.minimumDetectableEffect,
          previousAlwaysValid: previousAlwaysValid.get(treatment.key),
        },
      ),
    });
  }

  const guardrailTests: GuardrailTest[] = treatments.flatMap((treatment) =>
    experiment.guardrails.map((metric) =>
      guardrailTest(metric, treatment.key, controlCounts, of(treatment.key), experiment.alpha),
    ),
  );

  // One family for Holm: every variant on the primary metric and on every guardrail.
  const family = [
    ...primary.map((p) => p.comparison.pValue),
    ...guardrailTests.flatMap((g) => (g.pValue === null ? [] : [g.pValue])),
  ];
  const adjusted = holm(family);
  let next = 0;
  const take = () => adjusted[next++] ?? 1;

  const comparisons = primary.map(({ variant, comparison }) => {
    const pValueAdjusted = take();
    return {
      variant,
      metric: 'approvalRate' as const,
      controlRate: comparison.controlRate,
      treatmentRate: comparison.treatmentRate,
      absoluteLift: comparison.absoluteLift,
      relativeLift: comparison.relativeLift,
      ci95Absolute: [...comparison.ci95Absolute] as [number, number],
      ci95Relative: comparison.ci95Relative
        ? ([...comparison.ci95Relative] as [number, number])
        : null,
      test: comparison.test,
      pValue: comparison.pValue,
      pValueAdjusted,
      significant:
        (experiment.sequential ? comparison.alwaysValid.pValue : pValueAdjusted) < experiment.alpha,
      chanceToBeatControl: comparison.chanceToBeatControl,
      expectedLoss: comparison.expectedLoss,
      alwaysValid: {
        pValue: comparison.alwaysValid.pValue,
        ci95: [...comparison.alwaysValid.ci95] as [number, number],
      },
    };
  });
  const guardrails = guardrailTests.map((test) => {
    const pValueAdjusted = test.pValue === null ? null : take();
    return {
      ...test,
      pValueAdjusted,
      harmed: pValueAdjusted !== null && pValueAdjusted < experiment.alpha,
    };
  });

  const smallestVariantExposures = Math.min(...variants.map((v) => v.exposures));
  const power = powerOf(experiment, variants[0]?.approvalRate ?? null, smallestVariantExposures);
  const started = experiment.startedAt ? Date.parse(experiment.startedAt) : now.getTime();
  const ended = experiment.endedAt ? Date.parse(experiment.endedAt) : now.getTime();
  const daysRunning = Math.max(0, Math.floor((ended - started) / DAY_MS));

  return {
    experimentId: experiment.experimentId,
    state: experiment.state,
    computedAt: now.toISOString(),
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
    decision: decisionOf(experiment, {
      srm,
      comparisons,
      guardrails,
      smallestVariantExposures,
      requiredPerVariant: power.requiredPerVariant,
      daysRunning,
    }),
  };
}

/**
 * A guardrail of one variant against control, one-sided on harm: a higher modification rate
 * (two-proportion test) or a higher mean edit distance of modified proposals (Welch's z
 * test on the means; fine at the sample sizes experiments run at). Null without data.
 */
function guardrailTest(
  metric: GuardrailMetric,
  variant: string,
  control: VariantCounts,
  treatment: VariantCounts,
  alpha: number,
): GuardrailTest {
  if (metric === 'modificationRate') {
    if (control.feedback === 0 || treatment.feedback === 0) {
      return { variant, metric, control: null, treatment: null, pValue: null };
    }
    const compared = compareProportions(
      { successes: control.modified, trials: control.feedback },
      { successes: treatment.modified, trials: treatment.feedback },
      { alpha, oneSided: 'greater' },
    );
    return {
      variant,
      metric,
      control: compared.controlRate,
      treatment: compared.treatmentRate,
      pValue: compared.pValue,
    };
  }
  const meanOf = (c: VariantCounts) => (c.modified > 0 ? c.editDistanceSum / c.modified : null);
  const controlMean = meanOf(control);
  const treatmentMean = meanOf(treatment);
  if (
    controlMean === null ||
    treatmentMean === null ||
    control.modified < 2 ||
    treatment.modified < 2
  ) {
    return { variant, metric, control: controlMean, treatment: treatmentMean, pValue: null };
  }
  const varianceOfMean = (c: VariantCounts, mean: number) =>
    Math.max(0, (c.editDistanceSumSquares - c.modified * mean * mean) / (c.modified - 1)) /
    c.modified;
  const standardError = Math.sqrt(
    varianceOfMean(control, controlMean) + varianceOfMean(treatment, treatmentMean),
  );
  const difference = treatmentMean - controlMean;
  const pValue =
    standardError === 0 ? (difference > 0 ? 0 : 1) : 1 - normalCdf(difference / standardError);
  return { variant, metric, control: controlMean, treatment: treatmentMean, pValue };
}

function powerOf(
  experiment: Experiment,
  baseline: number | null,
  smallestVariantExposures: number,
): ExperimentResults['power'] {
  const mde = experiment.minimumDetectableEffect;
  const comparisons = experiment.variants.length - 1;
  // The planning formula needs both rates strictly inside (0, 1).
  const usable = baseline !== null && baseline > 0 && baseline + mde < 1;
  const input = { baseline: baseline ?? 0, mde, alpha: experiment.alpha, comparisons };
  return {
    baseline,
    minimumDetectableEffect: mde,
    requiredPerVariant: usable ? sampleSizePerVariant({ ...input, power: experiment.power }) : null,
    smallestVariantExposures,
    achievedPower: usable ? solvePower({ ...input, nPerVariant: smallestVariantExposures }) : null,
  };
}

function decisionOf(
  experiment: Experiment,
  facts: {
    srm: { mismatch: boolean; pValue: number };
    comparisons: ExperimentResults['comparisons'];
    guardrails: ExperimentResults['guardrails'];
    smallestVariantExposures: number;
    requiredPerVariant: number | null;
    daysRunning: number;
  },
): ExperimentResults['decision'] {
  if (facts.requiredPerVariant === null && !facts.srm.mismatch) {
    return {
      action: 'keep-running',
      variant: null,
      reason:
        'No decision yet: the control has no usable approval rate (no feedback yet, or 0% ' +
        'or 100%), so neither the effect nor the sample the experiment needs can be judged.',
    };
  }
  const requiredPerVariant = facts.requiredPerVariant ?? 0;
  const planReached = facts.smallestVariantExposures >= requiredPerVariant;
  const decision = decide({
    srm: facts.srm,
    variants: facts.comparisons.map((comparison) => ({
      name: comparison.variant,
      absoluteLift: comparison.absoluteLift,
      // A fixed-horizon test may only be read once, at the planned sample: before it, it
      // must not count as evidence (peeking would inflate false positives).
      alwaysValidPValue: experiment.sequential
        ? comparison.alwaysValid.pValue
        : planReached
          ? comparison.pValue
          : 1,
      harmedGuardrails: facts.guardrails
        .filter((g) => g.variant === comparison.variant && g.harmed)
        .map((g) => g.metric),
    })),
    peoplePerVariant: facts.smallestVariantExposures,
    requiredPerVariant,
    daysRunning: facts.daysRunning,
    maxDurationDays: experiment.maxDurationDays,
    alpha: experiment.alpha,
  });
  return { action: decision.action, variant: decision.variant ?? null, reason: decision.reason };
}
