import type { z } from 'zod';
import type { components } from './generated/api.js';

/** One broken rule: where, which rule (stable for programs), and a message for a person. */
export type FieldError = components['schemas']['FieldError'];

/** As the API lists them per batch item; the rest are counted, not built. */
export const MAX_FIELD_ERRORS_PER_ITEM = 20;

const MAX_PATH_CHARACTERS = 120;
const MAX_MESSAGE_CHARACTERS = 240;

/**
 * zod's issues as the API words them (`functions/core/field-errors.ts`): the same paths,
 * rule names and messages, so an item refused by `record` reads exactly as the API would
 * have refused it. Not imported from there because that module pulls the server's error
 * classes along; a unit test compares the two on the same inputs.
 */
export function toFieldErrors(error: z.ZodError, limit = MAX_FIELD_ERRORS_PER_ITEM) {
  const errors: FieldError[] = [];
  let omitted = 0;
  for (const issue of error.issues) {
    const base = joinPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const room = Math.max(0, limit - errors.length);
      for (const key of issue.keys.slice(0, room)) {
        errors.push(
          bounded(joinPath([...issue.path, key]), 'unknownField', `"${key}" is not a known field`),
        );
      }
      omitted += Math.max(0, issue.keys.length - room);
    } else if (errors.length < limit) {
      errors.push(bounded(base || '(body)', ruleOf(issue), issue.message));
    } else {
      omitted += 1;
    }
  }
  return { errors, omitted };
}

function bounded(path: string, rule: string, message: string): FieldError {
  return {
    path: shorten(path, MAX_PATH_CHARACTERS),
    rule: shorten(rule, MAX_PATH_CHARACTERS),
    message: shorten(message, MAX_MESSAGE_CHARACTERS),
  };
}

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

function joinPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const segment of path) {
    if (typeof segment === 'number') result += `[${segment}]`;
    else result += result ? `.${String(segment)}` : String(segment);
  }
  return result;
}
