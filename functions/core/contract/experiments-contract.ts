import { z } from 'zod';
import { experimentStates, guardrailMetrics, variantSchema } from '../experiments/definition';

const count = z.number().int().nonnegative();
const rate = z.number().min(0).max(1).nullable();
const timestamp = z.iso.datetime();
const interval = z.tuple([z.number(), z.number()]).describe('[lower, upper]');

/** One variant's figures in the results. */
const variantResultSchema = z.object({
  key: z.string(),
  modelVersion: z.string(),
  control: z.boolean(),
  exposures: count.describe('People assigned to the variant'),
  feedback: count.describe('Decisions learned under the variant'),
  approved: count,
  approvalRate: rate.describe('approved / feedback; null without feedback'),
  modificationRate: rate.describe('modified / feedback; null without feedback'),
  editDistance: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('Mean normalized edit distance of modified proposals; null when none'),
});

const comparisonSchema = z.object({
  variant: z.string(),
  metric: z.literal('approvalRate'),
  controlRate: z.number(),
  treatmentRate: z.number(),
  absoluteLift: z.number().describe('Treatment rate - control rate'),
  relativeLift: z.number().nullable().describe('Treatment rate / control rate - 1'),
  ci95Absolute: interval,
  ci95Relative: interval.nullable(),
  test: z.enum(['pooled-z', 'fisher-exact']),
  pValue: z.number().describe('Fixed-horizon, two-sided'),
  pValueAdjusted: z.number().describe('Holm-adjusted across every variant and metric'),
  significant: z.boolean().describe('The p-value the decision uses is below alpha'),
  chanceToBeatControl: z.number(),
  expectedLoss: z.number(),
  alwaysValid: z
    .object({ pValue: z.number(), ci95: interval })
    .describe('mSPRT: valid however often the results are looked at'),
});

const guardrailSchema = z.object({
  variant: z.string(),
  metric: z.enum(guardrailMetrics),
  control: z.number().nullable(),
  treatment: z.number().nullable(),
  pValue: z.number().nullable().describe('One-sided: is the variant worse than control?'),
  pValueAdjusted: z.number().nullable(),
  harmed: z.boolean().describe('Significantly worse than control after adjustment'),
});

/** `GET /v1/experiments/{id}/results`. */
export const experimentResultsSchema = z
  .object({
    experimentId: z.string(),
    state: z.enum(experimentStates),
    computedAt: timestamp,
    variants: z.array(variantResultSchema),
    srm: z
      .object({
        chi2: z.number(),
        pValue: z.number(),
        mismatch: z.boolean().describe('pValue < 0.001: the split is broken'),
        expected: z.array(z.number()),
      })
      .describe('Sample ratio mismatch: do exposures match the weights?'),
    comparisons: z.array(comparisonSchema).describe('One per non-control variant, with data'),
    guardrails: z.array(guardrailSchema),
    power: z.object({
      baseline: rate.describe("Control's approval rate so far"),
      minimumDetectableEffect: z.number(),
      requiredPerVariant: count.nullable().describe('People per variant to detect the effect'),
      smallestVariantExposures: count,
      achievedPower: z.number().nullable(),
    }),
    decision: z.object({
      action: z.enum(['keep-running', 'ship', 'stop-no-effect', 'stop-srm']),
      variant: z.string().nullable().describe('The variant to ship, for `ship`'),
      reason: z.string(),
    }),
  })
  .describe("An experiment's figures, tests and what to do next");

export type ExperimentResults = z.infer<typeof experimentResultsSchema>;

/** An experiment as the API shows it. */
export const experimentViewSchema = z
  .object({
    experimentId: z.string(),
    state: z.enum(experimentStates),
    version: z.number().int().positive().describe('Send as If-Match to refuse stale writes'),
    name: z.string(),
    description: z.string().nullable(),
    variants: z.array(variantSchema),
    coverage: z.number(),
    seed: z.string(),
    layer: z.string().nullable(),
    primaryMetric: z.literal('approvalRate'),
    guardrails: z.array(z.enum(guardrailMetrics)),
    alpha: z.number(),
    power: z.number(),
    minimumDetectableEffect: z.number(),
    sequential: z.boolean(),
    maxDurationDays: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
    startedAt: timestamp.nullable(),
    endedAt: timestamp.nullable(),
    winner: z.string().nullable(),
    promoted: z.boolean(),
    finalResults: experimentResultsSchema
      .nullable()
      .describe('The results frozen when it concluded'),
  })
  .describe('An A/B experiment between model versions');

export type ExperimentView = z.infer<typeof experimentViewSchema>;

export const experimentListSchema = z
  .object({ experiments: z.array(experimentViewSchema) })
  .describe('Experiments, newest first');

export const assignmentSchema = z
  .union([
    z.object({
      experimentId: z.string(),
      inExperiment: z.literal(true),
      variant: z.string(),
      modelVersion: z.string(),
    }),
    z.object({
      experimentId: z.string(),
      inExperiment: z.literal(false),
      reason: z
        .enum(['notRunning', 'coverage', 'layer'])
        .describe(
          '`notRunning`: the experiment is not running; `coverage`: the person falls outside ' +
            'it; `layer`: the person is in another experiment of its layer',
        ),
    }),
  ])
  .describe('The variant a person sees, or why they see none');

export const assignmentsSchema = z
  .object({ userId: z.string(), assignments: z.array(assignmentSchema) })
  .describe("A person's assignment in every running experiment");

export const sampleSizeSchema = z
  .object({
    baseline: z.number(),
    mde: z.number(),
    alpha: z.number(),
    power: z.number(),
    variants: z.number().int(),
    peoplePerVariant: count,
    totalPeople: count,
  })
  .describe('People needed per variant (alpha split among the comparisons with control)');

export const defaultModelSchema = z
  .object({
    modelVersion: z.string(),
    experimentId: z.string().nullable().describe('The experiment that promoted it'),
    updatedAt: timestamp,
  })
  .describe("The tenant's default model version");
