/**
 * mulberry32: a tiny seeded PRNG (32-bit state, period 2³²). The permutation test and the
 * Bayesian bootstrap draw from it so that the same data and seed give the same p-value on
 * every look of a results page; its quality is ample for a few thousand draws.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
