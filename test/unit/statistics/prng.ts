import { mulberry32 } from '#core/statistics/index';

/** The same seeded PRNG the statistics core draws permutations from. */
export { mulberry32 };

/** Number of successes among `trials` Bernoulli(rate) draws. */
export function binomial(random: () => number, trials: number, rate: number): number {
  let successes = 0;
  for (let i = 0; i < trials; i++) if (random() < rate) successes++;
  return successes;
}

/** A standard normal draw (Box–Muller; one of the pair is enough here). */
export function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, 1) draw: Marsaglia & Tsang (2000), boosted for shape < 1. */
export function gamma(random: () => number, shape: number): number {
  if (shape < 1) return gamma(random, shape + 1) * (1 - random()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(random);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Beta(a, b) draw, from two gammas. */
export function beta(random: () => number, a: number, b: number): number {
  const x = gamma(random, a);
  return x / (x + gamma(random, b));
}

/** A whole number uniform in [low, high]. */
export function uniformInt(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}
