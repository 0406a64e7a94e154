import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf } from '#core/histogram';
import { aggregateFeedback, type RollupInput, startOfHour } from '#core/learning';

const row: RollupInput = {
  tenantId: 'tenant-a',
  modelVersion: 'namer-2',
  receivedAt: new Date('2024-06-01T10:15:30.250Z'),
  action: 'approved',
  confidence: 0.8,
  processingTimeMs: 120,
};

const claimed: fc.Arbitrary<RollupInput> = fc.record({
  tenantId: fc.constantFrom('tenant-a', 'tenant-b', 'tenant-ab'),
  modelVersion: fc.constantFrom('v1', 'v1.1', 'v2'),
  receivedAt: fc.date({
    min: new Date('2024-06-01T00:00:00Z'),
    max: new Date('2024-06-01T05:59:59Z'),
    noInvalidDate: true,
  }),
  action: fc.constantFrom('approved', 'rejected', 'modified'),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  processingTimeMs: fc.option(fc.integer({ min: 0, max: 86_400_000 })),
});

const keyOf = (entry: { tenantId: string; modelVersion: string; hour: Date }) =>
  [entry.tenantId, entry.modelVersion, entry.hour.getTime()] as const;

function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

describe('aggregateFeedback', () => {
  it('folds feedback of the same tenant, model and hour into one row', () => {
    const { stats, buckets } = aggregateFeedback([
      row,
      { ...row, action: 'rejected', confidence: 0.4, receivedAt: new Date('2024-06-01T10:59:59Z') },
      { ...row, action: 'modified', confidence: 0.3, processingTimeMs: null },
    ]);

    expect(stats).toEqual([
      {
        tenantId: 'tenant-a',
        modelVersion: 'namer-2',
        hour: new Date('2024-06-01T10:00:00Z'),
        total: 3,
        approved: 1,
        rejected: 1,
        modified: 1,
        confidenceSum: expect.closeTo(1.5, 10),
        processingTimeCount: 2,
        processingTimeSumMs: 240,
      },
    ]);
    expect(buckets).toEqual([expect.objectContaining({ bucket: bucketOf(120), count: 2 })]);
  });

  it('keeps tenants, models and hours apart', () => {
    const { stats } = aggregateFeedback([
      row,
      { ...row, tenantId: 'tenant-b' },
      { ...row, modelVersion: 'namer-3' },
      { ...row, receivedAt: new Date('2024-06-01T11:00:00Z') },
    ]);
    expect(stats).toHaveLength(4);
    expect(stats.every((entry) => entry.total === 1)).toBe(true);
  });

  it('returns nothing for no feedback', () => {
    expect(aggregateFeedback([])).toEqual({ stats: [], buckets: [] });
  });

  it('accounts for every row exactly once', () => {
    fc.assert(
      fc.property(fc.array(claimed, { maxLength: 60 }), (rows) => {
        const { stats, buckets } = aggregateFeedback(rows);
        const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
        const timed = rows.filter((r) => r.processingTimeMs !== null);

        expect(sum(stats.map((s) => s.total))).toBe(rows.length);
        for (const action of ['approved', 'rejected', 'modified'] as const) {
          expect(sum(stats.map((s) => s[action]))).toBe(
            rows.filter((r) => r.action === action).length,
          );
        }
        for (const s of stats) expect(s.approved + s.rejected + s.modified).toBe(s.total);
        expect(sum(stats.map((s) => s.processingTimeCount))).toBe(timed.length);
        expect(sum(stats.map((s) => s.processingTimeSumMs))).toBe(
          sum(timed.map((r) => r.processingTimeMs ?? 0)),
        );
        expect(sum(buckets.map((b) => b.count))).toBe(timed.length);
      }),
    );
  });

  it('sorts rows by tenant, model, hour (and bucket) so concurrent batches lock in one order', () => {
    fc.assert(
      fc.property(fc.array(claimed, { maxLength: 60 }), (rows) => {
        const { stats, buckets } = aggregateFeedback(rows);
        const statKeys = stats.map(keyOf);
        expect(statKeys).toEqual([...statKeys].sort(compareKeys));
        expect(new Set(statKeys.map((k) => k.join('|'))).size).toBe(statKeys.length);
        const bucketKeys = buckets.map((b) => [...keyOf(b), b.bucket]);
        expect(bucketKeys).toEqual([...bucketKeys].sort(compareKeys));
      }),
    );
  });

  it('is the same whatever order the rows arrive in', () => {
    fc.assert(
      fc.property(fc.array(claimed, { maxLength: 30 }), (rows) => {
        const forward = aggregateFeedback(rows);
        const backward = aggregateFeedback([...rows].reverse());
        expect(backward.buckets).toEqual(forward.buckets);
        expect(backward.stats.map(({ confidenceSum: _c, ...rest }) => rest)).toEqual(
          forward.stats.map(({ confidenceSum: _c, ...rest }) => rest),
        );
      }),
    );
  });
});

describe('startOfHour', () => {
  it('drops minutes, seconds and milliseconds in UTC', () => {
    expect(startOfHour(new Date('2024-06-01T10:59:59.999Z'))).toEqual(
      new Date('2024-06-01T10:00:00.000Z'),
    );
  });

  it('uses the UTC hour even for a time written with a half-hour offset', () => {
    expect(startOfHour(new Date('2024-06-01T10:15:00+05:30'))).toEqual(
      new Date('2024-06-01T04:00:00Z'),
    );
  });

  it('does not change the date it is given', () => {
    const date = new Date('2024-06-01T10:15:00Z');
    startOfHour(date);
    expect(date.toISOString()).toBe('2024-06-01T10:15:00.000Z');
  });
});
