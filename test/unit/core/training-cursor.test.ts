import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '#core/errors';
import { type TrainingCursorScope, trainingCursors } from '#core/training-cursor';

const KEY = randomBytes(32);
const SCOPE: TrainingCursorScope = { tenantId: 'acme' };
const POSITION = {
  receivedAt: '2024-06-01T10:00:00.123456Z',
  id: '0b7e7a6c-3f0e-4d36-9a41-3c1f2e8e9a10',
};

/** The 400 a cursor earns, as the problem boundary would show its field error; null if taken. */
function refusalOf(text: string, scope: TrainingCursorScope = SCOPE, key = KEY) {
  try {
    trainingCursors(key, scope).verify(text);
    return null;
  } catch (error) {
    if (!(error instanceof BadRequestError)) throw error;
    return { status: error.status, errors: error.errors.map(({ path, rule }) => ({ path, rule })) };
  }
}

const REFUSED = { status: 400, errors: [{ path: 'cursor', rule: 'cursor' }] };

describe('training-data cursors', () => {
  it('give back the position they were signed with, for any position', () => {
    const cursors = trainingCursors(KEY, SCOPE);
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 999 }),
        fc.uuid(),
        (date, micros, id) => {
          const receivedAt = `${date.toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
          const cursor = cursors.sign({ receivedAt, id });
          expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
          expect(cursor.length).toBeLessThanOrEqual(200);
          expect(cursors.verify(cursor)).toEqual({ receivedAt, id });
        },
      ),
    );
  });

  it('refuses the crafted cursor of the review, unsigned, before reading it', () => {
    const crafted = Buffer.from(`2024-02-30T00:00:00.000000Z|${POSITION.id}`).toString('base64url');
    expect(refusalOf(crafted)).toEqual(REFUSED);
  });

  it('refuses a date that does not exist even under a valid signature (a leaked key)', () => {
    const forged = trainingCursors(KEY, SCOPE).sign({
      ...POSITION,
      receivedAt: '2024-02-30T00:00:00.000000Z',
    });
    expect(refusalOf(forged)).toEqual(REFUSED);
  });

  it('refuses any change to a cursor it gave out', () => {
    const good = trainingCursors(KEY, SCOPE).sign(POSITION);
    fc.assert(
      fc.property(
        fc.nat({ max: good.length - 1 }),
        fc.constantFrom(...'AQgw09_-x.'),
        (at, char) => {
          fc.pre(good[at] !== char);
          const changed = good.slice(0, at) + char + good.slice(at + 1);
          // Base64url has spare bits in its last character: a change there may decode alike.
          fc.pre(
            Buffer.from(changed.split('.')[1] ?? '', 'base64url').toString('base64url') ===
              changed.split('.')[1],
          );
          expect(refusalOf(changed)).toEqual(REFUSED);
        },
      ),
    );
  });

  it("refuses another tenant's cursor, another filter's, and another key's", () => {
    const good = trainingCursors(KEY, SCOPE).sign(POSITION);
    expect(refusalOf(good)).toBeNull();
    expect(refusalOf(good, { tenantId: 'other' })).toEqual(REFUSED);
    expect(refusalOf(good, { ...SCOPE, modelVersion: 'v1' })).toEqual(REFUSED);
    expect(refusalOf(good, { ...SCOPE, until: new Date('2024-07-01T00:00:00Z') })).toEqual(REFUSED);
    expect(refusalOf(good, SCOPE, randomBytes(32))).toEqual(REFUSED);
  });

  it('refuses text of any shape with a 400 naming cursor, never another error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(refusalOf(text)).toEqual(REFUSED);
      }),
    );
    for (const text of ['', '.', 'abc', `${'A'.repeat(86)}.${'A'.repeat(43)}`]) {
      expect(refusalOf(text)).toEqual(REFUSED);
    }
  });

  it('will not sign with a key under 32 bytes', () => {
    expect(() => trainingCursors(randomBytes(16), SCOPE)).toThrow(/at least 32 bytes/);
  });
});
