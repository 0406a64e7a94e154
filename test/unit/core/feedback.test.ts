import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FeedbackInput, feedbackInputSchema, fingerprintFeedback } from '#core/feedback';
import { toFieldErrors } from '#core/field-errors';

const valid = {
  proposalId: 'prop_2024-06-01',
  originalFilename: 'IMG_4032.JPG',
  proposedFilename: '2024-06-01_beach-trip.jpg',
  action: 'approved',
  confidence: 0.87,
  modelVersion: 'namer-2.1.0',
  userId: 'user-42',
};

/** What a client is told about an input: one path and rule per broken rule. */
function problemsOf(input: unknown): { path: string; rule: string }[] {
  const parsed = feedbackInputSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return [];
  return toFieldErrors(parsed.error).map(({ path, rule }) => ({ path, rule }));
}

describe('feedbackInputSchema', () => {
  it('accepts a complete approval', () => {
    expect(problemsOf(valid)).toEqual([]);
  });

  it('accepts every optional field at once', () => {
    const full = {
      ...valid,
      action: 'modified',
      userFilename: 'beach.jpg',
      experimentId: 'exp-1',
      variant: 'b',
      processingTimeMs: 0,
      context: { folder: 'Photos', nested: { depth: 2 } },
    };
    expect(problemsOf(full)).toEqual([]);
  });

  it('names a missing required field as required', () => {
    const { userId: _omitted, ...withoutUser } = valid;
    expect(problemsOf(withoutUser)).toEqual([{ path: 'userId', rule: 'required' }]);
  });

  it.each([
    ['', 'pattern'],
    ['has space', 'pattern'],
    ['a/b', 'pattern'],
    ['x'.repeat(101), 'pattern'],
  ])('refuses proposalId %j by rule %s', (proposalId, rule) => {
    expect(problemsOf({ ...valid, proposalId })).toEqual([{ path: 'proposalId', rule }]);
  });

  it('accepts a proposalId of exactly 100 characters', () => {
    expect(problemsOf({ ...valid, proposalId: 'x'.repeat(100) })).toEqual([]);
  });

  describe.each(['originalFilename', 'proposedFilename'])('%s', (field) => {
    it('refuses an empty name', () => {
      expect(problemsOf({ ...valid, [field]: '' })).toEqual([{ path: field, rule: 'minLength' }]);
    });

    it('accepts 255 bytes of ASCII and refuses 256', () => {
      expect(problemsOf({ ...valid, [field]: 'a'.repeat(255) })).toEqual([]);
      expect(problemsOf({ ...valid, [field]: 'a'.repeat(256) })).toEqual([
        { path: field, rule: 'maxBytes' },
      ]);
    });

    it('counts UTF-8 bytes, not characters: 85 × 日 fits, 86 do not', () => {
      expect(problemsOf({ ...valid, [field]: '日'.repeat(85) })).toEqual([]);
      expect(problemsOf({ ...valid, [field]: '日'.repeat(86) })).toEqual([
        { path: field, rule: 'maxBytes' },
      ]);
    });

    it('refuses a name one byte over the limit at a multibyte boundary', () => {
      // 84 × 日 is 252 bytes; an emoji adds 4.
      expect(problemsOf({ ...valid, [field]: `${'日'.repeat(84)}📷` })).toEqual([
        { path: field, rule: 'maxBytes' },
      ]);
      expect(problemsOf({ ...valid, [field]: `${'日'.repeat(84)}é` })).toEqual([]);
    });
  });

  it('refuses an action outside approved, rejected, modified', () => {
    expect(problemsOf({ ...valid, action: 'maybe' })).toEqual([{ path: 'action', rule: 'enum' }]);
    expect(problemsOf({ ...valid, action: 'Approved' })).toEqual([
      { path: 'action', rule: 'enum' },
    ]);
  });

  it('rejects a modified action without a user filename', () => {
    expect(problemsOf({ ...valid, action: 'modified' })).toEqual([
      { path: 'userFilename', rule: 'requiredWhenModified' },
    ]);
  });

  it.each(['approved', 'rejected'])('refuses a user filename when the action is %s', (action) => {
    expect(problemsOf({ ...valid, action, userFilename: 'mine.jpg' })).toEqual([
      { path: 'userFilename', rule: 'forbiddenUnlessModified' },
    ]);
  });

  it('applies the byte limit to the user filename too', () => {
    expect(problemsOf({ ...valid, action: 'modified', userFilename: '日'.repeat(86) })).toEqual([
      { path: 'userFilename', rule: 'maxBytes' },
    ]);
  });

  it('reports the modified rule alongside an unrelated field error', () => {
    expect(problemsOf({ ...valid, action: 'modified', confidence: 2 })).toEqual([
      { path: 'confidence', rule: 'maximum' },
      { path: 'userFilename', rule: 'requiredWhenModified' },
    ]);
  });

  it('accepts confidence 0 and 1 and refuses just outside', () => {
    expect(problemsOf({ ...valid, confidence: 0 })).toEqual([]);
    expect(problemsOf({ ...valid, confidence: 1 })).toEqual([]);
    expect(problemsOf({ ...valid, confidence: -0.01 })).toEqual([
      { path: 'confidence', rule: 'minimum' },
    ]);
    expect(problemsOf({ ...valid, confidence: 1.01 })).toEqual([
      { path: 'confidence', rule: 'maximum' },
    ]);
  });

  it.each([
    ['', 'pattern'],
    ['v 1', 'pattern'],
    ['v'.repeat(51), 'pattern'],
  ])('refuses modelVersion %j', (modelVersion, rule) => {
    expect(problemsOf({ ...valid, modelVersion })).toEqual([{ path: 'modelVersion', rule }]);
  });

  it('accepts a modelVersion with dots, dashes and underscores up to 50 characters', () => {
    expect(problemsOf({ ...valid, modelVersion: 'a.b-c_d' })).toEqual([]);
    expect(problemsOf({ ...valid, modelVersion: 'v'.repeat(50) })).toEqual([]);
  });

  it('accepts a userId of 1 to 128 characters and refuses 0 or 129', () => {
    expect(problemsOf({ ...valid, userId: 'u' })).toEqual([]);
    expect(problemsOf({ ...valid, userId: 'u'.repeat(128) })).toEqual([]);
    expect(problemsOf({ ...valid, userId: '' })).toEqual([{ path: 'userId', rule: 'minLength' }]);
    expect(problemsOf({ ...valid, userId: 'u'.repeat(129) })).toEqual([
      { path: 'userId', rule: 'maxLength' },
    ]);
  });

  it('asks for the variant when only the experiment is given', () => {
    expect(problemsOf({ ...valid, experimentId: 'exp-1' })).toEqual([
      { path: 'variant', rule: 'requiredTogether' },
    ]);
  });

  it('asks for the experiment when only the variant is given', () => {
    expect(problemsOf({ ...valid, variant: 'b' })).toEqual([
      { path: 'experimentId', rule: 'requiredTogether' },
    ]);
  });

  it('accepts a processing time of 0 and refuses a negative one', () => {
    expect(problemsOf({ ...valid, processingTimeMs: 0 })).toEqual([]);
    expect(problemsOf({ ...valid, processingTimeMs: -1 })).toEqual([
      { path: 'processingTimeMs', rule: 'minimum' },
    ]);
  });

  it('accepts a context of 50 keys and refuses 51', () => {
    const keys = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(problemsOf({ ...valid, context: keys(50) })).toEqual([]);
    expect(problemsOf({ ...valid, context: keys(51) })).toEqual([
      { path: 'context', rule: 'maxProperties' },
    ]);
  });

  it('refuses an unknown top-level field by name', () => {
    expect(problemsOf({ ...valid, confidenceScore: 0.9 })).toEqual([
      { path: 'confidenceScore', rule: 'unknownField' },
    ]);
  });

  it('puts errors about the body itself at "(body)"', () => {
    expect(problemsOf(null)).toMatchObject([{ path: '(body)' }]);
  });

  it('gives every error a message a person can read', () => {
    const parsed = feedbackInputSchema.safeParse({ ...valid, action: 'modified', extra: 1 });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const errors = toFieldErrors(parsed.error);
    expect(errors).toHaveLength(2);
    for (const error of errors) expect(error.message).not.toBe('');
  });
});

describe('toFieldErrors', () => {
  it('prefixes paths for items of a batch', () => {
    const parsed = feedbackInputSchema.safeParse({ ...valid, confidence: 7, nope: true });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(
      toFieldErrors(parsed.error, 'items[3]').map(({ path, rule }) => ({ path, rule })),
    ).toEqual(
      expect.arrayContaining([
        { path: 'items[3].confidence', rule: 'maximum' },
        { path: 'items[3].nope', rule: 'unknownField' },
      ]),
    );
  });

  it('reports a non-object item at the item path itself', () => {
    const parsed = feedbackInputSchema.safeParse('not an object');
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(toFieldErrors(parsed.error, 'items[0]')).toMatchObject([{ path: 'items[0]' }]);
  });
});

describe('fingerprintFeedback', () => {
  const decision = feedbackInputSchema.parse({ ...valid, experimentId: 'exp-1', variant: 'b' });
  const context = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 });

  it('is the same for a retry whose keys, nested ones included, come in any order', () => {
    fc.assert(
      fc.property(context, fc.nat(), fc.nat(), (ctx, seedA, seedB) => {
        const original = { ...decision, context: ctx };
        const retried = {
          ...permute(original, seedA),
          context: permute(ctx, seedB),
        } as FeedbackInput;
        expect(fingerprintFeedback(retried)).toBe(fingerprintFeedback(original));
      }),
    );
  });

  it('ignores a field given as undefined', () => {
    expect(fingerprintFeedback({ ...decision, userFilename: undefined })).toBe(
      fingerprintFeedback(decision),
    );
  });

  it.each([
    ['action', { action: 'rejected' }],
    ['confidence', { confidence: 0.88 }],
    ['variant', { variant: 'a' }],
    ['context', { context: { folder: 'Other' } }],
  ] as const)('differs when the %s differs', (_field, change) => {
    expect(fingerprintFeedback({ ...decision, ...change })).not.toBe(fingerprintFeedback(decision));
  });
});

/** The same entries in an order picked by `seed`: a rotation, then a reversal on odd seeds. */
function permute<T extends object>(value: T, seed: number): T {
  const entries = Object.entries(value);
  const turn = entries.length === 0 ? 0 : seed % entries.length;
  const rotated = [...entries.slice(turn), ...entries.slice(0, turn)];
  return Object.fromEntries(seed % 2 === 1 ? rotated.reverse() : rotated) as T;
}

describe('file name rules', () => {
  it.each([
    ['a NUL character', 'beach\u0000.jpg', 'noControlCharacters'],
    ['a newline', 'beach\n.jpg', 'noControlCharacters'],
    ['a C1 control character', 'beach\u0085.jpg', 'noControlCharacters'],
    ['a slash', 'photos/beach.jpg', 'noPathSeparators'],
    ['a backslash', 'photos\\beach.jpg', 'noPathSeparators'],
    ['"."', '.', 'notDotName'],
    ['".."', '..', 'notDotName'],
    ['a lone surrogate', 'beach\ud800.jpg', 'wellFormedUnicode'],
  ])('refuses a name with %s instead of repairing it', (_case, name, rule) => {
    expect(problemsOf({ ...valid, proposedFilename: name })).toEqual([
      { path: 'proposedFilename', rule },
    ]);
  });

  it('stores names NFC-normalized, so one name typed two ways is one name', () => {
    const decomposed = 'Cafe\u0301.jpg';
    const parsed = feedbackInputSchema.parse({ ...valid, originalFilename: decomposed });
    expect(parsed.originalFilename).toBe('Caf\u00e9.jpg');
    expect(parsed.originalFilename).toBe(decomposed.normalize('NFC'));
  });

  it('accepts names that merely start with dots', () => {
    expect(problemsOf({ ...valid, originalFilename: '.bashrc' })).toEqual([]);
    expect(problemsOf({ ...valid, originalFilename: '...' })).toEqual([]);
  });
});

describe('text PostgreSQL could not store', () => {
  it('refuses a userId with a NUL character', () => {
    expect(problemsOf({ ...valid, userId: 'a\u0000b' })).toEqual([
      { path: 'userId', rule: 'printableText' },
    ]);
  });

  it('refuses context strings with NUL or lone surrogates, and context nested too deep', () => {
    expect(problemsOf({ ...valid, context: { note: 'a\u0000b' } })).toEqual([
      { path: 'context', rule: 'storableText' },
    ]);
    expect(problemsOf({ ...valid, context: { '\ud800': 1 } })).toEqual([
      { path: 'context', rule: 'storableText' },
    ]);
    let deep: unknown = 1;
    for (let i = 0; i < 10; i++) deep = { deeper: deep };
    expect(problemsOf({ ...valid, context: { deep } })).toEqual([
      { path: 'context', rule: 'maxDepth' },
    ]);
  });
});
