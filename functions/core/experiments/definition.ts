import * as z from 'zod';
import { ConflictError, ValidationError } from '../errors';
import { modelVersionSchema } from '../feedback';
import { toFieldErrors } from '../field-errors';
import { DEFAULT_LIST_PAGE_SIZE, MAX_LIST_PAGE_SIZE, newestFirst } from './list-pages';

/** Most variants an experiment may compare, control included. */
export const MAX_VARIANTS = 5;
/** Weights must sum to 1 within this: decimal fractions (0.1 + 0.2) are not exact in binary. */
export const WEIGHT_SUM_TOLERANCE = 1e-9;
export const EXPERIMENT_BODY_LIMIT_BYTES = 16 * 1024;

export const experimentStates = ['draft', 'running', 'paused', 'concluded', 'cancelled'] as const;
export type ExperimentState = (typeof experimentStates)[number];

export const guardrailMetrics = ['modificationRate', 'editDistance'] as const;
export type GuardrailMetric = (typeof guardrailMetrics)[number];

const modelVersion = modelVersionSchema;
/** As feedback spells a variant, so that feedback can name it. */
const variantKey = z.string().regex(/^[A-Za-z0-9._-]{1,50}$/, 'must be 1-50 of A-Z a-z 0-9 . _ -');
/** As feedback spells an experiment id. */
export const experimentIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1-100 of A-Z a-z 0-9 . _ -')
  .describe('The experiment id');

const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => value.isWellFormed() && !/\p{Cc}/u.test(value), {
      message: 'must be well-formed Unicode without control characters',
      params: { rule: 'printableText' },
    });

/**
 * DynamoDB holds numbers down to a magnitude of 1e-130 (and 0): a smaller share, rate or
 * effect would fail the write as a 500. None that small means anything, so it is refused.
 */
const storable = (schema: z.ZodNumber) =>
  schema.refine((value) => value === 0 || Math.abs(value) >= 1e-130, {
    message: 'must be 0 or at least 1e-130',
    params: { rule: 'storableNumber' },
  });

export const variantSchema = z.strictObject({
  key: variantKey.describe('How feedback names the variant'),
  modelVersion: modelVersion.describe('The model version this variant serves'),
  weight: storable(z.number().gt(0).max(1)).describe('Share of the people in the experiment'),
});
export type Variant = z.infer<typeof variantSchema>;

const fields = {
  name: text(200),
  description: z.string().max(2000).optional(),
  variants: z
    .array(variantSchema)
    .min(2)
    .max(MAX_VARIANTS)
    .describe('2 to 5 variants with unique keys; the first is the control; weights sum to 1'),
  coverage: storable(z.number().min(0).max(1)).describe(
    'Share of people who enter the experiment at all; 1 when absent',
  ),
  seed: text(200).describe('Hash seed; the experiment id when absent'),
  layer: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1-100 of A-Z a-z 0-9 . _ -')
    .describe('Running experiments of one layer never share a person'),
  primaryMetric: z.literal('approvalRate'),
  guardrails: z
    .array(z.enum(guardrailMetrics))
    .max(guardrailMetrics.length)
    .describe('Metrics that must not get worse; both when absent'),
  alpha: storable(z.number().gt(0).lt(0.5)).describe('False-positive rate; 0.05 when absent'),
  power: storable(z.number().gt(0).lt(1)).describe('Chance to detect the effect; 0.8 when absent'),
  minimumDetectableEffect: storable(z.number().gt(0).lt(1)).describe(
    'Smallest change in approval rate worth detecting, absolute (0.02 = 2 points)',
  ),
  sequential: z
    .boolean()
    .describe('Decide on always-valid p-values, safe to peek at; true when absent'),
  maxDurationDays: z.number().int().min(1).max(365).describe('30 when absent'),
};

function checkVariants(
  value: { variants?: Variant[]; guardrails?: GuardrailMetric[] },
  ctx: z.RefinementCtx,
) {
  const variants = value.variants ?? [];
  const keys = new Set<string>();
  variants.forEach((variant, index) => {
    if (keys.has(variant.key)) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants', index, 'key'],
        message: 'must be unique within the experiment',
        params: { rule: 'uniqueKey' },
      });
    }
    keys.add(variant.key);
  });
  const sum = variants.reduce((total, variant) => total + variant.weight, 0);
  if (variants.length > 0 && Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
    ctx.addIssue({
      code: 'custom',
      path: ['variants'],
      message: `weights must sum to 1 (they sum to ${sum})`,
      params: { rule: 'weightsSumToOne' },
    });
  }
  const guardrails = value.guardrails ?? [];
  if (new Set(guardrails).size !== guardrails.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['guardrails'],
      message: 'must not repeat a metric',
      params: { rule: 'uniqueItems' },
    });
  }
}

/** `POST /v1/experiments` body. */
export const createExperimentSchema = z
  .strictObject({
    ...fields,
    coverage: fields.coverage.optional(),
    seed: fields.seed.optional(),
    layer: fields.layer.optional(),
    primaryMetric: fields.primaryMetric.optional(),
    guardrails: fields.guardrails.optional(),
    alpha: fields.alpha.optional(),
    power: fields.power.optional(),
    sequential: fields.sequential.optional(),
    maxDurationDays: fields.maxDurationDays.optional(),
  })
  .superRefine(checkVariants)
  .describe('A new experiment between model versions; it starts as a draft');
export type CreateExperimentInput = z.infer<typeof createExperimentSchema>;

/** `PATCH /v1/experiments/{id}` body: the fields to change. */
export const patchExperimentSchema = z
  .strictObject({
    name: fields.name.optional(),
    description: fields.description,
    variants: fields.variants.optional(),
    coverage: fields.coverage.optional(),
    seed: fields.seed.optional(),
    layer: fields.layer.optional(),
    primaryMetric: fields.primaryMetric.optional(),
    guardrails: fields.guardrails.optional(),
    alpha: fields.alpha.optional(),
    power: fields.power.optional(),
    minimumDetectableEffect: fields.minimumDetectableEffect.optional(),
    sequential: fields.sequential.optional(),
    maxDurationDays: fields.maxDurationDays.optional(),
  })
  .superRefine(checkVariants)
  .describe(
    'Fields to change. Any field while draft; while running or paused only `description`, ' +
      '`coverage` and the variants’ weights (same keys and model versions, same order).',
  );

/** What an experiment is: the part a person defines. */
export interface ExperimentDefinition {
  name: string;
  description: string | null;
  variants: Variant[];
  coverage: number;
  seed: string;
  layer: string | null;
  primaryMetric: 'approvalRate';
  guardrails: GuardrailMetric[];
  alpha: number;
  power: number;
  minimumDetectableEffect: number;
  sequential: boolean;
  maxDurationDays: number;
}

/** An experiment as stored: its definition, its state and the version every write checks. */
export interface Experiment extends ExperimentDefinition {
  tenantId: string;
  experimentId: string;
  state: ExperimentState;
  /** Grows by one with every write: a write that expected another version is refused (409). */
  version: number;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /** Set when concluded: the variant judged best, or null when none is. */
  winner: string | null;
  promoted: boolean;
  /** The results as they were when it concluded. */
  finalResults: unknown;
}

function fail(message: string, error: z.ZodError): never {
  throw new ValidationError(message, { errors: toFieldErrors(error) });
}

/** Validates a new experiment and fills in the defaults; the seed defaults to its id. */
export function newExperiment(
  tenantId: string,
  experimentId: string,
  body: unknown,
  now: Date,
): Experiment {
  const parsed = createExperimentSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) fail('The experiment is invalid', parsed.error);
  const input = parsed.data;
  const at = now.toISOString();
  return {
    tenantId,
    experimentId,
    state: 'draft',
    version: 1,
    name: input.name,
    description: input.description ?? null,
    variants: input.variants,
    coverage: input.coverage ?? 1,
    seed: input.seed ?? experimentId,
    layer: input.layer ?? null,
    primaryMetric: 'approvalRate',
    guardrails: input.guardrails ?? [...guardrailMetrics],
    alpha: input.alpha ?? 0.05,
    power: input.power ?? 0.8,
    minimumDetectableEffect: input.minimumDetectableEffect,
    sequential: input.sequential ?? true,
    maxDurationDays: input.maxDurationDays ?? 30,
    createdAt: at,
    updatedAt: at,
    startedAt: null,
    endedAt: null,
    winner: null,
    promoted: false,
    finalResults: null,
  };
}

/**
 * Applies a PATCH. A draft may change anything. A running or paused experiment may change
 * only its description, coverage and weights: people already assigned keep their variant
 * (assignment is sticky), so a new weight only steers people not yet seen. Anything else
 * would change what the experiment measures mid-way: 409.
 */
export function patchExperiment(current: Experiment, body: unknown, now: Date): Experiment {
  const parsed = patchExperimentSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) fail('The change is invalid', parsed.error);
  const patch = parsed.data;
  if (current.state !== 'draft') {
    if (current.state !== 'running' && current.state !== 'paused') {
      throw new ConflictError(`A ${current.state} experiment cannot be changed`);
    }
    const frozen = Object.keys(patch).filter(
      (key) => !['description', 'coverage', 'variants'].includes(key),
    );
    const variantsChanged =
      patch.variants !== undefined &&
      (patch.variants.length !== current.variants.length ||
        patch.variants.some(
          (variant, i) =>
            variant.key !== current.variants[i]?.key ||
            variant.modelVersion !== current.variants[i]?.modelVersion,
        ));
    if (frozen.length > 0 || variantsChanged) {
      throw new ConflictError(
        `A ${current.state} experiment may change only its description, coverage and weights`,
        {
          errors: [...frozen, ...(variantsChanged ? ['variants'] : [])].map((path) => ({
            path,
            rule: 'frozenWhileRunning',
            message: `cannot change once the experiment has started`,
          })),
        },
      );
    }
  }
  return {
    ...current,
    ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
    updatedAt: now.toISOString(),
  };
}

export const experimentActions = ['start', 'pause', 'resume', 'conclude', 'cancel'] as const;
export type ExperimentAction = (typeof experimentActions)[number];

/** The lifecycle: which state each action leaves from, and where it goes. */
const TRANSITIONS: Record<ExperimentAction, { from: ExperimentState[]; to: ExperimentState }> = {
  start: { from: ['draft'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  conclude: { from: ['running', 'paused'], to: 'concluded' },
  cancel: { from: ['draft', 'running', 'paused'], to: 'cancelled' },
};

/** Moves an experiment through its lifecycle; a move its state forbids is a 409. */
export function transition(current: Experiment, action: ExperimentAction, now: Date): Experiment {
  const { from, to } = TRANSITIONS[action];
  if (!from.includes(current.state)) {
    throw new ConflictError(`Cannot ${action} a ${current.state} experiment`, {
      errors: [
        {
          path: 'state',
          rule: 'allowedTransition',
          message: `${action} needs the experiment ${from.join(' or ')}, it is ${current.state}`,
        },
      ],
    });
  }
  const at = now.toISOString();
  return {
    ...current,
    state: to,
    updatedAt: at,
    startedAt: action === 'start' ? at : current.startedAt,
    endedAt: to === 'concluded' || to === 'cancelled' ? at : current.endedAt,
  };
}

/** `GET /v1/experiments` filters, and the page. */
export const listExperimentsQuerySchema = z.strictObject({
  state: z.enum(experimentStates).optional().describe('Only experiments in this state'),
  layer: fields.layer.optional().describe('Only experiments of this layer'),
  modelVersion: modelVersion.optional().describe('Only experiments with a variant of this version'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIST_PAGE_SIZE)
    .optional()
    .describe(
      `Experiments per page, 1 to ${MAX_LIST_PAGE_SIZE}, default ${DEFAULT_LIST_PAGE_SIZE}`,
    ),
  cursor: z
    .string()
    .max(200)
    .optional()
    .describe('Where to continue: the `X-Next-Cursor` of the previous page, with the same filters'),
});
export type ListExperimentsQuery = z.infer<typeof listExperimentsQuerySchema>;

export function parseListQuery(query: Record<string, string | undefined>): ListExperimentsQuery {
  const parsed = listExperimentsQuerySchema.safeParse(query, { reportInput: true });
  if (!parsed.success) fail('The query is invalid', parsed.error);
  return parsed.data;
}

/** Keeps the experiments a list query asks for, newest first. */
export function filterExperiments(
  experiments: readonly Experiment[],
  query: ListExperimentsQuery,
): Experiment[] {
  return experiments
    .filter((e) => query.state === undefined || e.state === query.state)
    .filter((e) => query.layer === undefined || e.layer === query.layer)
    .filter(
      (e) =>
        query.modelVersion === undefined ||
        e.variants.some((variant) => variant.modelVersion === query.modelVersion),
    )
    .sort(newestFirst);
}

/** `POST .../conclude` body. */
export const concludeExperimentSchema = z
  .strictObject({
    winner: variantKey
      .optional()
      .describe("The variant to ship; when absent, the results' decision names it (or none)"),
    promote: z
      .boolean()
      .optional()
      .describe("Make the winner's model version the tenant's default; false when absent"),
  })
  .describe('How to conclude; `{}` takes the decision of the results');
export type ConcludeExperimentInput = z.infer<typeof concludeExperimentSchema>;

export function parseConcludeBody(body: unknown): ConcludeExperimentInput {
  const parsed = concludeExperimentSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) fail('The conclusion is invalid', parsed.error);
  return parsed.data;
}
