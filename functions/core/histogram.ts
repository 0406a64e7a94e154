/**
 * Processing times are counted in log-spaced buckets, so a distribution over any range
 * of hours is a sum of counts and its percentiles cost nothing to compute. Bucket 0 holds
 * [0, 1) ms; bucket b >= 1 holds [GROWTH^(b-1), GROWTH^b) ms. Reporting a bucket's
 * geometric middle bounds the relative error by about (GROWTH - 1) / 2, i.e. 2.5%.
 */
export const GROWTH = 1.05;
const LOG_GROWTH = Math.log(GROWTH);
/** 1.05^400 ms is years: anything larger is clamped into the last bucket. */
export const MAX_BUCKET = 400;

export function bucketOf(milliseconds: number): number {
  if (!(milliseconds >= 1)) return 0;
  return Math.min(MAX_BUCKET, Math.floor(Math.log(milliseconds) / LOG_GROWTH) + 1);
}

/** The value that represents a bucket: the geometric middle of its bounds. */
export function representativeOf(bucket: number): number {
  if (bucket <= 0) return 0.5;
  return GROWTH ** (bucket - 0.5);
}

export type Histogram = ReadonlyMap<number, number>;

/**
 * The q-quantile (0 < q <= 1) of a bucketed distribution, by the nearest-rank method,
 * or null when it is empty.
 */
export function quantileOf(histogram: Histogram, q: number): number | null {
  const total = [...histogram.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bucket) ?? 0;
    if (seen >= rank) return Number(representativeOf(bucket).toPrecision(4));
  }
  return null;
}
