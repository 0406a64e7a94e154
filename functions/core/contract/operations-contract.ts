import * as z from 'zod';

const count = z.number().int().nonnegative();

/** Dead letters moved per redrive call: bounded so one call ends well within the timeout. */
export const REDRIVE_LIMIT = 500;

/** `GET /v1/health` when every dependency answers. */
export const healthSchema = z
  .object({ status: z.literal('ok') })
  .describe('PostgreSQL and the feedback queue answer');

export type Health = z.infer<typeof healthSchema>;

/** Approximate message counts of one SQS queue. */
export const queueDepthSchema = z
  .object({
    visible: count.describe('Waiting to be received'),
    inFlight: count.describe('Received, not yet deleted'),
    delayed: count,
  })
  .describe('Approximate message counts of a queue, as SQS reports them');

export type QueueDepth = z.infer<typeof queueDepthSchema>;

/** `GET /v1/admin/queues`. */
export const queuesReportSchema = z
  .object({
    feedbackQueue: queueDepthSchema.extend({
      unlearnedFeedback: count.describe('Stored feedback `learn` has not learned yet'),
      oldestMessageAgeSeconds: z
        .number()
        .nonnegative()
        .nullable()
        .describe('Age of the oldest unlearned feedback; null when there is none'),
    }),
    deadLetterQueue: queueDepthSchema,
  })
  .describe('How far behind `learn` is, and how many messages are dead letters');

export type QueuesReport = z.infer<typeof queuesReportSchema>;

/** `POST /v1/admin/dlq/redrive`. */
export const redriveResultSchema = z
  .object({
    moved: count.describe('Dead letters moved back to the feedback queue by this call'),
    remaining: count.describe('Dead letters left: call again while it is above 0'),
  })
  .describe(`Dead letters moved back to the feedback queue, at most ${REDRIVE_LIMIT} per call`);

export type RedriveResult = z.infer<typeof redriveResultSchema>;

/** `GET /v1/openapi.json`: described, not modelled; its own `openapi` field says which spec. */
export const openApiDocumentSchema = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .describe('An OpenAPI 3.1 document: https://spec.openapis.org/oas/v3.1.1');
