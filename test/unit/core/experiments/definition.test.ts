import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '#core/errors';
import {
  type Experiment,
  filterExperiments,
  newExperiment,
  patchExperiment,
  transition,
} from '#core/experiments/definition';

const NOW = new Date('2026-01-01T00:00:00Z');
const body = {
  name: 'v2 vs v1',
  variants: [
    { key: 'control', modelVersion: 'v1', weight: 0.5 },
    { key: 'treatment', modelVersion: 'v2', weight: 0.5 },
  ],
  minimumDetectableEffect: 0.02,
};
const draft = (): Experiment => newExperiment('t', 'exp-1', body, NOW);

function fieldErrorsOf(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors.map((e) => `${e.path}:${e.rule}`);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('newExperiment', () => {
  it('fills in the defaults, the seed being the experiment id', () => {
    expect(draft()).toMatchObject({
      state: 'draft',
      version: 1,
      coverage: 1,
      seed: 'exp-1',
      layer: null,
      alpha: 0.05,
      power: 0.8,
      sequential: true,
      maxDurationDays: 30,
      guardrails: ['modificationRate', 'editDistance'],
    });
  });

  it('accepts weights that sum to 1 only up to floating-point error', () => {
    const variants = [
      { key: 'a', modelVersion: 'v1', weight: 0.1 },
      { key: 'b', modelVersion: 'v2', weight: 0.2 },
      { key: 'c', modelVersion: 'v3', weight: 0.7 },
    ];
    expect(newExperiment('t', 'e', { ...body, variants }, NOW).variants).toHaveLength(3);
    const off = variants.map((v, i) => (i === 0 ? { ...v, weight: 0.1001 } : v));
    expect(fieldErrorsOf(() => newExperiment('t', 'e', { ...body, variants: off }, NOW))).toEqual([
      'variants:weightsSumToOne',
    ]);
  });

  it('names each broken rule', () => {
    const errors = fieldErrorsOf(() =>
      newExperiment(
        't',
        'e',
        {
          ...body,
          variants: [
            { key: 'a', modelVersion: 'v1', weight: 0.5 },
            { key: 'a', modelVersion: 'v1', weight: 0.5 },
          ],
          guardrails: ['editDistance', 'editDistance'],
          alpha: 0.7,
          unknown: 1,
        },
        NOW,
      ),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        'variants[1].key:uniqueKey',
        'guardrails:uniqueItems',
        'alpha:maximum',
        'unknown:unknownField',
      ]),
    );
    const tooMany = Array.from({ length: 6 }, (_, i) => ({
      key: `k${i}`,
      modelVersion: 'v1',
      weight: 1 / 6,
    }));
    expect(
      fieldErrorsOf(() => newExperiment('t', 'e', { ...body, variants: tooMany }, NOW)),
    ).toEqual(['variants:maxItems']);
  });
});

describe('the lifecycle', () => {
  it('allows draft -> running <-> paused -> concluded and draft -> cancelled', () => {
    const running = transition(draft(), 'start', NOW);
    expect(running).toMatchObject({ state: 'running', startedAt: NOW.toISOString() });
    const paused = transition(running, 'pause', NOW);
    expect(transition(paused, 'resume', NOW).state).toBe('running');
    expect(transition(paused, 'conclude', NOW)).toMatchObject({
      state: 'concluded',
      endedAt: NOW.toISOString(),
    });
    expect(transition(draft(), 'cancel', NOW).state).toBe('cancelled');
  });

  it.each([
    ['draft', 'pause'],
    ['draft', 'resume'],
    ['draft', 'conclude'],
    ['running', 'start'],
    ['running', 'resume'],
    ['paused', 'pause'],
    ['concluded', 'resume'],
    ['concluded', 'cancel'],
    ['cancelled', 'start'],
  ] as const)('refuses to move a %s experiment with %s (409)', (state, action) => {
    expect(() => transition({ ...draft(), state }, action, NOW)).toThrow(ConflictError);
  });
});

describe('patchExperiment', () => {
  it('changes anything of a draft', () => {
    expect(patchExperiment(draft(), { alpha: 0.01, layer: 'l' }, NOW)).toMatchObject({
      alpha: 0.01,
      layer: 'l',
    });
  });

  it('changes only weights, coverage and description once started', () => {
    const running = transition(draft(), 'start', NOW);
    const reweighted = patchExperiment(
      running,
      {
        coverage: 0.5,
        variants: [
          { key: 'control', modelVersion: 'v1', weight: 0.2 },
          { key: 'treatment', modelVersion: 'v2', weight: 0.8 },
        ],
      },
      NOW,
    );
    expect(reweighted.variants.map((v) => v.weight)).toEqual([0.2, 0.8]);
    expect(() => patchExperiment(running, { alpha: 0.01 }, NOW)).toThrow(ConflictError);
    expect(() =>
      patchExperiment(
        running,
        {
          variants: [
            { key: 'control', modelVersion: 'v1', weight: 0.5 },
            { key: 'treatment', modelVersion: 'v3', weight: 0.5 },
          ],
        },
        NOW,
      ),
    ).toThrow(ConflictError);
    expect(() =>
      patchExperiment({ ...running, state: 'concluded' }, { description: 'x' }, NOW),
    ).toThrow(ConflictError);
  });
});

describe('filterExperiments', () => {
  it('keeps those of the state, layer and model version asked, newest first', () => {
    const a = { ...draft(), experimentId: 'a', createdAt: '2026-01-01T00:00:00.000Z' };
    const b = { ...draft(), experimentId: 'b', createdAt: '2026-01-02T00:00:00.000Z', layer: 'x' };
    const c = { ...draft(), experimentId: 'c', state: 'running' as const };
    expect(filterExperiments([a, b, c], { state: 'draft' }).map((e) => e.experimentId)).toEqual([
      'b',
      'a',
    ]);
    expect(filterExperiments([a, b, c], { layer: 'x' }).map((e) => e.experimentId)).toEqual(['b']);
    expect(filterExperiments([a, b, c], { modelVersion: 'v9' })).toEqual([]);
  });
});
