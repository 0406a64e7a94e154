import { normalizedEditDistance } from './edit-distance';
import type { ClaimedFeedback } from './learning';
import { startOfHour } from './learning';

/**
 * How good the proposals were, learned per tenant, model version and UTC hour: how sure the
 * model was (a confidence histogram) and, when a person modified the proposal, how far off
 * it was (the normalized edit distance from the proposed to the chosen name). Both are kept
 * as bin counts, so any range of hours is a sum and its quantiles cost nothing.
 */
export const CONFIDENCE_BINS = 10;
/** 100 bins of 0.01: a quantile reported at its bin's middle is within 0.005. */
export const EDIT_DISTANCE_BINS = 100;

export type DistributionMetric = 'confidence' | 'edit_distance';

/** Bin of a value in [0, 1] among `bins` equal bins; 1 falls in the last one. */
export function binOf(value: number, bins: number): number {
  // The epsilon puts an exact boundary (29/100) in the bin it starts, despite 0.29 * 100 < 29.
  const bin = Math.floor(value * bins + 1e-9);
  return Math.min(bins - 1, Math.max(0, bin));
}

/** What the quality learner reads of a feedback. */
export type QualityInput = Pick<
  ClaimedFeedback,
  | 'tenantId'
  | 'modelVersion'
  | 'receivedAt'
  | 'action'
  | 'confidence'
  | 'proposedFilename'
  | 'userFilename'
>;

export interface HourlyEditDistance {
  tenantId: string;
  modelVersion: string;
  hour: Date;
  count: number;
  sum: number;
}

export interface HourlyBinCount {
  tenantId: string;
  modelVersion: string;
  hour: Date;
  metric: DistributionMetric;
  bin: number;
  count: number;
}

/**
 * Folds a batch into increments of the quality rollups, sorted by key so that concurrent
 * batches lock shared rows in the same order.
 */
export function aggregateQuality(rows: readonly QualityInput[]): {
  editDistances: HourlyEditDistance[];
  bins: HourlyBinCount[];
} {
  const editDistances = new Map<string, HourlyEditDistance>();
  const bins = new Map<string, HourlyBinCount>();
  const countBin = (
    row: QualityInput,
    hour: Date,
    key: string,
    metric: DistributionMetric,
    bin: number,
  ) => {
    const binKey = `${key}\u0000${metric}\u0000${String(bin).padStart(3, '0')}`;
    const counted = bins.get(binKey);
    if (counted) counted.count += 1;
    else
      bins.set(binKey, {
        tenantId: row.tenantId,
        modelVersion: row.modelVersion,
        hour,
        metric,
        bin,
        count: 1,
      });
  };
  for (const row of rows) {
    const hour = startOfHour(row.receivedAt);
    const key = [row.tenantId, row.modelVersion, hour.toISOString()].join('\u0000');
    countBin(row, hour, key, 'confidence', binOf(row.confidence, CONFIDENCE_BINS));
    if (row.action !== 'modified' || row.userFilename === null) continue;
    const distance = normalizedEditDistance(row.proposedFilename, row.userFilename);
    countBin(row, hour, key, 'edit_distance', binOf(distance, EDIT_DISTANCE_BINS));
    const entry = editDistances.get(key);
    if (entry) {
      entry.count += 1;
      entry.sum += distance;
    } else {
      editDistances.set(key, {
        tenantId: row.tenantId,
        modelVersion: row.modelVersion,
        hour,
        count: 1,
        sum: distance,
      });
    }
  }
  return {
    editDistances: [...editDistances.entries()].sort(byKey).map(([, value]) => value),
    bins: [...bins.entries()].sort(byKey).map(([, value]) => value),
  };
}

/** Counts per bin index; absent bins count 0. */
export type BinCounts = ReadonlyMap<number, number>;

/**
 * The q-quantile (0 < q <= 1) of values binned into `bins` equal bins of [0, 1], by the
 * nearest-rank method, reported at the middle of its bin; null when there are none.
 */
export function binnedQuantile(counts: BinCounts, bins: number, q: number): number | null {
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bin of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(bin) ?? 0;
    if (seen >= rank) return roundTo((bin + 0.5) / bins, 6);
  }
  return null;
}

/** Every bin of a histogram over [0, 1], empty ones included, as `{lo, hi, count}`. */
export function histogramBins(
  counts: BinCounts,
  bins: number,
): { lo: number; hi: number; count: number }[] {
  return Array.from({ length: bins }, (_, bin) => ({
    lo: roundTo(bin / bins, 6),
    hi: roundTo((bin + 1) / bins, 6),
    count: counts.get(bin) ?? 0,
  }));
}

/** Learned counts of one model version on one UTC day. */
export interface DailyApprovals {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  modelVersion: string;
  total: number;
  approved: number;
}

/**
 * Approval rate per UTC day and model version, oldest day first, then by model version.
 * Days with no feedback are absent, not zero.
 */
export function approvalRatesByDay(rows: readonly DailyApprovals[]): {
  day: string;
  modelVersion: string;
  total: number;
  approved: number;
  approvalRate: number | null;
}[] {
  return [...rows]
    .sort((a, b) =>
      a.day !== b.day
        ? a.day < b.day
          ? -1
          : 1
        : a.modelVersion < b.modelVersion
          ? -1
          : a.modelVersion > b.modelVersion
            ? 1
            : 0,
    )
    .map((row) => ({
      ...row,
      approvalRate: row.total === 0 ? null : roundTo(row.approved / row.total, 6),
    }));
}

/** UTC day of a moment, `YYYY-MM-DD`. */
export function utcDayOf(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

function byKey<T>(a: [string, T], b: [string, T]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
