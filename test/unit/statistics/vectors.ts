import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The team's shared vectors, next to the repository, when this checkout has them. */
const SHARED_VECTORS = resolve(HERE, '../../../../shared/vectors/stats-public.json');
/** A committed copy of the same published cases, so a clean clone anywhere can run the tests. */
const COMMITTED_VECTORS = resolve(HERE, '../../fixtures/statistics/stats-public.json');

/**
 * Which vectors file the tests read: `STATS_VECTORS` if set, else the shared file when it
 * is there (it is the reference and may be newer), else the committed copy.
 */
export const VECTORS_PATH =
  process.env.STATS_VECTORS ?? (existsSync(SHARED_VECTORS) ? SHARED_VECTORS : COMMITTED_VECTORS);

type Pair = [number, number];

export interface StatsVectors {
  growthbook_hash: {
    cases: { seed: string; value: string; version: 1 | 2; hash: number }[];
    bucket_ranges: { variations: number; coverage: number; weights: number[]; ranges: Pair[] };
  };
  two_proportion_pooled_z: {
    cases: { control: Pair; treatment: Pair; z: number; p_two_sided: number }[];
  };
  yates_chi2: { control: Pair; treatment: Pair; chi2: number; p: number };
  sample_size_two_proportions: {
    cases: {
      baseline: number;
      mde_abs: number;
      alpha: number;
      power: number;
      n_per_arm: number;
      raw: number;
    }[];
  };
  power_prop_test: {
    cases: { p1: number; p2: number; alpha: number; n?: number; power?: number }[];
  };
  srm_chi2: { cases: { observed: number[]; weights: number[]; chi2: number; p: number }[] };
  multiple_comparisons: { p: number[]; holm: number[]; bh: number[] };
  beta_binomial: { control: Pair; treatment: Pair; p_treatment_beats_control: number };
  ratio_delta_method: {
    control: RatioPeople;
    treatment: RatioPeople;
    control_rate: number;
    treatment_rate: number;
    absolute_lift: number;
    se: number;
    z: number;
    p_two_sided_z: number;
    welch_df: number;
    p_two_sided_welch_t: number;
    ci95_absolute_z: Pair;
    relative_lift: number;
    ci95_relative_delta: Pair;
    pooled_z_on_decisions_for_contrast: { z: number; p: number };
  };
}

/** Per-person numerators and denominators of one variant, in the same order. */
interface RatioPeople {
  approved_per_person: number[];
  decided_per_person: number[];
}

/** Reads the shared vectors at test time; a missing file fails loudly instead of skipping. */
export function loadVectors(): StatsVectors {
  if (!existsSync(VECTORS_PATH)) {
    throw new Error(
      `Statistics vectors not found at ${VECTORS_PATH} (set STATS_VECTORS, or keep test/fixtures/statistics/stats-public.json)`,
    );
  }
  return JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as StatsVectors;
}

/**
 * How close a computed value must be to a published one: 1e-6, or half a unit in the last
 * digit the vector was published with when that is coarser (2.3066 allows 5e-5). Values
 * below 1e-6 (3.5e-42) are matched to their published significant digits instead.
 */
export function toleranceOf(expected: number): number {
  const [mantissa = '', exponent] = String(expected).toLowerCase().split('e');
  const decimals = (mantissa.split('.')[1] ?? '').length - Number(exponent ?? 0);
  const halfUnit = 0.5 * 10 ** -decimals;
  return Math.abs(expected) < 1e-6 ? halfUnit : Math.max(1e-6, halfUnit);
}
