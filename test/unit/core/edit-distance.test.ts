import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizedEditDistance } from '#core/edit-distance';

describe('normalizedEditDistance', () => {
  it.each([
    ['beach.jpg', 'beach.jpg', 0],
    ['', '', 0],
    ['', 'abc', 1],
    ['abc', 'xyz', 1],
    ['kitten', 'sitting', 3 / 7],
    ['2024-06-01_beach.jpg', '2024-06-01_beach-trip.jpg', 5 / 25],
    ['IMG.JPG', 'img.jpg', 6 / 7],
  ])('measures %j against %j as %d', (a, b, expected) => {
    expect(normalizedEditDistance(a, b)).toBeCloseTo(expected, 12);
  });

  it('counts a character outside the BMP as one edit, not two UTF-16 units', () => {
    expect(normalizedEditDistance('😀.jpg', '😁.jpg')).toBeCloseTo(1 / 5, 12);
    expect(normalizedEditDistance('photo.jpg', 'photo😀.jpg')).toBeCloseTo(1 / 10, 12);
  });

  it('is 0 exactly when the names are equal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(normalizedEditDistance(a, b) === 0).toBe(a === b);
        expect(normalizedEditDistance(a, a)).toBe(0);
      }),
    );
  });

  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const distance = normalizedEditDistance(a, b);
        expect(distance).toBe(normalizedEditDistance(b, a));
        expect(distance).toBeGreaterThanOrEqual(0);
        expect(distance).toBeLessThanOrEqual(1);
      }),
    );
  });
});
