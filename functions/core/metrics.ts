import * as z from 'zod';
import type { MetricsReport } from './contract/metrics-contract';
import { ValidationError } from './errors';
import { modelVersionSchema } from './feedback';
import { toFieldErrors } from './field-errors';
import { type Histogram, quantileOf } from './histogram';
import {
  approvalRatesByDay,
  type BinCounts,
  binnedQuantile,
  CONFIDENCE_BINS,
  type DailyApprovals,
  EDIT_DISTANCE_BINS,
  histogramBins,
} from './proposal-quality';

/** `GET /v1/metrics` query: an optional model version and a half-open time range. */
export const metricsQuerySchema = z
  .strictObject({
    modelVersion: modelVersionSchema
      .optional()
      .describe('Only this model version; all of them when absent'),
    from: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Start of the range, ISO 8601 with an offset; counted in whole UTC hours'),
    to: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('End of the range, ISO 8601 with an offset, later than from'),
  })
  .refine(
    (q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to),
    {
      path: ['to'],
      message: 'must be later than from',
      params: { rule: 'afterFrom' },
    },
  );

export interface MetricsQuery {
  modelVersion?: string;
  from?: Date;
  to?: Date;
}

export function parseMetricsQuery(raw: Record<string, string | undefined>): MetricsQuery {
  const parsed = metricsQuerySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    throw new ValidationError('The query string is invalid', {
      errors: toFieldErrors(parsed.error),
    });
  }
  return {
    modelVersion: parsed.data.modelVersion,
    from: parsed.data.from === undefined ? undefined : new Date(parsed.data.from),
    to: parsed.data.to === undefined ? undefined : new Date(parsed.data.to),
  };
}

export interface LearnedTotals {
  total: number;
  approved: number;
  rejected: number;
  modified: number;
  confidenceSum: number;
}

/** What the proposal-quality learner and the daily rollups hold for a query. */
export interface LearnedQuality {
  days: readonly DailyApprovals[];
  confidenceBins: BinCounts;
  editDistance: { count: number; sum: number; bins: BinCounts };
}

/** Nothing learned: what an empty tenant (or range) reads. */
export const NO_LEARNED_QUALITY: LearnedQuality = {
  days: [],
  confidenceBins: new Map(),
  editDistance: { count: 0, sum: 0, bins: new Map() },
};

export type { MetricsReport };

/**
 * Turns learned totals, the processing-time histogram and the proposal-quality rollups
 * into the metrics a client reads.
 */
export function summarizeMetrics(
  query: MetricsQuery,
  totals: LearnedTotals,
  histogram: Histogram,
  quality: LearnedQuality = NO_LEARNED_QUALITY,
): MetricsReport {
  const edits = quality.editDistance;
  const rate = (count: number) => (totals.total === 0 ? null : round(count / totals.total));
  return {
    modelVersion: query.modelVersion ?? null,
    from: query.from?.toISOString() ?? null,
    to: query.to?.toISOString() ?? null,
    total: totals.total,
    approved: totals.approved,
    rejected: totals.rejected,
    modified: totals.modified,
    approvalRate: rate(totals.approved),
    rejectionRate: rate(totals.rejected),
    modificationRate: rate(totals.modified),
    meanConfidence: totals.total === 0 ? null : round(totals.confidenceSum / totals.total),
    processingTimeMs: {
      p50: quantileOf(histogram, 0.5),
      p95: quantileOf(histogram, 0.95),
      p99: quantileOf(histogram, 0.99),
    },
    approvalRateByDay: approvalRatesByDay(quality.days),
    confidenceHistogram: histogramBins(quality.confidenceBins, CONFIDENCE_BINS),
    editDistance: {
      count: edits.count,
      mean: edits.count === 0 ? null : round(edits.sum / edits.count),
      p50: binnedQuantile(edits.bins, EDIT_DISTANCE_BINS, 0.5),
      p90: binnedQuantile(edits.bins, EDIT_DISTANCE_BINS, 0.9),
    },
  };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
