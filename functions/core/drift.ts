/**
 * Drift of a model version's approval rate: a one-sided two-proportion z-test of the
 * recent window against a reference window, run each time a chunk of feedback completes.
 * Its state is a few counters (the reference, the chunk being filled, a ring of the last
 * full chunks), so it advances feedback by feedback and never rereads history.
 */

export interface DriftConfig {
  /** The reference window: the first this many feedback of a model version. */
  referenceSize: number;
  /** The recent window: the last this many feedback (a multiple of `checkEvery`). */
  recentSize: number;
  /** The test runs each time this many more feedback have arrived (one chunk). */
  checkEvery: number;
  /** Probability that one test fires on a stream whose rate has not changed. */
  alpha: number;
}

export interface DriftState {
  referenceTotal: number;
  referenceApproved: number;
  /** The chunk being filled, after the reference is complete. */
  chunkTotal: number;
  chunkApproved: number;
  /** The last full chunks, oldest first: at most `recentSize / checkEvery` of them. */
  recentTotals: number[];
  recentApproved: number[];
  /** In a drift episode: the test fired and the recent rate has not recovered since. */
  active: boolean;
  /** The z statistic of the last test; null before the first one. */
  z: number | null;
}

export type DriftEvent = { index: number; kind: 'started' | 'ended' };

/**
 * An episode ends when the recent rate is back within one standard error of the reference
 * (z below 1). The gap between this and the firing threshold (about 3.7 by default) keeps
 * a rate hovering near the threshold from opening a new episode, and a new job, each check.
 */
export const DRIFT_RECOVERY_Z = 1;

export const INITIAL_DRIFT_STATE: DriftState = Object.freeze({
  referenceTotal: 0,
  referenceApproved: 0,
  chunkTotal: 0,
  chunkApproved: 0,
  recentTotals: [],
  recentApproved: [],
  active: false,
  z: null,
}) as DriftState;

/**
 * The one-sided z statistic of "the recent approval rate is below the reference's", with
 * the pooled variance (the null hypothesis is that both rates are equal). Zero when every
 * feedback of both windows had the same outcome: then there is no evidence of a change.
 */
export function approvalDropZ(
  reference: { approved: number; total: number },
  recent: { approved: number; total: number },
): number {
  if (reference.total === 0 || recent.total === 0) return 0;
  const pooled = (reference.approved + recent.approved) / (reference.total + recent.total);
  const variance = pooled * (1 - pooled) * (1 / reference.total + 1 / recent.total);
  if (variance <= 0) return 0;
  return (
    (reference.approved / reference.total - recent.approved / recent.total) / Math.sqrt(variance)
  );
}

/**
 * The standard normal quantile Φ⁻¹(p), by Acklam's rational approximation (relative error
 * below 1.2e-9, ample for a test threshold).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be strictly between 0 and 1');
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0] = a;
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0] = b;
  const [c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0] = c;
  const [d0 = 0, d1 = 0, d2 = 0, d3 = 0] = d;
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

/** The z above which one test fires: Φ⁻¹(1 − alpha). */
export function criticalZ(alpha: number): number {
  return normalQuantile(1 - alpha);
}

/** Checks a drift configuration once, at cold start, so a bad one fails with its name. */
export function validateDriftConfig(config: DriftConfig): DriftConfig {
  const { referenceSize, recentSize, checkEvery, alpha } = config;
  if (![referenceSize, recentSize, checkEvery].every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error('Invalid configuration: drift window sizes must be positive integers');
  }
  if (recentSize % checkEvery !== 0) {
    throw new Error(
      'Invalid configuration: DRIFT_RECENT_WINDOW must be a multiple of DRIFT_CHECK_EVERY',
    );
  }
  if (!(alpha > 0 && alpha < 0.5)) {
    throw new Error('Invalid configuration: DRIFT_ALPHA must be between 0 and 0.5');
  }
  return config;
}

/**
 * Advances the detector by feedback, in order (`true` = approved). Returns the new state
 * and where an episode started or ended (`index` into `approvals`). The input state is not
 * modified. The test runs only when the reference is complete and the recent window full
 * (the minimum sample sizes), at the end of each chunk.
 */
export function advanceDrift(
  state: DriftState,
  approvals: readonly boolean[],
  config: DriftConfig,
): { state: DriftState; events: DriftEvent[] } {
  const next: DriftState = {
    ...state,
    recentTotals: [...state.recentTotals],
    recentApproved: [...state.recentApproved],
  };
  const events: DriftEvent[] = [];
  const chunks = config.recentSize / config.checkEvery;
  const threshold = criticalZ(config.alpha);
  approvals.forEach((approved, index) => {
    if (next.referenceTotal < config.referenceSize) {
      next.referenceTotal += 1;
      if (approved) next.referenceApproved += 1;
      return;
    }
    next.chunkTotal += 1;
    if (approved) next.chunkApproved += 1;
    if (next.chunkTotal < config.checkEvery) return;
    next.recentTotals.push(next.chunkTotal);
    next.recentApproved.push(next.chunkApproved);
    next.chunkTotal = 0;
    next.chunkApproved = 0;
    while (next.recentTotals.length > chunks) {
      next.recentTotals.shift();
      next.recentApproved.shift();
    }
    const recent = { total: sum(next.recentTotals), approved: sum(next.recentApproved) };
    if (recent.total < config.recentSize) return;
    const z = approvalDropZ(
      { total: next.referenceTotal, approved: next.referenceApproved },
      recent,
    );
    next.z = z;
    if (!next.active && z >= threshold) {
      next.active = true;
      events.push({ index, kind: 'started' });
    } else if (next.active && z < DRIFT_RECOVERY_Z) {
      next.active = false;
      events.push({ index, kind: 'ended' });
    }
  });
  return { state: next, events };
}

/** Approval rates of the two windows, for display; null while a window is empty. */
export function driftRates(state: DriftState): {
  referenceApprovalRate: number | null;
  recentApprovalRate: number | null;
  recentCount: number;
} {
  const recentCount = sum(state.recentTotals);
  return {
    referenceApprovalRate:
      state.referenceTotal === 0 ? null : state.referenceApproved / state.referenceTotal,
    recentApprovalRate: recentCount === 0 ? null : sum(state.recentApproved) / recentCount,
    recentCount,
  };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
