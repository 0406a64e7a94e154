import * as z from 'zod';
import { MAX_FIELD_ERRORS_PER_ANSWER, MAX_FIELD_ERRORS_PER_ITEM } from '../field-errors';

/** One broken rule of a request: where it is, which rule, and what to do about it. */
export const fieldErrorSchema = z
  .object({
    path: z
      .string()
      .describe('Where: a field path such as `userFilename` or `items[3].confidence`, or `(body)`'),
    rule: z
      .string()
      .describe('Which rule, stable for programs: `required`, `maxBytes`, `unknownField`, ...'),
    message: z.string().describe('What is wrong, for a person'),
  })
  .describe('One broken rule of a request');

/** An error answer, `application/problem+json` (RFC 9457). */
export const problemSchema = z
  .object({
    type: z.string().describe('`about:blank`: the status says what kind of problem it is'),
    title: z.string().describe("The status's reason phrase, e.g. `Unprocessable Content`"),
    status: z.number().int().min(400).max(599),
    detail: z.string().describe('What went wrong with this request, for a person'),
    instance: z.string().describe('The path of the request'),
    errors: z
      .array(fieldErrorSchema)
      .optional()
      .describe(
        'For bad input (400, 409, 422): each field and the rule it broke, at most ' +
          `${MAX_FIELD_ERRORS_PER_ANSWER} (and at most ${MAX_FIELD_ERRORS_PER_ITEM} per batch item)`,
      ),
    omittedErrors: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('With `errors`: how many more broken rules there were than `errors` lists'),
  })
  .describe('A problem document (RFC 9457)');

export type Problem = z.infer<typeof problemSchema>;
