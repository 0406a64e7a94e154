import { bucketOf } from './histogram';

/** A feedback row `learn` has just claimed: everything a learner may learn from. */
export interface ClaimedFeedback {
  id: string;
  tenantId: string;
  modelVersion: string;
  userId: string;
  receivedAt: Date;
  action: 'approved' | 'rejected' | 'modified';
  confidence: number;
  processingTimeMs: number | null;
  originalFilename: string;
  proposedFilename: string;
  /** Set when action is `modified`: the name the person chose instead. */
  userFilename: string | null;
  experimentId: string | null;
  variant: string | null;
}

/** What the hourly rollups read of a feedback. */
export type RollupInput = Pick<
  ClaimedFeedback,
  'tenantId' | 'modelVersion' | 'receivedAt' | 'action' | 'confidence' | 'processingTimeMs'
>;

export interface HourlyStats {
  tenantId: string;
  modelVersion: string;
  hour: Date;
  total: number;
  approved: number;
  rejected: number;
  modified: number;
  confidenceSum: number;
  processingTimeCount: number;
  processingTimeSumMs: number;
}

export interface HourlyBucketCount {
  tenantId: string;
  modelVersion: string;
  hour: Date;
  bucket: number;
  count: number;
}

/**
 * Folds a batch of feedback into increments of the hourly rollups. The result is sorted
 * by key: concurrent batches then lock the rows they share in the same order, so they
 * wait for each other instead of deadlocking.
 */
export function aggregateFeedback(rows: readonly RollupInput[]): {
  stats: HourlyStats[];
  buckets: HourlyBucketCount[];
} {
  const stats = new Map<string, HourlyStats>();
  const buckets = new Map<string, HourlyBucketCount>();
  for (const row of rows) {
    const hour = startOfHour(row.receivedAt);
    const key = [row.tenantId, row.modelVersion, hour.toISOString()].join('\u0000');
    let entry = stats.get(key);
    if (!entry) {
      entry = {
        tenantId: row.tenantId,
        modelVersion: row.modelVersion,
        hour,
        total: 0,
        approved: 0,
        rejected: 0,
        modified: 0,
        confidenceSum: 0,
        processingTimeCount: 0,
        processingTimeSumMs: 0,
      };
      stats.set(key, entry);
    }
    entry.total += 1;
    entry[row.action] += 1;
    entry.confidenceSum += row.confidence;
    if (row.processingTimeMs !== null) {
      entry.processingTimeCount += 1;
      entry.processingTimeSumMs += row.processingTimeMs;
      const bucket = bucketOf(row.processingTimeMs);
      const bucketKey = `${key}\u0000${String(bucket).padStart(4, '0')}`;
      const counted = buckets.get(bucketKey);
      if (counted) counted.count += 1;
      else
        buckets.set(bucketKey, {
          tenantId: row.tenantId,
          modelVersion: row.modelVersion,
          hour,
          bucket,
          count: 1,
        });
    }
  }
  return {
    stats: [...stats.entries()].sort(byKey).map(([, value]) => value),
    buckets: [...buckets.entries()].sort(byKey).map(([, value]) => value),
  };
}

function byKey<T>(a: [string, T], b: [string, T]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

export function startOfHour(date: Date): Date {
  const hour = new Date(date.getTime());
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}
