import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedbackInputSchema } from '../../functions/core/feedback';
import { collectFieldErrors, MAX_FIELD_ERRORS_PER_ITEM } from '../../functions/core/field-errors';
import { MAX_ITEM_BYTES, validateFeedback } from '../src/validate';

const valid = {
  proposalId: 'p-1',
  originalFilename: 'IMG_4032.JPG',
  proposedFilename: '2024-06-01_beach.jpg',
  action: 'approved',
  confidence: 0.9,
  modelVersion: 'v1',
  userId: 'user-1',
};

/** What the API answers for this item in a batch (its path prefix aside). */
function apiVerdict(input: unknown) {
  const parsed = feedbackInputSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true };
  const { errors, omitted } = collectFieldErrors(parsed.error, '', MAX_FIELD_ERRORS_PER_ITEM);
  return { ok: false, errors, omittedErrors: omitted };
}

function clientVerdict(input: unknown) {
  const checked = validateFeedback(input);
  return checked.ok ? { ok: true } : checked;
}

describe('record validation', () => {
  it.each([
    ['a modified action without a user filename', { ...valid, action: 'modified' }],
    ['a user filename on an approval', { ...valid, userFilename: 'x.jpg' }],
    ['a confidence above 1', { ...valid, confidence: 1.5 }],
    ['a name over 255 bytes once NFC-normalized', { ...valid, originalFilename: 'é'.repeat(128) }],
    ['a control character in a name', { ...valid, proposedFilename: 'a\u0007b.jpg' }],
    ['a path separator', { ...valid, proposedFilename: 'dir/b.jpg' }],
    ['an experiment without its variant', { ...valid, experimentId: 'exp-1' }],
    ['unknown fields', { ...valid, colour: 'blue', size: 3 }],
    ['a missing field and a wrong type', { ...valid, userId: undefined, confidence: '0.9' }],
    [
      '51 context keys',
      { ...valid, context: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) },
    ],
    ['not an object', 'approved'],
    [
      'sixty unknown fields (listed up to the cap)',
      Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}`, i])),
    ],
  ])('refuses %s with the errors the API would answer', (_, input) => {
    const verdict = clientVerdict(input);
    expect(verdict.ok).toBe(false);
    expect(verdict).toEqual(apiVerdict(input));
  });

  it('agrees with the API on arbitrary variations of a feedback', () => {
    const field = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.double(),
      fc.constantFrom(undefined, null, 'modified', 'rejected', 'approved', -1, 2),
      fc.dictionary(fc.string(), fc.anything(), { maxKeys: 5 }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(
            ...Object.keys(valid),
            'userFilename',
            'experimentId',
            'variant',
            'context',
            'extra',
          ),
          field,
        ),
        (changes) => {
          const input = { ...valid, ...changes };
          expect(clientVerdict(input)).toEqual(apiVerdict(input));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps what the API would store: names NFC-normalized', () => {
    const checked = validateFeedback({ ...valid, originalFilename: 'Cafe\u0301.jpg' });
    expect(checked.ok && JSON.parse(checked.json).originalFilename).toBe('Caf\u00e9.jpg');
  });

  it('refuses an item too large to fit a batch alone, naming the rule', () => {
    const context = { notes: 'x'.repeat(MAX_ITEM_BYTES) };
    expect(validateFeedback({ ...valid, context })).toMatchObject({
      ok: false,
      errors: [{ path: '(body)', rule: 'maxBytes' }],
    });
  });
});
