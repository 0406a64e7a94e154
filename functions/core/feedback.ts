import { createHash } from 'node:crypto';
import { z } from 'zod';

export const MAX_BATCH_ITEMS = 500;
const MAX_FILENAME_BYTES = 255;
const MAX_CONTEXT_KEYS = 50;

const filename = z
  .string()
  .min(1)
  .refine((value) => Buffer.byteLength(value, 'utf8') <= MAX_FILENAME_BYTES, {
    message: `must be at most ${MAX_FILENAME_BYTES} bytes of UTF-8`,
    params: { rule: 'maxBytes' },
  });

export const feedbackActions = ['approved', 'rejected', 'modified'] as const;

/** One decision a person made about one proposed name. */
export const feedbackInputSchema = z
  .strictObject({
    proposalId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be 1-100 of A-Z a-z 0-9 _ -'),
    originalFilename: filename,
    proposedFilename: filename,
    userFilename: filename.optional(),
    action: z.enum(feedbackActions),
    confidence: z.number().min(0).max(1),
    modelVersion: z.string().regex(/^[A-Za-z0-9._-]{1,50}$/, 'must be 1-50 of A-Z a-z 0-9 . _ -'),
    userId: z.string().min(1).max(128),
    experimentId: z.string().min(1).max(100).optional(),
    variant: z.string().min(1).max(50).optional(),
    processingTimeMs: z.number().min(0).max(86_400_000).optional(),
    context: z
      .record(z.string(), z.unknown())
      .refine((value) => Object.keys(value).length <= MAX_CONTEXT_KEYS, {
        message: `must have at most ${MAX_CONTEXT_KEYS} keys`,
        params: { rule: 'maxProperties' },
      })
      .optional(),
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
  });

export type FeedbackInput = z.infer<typeof feedbackInputSchema>;

/** The batch envelope; items are validated one by one so one bad item sinks only itself. */
export const feedbackBatchSchema = z.strictObject({
  items: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS),
});

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

/** The message `learn` receives: which feedback to learn. PostgreSQL holds the rest. */
// Not strict: a producer of a newer version may add fields during a rolling deploy.
export const feedbackMessageSchema = z.object({
  feedbackId: z.uuid(),
  tenantId: z.string().min(1),
});

export type FeedbackMessage = z.infer<typeof feedbackMessageSchema>;
