import { createHash } from 'node:crypto';
import * as z from 'zod';

export const MAX_BATCH_ITEMS = 500;
const MAX_FILENAME_BYTES = 255;
const MAX_CONTEXT_KEYS = 50;

const MAX_CONTEXT_DEPTH = 8;
// C0 and C1 control characters, DEL included: invisible in a file manager, and NUL is
// refused by PostgreSQL outright.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * A file name as a person sees it, refused rather than repaired: silently rewriting a
 * name would teach the learner a name nobody chose. Accepted names are NFC-normalized so
 * that "é" typed two ways is one name.
 */
export const filenameSchema = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    const refuse = (rule: string, message: string) =>
      ctx.addIssue({ code: 'custom', message, params: { rule } });
    if (!value.isWellFormed())
      return refuse('wellFormedUnicode', 'must be well-formed Unicode (no lone surrogates)');
    if (CONTROL_CHARACTER.test(value))
      return refuse('noControlCharacters', 'must not contain NUL or control characters');
    if (/[/\\]/.test(value))
      return refuse('noPathSeparators', 'must be a name, without "/" or "\\"');
    if (value === '.' || value === '..') return refuse('notDotName', 'must not be "." or ".."');
    if (Buffer.byteLength(value.normalize('NFC'), 'utf8') > MAX_FILENAME_BYTES) {
      refuse('maxBytes', `must be at most ${MAX_FILENAME_BYTES} bytes of UTF-8`);
    }
  })
  .transform((value) => value.normalize('NFC'))
  .describe(
    `A file name: 1 to ${MAX_FILENAME_BYTES} bytes of UTF-8 once NFC-normalized (and stored ` +
      'normalized), well-formed Unicode, no control characters, no "/" or "\\", not "." or ".."',
  );

const filename = filenameSchema;

/** Text stored as it is: any printable Unicode, nothing PostgreSQL would refuse. */
export const plainText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => value.isWellFormed() && !CONTROL_CHARACTER.test(value), {
      message: 'must be well-formed Unicode without control characters',
      params: { rule: 'printableText' },
    });

/** A person, as the renaming service names them. */
export const userIdSchema = plainText(128).describe(
  'The person who decided: 1 to 128 characters, well-formed Unicode, no control characters',
);

const identifier = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1-100 of A-Z a-z 0-9 . _ -');

/** Free-form context, as far as PostgreSQL's jsonb can store it: no NUL, no lone surrogates. */
const context = z
  .record(z.string(), z.unknown())
  .superRefine((value, ctx) => {
    if (Object.keys(value).length > MAX_CONTEXT_KEYS) {
      ctx.addIssue({
        code: 'custom',
        message: `must have at most ${MAX_CONTEXT_KEYS} keys`,
        params: { rule: 'maxProperties' },
      });
      return;
    }
    const problem = jsonbProblem(value, 1);
    if (problem)
      ctx.addIssue({ code: 'custom', message: problem.message, params: { rule: problem.rule } });
  })
  .meta({
    maxProperties: MAX_CONTEXT_KEYS,
    description:
      `Free-form: at most ${MAX_CONTEXT_KEYS} keys, nested at most ${MAX_CONTEXT_DEPTH} ` +
      'levels, strings well-formed Unicode without NUL',
  });

function jsonbProblem(
  value: unknown,
  depth: number,
): { rule: string; message: string } | undefined {
  if (typeof value === 'string') {
    return value.isWellFormed() && !value.includes('\u0000')
      ? undefined
      : { rule: 'storableText', message: 'strings must be well-formed Unicode without NUL' };
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_CONTEXT_DEPTH) {
    return { rule: 'maxDepth', message: `must be nested at most ${MAX_CONTEXT_DEPTH} levels deep` };
  }
  const children = Array.isArray(value) ? value : [...Object.keys(value), ...Object.values(value)];
  for (const child of children) {
    const problem = jsonbProblem(child, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** A model version's name, wherever one is given: feedback, queries, paths, experiments. */
export const modelVersionSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,50}$/, 'must be 1-50 of A-Z a-z 0-9 . _ -');

export const feedbackActions = ['approved', 'rejected', 'modified'] as const;

/** One decision a person made about one proposed name. */
export const feedbackInputSchema = z
  .strictObject({
    proposalId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 of A-Z a-z 0-9 _ -')
      .describe('The proposal decided on: one decision per proposal (per tenant)'),
    originalFilename: filename,
    proposedFilename: filename,
    userFilename: filename
      .optional()
      .describe(
        `The name the person chose instead: required when action is "modified", refused ` +
          `otherwise. ${filename.description}`,
      ),
    action: z.enum(feedbackActions),
    confidence: z.number().min(0).max(1).describe('How sure the model was of its proposal'),
    modelVersion: modelVersionSchema,
    userId: userIdSchema,
    experimentId: identifier.optional().describe('Given together with variant, or not at all'),
    variant: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,50}$/, 'must be 1-50 of A-Z a-z 0-9 . _ -')
      .optional()
      .describe('Given together with experimentId, or not at all'),
    processingTimeMs: z.number().min(0).max(86_400_000).optional(),
    context: context.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.action === 'modified' && input.userFilename === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['userFilename'],
        message: 'is required when action is "modified"',
        params: { rule: 'requiredWhenModified' },
      });
    }
    if (input.action !== 'modified' && input.userFilename !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['userFilename'],
        message: 'is only allowed when action is "modified"',
        params: { rule: 'forbiddenUnlessModified' },
      });
    }
    if ((input.experimentId === undefined) !== (input.variant === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [input.experimentId === undefined ? 'experimentId' : 'variant'],
        message: 'experimentId and variant must be given together',
        params: { rule: 'requiredTogether' },
      });
    }
  })
  .describe('One decision a person made about one proposed name; unknown fields are refused');

export type FeedbackInput = z.infer<typeof feedbackInputSchema>;

const batchOf = <Item extends z.ZodType>(item: Item) =>
  z.strictObject({ items: z.array(item).min(1).max(MAX_BATCH_ITEMS) });

/** The batch envelope; items are validated one by one so one bad item sinks only itself. */
export const feedbackBatchSchema = batchOf(z.unknown());

/**
 * The batch as the API documents it: each item a FeedbackInput. It documents, it does not
 * validate: `feedbackBatchSchema` checks the envelope and each item is parsed on its own.
 */
export const feedbackBatchDocumentSchema = batchOf(feedbackInputSchema).describe(
  `1 to ${MAX_BATCH_ITEMS} feedback items, each validated on its own: an invalid item is ` +
    'rejected alone, the valid ones are stored',
);

/**
 * A fingerprint of what was decided. A retry of the same decision has the same
 * fingerprint (and is answered as a duplicate); a different decision for the same
 * proposal does not (and is a conflict).
 */
export function fingerprintFeedback(input: FeedbackInput): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** One feedback `learn` is to learn: its id and tenant. PostgreSQL holds the rest. */
// Not strict: a producer of a newer version may add fields during a rolling deploy.
export const feedbackMessageSchema = z.object({
  feedbackId: z.uuid(),
  tenantId: z.string().min(1),
});

/**
 * Feedback ids one queue message carries at most. A batch of 500 is five messages, one
 * SendMessageBatch call instead of fifty, and `learn` receives and deletes a hundredth of
 * the messages; 100 ids are about 4 KB, far under SQS's limit. One id to a message would
 * make the queue's per-message cost the ceiling of the batch route (docs/benchmarks.md).
 */
export const MAX_FEEDBACK_IDS_PER_MESSAGE = 100;

/**
 * Feedback `learn` learns in one transaction at most. A transaction's fixed cost (a dozen
 * statements, a commit) is paid once per this many; bench/learn-throughput.ts measures what
 * each size sustains (2,000: about 10,000/s on two cores).
 */
export const MAX_FEEDBACK_PER_TRANSACTION = 2_000;

/** A message for several feedback of one tenant, as the outbox relay sends them. */
export const feedbackGroupMessageSchema = z.object({
  feedbackIds: z.array(z.uuid()).min(1).max(MAX_FEEDBACK_IDS_PER_MESSAGE),
  tenantId: z.string().min(1),
});

/** What the feedback queue carries: a group, or one feedback (earlier producers, operators). */
export const feedbackQueueMessageSchema = z.union([
  feedbackGroupMessageSchema,
  feedbackMessageSchema,
]);

export type FeedbackGroupMessage = z.infer<typeof feedbackGroupMessageSchema>;
export type FeedbackMessage = z.infer<typeof feedbackMessageSchema>;
