import type { ExperimentResults } from '../contract/experiments-contract';
import {
  decide,
  peopleForObservedVariance,
  powerAtStandardError,
  type RatioComparison,
  type RatioMoments,
  ratioEstimate,
} from '../statistics';
import type { Experiment } from './definition';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Power from the variance the data show, over people (CUPED-adjusted when the comparison
 * is): the people per variant each comparison needs for the experiment's power at its MDE
 * (the largest over comparisons), and the chance to detect the MDE at the standard error
 * each has now (the smallest). Alpha is split among the comparisons (Bonferroni), as in
 * planning. Before any comparison exists, control's own variance stands in for both sides.
 */
export function powerOf(
  experiment: Experiment,
  comparisons: readonly RatioComparison[],
  controlApproval: RatioMoments,
  variants: readonly { exposures: number; people: number }[],
): ExperimentResults['power'] {
  const planning = {
    mde: experiment.minimumDetectableEffect,
    alpha: experiment.alpha,
    comparisons: experiment.variants.length - 1,
  };
  const required = (control: number, treatment: number) =>
    control + treatment > 0
      ? peopleForObservedVariance({
          ...planning,
          power: experiment.power,
          personVariances: [control, treatment],
        })
      : null;
  let requiredPerVariant: number | null = null;
  if (comparisons.length > 0) {
    const each = comparisons.map(({ headline: { personVariances: v } }) =>
      required(v.control, v.treatment),
    );
    requiredPerVariant = each.some((n) => n === null) ? null : Math.max(...(each as number[]));
  } else if (controlApproval.n >= 2) {
    const controlVariance = controlApproval.n * ratioEstimate(controlApproval).variance;
    requiredPerVariant = required(controlVariance, controlVariance);
  }
  const everyVariantCompared = comparisons.length === experiment.variants.length - 1;
  return {
    baseline: controlApproval.n > 0 ? controlApproval.sumX / controlApproval.sumM : null,
    minimumDetectableEffect: experiment.minimumDetectableEffect,
    requiredPerVariant,
    smallestVariantExposures: Math.min(...variants.map((v) => v.exposures)),
    smallestVariantPeople: Math.min(...variants.map((v) => v.people)),
    achievedPower:
      everyVariantCompared && comparisons.length > 0
        ? Math.min(
            ...comparisons.map((c) =>
              powerAtStandardError({ ...planning, standardError: c.headline.standardError }),
            ),
          )
        : null,
  };
}

/** The decision in words, from the facts above (see `decide` for the policy). */
export function decisionOf(
  experiment: Experiment,
  facts: {
    srm: { mismatch: boolean; pValue: number };
    comparisons: ExperimentResults['comparisons'];
    guardrails: ExperimentResults['guardrails'];
    power: ExperimentResults['power'];
    now: Date;
  },
): ExperimentResults['decision'] {
  const started = experiment.startedAt ? Date.parse(experiment.startedAt) : facts.now.getTime();
  const ended = experiment.endedAt ? Date.parse(experiment.endedAt) : facts.now.getTime();
  const daysRunning = Math.max(0, Math.floor((ended - started) / DAY_MS));
  const { requiredPerVariant, smallestVariantPeople } = facts.power;
  const planReached = requiredPerVariant !== null && smallestVariantPeople >= requiredPerVariant;
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
    peoplePerVariant: smallestVariantPeople,
    // No estimable variance yet means no plan: then only the maximum duration ends it.
    requiredPerVariant: requiredPerVariant ?? 0,
    daysRunning,
    maxDurationDays: experiment.maxDurationDays,
    alpha: experiment.alpha,
  });
  return { action: decision.action, variant: decision.variant ?? null, reason: decision.reason };
}
