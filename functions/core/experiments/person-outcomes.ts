import { normalizedEditDistance } from '../edit-distance';
import type { CovariateMoments, RatioMoments } from '../statistics/ratio-moments';
import type { OutcomeInput } from './outcomes';

/** What one batch adds to one person's sums in one experiment variant. */
export interface PersonIncrement {
  tenantId: string;
  experimentId: string;
  variant: string;
  userId: string;
  decided: number;
  approved: number;
  modified: number;
  editDistanceSum: number;
}

/** A person's sums in one variant, and their history before assignment (the covariate). */
export interface PersonSums {
  decided: number;
  approved: number;
  modified: number;
  editDistanceSum: number;
  preDecided: number;
  preApproved: number;
}

export const RATIO_METRICS = ['approval', 'modification', 'edit_distance'] as const;
export type RatioMetric = (typeof RATIO_METRICS)[number];

export type MomentSums = RatioMoments & CovariateMoments;

/**
 * Folds a batch into increments per (tenant, experiment, variant, person); feedback outside
 * experiments is skipped. Sorted by key, so concurrent batches lock person rows in one order.
 */
export function aggregatePersonIncrements(
  rows: readonly (OutcomeInput & { userId: string })[],
): PersonIncrement[] {
  const found = new Map<string, PersonIncrement>();
  for (const row of rows) {
    if (row.experimentId === null || row.variant === null) continue;
    const key = [row.tenantId, row.experimentId, row.variant, row.userId].join('\u0000');
    let entry = found.get(key);
    if (!entry) {
      entry = {
        tenantId: row.tenantId,
        experimentId: row.experimentId,
        variant: row.variant,
        userId: row.userId,
        decided: 0,
        approved: 0,
        modified: 0,
        editDistanceSum: 0,
      };
      found.set(key, entry);
    }
    entry.decided += 1;
    if (row.action === 'approved') entry.approved += 1;
    if (row.action === 'modified') {
      entry.modified += 1;
      if (row.userFilename !== null) {
        entry.editDistanceSum += normalizedEditDistance(row.proposedFilename, row.userFilename);
      }
    }
  }
  return [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, value]) => value);
}

/** A person's numerator and denominator of one ratio metric. */
export function ratioOf(metric: RatioMetric, sums: PersonSums): { x: number; m: number } {
  switch (metric) {
    case 'approval':
      return { x: sums.approved, m: sums.decided };
    case 'modification':
      return { x: sums.modified, m: sums.decided };
    case 'edit_distance':
      return { x: sums.editDistanceSum, m: sums.modified };
  }
}

/** The CUPED covariates of a person: h = has history before assignment, y = its approval rate. */
export function covariateOf(sums: PersonSums): { h: number; y: number } {
  return sums.preDecided > 0 ? { h: 1, y: sums.preApproved / sums.preDecided } : { h: 0, y: 0 };
}

/**
 * What moving one person from `before` to `after` changes in a variant's moments of one
 * metric. A person enters the sums when their denominator first becomes positive; their
 * squares and products change by the difference of the new and old values, so the moments
 * are kept exactly without ever reading the other people.
 */
export function momentDelta(
  metric: RatioMetric,
  before: PersonSums,
  after: PersonSums,
): MomentSums {
  const old = ratioOf(metric, before);
  const now = ratioOf(metric, after);
  const { h, y } = covariateOf(after);
  const entering = old.m === 0 && now.m > 0 ? 1 : 0;
  const dx = now.x - old.x;
  const dm = now.m - old.m;
  return {
    n: entering,
    sumX: dx,
    sumM: dm,
    sumXX: now.x * now.x - old.x * old.x,
    sumMM: now.m * now.m - old.m * old.m,
    sumXM: now.x * now.m - old.x * old.m,
    sumH: entering * h,
    sumY: entering * y,
    sumYY: entering * y * y,
    sumXH: h * dx,
    sumMH: h * dm,
    sumXY: y * dx,
    sumMY: y * dm,
  };
}

/** Adds moments field by field. */
export function addMoments(a: MomentSums, b: MomentSums): MomentSums {
  const sum = { ...a };
  for (const key of Object.keys(b) as (keyof MomentSums)[]) sum[key] += b[key];
  return sum;
}

export const ZERO_MOMENTS: MomentSums = {
  n: 0,
  sumX: 0,
  sumM: 0,
  sumXX: 0,
  sumMM: 0,
  sumXM: 0,
  sumH: 0,
  sumY: 0,
  sumYY: 0,
  sumXH: 0,
  sumMH: 0,
  sumXY: 0,
  sumMY: 0,
};

/** A variant's moments of one metric: what a batch adds to one row of the moments table. */
export interface VariantMomentDelta {
  tenantId: string;
  experimentId: string;
  variant: string;
  metric: RatioMetric;
  delta: MomentSums;
}

/**
 * The moments' changes of a batch, from each person's sums before and after it, summed per
 * (tenant, experiment, variant, metric) and sorted by that key (the lock order).
 */
export function variantMomentDeltas(
  people: readonly { increment: PersonIncrement; after: PersonSums }[],
): VariantMomentDelta[] {
  const found = new Map<string, VariantMomentDelta>();
  for (const { increment, after } of people) {
    const before: PersonSums = {
      ...after,
      decided: after.decided - increment.decided,
      approved: after.approved - increment.approved,
      modified: after.modified - increment.modified,
      editDistanceSum: after.editDistanceSum - increment.editDistanceSum,
    };
    for (const metric of RATIO_METRICS) {
      const delta = momentDelta(metric, before, after);
      if (delta.n === 0 && delta.sumM === 0 && delta.sumX === 0) continue;
      const { tenantId, experimentId, variant } = increment;
      const key = [tenantId, experimentId, variant, metric].join('\u0000');
      const entry = found.get(key);
      if (entry) entry.delta = addMoments(entry.delta, delta);
      else found.set(key, { tenantId, experimentId, variant, metric, delta });
    }
  }
  return [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, value]) => value);
}
