import { describe, expect, it } from 'vitest';
import { ValidationError } from '#core/errors';
import { bucketOf } from '#core/histogram';
import { type LearnedTotals, parseMetricsQuery, summarizeMetrics } from '#core/metrics';

const range = { from: '2024-06-01T00:00:00Z', to: '2024-06-02T00:00:00Z' };

const totals: LearnedTotals = {
  total: 3,
  approved: 1,
  rejected: 1,
  modified: 1,
  confidenceSum: 2,
};

function problemsOf(raw: Record<string, string | undefined>): { path: string; rule: string }[] {
  try {
    parseMetricsQuery(raw);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.status).toBe(422);
    return error.errors.map(({ path, rule }) => ({ path, rule }));
  }
  return [];
}

describe('parseMetricsQuery', () => {
  it('accepts no parameters at all', () => {
    expect(parseMetricsQuery({})).toEqual({});
  });

  it('reads a model version and a time range with offsets', () => {
    expect(
      parseMetricsQuery({
        modelVersion: 'namer-2',
        from: '2024-06-01T02:00:00+02:00',
        to: range.to,
      }),
    ).toEqual({
      modelVersion: 'namer-2',
      from: new Date('2024-06-01T00:00:00Z'),
      to: new Date('2024-06-02T00:00:00Z'),
    });
  });

  it('refuses a to before from, at "to"', () => {
    expect(problemsOf({ from: range.to, to: range.from })).toEqual([
      { path: 'to', rule: 'afterFrom' },
    ]);
  });

  it('refuses an empty range: to equal to from', () => {
    expect(problemsOf({ from: range.from, to: range.from })).toEqual([
      { path: 'to', rule: 'afterFrom' },
    ]);
  });

  it('refuses a date without a time', () => {
    expect(problemsOf({ from: '2024-06-01' })).toEqual([{ path: 'from', rule: 'datetime' }]);
  });

  it('refuses a model version with characters outside the pattern', () => {
    expect(problemsOf({ modelVersion: 'namer 2' })).toEqual([
      { path: 'modelVersion', rule: 'pattern' },
    ]);
  });

  it('refuses a parameter it does not know, by name', () => {
    expect(problemsOf({ model: 'namer-2' })).toEqual([{ path: 'model', rule: 'unknownField' }]);
  });
});

describe('summarizeMetrics', () => {
  const query = parseMetricsQuery({ modelVersion: 'namer-2', ...range });

  it('gives null rates, confidence and percentiles when there is no data', () => {
    const report = summarizeMetrics(
      {},
      { total: 0, approved: 0, rejected: 0, modified: 0, confidenceSum: 0 },
      new Map(),
    );
    expect(report).toEqual({
      modelVersion: null,
      from: null,
      to: null,
      total: 0,
      approved: 0,
      rejected: 0,
      modified: 0,
      approvalRate: null,
      rejectionRate: null,
      modificationRate: null,
      meanConfidence: null,
      processingTimeMs: { p50: null, p95: null, p99: null },
      approvalRateByDay: [],
      confidenceHistogram: Array.from({ length: 10 }, (_, bin) => ({
        lo: bin / 10,
        hi: (bin + 1) / 10,
        count: 0,
      })),
      editDistance: { count: 0, mean: null, p50: null, p90: null },
    });
  });

  it('echoes the query as ISO strings', () => {
    expect(summarizeMetrics(query, totals, new Map())).toMatchObject({
      modelVersion: 'namer-2',
      from: '2024-06-01T00:00:00.000Z',
      to: '2024-06-02T00:00:00.000Z',
    });
  });

  it('rounds rates and mean confidence to six decimals', () => {
    const report = summarizeMetrics(query, totals, new Map());
    expect(report.approvalRate).toBe(0.333333);
    expect(report.rejectionRate).toBe(0.333333);
    expect(report.modificationRate).toBe(0.333333);
    expect(report.meanConfidence).toBe(0.666667);
  });

  it('reports rates that are fractions of the total', () => {
    const report = summarizeMetrics(
      query,
      { total: 4, approved: 3, rejected: 1, modified: 0, confidenceSum: 3.4 },
      new Map(),
    );
    expect(report).toMatchObject({
      total: 4,
      approved: 3,
      approvalRate: 0.75,
      rejectionRate: 0.25,
      modificationRate: 0,
      meanConfidence: 0.85,
    });
  });

  it('reads p50, p95 and p99 from the histogram', () => {
    const histogram = new Map([
      [bucketOf(100), 90],
      [bucketOf(1000), 9],
      [bucketOf(5000), 1],
    ]);
    const { processingTimeMs } = summarizeMetrics(query, totals, histogram);
    expect(processingTimeMs.p50).toBeCloseTo(100, -1);
    expect(processingTimeMs.p95).toBeCloseTo(1000, -2);
    expect(processingTimeMs.p99).toBeCloseTo(1000, -2);
  });

  it('reports approval per day, the confidence histogram and the edit distance', () => {
    const report = summarizeMetrics(query, totals, new Map(), {
      days: [
        { day: '2024-06-02', modelVersion: 'namer-2', total: 4, approved: 1 },
        { day: '2024-06-01', modelVersion: 'namer-2', total: 2, approved: 2 },
      ],
      confidenceBins: new Map([
        [9, 3],
        [0, 1],
      ]),
      editDistance: {
        count: 4,
        sum: 1,
        bins: new Map([
          [10, 3],
          [50, 1],
        ]),
      },
    });
    expect(report.approvalRateByDay).toEqual([
      { day: '2024-06-01', modelVersion: 'namer-2', total: 2, approved: 2, approvalRate: 1 },
      { day: '2024-06-02', modelVersion: 'namer-2', total: 4, approved: 1, approvalRate: 0.25 },
    ]);
    expect(report.confidenceHistogram[0]).toEqual({ lo: 0, hi: 0.1, count: 1 });
    expect(report.confidenceHistogram[9]).toEqual({ lo: 0.9, hi: 1, count: 3 });
    expect(report.confidenceHistogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(4);
    expect(report.editDistance).toEqual({ count: 4, mean: 0.25, p50: 0.105, p90: 0.505 });
  });
});
