import { holm } from './multiple-comparisons';

/** What the results say to do next. */
export type DecisionAction = 'keep-running' | 'ship' | 'stop-no-effect' | 'stop-srm';

export interface VariantEvidence {
  name: string;
  /** Primary metric lift against control, oriented so that positive is better. */
  absoluteLift: number;
  /** Primary metric's always-valid p-value against control (running minimum over looks). */
  alwaysValidPValue: number;
  /** Guardrail metrics this variant significantly harms (one-sided, Holm-adjusted p < alpha). */
  harmedGuardrails: readonly string[];
}

export interface DecisionInput {
  srm: { mismatch: boolean; pValue: number };
  /** One entry per non-control variant. */
  variants: readonly VariantEvidence[];
  /** People in the smallest variant so far. */
  peoplePerVariant: number;
  /**
   * People per variant the experiment was planned for (sampleSizePerVariant). 0 means no
   * plan (the size could not be computed): then only maxDurationDays ends the experiment.
   */
  requiredPerVariant: number;
  daysRunning: number;
  maxDurationDays: number;
  /** Default 0.05. */
  alpha?: number;
}

export interface Decision {
  action: DecisionAction;
  /** The variant to ship, only when action is 'ship'. */
  variant?: string;
  /** The decision in a sentence a product manager can act on. */
  reason: string;
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Turns an experiment's results into one of four decisions. The policy, first match wins:
 * 1. stop-srm: the traffic split does not match the weights (SRM p < 0.001); nothing else
 *    can be trusted until assignment is fixed.
 * 2. ship: some variant beats control on the primary metric with an always-valid p-value,
 *    Holm-adjusted across variants, below alpha, and harms no guardrail. Always-valid
 *    p-values may be checked daily, so this may stop early. With several, the largest lift.
 * 3. stop-no-effect: every variant is significantly worse on the primary metric or harms
 *    a guardrail, so none can ever ship.
 * 4. stop-no-effect: the planned people per variant (when there is a plan), or the maximum
 *    duration, is reached without a shippable winner.
 * 5. keep-running otherwise, saying how far along the experiment is.
 */
export function decide(input: DecisionInput): Decision {
  const alpha = input.alpha ?? 0.05;
  if (input.srm.mismatch) {
    return {
      action: 'stop-srm',
      reason: `The traffic split does not match the configured weights (SRM p = ${input.srm.pValue.toPrecision(2)}); assignment or logging is broken, so the results cannot be trusted. Fix it and restart.`,
    };
  }
  const adjusted = holm(input.variants.map((v) => v.alwaysValidPValue));
  const assessed = input.variants.map((variant, i) => {
    const significant = (adjusted[i] ?? 1) < alpha;
    return {
      variant,
      better: significant && variant.absoluteLift > 0,
      worse: significant && variant.absoluteLift < 0,
      harms: variant.harmedGuardrails.length > 0,
    };
  });
  const winners = assessed
    .filter(({ better, harms }) => better && !harms)
    .sort((a, b) => b.variant.absoluteLift - a.variant.absoluteLift);
  const best = winners[0];
  if (best) {
    return {
      action: 'ship',
      variant: best.variant.name,
      reason: `${best.variant.name} beats control on the primary metric (lift ${best.variant.absoluteLift.toPrecision(3)}, significant even with daily checking) and harms no guardrail.`,
    };
  }
  const blocked = assessed.filter(({ worse, harms }) => worse || harms);
  if (assessed.length > 0 && blocked.length === assessed.length) {
    const why = blocked
      .map(({ variant, worse }) =>
        worse
          ? `${variant.name} is worse on the primary metric`
          : `${variant.name} harms ${variant.harmedGuardrails.join(', ')}`,
      )
      .join('; ');
    return { action: 'stop-no-effect', reason: `No variant can ship: ${why}.` };
  }
  const harmNote = assessed
    .filter(({ better, harms }) => better && harms)
    .map(({ variant }) => ` ${variant.name} wins but harms ${variant.harmedGuardrails.join(', ')}.`)
    .join('');
  const planned = input.requiredPerVariant > 0;
  const progress = planned ? input.peoplePerVariant / input.requiredPerVariant : 0;
  if (planned && progress >= 1) {
    return {
      action: 'stop-no-effect',
      reason: `The planned ${input.requiredPerVariant} people per variant are reached with no shippable winner: any real effect is probably smaller than the one the experiment was sized for.${harmNote}`,
    };
  }
  const soFar = planned
    ? `${percent(progress)} of the planned ${input.requiredPerVariant} people per variant`
    : `${input.peoplePerVariant} people per variant (no planned size)`;
  if (input.daysRunning >= input.maxDurationDays) {
    return {
      action: 'stop-no-effect',
      reason: `The maximum duration of ${input.maxDurationDays} days is reached at ${soFar} with no shippable winner.${harmNote}`,
    };
  }
  return {
    action: 'keep-running',
    reason: `No decision yet: ${soFar} after ${input.daysRunning} of at most ${input.maxDurationDays} days.${harmNote}`,
  };
}
