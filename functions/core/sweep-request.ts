import * as z from 'zod';
import { BadRequestError } from './errors';
import { toFieldErrors } from './field-errors';

/** The schedule's event (EventBridge): sweep what is due, as every minute. */
const scheduledEventSchema = z.looseObject({
  source: z.literal('aws.events'),
  'detail-type': z.literal('Scheduled Event'),
});

/**
 * After the feedback queue lost its messages (purged, deleted, a local emulator killed):
 * resend every feedback still in the outbox, i.e. not learned yet, whatever its age and
 * however often it was sent before. `notSentSince` continues a run that ran out of time:
 * rows sent since that instant (by that run, or by `submit`) are not sent again.
 */
export const resendUnlearnedRequestSchema = z.strictObject({
  action: z.literal('resend-unlearned'),
  notSentSince: z.iso.datetime({ offset: true }).optional(),
});

export type SweepRequest =
  | { action: 'sweep-due' }
  | { action: 'resend-unlearned'; notSentSince?: string | undefined };

/** What a resend answers; `complete: false` means invoke again with this `notSentSince`. */
export const resendUnlearnedResultSchema = z.object({
  action: z.literal('resend-unlearned'),
  resent: z.number().int().min(0),
  notSentSince: z.string(),
  complete: z.boolean(),
});

export type ResendUnlearnedResult = z.infer<typeof resendUnlearnedResultSchema>;

/**
 * Reads the sweeper's event: the scheduled event, an empty object or none (a manual sweep
 * of what is due) or a resend request. Anything else is refused rather than swept as usual, so a
 * mistyped operator request fails loudly instead of quietly doing the regular sweep. The
 * shape is chosen by its telling key, so an error names the field that is wrong.
 */
export function parseSweepRequest(event: unknown): SweepRequest {
  // An invocation without a payload (`aws lambda invoke` with none) is a manual sweep.
  if (event === undefined || event === null) return { action: 'sweep-due' };
  const has = (key: string) => typeof event === 'object' && event !== null && key in event;
  const schema = has('action')
    ? resendUnlearnedRequestSchema
    : has('source')
      ? scheduledEventSchema
      : z.strictObject({});
  const result = schema.safeParse(event, { reportInput: true });
  if (!result.success) {
    const errors = toFieldErrors(result.error);
    const details = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new BadRequestError(
      `Not a sweeper event (expected the scheduled event, {} or ` +
        `{"action":"resend-unlearned"}): ${details}`,
      { errors },
    );
  }
  if ('action' in result.data) {
    return { action: 'resend-unlearned', notSentSince: result.data.notSentSince };
  }
  return { action: 'sweep-due' };
}
