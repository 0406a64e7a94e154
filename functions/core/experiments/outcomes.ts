import { normalizedEditDistance } from '../edit-distance';
import type { ClaimedFeedback } from '../learning';

/** What the feedback given under one variant of one experiment adds up to. */
export interface VariantOutcomes {
  tenantId: string;
  experimentId: string;
  variant: string;
  total: number;
  approved: number;
  rejected: number;
  modified: number;
  /** Over modified feedback: the normalized edit distance, summed and summed squared. */
  editDistanceSum: number;
  editDistanceSumSquares: number;
}

export type OutcomeInput = Pick<
  ClaimedFeedback,
  'tenantId' | 'experimentId' | 'variant' | 'action' | 'proposedFilename' | 'userFilename'
>;

/**
 * Folds a batch of feedback into increments per (tenant, experiment, variant); feedback
 * outside any experiment is skipped. Sorted by key so that concurrent batches lock shared
 * rows in one order and wait instead of deadlocking.
 */
export function aggregateVariantOutcomes(rows: readonly OutcomeInput[]): VariantOutcomes[] {
  const found = new Map<string, VariantOutcomes>();
  for (const row of rows) {
    if (row.experimentId === null || row.variant === null) continue;
    const key = [row.tenantId, row.experimentId, row.variant].join('\u0000');
    let entry = found.get(key);
    if (!entry) {
      entry = {
        tenantId: row.tenantId,
        experimentId: row.experimentId,
        variant: row.variant,
        total: 0,
        approved: 0,
        rejected: 0,
        modified: 0,
        editDistanceSum: 0,
        editDistanceSumSquares: 0,
      };
      found.set(key, entry);
    }
    entry.total += 1;
    entry[row.action] += 1;
    if (row.action === 'modified' && row.userFilename !== null) {
      const distance = normalizedEditDistance(row.proposedFilename, row.userFilename);
      entry.editDistanceSum += distance;
      entry.editDistanceSumSquares += distance * distance;
    }
  }
  return [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, value]) => value);
}
