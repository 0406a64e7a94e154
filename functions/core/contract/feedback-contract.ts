import * as z from 'zod';
import { feedbackActions } from '../feedback';
import { MAX_FIELD_ERRORS_PER_ANSWER, MAX_FIELD_ERRORS_PER_ITEM } from '../field-errors';
import { fieldErrorSchema } from './problem';

/** The largest bodies the feedback routes take (else 413). */
export const FEEDBACK_BODY_LIMIT_BYTES = 64 * 1024;
export const BATCH_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

const feedbackId = z.uuid();
const index = z.number().int().nonnegative().describe('Position of the item in `items`');
const count = z.number().int().nonnegative();
const itemErrors = z
  .array(fieldErrorSchema)
  .describe(
    `The rules the item broke: at most ${MAX_FIELD_ERRORS_PER_ITEM}, and at most ` +
      `${MAX_FIELD_ERRORS_PER_ANSWER} over the whole answer, earliest items first`,
  );
const omittedErrors = count.describe('How many more broken rules the item had than `errors` lists');

/** The `Idempotency-Key` request header of the feedback POSTs: visible ASCII, no spaces. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7E]{1,255}$/, 'must be 1 to 255 visible ASCII characters (no spaces)');

/** The 202 of `POST /v1/feedback`. */
export const submitResultSchema = z
  .object({
    id: feedbackId.describe('The id of the stored feedback (of the first, for a duplicate)'),
    status: z
      .enum(['accepted', 'duplicate'])
      .describe('`duplicate`: the same decision was stored before, nothing was stored now'),
  })
  .describe('The feedback is stored; `learn` learns it asynchronously');

export type SubmitResult = z.infer<typeof submitResultSchema>;

/** What became of one item of a batch. */
export const itemResultSchema = z
  .discriminatedUnion('status', [
    z
      .object({ index, status: z.enum(['accepted', 'duplicate']), id: feedbackId })
      .describe('Stored now (`accepted`), or the same decision was stored before (`duplicate`)'),
    z
      .object({ index, status: z.literal('rejected'), errors: itemErrors, omittedErrors })
      .describe('The item breaks a rule: nothing was stored for it'),
    z
      .object({
        index,
        status: z.literal('conflict'),
        id: feedbackId,
        errors: itemErrors,
        omittedErrors,
      })
      .describe('The proposal already has a different decision: `id` is that decision'),
  ])
  .describe('What became of one item of a batch');

export type ItemResult = z.infer<typeof itemResultSchema>;

/** The 202 of `POST /v1/feedback/batch`. */
export const batchResultSchema = z
  .object({
    accepted: count,
    duplicates: count,
    rejected: count.describe('Items rejected or in conflict: nothing was stored for them'),
    results: z.array(itemResultSchema).describe('One per item, in the order of `items`'),
  })
  .describe('The valid items are stored; each item has its result');

export type BatchResult = z.infer<typeof batchResultSchema>;

/** `GET /v1/feedback/{id}`: one stored feedback, as it was stored. */
export const feedbackViewSchema = z
  .object({
    id: feedbackId,
    proposalId: z.string(),
    originalFilename: z.string().describe('NFC-normalized, as every stored file name'),
    proposedFilename: z.string(),
    userFilename: z.string().nullable(),
    action: z.enum(feedbackActions),
    confidence: z.number().min(0).max(1),
    modelVersion: z.string(),
    userId: z.string(),
    experimentId: z.string().nullable(),
    variant: z.string().nullable(),
    processingTimeMs: z.number().nonnegative().nullable(),
    context: z.record(z.string(), z.unknown()).nullable(),
    receivedAt: z.iso.datetime(),
    learnedAt: z.iso.datetime().nullable().describe('When `learn` counted it; null until then'),
  })
  .describe("One stored feedback of the caller's tenant");

export type FeedbackView = z.infer<typeof feedbackViewSchema>;
