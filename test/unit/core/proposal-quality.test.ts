import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateQuality,
  approvalRatesByDay,
  binnedQuantile,
  binOf,
  EDIT_DISTANCE_BINS,
  histogramBins,
  type QualityInput,
  utcDayOf,
} from '#core/proposal-quality';

const approved: QualityInput = {
  tenantId: 'acme',
  modelVersion: 'v1',
  receivedAt: new Date('2024-06-01T10:15:00Z'),
  action: 'approved',
  confidence: 0.93,
  proposedFilename: 'beach.jpg',
  userFilename: null,
};

describe('binOf', () => {
  it('puts a boundary in the bin it starts and 1 in the last bin', () => {
    expect(binOf(0, 10)).toBe(0);
    expect(binOf(0.1, 10)).toBe(1);
    expect(binOf(0.29, 100)).toBe(29);
    expect(binOf(29 / 50, 100)).toBe(58);
    expect(binOf(1, 10)).toBe(9);
  });
});

describe('aggregateQuality', () => {
  it('bins every confidence and measures only modified proposals', () => {
    const { editDistances, bins } = aggregateQuality([
      approved,
      { ...approved, action: 'rejected', confidence: 0.05 },
      { ...approved, action: 'modified', confidence: 0.95, userFilename: 'beach-trip.jpg' },
    ]);
    const hour = new Date('2024-06-01T10:00:00Z');
    expect(editDistances).toEqual([
      { tenantId: 'acme', modelVersion: 'v1', hour, count: 1, sum: 5 / 14 },
    ]);
    expect(bins.map(({ metric, bin, count }) => ({ metric, bin, count }))).toEqual([
      { metric: 'confidence', bin: 0, count: 1 },
      { metric: 'confidence', bin: 9, count: 2 },
      { metric: 'edit_distance', bin: 35, count: 1 },
    ]);
  });

  it('keeps tenants, model versions and hours apart, in key order', () => {
    const { bins } = aggregateQuality([
      { ...approved, tenantId: 'zeta' },
      { ...approved, modelVersion: 'v2' },
      { ...approved, receivedAt: new Date('2024-06-01T11:00:00Z') },
      { ...approved, confidence: 0.91 },
      approved,
    ]);
    expect(bins.map((b) => [b.tenantId, b.modelVersion, b.hour.toISOString(), b.count])).toEqual([
      ['acme', 'v1', '2024-06-01T10:00:00.000Z', 2],
      ['acme', 'v1', '2024-06-01T11:00:00.000Z', 1],
      ['acme', 'v2', '2024-06-01T10:00:00.000Z', 1],
      ['zeta', 'v1', '2024-06-01T10:00:00.000Z', 1],
    ]);
  });
});

describe('binnedQuantile', () => {
  it('is null when nothing was counted', () => {
    expect(binnedQuantile(new Map(), EDIT_DISTANCE_BINS, 0.5)).toBeNull();
  });

  it('is within half a bin of the exact nearest-rank quantile', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.9),
        (values, q) => {
          const counts = new Map<number, number>();
          for (const value of values) {
            const bin = binOf(value, EDIT_DISTANCE_BINS);
            counts.set(bin, (counts.get(bin) ?? 0) + 1);
          }
          const sorted = [...values].sort((a, b) => a - b);
          const exact = sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] ?? Number.NaN;
          const reported = binnedQuantile(counts, EDIT_DISTANCE_BINS, q) ?? Number.NaN;
          expect(Math.abs(reported - exact)).toBeLessThanOrEqual(0.5 / EDIT_DISTANCE_BINS + 1e-6);
        },
      ),
    );
  });
});

describe('histogramBins', () => {
  it('lists every bin, empty ones with 0', () => {
    expect(histogramBins(new Map([[1, 4]]), 4)).toEqual([
      { lo: 0, hi: 0.25, count: 0 },
      { lo: 0.25, hi: 0.5, count: 4 },
      { lo: 0.5, hi: 0.75, count: 0 },
      { lo: 0.75, hi: 1, count: 0 },
    ]);
  });
});

describe('approval per day', () => {
  it('names UTC days, whatever the hour', () => {
    expect(utcDayOf(new Date('2024-06-01T23:59:59.999Z'))).toBe('2024-06-01');
    expect(utcDayOf(new Date('2024-06-02T00:30:00+02:00'))).toBe('2024-06-01');
  });

  it('sorts by day then model version and rates approvals', () => {
    expect(
      approvalRatesByDay([
        { day: '2024-06-02', modelVersion: 'v1', total: 4, approved: 3 },
        { day: '2024-06-01', modelVersion: 'v2', total: 1, approved: 0 },
        { day: '2024-06-01', modelVersion: 'v1', total: 2, approved: 1 },
      ]),
    ).toEqual([
      { day: '2024-06-01', modelVersion: 'v1', total: 2, approved: 1, approvalRate: 0.5 },
      { day: '2024-06-01', modelVersion: 'v2', total: 1, approved: 0, approvalRate: 0 },
      { day: '2024-06-02', modelVersion: 'v1', total: 4, approved: 3, approvalRate: 0.75 },
    ]);
  });
});
