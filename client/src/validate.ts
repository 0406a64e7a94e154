// The API's own schema for a feedback, not a copy: `record` refuses exactly what the API
// would refuse item by item (byte lengths after NFC, control characters, `userFilename`
// only when modified, ...), rules openapi.json can only describe in words. The module
// needs nothing but zod and node:crypto, so no server code comes along.
import { feedbackInputSchema, MAX_BATCH_ITEMS } from '../../functions/core/feedback.js';
import { type FieldError, toFieldErrors } from './field-errors.js';
import type { components } from './generated/api.js';

export type FeedbackInput = components['schemas']['FeedbackInput'];

/** The API's limit on a batch body (`BATCH_BODY_LIMIT_BYTES`; a unit test keeps them equal). */
export const BATCH_BODY_LIMIT_BYTES = 2 * 1024 * 1024;
/** `{"items":[` and `]}` around the items of a batch body. */
export const BATCH_ENVELOPE_BYTES = '{"items":[]}'.length;
/** The largest item that fits a batch on its own. */
export const MAX_ITEM_BYTES = BATCH_BODY_LIMIT_BYTES - BATCH_ENVELOPE_BYTES;
export { MAX_BATCH_ITEMS };

export type Validation =
  | { ok: true; json: string; bytes: number }
  | { ok: false; errors: FieldError[]; omittedErrors: number };

/**
 * Checks one feedback with the API's rules and serializes what the API would store (file
 * names NFC-normalized). The JSON is kept, not the caller's object: what was checked is
 * what is sent, whatever the caller does with its object afterwards.
 */
export function validateFeedback(input: unknown): Validation {
  const parsed = feedbackInputSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const { errors, omitted } = toFieldErrors(parsed.error);
    return { ok: false, errors, omittedErrors: omitted };
  }
  const json = JSON.stringify(parsed.data);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_ITEM_BYTES) {
    return {
      ok: false,
      errors: [
        {
          path: '(body)',
          rule: 'maxBytes',
          message: `must be at most ${MAX_ITEM_BYTES} bytes of JSON to fit a batch`,
        },
      ],
      omittedErrors: 0,
    };
  }
  return { ok: true, json, bytes };
}
