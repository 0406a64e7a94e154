import * as z from 'zod';
import { advanceDrift, type DriftConfig, type DriftState, validateDriftConfig } from './drift';
import { ValidationError } from './errors';
import { modelVersionSchema } from './feedback';
import { toFieldErrors } from './field-errors';
import type { ClaimedFeedback } from './learning';

export const JOB_REASONS = ['threshold', 'drift', 'manual'] as const;
export type JobReason = (typeof JOB_REASONS)[number];
export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface RetrainingConfig {
  /** A job is created each time this many feedback have been learned since the last job. */
  threshold: number;
  drift: DriftConfig;
}

/** What `learn` keeps per tenant and model version to decide when to retrain. */
export interface RetrainState {
  feedbackSinceLastJob: number;
  drift: DriftState;
}

/** Checks the retraining configuration once, at cold start. */
export function validateRetrainingConfig(config: RetrainingConfig): RetrainingConfig {
  if (!Number.isInteger(config.threshold) || config.threshold < 1) {
    throw new Error('Invalid configuration: RETRAIN_FEEDBACK_THRESHOLD must be a positive integer');
  }
  validateDriftConfig(config.drift);
  return config;
}

/**
 * Advances one model version's state by its newly learned feedback, in order (`true` =
 * approved), and says which jobs to create. At each feedback: a drift episode starting
 * creates a `drift` job; otherwise reaching the threshold creates a `threshold` job. Any
 * job resets the count, so one feedback never causes two jobs.
 */
export function advanceRetraining(
  state: RetrainState,
  approvals: readonly boolean[],
  config: RetrainingConfig,
): { state: RetrainState; jobs: Exclude<JobReason, 'manual'>[] } {
  const drift = advanceDrift(state.drift, approvals, config.drift);
  const driftStarts = new Set(drift.events.filter((e) => e.kind === 'started').map((e) => e.index));
  const jobs: Exclude<JobReason, 'manual'>[] = [];
  let count = state.feedbackSinceLastJob;
  for (let index = 0; index < approvals.length; index += 1) {
    count += 1;
    if (driftStarts.has(index)) {
      jobs.push('drift');
      count = 0;
    } else if (count >= config.threshold) {
      jobs.push('threshold');
      count = 0;
    }
  }
  return { state: { feedbackSinceLastJob: count, drift: drift.state }, jobs };
}

export interface RetrainGroup {
  tenantId: string;
  modelVersion: string;
  /** In the order the feedback was received (then by id, so the order is total). */
  approvals: boolean[];
}

/**
 * Groups a claimed batch by tenant and model version, sorted by that key so concurrent
 * batches lock the state rows they share in the same order and never deadlock.
 */
export function groupForRetraining(
  batch: readonly Pick<
    ClaimedFeedback,
    'id' | 'tenantId' | 'modelVersion' | 'receivedAt' | 'action'
  >[],
): RetrainGroup[] {
  const ordered = [...batch].sort(
    (a, b) =>
      a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const groups = new Map<string, RetrainGroup>();
  for (const row of ordered) {
    const key = `${row.tenantId}\u0000${row.modelVersion}`;
    let group = groups.get(key);
    if (!group) {
      group = { tenantId: row.tenantId, modelVersion: row.modelVersion, approvals: [] };
      groups.set(key, group);
    }
    group.approvals.push(row.action === 'approved');
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => group);
}

const modelVersion = modelVersionSchema;

export const MAX_EVALUATION_KEYS = 50;

const metricValue = z.union([
  z.number(),
  z.boolean(),
  z.null(),
  z
    .string()
    .max(1000)
    .refine((s) => s.isWellFormed() && !s.includes('\u0000'), {
      message: 'must be well-formed Unicode without NUL',
      params: { rule: 'storableText' },
    }),
]);

/** `POST /v1/learning/retrain`. */
export const retrainRequestSchema = z
  .strictObject({ modelVersion: modelVersion.describe('The model version to retrain') })
  .describe("Forces a training job for one model version of the caller's tenant");

/** `POST /v1/learning/jobs/{id}/complete`. */
export const completeJobRequestSchema = z
  .strictObject({
    newModelVersion: modelVersion.describe('The model version the job trained'),
    evaluation: z
      .record(z.string().min(1).max(100), metricValue)
      .refine((value) => Object.keys(value).length <= MAX_EVALUATION_KEYS, {
        message: `must have at most ${MAX_EVALUATION_KEYS} keys`,
        params: { rule: 'maxProperties' },
      })
      .meta({ maxProperties: MAX_EVALUATION_KEYS })
      .describe(
        `The new version's evaluation: at most ${MAX_EVALUATION_KEYS} metrics, each a ` +
          'number, boolean, null or string of at most 1,000 characters',
      ),
  })
  .describe('What the trainer reports when a job has produced a new model version');

export type RetrainRequest = z.infer<typeof retrainRequestSchema>;
export type CompleteJobRequest = z.infer<typeof completeJobRequestSchema>;

/** Validates a retrain request; a broken rule is a 422 naming the field. */
export function parseRetrainRequest(body: unknown): RetrainRequest {
  return parseWith(retrainRequestSchema, body);
}

/** Validates a job completion; a broken rule is a 422 naming the field. */
export function parseCompleteJobRequest(body: unknown): CompleteJobRequest {
  return parseWith(completeJobRequestSchema, body);
}

function parseWith<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    throw new ValidationError('The request body is invalid', {
      errors: toFieldErrors(parsed.error),
    });
  }
  return parsed.data;
}
