import type { Alternative } from './counts';
import { StatisticsInputError } from './errors';
import { mulberry32 } from './random';
import type { PersonRatio } from './ratio-moments';

/**
 * Enumerate every reassignment up to this many: C(18, 9) = 48,620 is exact, C(20, 10) is not.
 * Each costs a few flops per person in the smaller variant, so this stays in milliseconds.
 */
export const EXACT_PERMUTATION_LIMIT = 50_000;
/** Monte-Carlo reassignments otherwise: its standard error is at most 0.005 (0.0022 at p = 0.05). */
export const MONTE_CARLO_DRAWS = 10_000;

export interface PermutationOptions {
  alternative?: Alternative;
  /** Seed of the Monte-Carlo draws: the same data and seed give the same p-value. */
  seed: number;
  exactLimit?: number;
  draws?: number;
}

export interface PermutationResult {
  pValue: number;
  method: 'exact' | 'monte-carlo';
  /** Reassignments enumerated (exact) or drawn (Monte Carlo). */
  reassignments: number;
  /** Binomial standard error of a Monte-Carlo p-value, sqrt(p(1 − p)/draws); null when exact. */
  monteCarloError: number | null;
  /** The observed statistic (see permutationTest). */
  statistic: number;
}

interface Sums {
  n: number;
  x: number;
  m: number;
  xx: number;
  mm: number;
  xm: number;
}

const sumsOf = (people: readonly PersonRatio[]): Sums =>
  people.reduce<Sums>(
    (s, { x, m }) => ({
      n: s.n + 1,
      x: s.x + x,
      m: s.m + m,
      xx: s.xx + x * x,
      mm: s.mm + m * m,
      xm: s.xm + x * m,
    }),
    { n: 0, x: 0, m: 0, xx: 0, mm: 0, xm: 0 },
  );

const minus = (a: Sums, b: Sums): Sums => ({
  n: a.n - b.n,
  x: a.x - b.x,
  m: a.m - b.m,
  xx: a.xx - b.xx,
  mm: a.mm - b.mm,
  xm: a.xm - b.xm,
});

/** Delta-method Var(R) of one group, as ratioEstimate computes it. */
function varianceOf(s: Sums): number {
  const rate = s.x / s.m;
  const meanM = s.m / s.n;
  return Math.max(0, s.xx - 2 * rate * s.xm + rate * rate * s.mm) / (s.n - 1) / (s.n * meanM ** 2);
}

/**
 * The studentized difference of ratios (R_t − R_c)/sqrt(V_c + V_t) when both groups have 2
 * people or more, else the plain difference. Studentizing keeps the test valid for the
 * weak null (equal ratios, unequal spreads, unequal group sizes; Chung & Romano 2013),
 * not only for the sharp null that every person's outcome is the same under either variant.
 */
function statisticOf(control: Sums, treatment: Sums): number {
  const difference = treatment.x / treatment.m - control.x / control.m;
  if (control.n < 2 || treatment.n < 2) return difference;
  const se = Math.sqrt(varianceOf(control) + varianceOf(treatment));
  if (se > 0) return difference / se;
  return difference === 0 ? 0 : Math.sign(difference) * Number.POSITIVE_INFINITY;
}

/** C(n, k), or Infinity once it passes `cap` (so huge ones are never computed). */
function chooseUpTo(n: number, k: number, cap: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) {
    result = (result * (n - k + i)) / i;
    if (result > cap) return Number.POSITIVE_INFINITY;
  }
  return Math.round(result);
}

/**
 * Permutation (randomization) test over people of treatment against control on a ratio
 * metric. People, not decisions, are reassigned: that is what randomization did, so the
 * test is exact under the null whatever the number of decisions per person and however
 * alike one person's decisions are. Every reassignment is enumerated when there are at most
 * `exactLimit` of them (the observed one included, so p >= 1/count); otherwise `draws`
 * seeded random ones give p = (b + 1)/(draws + 1) (Phipson & Smyth 2010: never 0, valid).
 */
export function permutationTest(
  control: readonly PersonRatio[],
  treatment: readonly PersonRatio[],
  options: PermutationOptions,
): PermutationResult {
  if (control.length < 1 || treatment.length < 1) {
    throw new StatisticsInputError('permutationTest needs at least one person per variant');
  }
  if ([...control, ...treatment].some(({ x, m }) => !(m > 0) || !Number.isFinite(x))) {
    throw new StatisticsInputError('permutationTest takes people with m > 0 and a finite x');
  }
  const alternative = options.alternative ?? 'two-sided';
  const pool = [...control, ...treatment];
  const total = sumsOf(pool);
  // The smaller group is the one reassigned: C(N, k) subsets of k people.
  const treatmentIsSmaller = treatment.length <= control.length;
  const k = treatmentIsSmaller ? treatment.length : control.length;
  const statistic = (subset: Sums) => {
    const rest = minus(total, subset);
    return treatmentIsSmaller ? statisticOf(rest, subset) : statisticOf(subset, rest);
  };
  const observed = statisticOf(sumsOf(control), sumsOf(treatment));
  // Sums computed in another order differ in the last bits: a reassignment as extreme as the
  // observed one must not be missed for that.
  const slack = 1e-9 * Math.max(1, Math.abs(observed));
  const extreme = (value: number) =>
    alternative === 'greater'
      ? value >= observed - slack
      : alternative === 'less'
        ? value <= observed + slack
        : Math.abs(value) >= Math.abs(observed) - slack;
  const xs = Float64Array.from(pool, (p) => p.x);
  const ms = Float64Array.from(pool, (p) => p.m);
  // The hot loop: plain numbers, no allocation per reassignment.
  const subsetSums = (chosen: ArrayLike<number>): Sums => {
    let x = 0;
    let m = 0;
    let xx = 0;
    let mm = 0;
    let xm = 0;
    for (let i = 0; i < k; i++) {
      const index = chosen[i] ?? 0;
      const xi = xs[index] ?? 0;
      const mi = ms[index] ?? 0;
      x += xi;
      m += mi;
      xx += xi * xi;
      mm += mi * mi;
      xm += xi * mi;
    }
    return { n: k, x, m, xx, mm, xm };
  };

  const count = chooseUpTo(pool.length, k, options.exactLimit ?? EXACT_PERMUTATION_LIMIT);
  if (Number.isFinite(count)) {
    let hits = 0;
    const chosen = Int32Array.from({ length: k }, (_, i) => i);
    for (let enumerated = 0; enumerated < count; enumerated++) {
      if (extreme(statistic(subsetSums(chosen)))) hits++;
      // Next k-combination in lexicographic order.
      let i = k - 1;
      while (i >= 0 && chosen[i] === pool.length - k + i) i--;
      if (i < 0) break;
      chosen[i] = (chosen[i] ?? 0) + 1;
      for (let j = i + 1; j < k; j++) chosen[j] = (chosen[j - 1] ?? 0) + 1;
    }
    return {
      pValue: hits / count,
      method: 'exact',
      reassignments: count,
      monteCarloError: null,
      statistic: observed,
    };
  }

  const draws = options.draws ?? MONTE_CARLO_DRAWS;
  const random = mulberry32(options.seed);
  const indices = Int32Array.from(pool, (_, i) => i);
  let hits = 0;
  for (let draw = 0; draw < draws; draw++) {
    // Partial Fisher–Yates: the first k of a uniformly shuffled pool.
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      const swap = indices[i] ?? i;
      indices[i] = indices[j] ?? j;
      indices[j] = swap;
    }
    if (extreme(statistic(subsetSums(indices)))) hits++;
  }
  const pValue = (hits + 1) / (draws + 1);
  return {
    pValue,
    method: 'monte-carlo',
    reassignments: draws,
    monteCarloError: Math.sqrt((pValue * (1 - pValue)) / draws),
    statistic: observed,
  };
}
