import type { ClaimedFeedback } from './learning';

/**
 * Confidence is learned in 100 fine bins of width 0.01 (bin `i` holds `[i/100, (i+1)/100)`,
 * the last one holds 1 too). Why 100: the ten ECE bins are whole groups of ten fine bins,
 * so every metric is exact from the per-bin sums; 5,000 samples give about 50 a bin, which
 * PAV pools further where the data demand it; a model version costs at most 100 rows; and
 * the calibrated curve, drawn on this grid, is off the fitted curve by far less than its
 * statistical error. 200 bins would halve the grid but double the rows for no visible gain.
 */
export const CALIBRATION_FINE_BINS = 100;

/** Equal-width bins of the expected calibration error and of the reliability diagram. */
export const ECE_BINS = 10;

const FINE_PER_ECE_BIN = CALIBRATION_FINE_BINS / ECE_BINS;

/**
 * What is learned per (tenant, model version, fine bin): enough for the exact Brier score
 * and ECE, raw and through any map that is linear within a fine bin, and for the PAV fit.
 */
export interface CalibrationBinStats {
  bin: number;
  count: number;
  /** Feedback with action `approved`; `rejected` and `modified` are not approvals. */
  approved: number;
  confidenceSum: number;
  confidenceSquaredSum: number;
  /** Sum of confidence over the approved feedback only (confidence × approved). */
  confidenceApprovedSum: number;
}

export interface CalibrationIncrement extends CalibrationBinStats {
  tenantId: string;
  modelVersion: string;
}

/**
 * The fine bin of a confidence in [0, 1]. The tolerance puts a confidence written with two
 * decimals (0.29, whose product with 100 is 28.999999999999996) in the bin it names.
 */
export function fineBinOf(confidence: number): number {
  const bin = Math.floor(confidence * CALIBRATION_FINE_BINS + 1e-9);
  return Math.min(CALIBRATION_FINE_BINS - 1, Math.max(0, bin));
}

/**
 * Folds a batch into per-bin increments, sorted by (tenant, model version, bin) so that
 * concurrent batches lock the rows they share in the same order.
 */
export function calibrationIncrements(
  rows: readonly Pick<ClaimedFeedback, 'tenantId' | 'modelVersion' | 'action' | 'confidence'>[],
): CalibrationIncrement[] {
  const found = new Map<string, CalibrationIncrement>();
  for (const row of rows) {
    const bin = fineBinOf(row.confidence);
    const key = [row.tenantId, row.modelVersion, String(bin).padStart(3, '0')].join('\u0000');
    let entry = found.get(key);
    if (!entry) {
      entry = {
        tenantId: row.tenantId,
        modelVersion: row.modelVersion,
        bin,
        count: 0,
        approved: 0,
        confidenceSum: 0,
        confidenceSquaredSum: 0,
        confidenceApprovedSum: 0,
      };
      found.set(key, entry);
    }
    const approved = row.action === 'approved' ? 1 : 0;
    entry.count += 1;
    entry.approved += approved;
    entry.confidenceSum += row.confidence;
    entry.confidenceSquaredSum += row.confidence * row.confidence;
    entry.confidenceApprovedSum += row.confidence * approved;
  }
  return [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, value]) => value);
}

/** A run of consecutive input points pooled to one value by PAV. */
export interface PooledBlock {
  /** Indices of the first and last input point of the run. */
  first: number;
  last: number;
  /** Weighted mean of the run's values. */
  value: number;
  weight: number;
}

/**
 * Pool adjacent violators: the non-decreasing sequence closest to `points` in weighted
 * least squares. Returns the runs it pools; their values strictly increase, and each run's
 * value is the weighted mean of its points, so the weighted total is unchanged. Points
 * must have a positive weight.
 */
export function poolAdjacentViolators(
  points: readonly { value: number; weight: number }[],
): PooledBlock[] {
  const blocks: PooledBlock[] = [];
  points.forEach((point, index) => {
    if (!(point.weight > 0)) throw new RangeError('PAV needs positive weights');
    let block: PooledBlock = {
      first: index,
      last: index,
      value: point.value,
      weight: point.weight,
    };
    // Merging equal neighbours too keeps block values strictly increasing, so the curve
    // through the blocks' centres has no flat step that interpolation would hide.
    for (let previous = blocks.at(-1); previous && previous.value >= block.value; ) {
      blocks.pop();
      const weight = previous.weight + block.weight;
      block = {
        first: previous.first,
        last: block.last,
        value: (previous.value * previous.weight + block.value * block.weight) / weight,
        weight,
      };
      previous = blocks.at(-1);
    }
    blocks.push(block);
  });
  return blocks;
}

/**
 * A fitted calibration map: its value at each fine-bin edge `i/100` (101 values,
 * non-decreasing), linear in between. Being linear within every fine bin is what makes
 * the calibrated Brier score and ECE exact from the per-bin sums.
 */
export interface CalibrationMap {
  edges: number[];
}

/**
 * Fits isotonic regression to the learned bins: PAV over the non-empty fine bins, each
 * weighted by its count (empty bins carry no weight and are simply bridged). The curve
 * goes through each pooled run at (its mean confidence, its approval rate), linearly in
 * between; below the lowest run's mean confidence and above the highest's it stays flat
 * at that run's rate (no extrapolation where there is no data). It is then sampled at the
 * fine-bin edges. Returns null when there is no sample.
 */
export function fitCalibration(bins: readonly CalibrationBinStats[]): CalibrationMap | null {
  const filled = bins.filter((b) => b.count > 0).sort((a, b) => a.bin - b.bin);
  if (filled.length === 0) return null;
  const blocks = poolAdjacentViolators(
    filled.map((b) => ({ value: b.approved / b.count, weight: b.count })),
  );
  const knots = blocks.map((block) => {
    const run = filled.slice(block.first, block.last + 1);
    const confidence = sum(run, (b) => b.confidenceSum) / sum(run, (b) => b.count);
    return { confidence, value: block.value };
  });
  const edges: number[] = [];
  let k = 0;
  for (let i = 0; i <= CALIBRATION_FINE_BINS; i += 1) {
    const x = i / CALIBRATION_FINE_BINS;
    while (k < knots.length && (knots[k]?.confidence ?? 0) < x) k += 1;
    const right = knots[k];
    const left = knots[k - 1];
    if (!left) edges.push(knots[0]?.value ?? 0);
    else if (!right) edges.push(left.value);
    else {
      const t = (x - left.confidence) / (right.confidence - left.confidence);
      edges.push(left.value + t * (right.value - left.value));
    }
  }
  return { edges };
}

/** The calibrated approval probability of a confidence in [0, 1]; monotone in it. */
export function calibrate(map: CalibrationMap, confidence: number): number {
  const position = Math.min(1, Math.max(0, confidence)) * CALIBRATION_FINE_BINS;
  const i = Math.min(CALIBRATION_FINE_BINS - 1, Math.floor(position));
  const low = map.edges[i] ?? 0;
  const high = map.edges[i + 1] ?? low;
  return low + (position - i) * (high - low);
}

/** The map within fine bin `bin` as `intercept + slope × confidence`. */
function lineOf(map: CalibrationMap, bin: number): { intercept: number; slope: number } {
  const low = map.edges[bin] ?? 0;
  const high = map.edges[bin + 1] ?? low;
  const slope = (high - low) * CALIBRATION_FINE_BINS;
  return { intercept: low - (slope * bin) / CALIBRATION_FINE_BINS, slope };
}

/** Sum of the map's values over a bin's samples: exact, the map being linear there. */
function calibratedSum(map: CalibrationMap, b: CalibrationBinStats): number {
  const { intercept, slope } = lineOf(map, b.bin);
  return intercept * b.count + slope * b.confidenceSum;
}

export interface RawAndCalibrated {
  raw: number | null;
  calibrated: number | null;
}

/**
 * Brier score, the mean of (prediction − approved)², of the raw confidences and of the
 * calibrated ones, on the same samples. Exact from the sums: with the prediction
 * `a + b·c` within a bin, Σ(a + b·c − y)² = n·a² + 2ab·Σc + b²·Σc² − 2a·Σy − 2b·Σcy + Σy.
 */
export function brierScores(
  bins: readonly CalibrationBinStats[],
  map: CalibrationMap | null,
): RawAndCalibrated {
  const total = sum(bins, (b) => b.count);
  if (total === 0 || !map) return { raw: null, calibrated: null };
  const raw = sum(bins, (b) => squaredError(b, 0, 1));
  const calibrated = sum(bins, (b) => {
    const { intercept, slope } = lineOf(map, b.bin);
    return squaredError(b, intercept, slope);
  });
  return { raw: Math.max(0, raw) / total, calibrated: Math.max(0, calibrated) / total };
}

function squaredError(b: CalibrationBinStats, a: number, s: number): number {
  return (
    a * a * b.count +
    2 * a * s * b.confidenceSum +
    s * s * b.confidenceSquaredSum -
    2 * a * b.approved -
    2 * s * b.confidenceApprovedSum +
    b.approved
  );
}

/**
 * Expected calibration error over 10 equal bins of the model's confidence:
 * Σ (n_k / N)·|mean prediction_k − approval rate_k|. The calibrated figure groups the same
 * samples the same way (the map is monotone, so each group is also a range of calibrated
 * values) and compares their mean calibrated value with their approval rate, so the two
 * figures differ only by the predictions, and both are exact from the sums.
 */
export function expectedCalibrationErrors(
  bins: readonly CalibrationBinStats[],
  map: CalibrationMap | null,
): RawAndCalibrated {
  const total = sum(bins, (b) => b.count);
  if (total === 0 || !map) return { raw: null, calibrated: null };
  let raw = 0;
  let calibrated = 0;
  for (const group of eceGroups(bins)) {
    const approved = sum(group, (b) => b.approved);
    raw += Math.abs(sum(group, (b) => b.confidenceSum) - approved);
    calibrated += Math.abs(sum(group, (b) => calibratedSum(map, b)) - approved);
  }
  return { raw: raw / total, calibrated: calibrated / total };
}

/** One bar of the reliability diagram: a tenth of the confidence range. */
export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Null when the bin is empty. */
  meanConfidence: number | null;
  approvalRate: number | null;
  /** Mean calibrated value of the same samples; null when the bin is empty. */
  meanCalibrated: number | null;
}

/** The 10 reliability bins, empty ones included (with null means), in order. */
export function reliabilityBins(
  bins: readonly CalibrationBinStats[],
  map: CalibrationMap | null,
): ReliabilityBin[] {
  return eceGroups(bins).map((group, k) => {
    const count = sum(group, (b) => b.count);
    const mean = (value: number) => (count === 0 ? null : value / count);
    return {
      lo: k / ECE_BINS,
      hi: (k + 1) / ECE_BINS,
      count,
      meanConfidence: mean(sum(group, (b) => b.confidenceSum)),
      approvalRate: mean(sum(group, (b) => b.approved)),
      meanCalibrated: map ? mean(sum(group, (b) => calibratedSum(map, b))) : null,
    };
  });
}

function eceGroups(bins: readonly CalibrationBinStats[]): CalibrationBinStats[][] {
  const groups: CalibrationBinStats[][] = Array.from({ length: ECE_BINS }, () => []);
  for (const b of bins) groups[Math.floor(b.bin / FINE_PER_ECE_BIN)]?.push(b);
  return groups;
}

/**
 * The lowest confidence whose calibrated approval probability reaches `target`, rounded up
 * to 4 decimals (so it still reaches it), or null when no confidence does.
 */
export function autoApplyThreshold(map: CalibrationMap, target: number): number | null {
  const { edges } = map;
  const reached = edges.findIndex((value) => value >= target);
  if (reached === -1) return null;
  if (reached === 0) return 0;
  const low = edges[reached - 1] ?? 0;
  const high = edges[reached] ?? 1;
  const exact = (reached - 1 + (target - low) / (high - low)) / CALIBRATION_FINE_BINS;
  // The tolerance keeps a float a hair above a round value (0.85000000000001) from
  // rounding up to the next step.
  return Math.min(1, Math.ceil(exact * 1e4 - 1e-6) / 1e4);
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}
