import * as z from 'zod';
import { ValidationError } from '../errors';
import { toFieldErrors } from '../field-errors';
import { type ClusteredDesign, personVariance, sampleSizePerVariant } from '../statistics';
import { MAX_VARIANTS } from './definition';

const decimal = /^(0|[1-9]\d*)?(\.\d+)?$/;
const number = (description: string) =>
  z.string().regex(decimal, 'must be a decimal number').transform(Number).describe(description);
const fraction = (description: string) =>
  number(description).pipe(z.number().gt(0).lt(1)).describe(description);

/** `GET /v1/experiments/sample-size` query. */
export const sampleSizeQuerySchema = z
  .strictObject({
    baseline: fraction("The control's expected approval rate, above 0 and below 1"),
    mde: fraction('The smallest absolute change worth detecting (0.02 = 2 points)'),
    alpha: fraction('False-positive rate; 0.05 when absent').optional(),
    power: fraction('Chance to detect the effect; 0.8 when absent').optional(),
    variants: z
      .string()
      .regex(/^[2-5]$/, `must be a whole number from 2 to ${MAX_VARIANTS}`)
      .transform(Number)
      .optional()
      .describe('Variants, control included: 2 to 5; 2 when absent'),
    decisionsPerPerson: number(
      'Mean proposals a person decides during the experiment; 1 when absent',
    )
      .pipe(z.number().gte(1))
      .optional(),
    betweenPersonSd: number(
      "Standard deviation of people's own approval rates (how much people differ); " +
        'needs decisionsPerPerson',
    )
      .pipe(z.number().gte(0))
      .optional(),
    designEffect: number(
      'Instead of betweenPersonSd: variance over people / variance if decisions were ' +
        "independent, e.g. a past experiment's results `designEffect`; needs decisionsPerPerson",
    )
      .pipe(z.number().gt(0))
      .optional(),
  })
  .superRefine((query, ctx) => {
    const issue = (path: string, message: string, rule: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message, params: { rule } });
    if (query.baseline + query.mde >= 1) {
      issue('mde', 'baseline + mde must be below 1', 'rateBelowOne');
    }
    if (query.betweenPersonSd !== undefined && query.designEffect !== undefined) {
      issue('designEffect', 'give betweenPersonSd or designEffect, not both', 'oneOf');
    }
    const clustered = query.betweenPersonSd !== undefined || query.designEffect !== undefined;
    if (clustered && query.decisionsPerPerson === undefined) {
      issue(
        'decisionsPerPerson',
        'is required with betweenPersonSd or designEffect',
        'requiredWithClustering',
      );
    }
    // People's rates cannot spread more than a rate can: σ_b² <= p(1 − p) at both rates.
    const sd = query.betweenPersonSd;
    const limit = Math.min(
      Math.sqrt(query.baseline * (1 - query.baseline)),
      Math.sqrt(Math.max(0, (query.baseline + query.mde) * (1 - query.baseline - query.mde))),
    );
    if (sd !== undefined && sd > limit) {
      issue(
        'betweenPersonSd',
        `must be at most sqrt(p(1 - p)) at baseline and baseline + mde: ${limit.toFixed(4)}`,
        'maximum',
      );
    }
  });

export interface SampleSize {
  baseline: number;
  mde: number;
  alpha: number;
  power: number;
  variants: number;
  decisionsPerPerson: number;
  betweenPersonSd: number | null;
  /** The design effect at the baseline rate, as asked or from betweenPersonSd. */
  designEffect: number;
  peoplePerVariant: number;
  totalPeople: number;
  decisionsPerVariant: number;
}

/**
 * People each variant needs to detect an absolute change of `mde` in approval rate from
 * `baseline`, two-sided, with alpha split among the comparisons with control (Bonferroni:
 * slightly conservative next to the Holm adjustment the results apply). With several
 * decisions per person, each person's rate is as noisy as personVariance says: people who
 * differ (betweenPersonSd, or a design effect) make more decisions per person worth less.
 */
export function computeSampleSize(query: Record<string, string | undefined>): SampleSize {
  const parsed = sampleSizeQuerySchema.safeParse(query, { reportInput: true });
  if (!parsed.success) {
    throw new ValidationError('The query is invalid', { errors: toFieldErrors(parsed.error) });
  }
  const { baseline, mde } = parsed.data;
  const alpha = parsed.data.alpha ?? 0.05;
  const power = parsed.data.power ?? 0.8;
  const variants = parsed.data.variants ?? 2;
  const decisionsPerPerson = parsed.data.decisionsPerPerson ?? 1;
  const design: ClusteredDesign = {
    decisionsPerPerson,
    ...(parsed.data.betweenPersonSd === undefined
      ? {}
      : { betweenPersonSd: parsed.data.betweenPersonSd }),
    ...(parsed.data.designEffect === undefined ? {} : { designEffect: parsed.data.designEffect }),
  };
  const peoplePerVariant = sampleSizePerVariant({
    baseline,
    mde,
    alpha,
    power,
    comparisons: variants - 1,
    design,
  });
  const binomial = baseline * (1 - baseline);
  return {
    baseline,
    mde,
    alpha,
    power,
    variants,
    decisionsPerPerson,
    betweenPersonSd: parsed.data.betweenPersonSd ?? null,
    designEffect: (personVariance(baseline, design) * decisionsPerPerson) / binomial,
    peoplePerVariant,
    totalPeople: peoplePerVariant * variants,
    decisionsPerVariant: Math.ceil(peoplePerVariant * decisionsPerPerson),
  };
}
