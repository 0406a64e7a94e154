import type * as z from 'zod';
import type { FieldError } from './errors';

/** Field errors listed per item of a batch (and for one feedback); the rest are counted. */
export const MAX_FIELD_ERRORS_PER_ITEM = 20;

/**
 * Field errors listed in one answer, whatever produced them; the rest are counted in
 * `omittedErrors`. Paths and messages are cut to 120 and 240 UTF-16 units, and JSON spends at
 * most 6 bytes on one (`\u0001`), so one error takes at most about 2.3 KB and 100
 * of them about 230 KB: with a batch's 500 item results (under 50 KB without errors), every
 * answer stays well under 1 MB, Lambda's 6 MB and DynamoDB's 400 KB idempotency record.
 * Typical errors take about 100 bytes, so the usual answer is a few KB. One hundred is
 * enough to fix a request by: it lists 5 whole items of a batch at the per-item cap.
 */
export const MAX_FIELD_ERRORS_PER_ANSWER = 100;

const MAX_PATH_CHARACTERS = 120;
const MAX_MESSAGE_CHARACTERS = 240;

/** Some field errors, and how many more there were. */
export interface FieldErrorList {
  errors: FieldError[];
  omitted: number;
}

/**
 * Turns zod's issues into field errors a client can act on: path, rule, message. Parse
 * with `{ reportInput: true }`: without the input, a wrong type cannot be told from a
 * missing field.
 */
export function toFieldErrors(error: z.ZodError, pathPrefix = ''): FieldError[] {
  return collectFieldErrors(error, pathPrefix, Number.POSITIVE_INFINITY).errors;
}

/**
 * The first `limit` field errors of zod's issues, and a count of the rest, without building
 * the rest: a body of thousands of unknown keys costs a count, not thousands of objects.
 */
export function collectFieldErrors(
  error: z.ZodError,
  pathPrefix: string,
  limit: number,
): FieldErrorList {
  const errors: FieldError[] = [];
  let omitted = 0;
  for (const issue of error.issues) {
    const base = joinPath(pathPrefix, issue.path);
    if (issue.code === 'unrecognized_keys') {
      const room = Math.max(0, limit - errors.length);
      for (const key of issue.keys.slice(0, room)) {
        errors.push(
          boundFieldError({
            path: joinPath(base, [key]),
            rule: 'unknownField',
            message: `"${key}" is not a known field`,
          }),
        );
      }
      omitted += Math.max(0, issue.keys.length - room);
    } else if (errors.length < limit) {
      errors.push(
        boundFieldError({ path: base || '(body)', rule: ruleOf(issue), message: issue.message }),
      );
    } else {
      omitted += 1;
    }
  }
  return { errors, omitted };
}

/** The first `limit` of some field errors, each cut to size, and how many were left out. */
export function limitFieldErrors(errors: readonly FieldError[], limit: number): FieldErrorList {
  const kept = errors.slice(0, Math.max(0, limit)).map(boundFieldError);
  return { errors: kept, omitted: errors.length - kept.length };
}

/** A field error short enough to list: a key of 100 KB in a body must not come back twice. */
export function boundFieldError(error: FieldError): FieldError {
  return {
    path: shorten(error.path, MAX_PATH_CHARACTERS),
    rule: shorten(error.rule, MAX_PATH_CHARACTERS),
    message: shorten(error.message, MAX_MESSAGE_CHARACTERS),
  };
}

/** Cut to `max` UTF-16 units, never inside a surrogate pair, and say so with an ellipsis. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function ruleOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : 'type';
    case 'too_small':
      return issue.origin === 'string'
        ? 'minLength'
        : issue.origin === 'array'
          ? 'minItems'
          : 'minimum';
    case 'too_big':
      return issue.origin === 'string'
        ? 'maxLength'
        : issue.origin === 'array'
          ? 'maxItems'
          : 'maximum';
    case 'invalid_format':
      return issue.format === 'regex' ? 'pattern' : issue.format;
    case 'invalid_value':
      return 'enum';
    case 'custom':
      return typeof issue.params?.rule === 'string' ? issue.params.rule : 'invalid';
    default:
      return issue.code;
  }
}

function joinPath(prefix: string, path: PropertyKey[]): string {
  let result = prefix;
  for (const segment of path) {
    if (typeof segment === 'number') result += `[${segment}]`;
    else result += result ? `.${String(segment)}` : String(segment);
  }
  return result;
}
