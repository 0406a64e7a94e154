import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, type Histogram, MAX_BUCKET, quantileOf } from '#core/histogram';

/** The longest processing time feedback may carry: one day. */
const MAX_MS = 86_400_000;
/** Reports are rounded to 0.01 ms, which adds up to half of that to the bucket's error. */
const ROUNDING_MS = 0.005;

function histogramOf(values: readonly number[]): Histogram {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(bucketOf(value), (counts.get(bucketOf(value)) ?? 0) + 1);
  return counts;
}

function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
  if (value === undefined) throw new Error('empty sample');
  return value;
}

const sample = (min: number, max: number) =>
  fc.array(fc.double({ min, max, noNaN: true }), { minLength: 1, maxLength: 200 });
const quantile = fc.double({ min: 0, max: 1, noNaN: true, minExcluded: true });

describe('quantileOf', () => {
  it('is null for an empty distribution', () => {
    expect(quantileOf(new Map(), 0.5)).toBeNull();
    expect(quantileOf(new Map([[3, 0]]), 0.5)).toBeNull();
  });

  it('is within 2.5% of the exact nearest-rank quantile, give or take the 0.01 ms rounding', () => {
    fc.assert(
      fc.property(sample(1, MAX_MS), quantile, (values, q) => {
        const exact = exactQuantile(values, q);
        const reported = quantileOf(histogramOf(values), q);
        expect(reported).not.toBeNull();
        expect(Math.abs((reported ?? Number.NaN) - exact)).toBeLessThanOrEqual(
          0.025 * exact + ROUNDING_MS,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('reports times under a millisecond as 0.5 ms', () => {
    fc.assert(
      fc.property(sample(0, 0.999), quantile, (values, q) => {
        expect(quantileOf(histogramOf(values), q)).toBe(0.5);
      }),
    );
  });

  it('never decreases as q grows', () => {
    fc.assert(
      fc.property(sample(0, MAX_MS), quantile, quantile, (values, a, b) => {
        const histogram = histogramOf(values);
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(quantileOf(histogram, low)).toBeLessThanOrEqual(quantileOf(histogram, high) ?? 0);
      }),
    );
  });

  it('gives the largest value at q = 1 and the smallest at the first rank', () => {
    const histogram = histogramOf([10, 100, 1000]);
    expect(quantileOf(histogram, 1)).toBeCloseTo(1000, -2);
    expect(quantileOf(histogram, 0.01)).toBeCloseTo(10, 0);
  });

  it('weighs buckets by their counts', () => {
    const histogram = new Map([
      [bucketOf(10), 1],
      [bucketOf(500), 99],
    ]);
    expect(quantileOf(histogram, 0.01)).toBeCloseTo(10, 0);
    expect(quantileOf(histogram, 0.02)).toBeGreaterThan(480);
  });
});

describe('bucketOf', () => {
  it('never decreases as the time grows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: MAX_MS, noNaN: true }),
        fc.double({ min: 0, max: MAX_MS, noNaN: true }),
        (a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(bucketOf(low)).toBeLessThanOrEqual(bucketOf(high));
        },
      ),
    );
  });

  it('puts a day in a bucket below the last, and clamps anything larger into it', () => {
    expect(bucketOf(MAX_MS)).toBeLessThan(MAX_BUCKET);
    expect(bucketOf(Number.MAX_VALUE)).toBe(MAX_BUCKET);
    expect(bucketOf(Number.POSITIVE_INFINITY)).toBe(MAX_BUCKET);
  });

  it('puts negative and non-numeric times in the first bucket', () => {
    expect(bucketOf(-5)).toBe(0);
    expect(bucketOf(Number.NaN)).toBe(0);
  });
});
