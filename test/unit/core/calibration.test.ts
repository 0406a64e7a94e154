import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  autoApplyThreshold,
  brierScores,
  type CalibrationBinStats,
  calibrate,
  calibrationIncrements,
  expectedCalibrationErrors,
  fineBinOf,
  fitCalibration,
  poolAdjacentViolators,
  reliabilityBins,
} from '#core/calibration';
import type { ClaimedFeedback } from '#core/learning';

type Sample = Pick<ClaimedFeedback, 'tenantId' | 'modelVersion' | 'action' | 'confidence'>;

const sample = (
  confidence: number,
  approved: boolean,
  overrides: Partial<Sample> = {},
): Sample => ({
  tenantId: 't1',
  modelVersion: 'm1',
  action: approved ? 'approved' : 'rejected',
  confidence,
  ...overrides,
});

/** The learned sums of some samples, as the store would hold them. */
const binsOf = (samples: readonly Sample[]): CalibrationBinStats[] =>
  calibrationIncrements(samples);

/** mulberry32: a small seeded generator, so the statistical tests are reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` decisions with uniform confidences, approved with probability `truth(c)`. */
function simulate(seed: number, count: number, truth: (c: number) => number): Sample[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const confidence = random();
    return sample(confidence, random() < truth(confidence));
  });
}

const points = fc.array(
  fc.record({
    value: fc.double({ min: 0, max: 1, noNaN: true }),
    weight: fc.integer({ min: 1, max: 50 }),
  }),
  { minLength: 1, maxLength: 60 },
);

describe('poolAdjacentViolators', () => {
  it('keeps a sequence that is already increasing', () => {
    const blocks = poolAdjacentViolators([
      { value: 0.1, weight: 1 },
      { value: 0.5, weight: 2 },
      { value: 0.9, weight: 3 },
    ]);
    expect(blocks.map((b) => b.value)).toEqual([0.1, 0.5, 0.9]);
  });

  it('pools a violating pair to its weighted mean', () => {
    const blocks = poolAdjacentViolators([
      { value: 0.8, weight: 1 },
      { value: 0.2, weight: 3 },
    ]);
    expect(blocks).toEqual([{ first: 0, last: 1, value: expect.closeTo(0.35, 12), weight: 4 }]);
  });

  it('pools backwards as far as needed (the textbook case 1, 3, 2, 4, 3, 5)', () => {
    const blocks = poolAdjacentViolators([1, 3, 2, 4, 3, 5].map((value) => ({ value, weight: 1 })));
    expect(blocks.map((b) => [b.first, b.last, b.value])).toEqual([
      [0, 0, 1],
      [1, 2, 2.5],
      [3, 4, 3.5],
      [5, 5, 5],
    ]);
  });

  it('pools a cascade: 4, 5, 1 becomes one block', () => {
    const blocks = poolAdjacentViolators([4, 5, 1].map((value) => ({ value, weight: 1 })));
    expect(blocks).toEqual([{ first: 0, last: 2, value: 10 / 3, weight: 3 }]);
  });

  it('refuses a point without weight', () => {
    expect(() => poolAdjacentViolators([{ value: 1, weight: 0 }])).toThrow(RangeError);
  });

  it('always returns strictly increasing values over contiguous runs covering every point', () => {
    fc.assert(
      fc.property(points, (input) => {
        const blocks = poolAdjacentViolators(input);
        expect(blocks[0]?.first).toBe(0);
        expect(blocks.at(-1)?.last).toBe(input.length - 1);
        for (let i = 1; i < blocks.length; i += 1) {
          const [previous, block] = [blocks[i - 1], blocks[i]];
          expect(block?.first).toBe((previous?.last ?? 0) + 1);
          expect(block?.value).toBeGreaterThan(previous?.value ?? 0);
        }
      }),
    );
  });

  it('preserves the weighted total, in each block and overall', () => {
    fc.assert(
      fc.property(points, (input) => {
        const blocks = poolAdjacentViolators(input);
        for (const block of blocks) {
          const run = input.slice(block.first, block.last + 1);
          const total = run.reduce((s, p) => s + p.value * p.weight, 0);
          expect(block.value * block.weight).toBeCloseTo(total, 9);
          expect(block.weight).toBe(run.reduce((s, p) => s + p.weight, 0));
        }
      }),
    );
  });
});

describe('fineBinOf and calibrationIncrements', () => {
  it('puts a two-decimal confidence in the bin it names, and 1 in the last bin', () => {
    expect(fineBinOf(0.29)).toBe(29);
    expect(fineBinOf(0)).toBe(0);
    expect(fineBinOf(0.999)).toBe(99);
    expect(fineBinOf(1)).toBe(99);
  });

  it('sums per tenant, model version and bin, sorted by that key; modified is no approval', () => {
    const increments = calibrationIncrements([
      sample(0.901, true, { modelVersion: 'm2' }),
      sample(0.905, false, { action: 'modified', modelVersion: 'm2' }),
      sample(0.5, true),
      sample(0.5, true, { tenantId: 't0' }),
    ]);
    expect(increments.map((i) => [i.tenantId, i.modelVersion, i.bin, i.count, i.approved])).toEqual(
      [
        ['t0', 'm1', 50, 1, 1],
        ['t1', 'm1', 50, 1, 1],
        ['t1', 'm2', 90, 2, 1],
      ],
    );
    const m2 = increments[2];
    expect(m2?.confidenceSum).toBeCloseTo(1.806, 12);
    expect(m2?.confidenceSquaredSum).toBeCloseTo(0.901 ** 2 + 0.905 ** 2, 12);
    expect(m2?.confidenceApprovedSum).toBeCloseTo(0.901, 12);
  });
});

describe('Brier score and ECE', () => {
  // Hand-computed: confidences 0.9 (approved), 0.9 (rejected), 0.2 (rejected), 0.6 (approved).
  const hand = binsOf([
    sample(0.9, true),
    sample(0.9, false),
    sample(0.2, false),
    sample(0.6, true),
  ]);
  const identity = { edges: Array.from({ length: 101 }, (_, i) => i / 100) };

  it('computes the raw Brier score exactly', () => {
    // (0.1² + 0.9² + 0.2² + 0.4²) / 4 = (0.01 + 0.81 + 0.04 + 0.16) / 4 = 0.255
    expect(brierScores(hand, identity).raw).toBeCloseTo(0.255, 12);
  });

  it('computes the raw ECE over ten equal bins', () => {
    // bin 9: mean 0.9, rate 0.5, n 2 -> 0.4·2; bin 2: |0.2 − 0| ·1; bin 6: |0.6 − 1|·1
    expect(expectedCalibrationErrors(hand, identity).raw).toBeCloseTo((0.8 + 0.2 + 0.4) / 4, 12);
  });

  it('gives the same figures through the identity map as raw', () => {
    expect(brierScores(hand, identity).calibrated).toBeCloseTo(0.255, 12);
    expect(expectedCalibrationErrors(hand, identity).calibrated).toBeCloseTo(0.35, 12);
  });

  it('computes the calibrated Brier score exactly through the fitted map', () => {
    const samples = simulate(7, 400, (c) => c * c);
    const bins = binsOf(samples);
    const map = fitCalibration(bins);
    if (!map) throw new Error('no map');
    const direct =
      samples.reduce(
        (s, x) => s + (calibrate(map, x.confidence) - (x.action === 'approved' ? 1 : 0)) ** 2,
        0,
      ) / samples.length;
    expect(brierScores(bins, map).calibrated).toBeCloseTo(direct, 10);
  });

  it('is null without samples', () => {
    expect(brierScores([], null)).toEqual({ raw: null, calibrated: null });
    expect(expectedCalibrationErrors([], null)).toEqual({ raw: null, calibrated: null });
    expect(fitCalibration([])).toBeNull();
  });

  it('describes ten reliability bins, the empty ones with null means', () => {
    const bins = reliabilityBins(hand, identity);
    expect(bins).toHaveLength(10);
    expect(bins[9]).toMatchObject({ lo: 0.9, hi: 1, count: 2, approvalRate: 0.5 });
    expect(bins[9]?.meanConfidence).toBeCloseTo(0.9, 12);
    expect(bins[0]).toEqual({
      lo: 0,
      hi: 0.1,
      count: 0,
      meanConfidence: null,
      approvalRate: null,
      meanCalibrated: null,
    });
  });
});

describe('fitCalibration and calibrate', () => {
  it('is monotone non-decreasing in the confidence, whatever the data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 50 }),
        (data, queries) => {
          const map = fitCalibration(binsOf(data.map(([c, approved]) => sample(c, approved))));
          if (!map) throw new Error('no map');
          const sorted = [...queries].sort((a, b) => a - b);
          const values = sorted.map((c) => calibrate(map, c));
          for (let i = 1; i < values.length; i += 1) {
            expect(values[i]).toBeGreaterThanOrEqual(values[i - 1] ?? 0);
          }
          for (const value of values) {
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });

  it('interpolates between pooled runs and stays flat beyond the data', () => {
    // Two runs: 0.2 (rate 0.25, four samples) and 0.6 (rate 0.75, four samples).
    const data = [
      ...[true, false, false, false].map((a) => sample(0.2, a)),
      ...[true, true, true, false].map((a) => sample(0.6, a)),
    ];
    const map = fitCalibration(binsOf(data));
    if (!map) throw new Error('no map');
    expect(calibrate(map, 0)).toBeCloseTo(0.25, 12);
    expect(calibrate(map, 0.2)).toBeCloseTo(0.25, 12);
    expect(calibrate(map, 0.4)).toBeCloseTo(0.5, 12);
    expect(calibrate(map, 0.6)).toBeCloseTo(0.75, 12);
    expect(calibrate(map, 1)).toBeCloseTo(0.75, 12);
  });

  it('recovers a known miscalibration (true P(approve | c) = c²) from 5,000 samples', () => {
    const truth = (c: number) => c * c;
    const samples = simulate(20240601, 5000, truth);
    const bins = binsOf(samples);
    const map = fitCalibration(bins);
    if (!map) throw new Error('no map');
    const grid = Array.from({ length: 97 }, (_, i) => (i + 2) / 100);
    const meanError = (f: (c: number) => number) =>
      grid.reduce((s, c) => s + Math.abs(f(c) - truth(c)), 0) / grid.length;
    // Within 0.05 of the truth across the data, on average over the range; the raw
    // confidence is far outside (its mean distance to c² is about 1/6).
    expect(meanError((c) => calibrate(map, c))).toBeLessThan(0.05);
    expect(meanError((c) => c)).toBeGreaterThan(0.15);
    // Each tenth of the range: the mean calibrated value of its samples is within 0.05
    // of their true mean approval probability.
    for (const bin of reliabilityBins(bins, map)) {
      const inside = samples.filter((s) => s.confidence >= bin.lo && s.confidence < bin.hi);
      const trueMean = inside.reduce((s, x) => s + truth(x.confidence), 0) / inside.length;
      expect(Math.abs((bin.meanCalibrated ?? 0) - trueMean)).toBeLessThan(0.05);
    }
    const ece = expectedCalibrationErrors(bins, map);
    const brier = brierScores(bins, map);
    expect(ece.raw).toBeGreaterThan(0.1);
    expect(ece.calibrated).toBeLessThan(0.03);
    expect(brier.calibrated).toBeLessThan(brier.raw ?? 0);
  });

  it('recovers a logistic distortion too, on every one of 20 seeds', () => {
    const truth = (c: number) => 1 / (1 + Math.exp(-8 * (c - 0.7)));
    const grid = Array.from({ length: 97 }, (_, i) => (i + 2) / 100);
    for (let seed = 1; seed <= 20; seed += 1) {
      const map = fitCalibration(binsOf(simulate(seed, 5000, truth)));
      if (!map) throw new Error('no map');
      const meanError =
        grid.reduce((s, c) => s + Math.abs(calibrate(map, c) - truth(c)), 0) / grid.length;
      expect(meanError).toBeLessThan(0.05);
    }
  });
});

describe('autoApplyThreshold', () => {
  // 100 decisions at each bin centre, round(100·c²) of them approved: no violation, so each
  // bin is its own run and the curve passes through (c, round(100·c²)/100) exactly.
  const exact = fitCalibration(
    binsOf(
      Array.from({ length: 100 }, (_, i) => (i + 0.5) / 100).flatMap((c) => {
        const approved = Math.round(100 * c * c);
        return Array.from({ length: 100 }, (_, k) => sample(c, k < approved));
      }),
    ),
  );
  if (!exact) throw new Error('no map');

  it('is the confidence where the curve reaches the target', () => {
    // c = 0.975 gives round(95.06) = 95 approvals of 100: 0.95 exactly; 0.965 gives 0.93.
    expect(autoApplyThreshold(exact, 0.95)).toBe(0.975);
    // Halfway between 0.93 (at 0.965) and 0.95 (at 0.975).
    expect(autoApplyThreshold(exact, 0.94)).toBe(0.97);
  });

  it('is null when no confidence reaches the target', () => {
    // The highest bin centre, 0.995, has round(99.0025) = 99 approvals.
    expect(autoApplyThreshold(exact, 0.995)).toBeNull();
  });

  it('is 0 when every confidence reaches the target', () => {
    const always = fitCalibration(binsOf([sample(0.3, true), sample(0.8, true)]));
    if (!always) throw new Error('no map');
    expect(autoApplyThreshold(always, 0.95)).toBe(0);
  });
});
