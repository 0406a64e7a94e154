import type { CovariateMoments, RatioEstimate, RatioMetricMoments } from './ratio-moments';
import { ratioEstimate } from './ratio-moments';

/** Why CUPED was not applied to a comparison. */
export type CupedSkipReason =
  /** The counts carry no covariate moments for this metric. */
  | 'noCovariate'
  /** Nobody in either variant decided anything before their assignment. */
  | 'noHistory'
  /** The covariates do not vary (e.g. everybody has the same prior rate): nothing to regress on. */
  | 'degenerate'
  /** Fewer people than the normal approximation needs: the permutation test runs unadjusted. */
  | 'smallSample';

/** θ per covariate: h (has history, 0/1) and y (prior approval rate, 0 without history). */
export interface CupedTheta {
  hasHistory: number;
  priorApprovalRate: number;
}

export type CupedCovariate = keyof CupedTheta;

export type CupedOutcome =
  | {
      applied: true;
      /** The covariates regressed on: both, or the one left when the pair is collinear. */
      covariates: CupedCovariate[];
      theta: CupedTheta;
      /** Per variant: rate R − θ·(z̄_variant − z̄_pooled) and the residual variance of its mean. */
      control: RatioEstimate;
      treatment: RatioEstimate;
    }
  | { applied: false; reason: CupedSkipReason };

/** Centred cross-products of one variant: L with the covariates, and the covariates' own. */
interface CrossProducts {
  n: number;
  ll: number;
  lh: number;
  ly: number;
  hh: number;
  yy: number;
  hy: number;
}

/**
 * Per person, the linearised ratio L_i = (x_i − R·m_i) / mean(m) has mean 0 and
 * Var(mean L) = Var(R) to first order, so a regression of L on the covariates is CUPED on
 * the ratio (as GrowthBook and Statsig do it). Everything comes from the moments: with
 * Σ L_i = 0, Σ L_i·h_i = (Σxh − R·Σmh)/mean(m), and h·y = y, h² = h.
 */
function crossProducts(moments: RatioMetricMoments, c: CovariateMoments): CrossProducts {
  const { n, sumX, sumM, sumXX, sumMM, sumXM } = moments;
  const rate = sumX / sumM;
  const meanM = sumM / n;
  return {
    n,
    ll: Math.max(0, sumXX - 2 * rate * sumXM + rate * rate * sumMM) / (meanM * meanM),
    lh: (c.sumXH - rate * c.sumMH) / meanM,
    ly: (c.sumXY - rate * c.sumMY) / meanM,
    hh: c.sumH - (c.sumH * c.sumH) / n,
    yy: c.sumYY - (c.sumY * c.sumY) / n,
    hy: c.sumY - (c.sumH * c.sumY) / n,
  };
}

/** Variances below this (on a 0–1 scale) are rounding: the covariate is taken as constant. */
const CONSTANT = 1e-12;
/** A 2×2 covariance whose determinant is below this share of hh·yy is taken as singular. */
const SINGULAR = 1e-9;

/**
 * θ = S_zz⁻¹ s_zL from the cross-products pooled within the two variants (randomization
 * makes the covariates' distribution the same in both, so both variants' people inform θ). Drops
 * to the one covariate that explains more when the pair is collinear (everybody has
 * history, so h is constant; or the history is one rate), and to none when neither varies.
 */
function solveTheta(
  a: CrossProducts,
  b: CrossProducts,
): { theta: CupedTheta; covariates: CupedCovariate[] } | null {
  const df = a.n + b.n - 2;
  const hh = (a.hh + b.hh) / df;
  const yy = (a.yy + b.yy) / df;
  const hy = (a.hy + b.hy) / df;
  const lh = (a.lh + b.lh) / df;
  const ly = (a.ly + b.ly) / df;
  const determinant = hh * yy - hy * hy;
  if (hh > CONSTANT && yy > CONSTANT && determinant > SINGULAR * hh * yy) {
    return {
      theta: {
        hasHistory: (yy * lh - hy * ly) / determinant,
        priorApprovalRate: (hh * ly - hy * lh) / determinant,
      },
      covariates: ['hasHistory', 'priorApprovalRate'],
    };
  }
  const explainedByH = hh > CONSTANT ? (lh * lh) / hh : -1;
  const explainedByY = yy > CONSTANT ? (ly * ly) / yy : -1;
  if (explainedByH < 0 && explainedByY < 0) return null;
  return explainedByY >= explainedByH
    ? { theta: { hasHistory: 0, priorApprovalRate: ly / yy }, covariates: ['priorApprovalRate'] }
    : { theta: { hasHistory: lh / hh, priorApprovalRate: 0 }, covariates: ['hasHistory'] };
}

function adjusted(
  moments: RatioMetricMoments,
  products: CrossProducts,
  covariate: CovariateMoments,
  theta: CupedTheta,
  pooledMean: { h: number; y: number },
): RatioEstimate {
  const raw = ratioEstimate(moments);
  const { hasHistory: th, priorApprovalRate: ty } = theta;
  const { n, ll, lh, ly, hh, yy, hy } = products;
  const residual = Math.max(
    0,
    ll - 2 * (th * lh + ty * ly) + th * th * hh + 2 * th * ty * hy + ty * ty * yy,
  );
  return {
    ...raw,
    rate:
      raw.rate -
      th * (covariate.sumH / n - pooledMean.h) -
      ty * (covariate.sumY / n - pooledMean.y),
    variance: residual / (n - 1) / n,
  };
}

/**
 * CUPED (Deng, Xu, Kohavi & Walker 2013) on a per-person ratio, with the covariates
 * h (has pre-assignment history) and y (pre-assignment approval rate, 0 without history):
 * people without history are adjusted through h alone, so nobody is dropped. The adjusted
 * lift is (R_t − R_c) − θ·(z̄_t − z̄_c), unbiased whatever θ because randomization makes
 * E[z̄_t − z̄_c] = 0, and its variance is that of the residual L − θ·z. Needs n ≥ 2 per variant.
 */
export function cupedAdjust(
  control: RatioMetricMoments,
  treatment: RatioMetricMoments,
): CupedOutcome {
  const cc = control.covariate;
  const tc = treatment.covariate;
  if (!cc || !tc) return { applied: false, reason: 'noCovariate' };
  if (cc.sumH + tc.sumH === 0) return { applied: false, reason: 'noHistory' };
  const a = crossProducts(control, cc);
  const b = crossProducts(treatment, tc);
  const solved = solveTheta(a, b);
  if (!solved) return { applied: false, reason: 'degenerate' };
  const { theta, covariates } = solved;
  const people = control.n + treatment.n;
  const pooledMean = { h: (cc.sumH + tc.sumH) / people, y: (cc.sumY + tc.sumY) / people };
  return {
    applied: true,
    covariates,
    theta,
    control: adjusted(control, a, cc, theta, pooledMean),
    treatment: adjusted(treatment, b, tc, theta, pooledMean),
  };
}
