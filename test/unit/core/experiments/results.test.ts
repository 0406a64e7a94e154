import { describe, expect, it } from 'vitest';
import { hashAssignment } from '#core/experiments/assignment';
import { newExperiment, transition } from '#core/experiments/definition';
import { aggregateVariantOutcomes } from '#core/experiments/outcomes';
import { buildResults, type VariantCounts } from '#core/experiments/results';

const NOW = new Date('2026-01-10T00:00:00Z');
const experiment = transition(
  newExperiment(
    't',
    'exp-1',
    {
      name: 'three ways',
      variants: [
        { key: 'control', modelVersion: 'v1', weight: 0.34 },
        { key: 'b', modelVersion: 'v2', weight: 0.33 },
        { key: 'c', modelVersion: 'v3', weight: 0.33 },
      ],
      minimumDetectableEffect: 0.1,
    },
    new Date('2026-01-01T00:00:00Z'),
  ),
  'start',
  new Date('2026-01-01T00:00:00Z'),
);

const counts = (
  exposures: number,
  approved: number,
  modified = 0,
  editDistances: number[] = [],
): VariantCounts => ({
  exposures,
  feedback: exposures,
  approved,
  modified,
  editDistanceSum: editDistances.reduce((a, b) => a + b, 0),
  editDistanceSumSquares: editDistances.reduce((a, b) => a + b * b, 0),
});

describe('hashAssignment', () => {
  it('is deterministic, follows the weights and leaves out people beyond coverage', () => {
    const tally: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const first = hashAssignment({ ...experiment, coverage: 0.5 }, `user-${i}`);
      expect(hashAssignment({ ...experiment, coverage: 0.5 }, `user-${i}`)).toEqual(first);
      const key = first.variant ?? 'out';
      tally[key] = (tally[key] ?? 0) + 1;
    }
    expect((tally.out ?? 0) / 10_000).toBeCloseTo(0.5, 1);
    expect((tally.control ?? 0) / 10_000).toBeCloseTo(0.17, 1);
  });
});

describe('buildResults', () => {
  it('keeps the always-valid p-value and interval of earlier looks: a running minimum', () => {
    const data = new Map([
      ['control', counts(200, 60)],
      ['b', counts(200, 64)],
      ['c', counts(200, 61)],
    ]);
    const firstLook = buildResults(experiment, data, NOW);
    const b = firstLook.comparisons.find((c) => c.variant === 'b');
    if (!b) throw new Error('no comparison for b');
    const earlier = { pValue: 0.0001, ci95: [0.01, 0.2] as [number, number] };
    const laterLook = buildResults(experiment, data, NOW, new Map([['b', earlier]]));
    const later = laterLook.comparisons.find((c) => c.variant === 'b');
    expect(b.alwaysValid.pValue).toBeGreaterThan(0.0001);
    expect(later?.alwaysValid.pValue).toBe(0.0001);
    expect(later?.alwaysValid.ci95[0]).toBeGreaterThanOrEqual(0.01);
    expect(later?.alwaysValid.ci95[1]).toBeLessThanOrEqual(Math.min(0.2, b.alwaysValid.ci95[1]));
  });

  it('reports per-variant figures, a clean split and Holm-adjusted comparisons', () => {
    const results = buildResults(
      experiment,
      new Map([
        ['control', counts(340, 102, 34, Array(34).fill(0.2))],
        ['b', counts(330, 297, 10, Array(10).fill(0.2))],
        ['c', counts(330, 99, 33, Array(33).fill(0.2))],
      ]),
      NOW,
    );
    expect(results.variants.map((v) => [v.key, v.approvalRate])).toEqual([
      ['control', 0.3],
      ['b', 0.9],
      ['c', 0.3],
    ]);
    expect(results.srm.mismatch).toBe(false);
    expect(results.comparisons.map((c) => c.variant)).toEqual(['b', 'c']);
    for (const comparison of results.comparisons) {
      expect(comparison.pValueAdjusted).toBeGreaterThanOrEqual(comparison.pValue);
    }
    // Two variants x two guardrails; neither is worse than control.
    expect(results.guardrails).toHaveLength(4);
    expect(results.guardrails.every((g) => !g.harmed)).toBe(true);
    expect(results.decision).toMatchObject({ action: 'ship', variant: 'b' });
  });

  it('flags a guardrail a variant harms, and does not ship it', () => {
    const spread = (mean: number) =>
      Array.from({ length: 100 }, (_, i) => mean + ((i % 5) - 2) / 100);
    const results = buildResults(
      experiment,
      new Map([
        ['control', counts(340, 100, 100, spread(0.2))],
        ['b', counts(330, 200, 100, spread(0.6))],
        ['c', counts(330, 100, 100, spread(0.2))],
      ]),
      NOW,
    );
    const harmed = results.guardrails.filter((g) => g.harmed);
    expect(harmed).toEqual([expect.objectContaining({ variant: 'b', metric: 'editDistance' })]);
    expect(results.decision.action).not.toBe('ship');
  });

  it('stops for a sample ratio mismatch', () => {
    const results = buildResults(
      experiment,
      new Map([
        ['control', counts(600, 180)],
        ['b', counts(200, 60)],
        ['c', counts(200, 60)],
      ]),
      NOW,
    );
    expect(results.srm.mismatch).toBe(true);
    expect(results.decision.action).toBe('stop-srm');
  });

  it('keeps running without control data', () => {
    const results = buildResults(experiment, new Map(), NOW);
    expect(results.comparisons).toEqual([]);
    expect(results.power.requiredPerVariant).toBeNull();
    expect(results.decision.action).toBe('keep-running');
  });
});

describe('aggregateVariantOutcomes', () => {
  it('counts decisions and edit distances per experiment variant, skipping the rest', () => {
    const base = {
      tenantId: 't',
      experimentId: 'e',
      variant: 'b',
      proposedFilename: 'beach.jpg',
      userFilename: null,
    };
    const outcomes = aggregateVariantOutcomes([
      { ...base, action: 'approved' },
      { ...base, action: 'modified', userFilename: 'beach-trip.jpg' },
      { ...base, variant: 'a', action: 'rejected' },
      { ...base, experimentId: null, variant: null, action: 'approved' },
    ]);
    expect(outcomes.map((o) => [o.variant, o.total, o.approved, o.modified])).toEqual([
      ['a', 1, 0, 0],
      ['b', 2, 1, 1],
    ]);
    expect(outcomes[1]?.editDistanceSum).toBeCloseTo(5 / 14);
  });
});
