/** A half-open slice [start, end) of the hash space [0, 1) given to one variant. */
export type BucketRange = readonly [start: number, end: number];

/**
 * The slice of [0, 1) each variant owns, as GrowthBook's `getBucketRanges` computes it:
 * coverage is clamped to [0, 1]; weights that do not add up to 1 (within 0.01) fall back to
 * equal weights; variant i starts where the cumulative weight of the earlier ones ends and
 * covers `coverage` of its own weight, so raising coverage never moves anyone to another
 * variant.
 */
export function bucketRanges(weights: readonly number[], coverage = 1): BucketRange[] {
  const clamped = Math.min(1, Math.max(0, coverage));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const usable =
    total < 0.99 || total > 1.01 ? weights.map(() => 1 / weights.length) : [...weights];
  let cumulative = 0;
  return usable.map((weight) => {
    const start = cumulative;
    cumulative += weight;
    return [start, start + clamped * weight] as const;
  });
}

/** The variant whose range holds `n` (a hash in [0, 1)), or -1 when `n` is outside coverage. */
export function chooseVariation(n: number, ranges: readonly BucketRange[]): number {
  return ranges.findIndex(([start, end]) => n >= start && n < end);
}
