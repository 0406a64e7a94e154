import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '#core/errors';
import {
  collectFieldErrors,
  limitFieldErrors,
  MAX_FIELD_ERRORS_PER_ANSWER,
  toFieldErrors,
} from '#core/field-errors';

const strict = z.strictObject({ name: z.string(), size: z.number().max(10) });

const failureOf = (input: unknown) => {
  const parsed = strict.safeParse(input, { reportInput: true });
  if (parsed.success) throw new Error('expected a failure');
  return parsed.error;
};

const manyKeys = (count: number, name = (k: number) => `k${k}`) =>
  Object.fromEntries(Array.from({ length: count }, (_, k) => [name(k), k]));

describe('collectFieldErrors', () => {
  it('lists the first errors and counts the others, unknown keys one by one', () => {
    const error = failureOf({ size: 11, ...manyKeys(30) });

    const listed = collectFieldErrors(error, 'items[2]', 5);

    expect(listed.errors).toHaveLength(5);
    expect(listed.errors).toContainEqual({
      path: 'items[2].k0',
      rule: 'unknownField',
      message: '"k0" is not a known field',
    });
    // 30 unknown keys, a missing name and a size too big: 32 in all.
    expect(listed.errors.length + listed.omitted).toBe(32);
  });

  it('gives every error when there is no limit', () => {
    expect(toFieldErrors(failureOf({ ...manyKeys(300) }))).toHaveLength(302);
  });

  it('cuts a path and a message that echo a huge key, keeping surrogate pairs whole', () => {
    const key = `${'a'.repeat(118)}😀${'b'.repeat(100_000)}`;

    const [error] = collectFieldErrors(failureOf({ name: 'x', size: 1, [key]: 1 }), '', 10).errors;

    expect(error?.path.length).toBeLessThanOrEqual(120);
    expect(error?.message.length).toBeLessThanOrEqual(240);
    expect(error?.path.endsWith('…')).toBe(true);
    expect(error?.path.isWellFormed()).toBe(true);
    expect(error?.message.isWellFormed()).toBe(true);
  });
});

describe('limitFieldErrors', () => {
  it('keeps the first ones and counts the rest', () => {
    const errors = Array.from({ length: 7 }, (_, i) => ({
      path: `f${i}`,
      rule: 'r',
      message: 'm',
    }));

    expect(limitFieldErrors(errors, 3)).toEqual({ errors: errors.slice(0, 3), omitted: 4 });
  });
});

describe('a problem with more field errors than an answer lists', () => {
  it('carries the first 100 and counts the rest, with what its producer left out', () => {
    const errors = toFieldErrors(failureOf({ name: 'x', size: 1, ...manyKeys(5000) }));

    const problem = new ValidationError('The body is invalid', { errors, omittedErrors: 7 });

    expect(problem.errors).toHaveLength(MAX_FIELD_ERRORS_PER_ANSWER);
    expect(problem.omittedErrors).toBe(5000 - MAX_FIELD_ERRORS_PER_ANSWER + 7);
  });
});
