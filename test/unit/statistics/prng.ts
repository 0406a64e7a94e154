/** mulberry32: a tiny seeded PRNG so simulations give the same numbers on every run. */
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

/** Number of successes among `trials` Bernoulli(rate) draws. */
export function binomial(random: () => number, trials: number, rate: number): number {
  let successes = 0;
  for (let i = 0; i < trials; i++) if (random() < rate) successes++;
  return successes;
}
