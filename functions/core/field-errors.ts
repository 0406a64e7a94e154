import type { z } from 'zod';
import type { FieldError } from './errors';

/**
 * Turns zod's issues into field errors a client can act on: path, rule, message. Parse
 * with `{ reportInput: true }`: without the input, a wrong type cannot be told from a
 * missing field.
 */
export function toFieldErrors(error: z.ZodError, pathPrefix = ''): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = joinPath(pathPrefix, issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: joinPath(base, [key]),
        rule: 'unknownField',
        message: `"${key}" is not a known field`,
      }));
    }
    return [{ path: base || '(body)', rule: ruleOf(issue), message: issue.message }];
  });
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
