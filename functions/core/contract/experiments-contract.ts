import * as z from 'zod';
import { experimentStates, guardrailMetrics, variantSchema } from '../experiments/definition';

const count = z.number().int().nonnegative();
const rate = z.number().min(0).max(1).nullable();
const timestamp = z.iso.datetime();
const interval = z.tuple([z.number(), z.number()]).describe('[lower, upper]');

const peoplePair = z
  .object({ control: count, treatment: count })
  .describe('People with decisions in the metric, per side');
const ratioTest = z
  .enum(['welch-t', 'permutation-exact', 'permutation-monte-carlo'])
  .describe(
    '`welch-t`: delta-method t with Welch–Satterthwaite degrees of freedom, when both ' +
      'variants have `smallSamplePeople` people or more; below that, a permutation test ' +
      'over people, every reassignment enumerated (`permutation-exact`) or seeded random ' +
      'ones drawn (`permutation-monte-carlo`)',
  );

/** One variant's figures in the results. */
const variantResultSchema = z.object({
  key: z.string(),
  modelVersion: z.string(),
  control: z.boolean(),
  exposures: count.describe('People assigned to the variant (what the SRM check counts)'),
  people: count.describe('People with at least one decision: the unit every test counts'),
  feedback: count.describe('Decisions learned under the variant'),
  approved: count,
  approvalRate: rate.describe(
    'approved / feedback, the per-person ratio Σapproved / Σdecided; null without feedback',
  ),
  modificationRate: rate.describe('modified / feedback; null without feedback'),
  editDistance: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('Mean normalized edit distance of modified proposals; null when none'),
  designEffect: z
    .number()
    .nullable()
    .describe(
      'Var(approval rate) over people / the variance if every decision were independent: how ' +
        'much clustering within people inflates it (1: none). Usable as the sample-size ' +
        '`designEffect`. Null below 2 people or at a rate of 0 or 1',
    ),
});

const liftSchema = {
  absoluteLift: z.number().describe('Treatment rate - control rate'),
  relativeLift: z.number().nullable().describe('Treatment rate / control rate - 1'),
  standardError: z.number().describe('Of absoluteLift, by the delta method over people'),
  ci95Absolute: interval.describe('absoluteLift ± t(0.975, degreesOfFreedom) · standardError'),
  ci95Relative: interval.nullable().describe('Delta-method interval of relativeLift'),
  degreesOfFreedom: z.number().describe('Welch–Satterthwaite'),
};

const cupedSchema = z
  .object({
    applied: z.boolean(),
    reason: z
      .enum(['noCovariate', 'noHistory', 'degenerate', 'smallSample'])
      .nullable()
      .describe(
        'Why not applied: no covariate data, nobody with history, covariates that do not ' +
          'vary, or fewer than `smallSamplePeople` people; null when applied',
      ),
    covariates: z
      .array(z.enum(['hasHistory', 'priorApprovalRate']))
      .describe("Per person: decided before assignment (0/1), and that pre-period's approval rate"),
    theta: z
      .object({ hasHistory: z.number(), priorApprovalRate: z.number() })
      .nullable()
      .describe('Regression coefficients, pooled within the two variants'),
    varianceReduction: z
      .number()
      .nullable()
      .describe('1 - Var(adjusted lift) / Var(unadjusted lift)'),
    peopleWithHistory: peoplePair,
  })
  .describe('CUPED on the per-person ratio with pre-assignment covariates');

const comparisonSchema = z.object({
  variant: z.string(),
  metric: z.literal('approvalRate'),
  unit: z.literal('person'),
  people: peoplePair,
  controlRate: z.number().describe('Observed, unadjusted'),
  treatmentRate: z.number().describe('Observed, unadjusted'),
  ...liftSchema,
  test: ratioTest,
  statistic: z
    .number()
    .nullable()
    .describe('absoluteLift / standardError; null when the standard error is 0'),
  pValue: z.number().describe('Fixed-horizon, two-sided'),
  monteCarloError: z
    .number()
    .nullable()
    .describe('Standard error of a Monte-Carlo permutation p-value; null otherwise'),
  reassignments: count.nullable().describe('Permutations enumerated or drawn; null for welch-t'),
  pValueAdjusted: z.number().describe('Holm-adjusted across every variant and metric'),
  significant: z.boolean().describe('The p-value the decision uses is below alpha'),
  chanceToBeatControl: z.number(),
  expectedLoss: z.number(),
  posterior: z
    .enum(['normal', 'bayesian-bootstrap'])
    .describe('Normal on the same variance; Bayesian bootstrap over people below the switch'),
  alwaysValid: z
    .object({ pValue: z.number(), ci95: interval })
    .describe(
      'mSPRT on the headline estimate: valid however often the results are looked at; it ' +
        'starts looking once both variants have `smallSamplePeople` people',
    ),
  cuped: cupedSchema,
  unadjusted: z
    .object({ ...liftSchema, pValue: z.number() })
    .describe('The same comparison without CUPED; equals the headline when not applied'),
});

const guardrailSchema = z.object({
  variant: z.string(),
  metric: z.enum(guardrailMetrics),
  unit: z.literal('person'),
  people: peoplePair,
  control: z.number().nullable(),
  treatment: z.number().nullable(),
  test: ratioTest.nullable().describe('Null when a side has fewer than 2 people'),
  degreesOfFreedom: z.number().nullable(),
  monteCarloError: z.number().nullable(),
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
    unit: z
      .literal('person')
      .describe('Experiments randomize people: every test treats a person as one observation'),
    smallSamplePeople: count.describe(
      'Below this many people in a variant, p-values come from a permutation test',
    ),
    variants: z.array(variantResultSchema),
    srm: z
      .object({
        chi2: z.number(),
        pValue: z.number(),
        mismatch: z.boolean().describe('pValue < 0.001: the split is broken'),
        expected: z.array(z.number()),
      })
      .describe('Sample ratio mismatch: do exposures match the weights?'),
    comparisons: z
      .array(comparisonSchema)
      .describe('One per non-control variant with 2 people or more on each side'),
    guardrails: z.array(guardrailSchema),
    power: z.object({
      baseline: rate.describe("Control's approval rate so far"),
      minimumDetectableEffect: z.number(),
      requiredPerVariant: count
        .nullable()
        .describe(
          'People with decisions per variant to detect the effect, at the per-person ' +
            'variance observed (CUPED-adjusted when applied); null until estimable',
        ),
      smallestVariantExposures: count,
      smallestVariantPeople: count.describe('People with decisions in the smallest variant'),
      achievedPower: z
        .number()
        .nullable()
        .describe('Chance to detect the effect at the standard error observed now'),
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
    decisionsPerPerson: z.number().describe('As asked; 1 when absent'),
    betweenPersonSd: z.number().nullable().describe('As asked; null when absent'),
    designEffect: z
      .number()
      .describe(
        'At the baseline: 1 + (decisionsPerPerson - 1) · betweenPersonSd² / (p(1 - p)), or as asked',
      ),
    peoplePerVariant: count,
    totalPeople: count,
    decisionsPerVariant: count.describe('peoplePerVariant × decisionsPerPerson, rounded up'),
  })
  .describe('People needed per variant (alpha split among the comparisons with control)');

export const defaultModelSchema = z
  .object({
    modelVersion: z.string(),
    experimentId: z.string().nullable().describe('The experiment that promoted it'),
    updatedAt: timestamp,
  })
  .describe("The tenant's default model version");
