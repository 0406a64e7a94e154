import { z } from 'zod';
import { ValidationError } from '../errors';
import { toFieldErrors } from '../field-errors';
import { sampleSizePerVariant } from '../statistics';
import { MAX_VARIANTS } from './definition';

const decimal = /^(0|[1-9]\d*)?(\.\d+)?$/;
const fraction = (description: string) =>
  z
    .string()
    .regex(decimal, 'must be a decimal number')
    .transform(Number)
    .pipe(z.number().gt(0).lt(1))
    .describe(description);

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
  })
  .superRefine((query, ctx) => {
    if (query.baseline + query.mde >= 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['mde'],
        message: 'baseline + mde must be below 1',
        params: { rule: 'rateBelowOne' },
      });
    }
  });

export interface SampleSize {
  baseline: number;
  mde: number;
  alpha: number;
  power: number;
  variants: number;
  peoplePerVariant: number;
  totalPeople: number;
}

/**
 * People each variant needs to detect an absolute change of `mde` in approval rate from
 * `baseline`, two-sided, with alpha split among the comparisons with control (Bonferroni:
 * slightly conservative next to the Holm adjustment the results apply).
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
  const peoplePerVariant = sampleSizePerVariant({
    baseline,
    mde,
    alpha,
    power,
    comparisons: variants - 1,
  });
  return {
    baseline,
    mde,
    alpha,
    power,
    variants,
    peoplePerVariant,
    totalPeople: peoplePerVariant * variants,
  };
}
