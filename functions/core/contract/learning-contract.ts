import * as z from 'zod';
import { JOB_REASONS, JOB_STATUSES } from '../retraining';

const count = z.number().int().nonnegative();
const rate = z.number().min(0).max(1).nullable();
const timestamp = z.iso.datetime();

/** One training job, as the status and the retrain route show it. */
export const trainingJobSchema = z
  .object({
    id: z.uuid(),
    modelVersion: z.string().describe('The model version to retrain'),
    reason: z
      .enum(JOB_REASONS)
      .describe(
        '`threshold`: enough feedback since the last job; `drift`: the approval rate fell; ' +
          '`manual`: forced by an admin',
      ),
    status: z.enum(JOB_STATUSES),
    createdAt: timestamp,
    completedAt: timestamp.nullable(),
    newModelVersion: z.string().nullable().describe('What the job trained, once completed'),
  })
  .describe('A training job for the external trainer');

export type TrainingJobView = z.infer<typeof trainingJobSchema>;

/** The answer of `POST /v1/learning/jobs/{id}/complete`. */
export const completedJobSchema = trainingJobSchema
  .extend({
    evaluation: z
      .record(z.string(), z.union([z.number(), z.boolean(), z.string(), z.null()]))
      .describe('The evaluation the trainer reported'),
  })
  .describe("The completed job; the new model version descends from the job's");

export type CompletedJob = z.infer<typeof completedJobSchema>;

/** `GET /v1/learning/status`. */
export const learningStatusSchema = z
  .object({
    modelVersions: z.array(
      z.object({
        modelVersion: z.string(),
        parentModelVersion: z
          .string()
          .nullable()
          .describe('The version this one was trained from (by a completed job); null if none'),
        feedbackSinceLastJob: count.describe('Feedback learned since the last training job'),
        drift: z
          .object({
            active: z
              .boolean()
              .describe('In a drift episode: the recent approval rate is significantly lower'),
            zScore: z
              .number()
              .nullable()
              .describe('The last test statistic; null before the first test'),
            referenceCount: count,
            referenceApprovalRate: rate,
            recentCount: count,
            recentApprovalRate: rate,
          })
          .describe('The approval-rate drift test: the reference window against the recent one'),
        jobs: z.array(trainingJobSchema).describe('The latest 20 jobs, newest first'),
      }),
    ),
    backlog: z
      .object({
        unlearnedFeedback: count.describe("The tenant's stored feedback not learned yet"),
        oldestUnlearnedAgeSeconds: z
          .number()
          .nonnegative()
          .nullable()
          .describe('Age of the oldest of it; null when there is none'),
      })
      .describe(
        "How far behind `learn` is on this tenant's feedback (the queues themselves are " +
          'shared by every tenant: getQueues, with an operator key)',
      ),
  })
  .describe("Retraining state of each model version of the caller's tenant");

export type LearningStatus = z.infer<typeof learningStatusSchema>;

/** The largest bodies the learning routes take (else 413). */
export const RETRAIN_BODY_LIMIT_BYTES = 4 * 1024;
export const COMPLETE_JOB_BODY_LIMIT_BYTES = 64 * 1024;
